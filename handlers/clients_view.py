"""Flow B's filter state (kept in FSM data as ids and values) and how it is shown and recorded.

Why `since` is stored rather than recomputed: the count the manager sees and the rows of the list
they create must come from the same cut-off, however long they take to name the list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiogram.types import InlineKeyboardMarkup

from handlers import clients_keyboards as kb
from handlers import texts
from storage.clients import ClientFilter, ClientRow, ClientsRepo
from storage.lists import ListColumn
from validators.channels import CHANNELS


def channel_ids() -> list[str]:
    """Catalog order; a channel's button carries its index here."""
    return list(CHANNELS)


def iso(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True, slots=True)
class FilterState:
    project_id: int
    channel: str
    msg: int  # the filters message, edited in place
    days: int | None = 0  # preset period (0 = all time); None with a custom range
    since: int | None = None
    until: int | None = None
    custom: str | None = None  # the custom range as shown ("01.09.2026–30.09.2026")
    search: str | None = None
    label_id: int | None = None

    def replace(self, **changes: Any) -> FilterState:
        return dataclasses.replace(self, **changes)

    def to_data(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> FilterState | None:
        """None when the conversation's data is missing or from another flow (stale buttons)."""
        names = {f.name for f in dataclasses.fields(cls)}
        try:
            return cls(**{k: v for k, v in data.items() if k in names})
        except TypeError:
            return None

    def query(self) -> ClientFilter:
        return ClientFilter(
            project_id=self.project_id,
            channel=self.channel,
            since=self.since,
            until=self.until,
            search=self.search,
            label_id=self.label_id,
        )

    def period_text(self) -> str:
        return texts.cl_period_text(self.days, self.custom)


async def render(clients: ClientsRepo, flt: FilterState) -> tuple[str, InlineKeyboardMarkup]:
    count = await clients.count(flt.query())
    project = await clients.project_name(flt.project_id) or "?"
    labels = await clients.labels(flt.project_id, flt.channel)
    label = next((item.name for item in labels if item.id == flt.label_id), None)
    text = texts.cl_filters(project, flt.channel, flt.period_text(), flt.search, label, count)
    markup = kb.filters(
        period=flt.days,
        custom=flt.custom,
        search=flt.search,
        labels=labels,
        label_id=flt.label_id,
        count=count,
    )
    return text, markup


def default_list_name(project: str, flt: FilterState, today: dt.date) -> str:
    """`Pizza bot · Telegram · last 30 days · 2026-11-27`, at most 100 characters."""
    channel = CHANNELS[flt.channel].title
    name = f"{project} · {channel} · {flt.period_text()} · {today.isoformat()}"
    return name if len(name) <= 100 else name[:99] + "…"


def list_columns(channel_id: str) -> list[ListColumn]:
    return [
        ListColumn("client_id", CHANNELS[channel_id].id_title),
        ListColumn("name", "Name"),
        ListColumn("last_activity", "Last activity (UTC)"),
        ListColumn("labels", "Labels"),
    ]


def list_rows(rows: list[ClientRow]) -> Iterator[tuple[str, str, str, str]]:
    for row in rows:
        yield row.client_id, row.name, iso(row.last_activity) or "", row.labels


def source(project: str, flt: FilterState, label: str | None, count: int) -> dict[str, Any]:
    """What the lists page shows about where the list came from."""
    return {
        "kind": "clients",
        "project": project,
        "project_id": flt.project_id,
        "channel": flt.channel,
        "count": count,
        "filters": {
            "period_days": flt.days,
            "range": flt.custom,
            "since": iso(flt.since),
            "until": iso(flt.until),
            "since_ts": flt.since,
            "until_ts": flt.until,
            "search": flt.search,
            "label": label,
            "label_id": flt.label_id,
        },
    }
