"""Flow B's list: the clients that match a filter become a ready list, with the filter recorded as
its source (what the lists page shows about where it came from)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storage.clients import ClientFilter, ClientRow, ClientsRepo
from storage.lists import ClientList, ListColumn, ListsRepo
from validators.channels import CHANNELS
from validators.headers import ID_LABEL


class NoClients(Exception):
    """No client matches any more (the data changed since the count was shown)."""


@dataclass(frozen=True, slots=True)
class Selection:
    """What the manager chose: the filter, and how it reads (for the list's source)."""

    query: ClientFilter
    project: str
    label: str | None
    period_days: int | None
    period_range: str | None  # a custom range as shown, both days included


def iso(timestamp: int | None) -> str | None:
    if timestamp is None:
        return None
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%d %H:%M")


async def create_list(
    clients: ClientsRepo, lists: ListsRepo, selection: Selection, *, name: str, owner_id: int
) -> ClientList:
    """Raises NoClients, or storage.lists.NameTaken."""
    rows = await clients.select(selection.query)
    if not rows:
        raise NoClients
    return await lists.create_ready(
        name=name,
        channel=selection.query.channel,
        columns=list_columns(selection.query.channel),
        rows=list_rows(rows),
        source=source(selection, len(rows)),
        owner_id=owner_id,
    )


def list_columns(channel_id: str) -> list[ListColumn]:
    """Columns the bot names: a label each (titled in the reader's language on download); the English
    title names the column for the platform (payload fields of a call list)."""
    return [
        ListColumn("client_id", CHANNELS[channel_id].id_title, ID_LABEL),
        ListColumn("name", "Name", "name"),
        ListColumn("last_activity", "Last activity (UTC)", "last_activity"),
        ListColumn("labels", "Labels", "labels"),
    ]


def list_rows(rows: list[ClientRow]) -> Iterator[tuple[str, str, str, str]]:
    for row in rows:
        yield row.client_id, row.name, iso(row.last_activity) or "", row.labels


def source(selection: Selection, count: int) -> dict[str, Any]:
    """What the lists page shows about where the list came from."""
    query = selection.query
    return {
        "kind": "clients",
        "project": selection.project,
        "project_id": query.project_id,
        "channel": query.channel,
        "count": count,
        "filters": {
            "period_days": selection.period_days,
            "range": selection.period_range,
            "since": iso(query.since),
            "until": iso(query.until),
            "since_ts": query.since,
            "until_ts": query.until,
            "search": query.search,
            "label": selection.label,
            "label_id": query.label_id,
        },
    }
