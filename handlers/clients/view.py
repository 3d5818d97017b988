"""Flow B's filter state (kept in FSM data as ids and values) and how it is shown.

Why `since` is stored rather than recomputed: the count the manager sees and the rows of the list
they create must come from the same cut-off, however long they take to name the list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from handlers.clients import keyboards as kb
from handlers.clients import texts
from handlers.common.texts import channel_title, cut
from i18n import current_locale, formats, tr
from services.client_lists import Selection
from storage.clients import ClientFilter, ClientsRepo
from storage.lists import MAX_NAME_LENGTH
from validators.channels import CHANNELS


def channel_ids() -> list[str]:
    """Catalog order; a channel's button carries its index here."""
    return list(CHANNELS)


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

    def selection(self, project: str, label: str | None) -> Selection:
        return Selection(self.query(), project, label, self.days, self.custom)


def query_message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def current(query: CallbackQuery, state: FSMContext) -> FilterState | None:
    flt = FilterState.from_data(await state.get_data())
    if flt is None:
        await query.answer(tr("stale-button"), show_alert=True)
    return flt


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
    """`Pizza bot · Telegram · last 30 days · 2026-11-27`, at most MAX_NAME_LENGTH characters."""
    channel, day = channel_title(flt.channel), formats.day(current_locale(), today)
    return cut(f"{project} · {channel} · {flt.period_text()} · {day}", MAX_NAME_LENGTH)
