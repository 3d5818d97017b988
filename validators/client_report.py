"""The platform's clients report (Analytics → Clients export): header matching and one row → a client.

Pure rules, so the import command, demo data and tests share them. Headers are matched leniently
(case, spaces, punctuation; English and Russian synonyms). A row is either a `ReportClient` or a
`RowRejection` with a reason a person can act on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from validators.activity import parse_timestamp
from validators.channels import CHANNELS
from validators.ids import IdCheck

__all__ = [
    "Field",
    "ReportClient",
    "RowRejection",
    "channel_from_report",
    "match_header",
    "parse_labels",
    "parse_row",
]

MAX_NAME = 200
MAX_LABEL = 64
MAX_LABELS = 50


class Field(StrEnum):
    PROJECT = "project"
    CHANNEL = "channel"
    BOT_ID = "bot_id"
    CLIENT_ID = "client_id"
    NAME = "name"
    FIRST = "first"
    LAST = "last"
    LABELS = "labels"
    DIALOGS = "dialogs"


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


_SYNONYMS: dict[Field, tuple[str, ...]] = {
    Field.PROJECT: ("project", "bot project", "project name", "проект", "название проекта"),
    Field.CHANNEL: ("channel type", "channel", "channeltype", "тип канала", "канал"),
    Field.BOT_ID: ("channel id", "bot id", "botid", "id канала", "id бота", "бот"),
    Field.CLIENT_ID: ("client id", "clientid", "user id", "id клиента", "идентификатор клиента", "клиент id"),
    Field.NAME: ("client name", "name", "имя клиента", "имя", "клиент"),
    Field.FIRST: (
        "first message time",
        "first message",
        "first activity",
        "first message date",
        "время первого сообщения",
        "первое сообщение",
        "дата первого сообщения",
    ),
    Field.LAST: (
        "last message time",
        "last message",
        "last activity",
        "last message date",
        "время последнего сообщения",
        "последнее сообщение",
        "дата последнего сообщения",
        "последняя активность",
    ),
    Field.LABELS: ("labels", "label", "tags", "метки", "метка", "теги"),
    Field.DIALOGS: (
        "dialogs",
        "dialogs count",
        "dialog count",
        "number of dialogs",
        "sessions",
        "диалоги",
        "количество диалогов",
        "число диалогов",
    ),
}
_BY_KEY = {_key(name): field for field, names in _SYNONYMS.items() for name in names}
REQUIRED = (Field.CHANNEL, Field.CLIENT_ID, Field.LAST)

_CHANNEL_ALIASES = {
    "telephony": "telephony",
    "phone": "telephony",
    "resterisk": "telephony",
    "sip": "telephony",
    "телефония": "telephony",
    "whatsapp": "whatsapp",
    "wa": "whatsapp",
    "telegram": "telegram",
    "tg": "telegram",
    "viber": "viber",
    "vk": "vk",
    "vkontakte": "vk",
    "вконтакте": "vk",
    "facebook": "facebook",
    "facebookmessenger": "facebook",
    "messenger": "facebook",
    "instagram": "instagram",
    "chatwidget": "chat_widget",
    "widget": "chat_widget",
    "webchat": "chat_widget",
    "виджет": "chat_widget",
}
_CHANNEL_KEYS = {**_CHANNEL_ALIASES, **{_key(c.id): c.id for c in CHANNELS.values()}}
_CHANNEL_KEYS.update({_key(c.title): c.id for c in CHANNELS.values()})


def match_header(row: Sequence[str]) -> dict[Field, int] | None:
    """Column index of each known field when `row` is a header with every required field, else None."""
    found: dict[Field, int] = {}
    for index, cell in enumerate(row):
        field = _BY_KEY.get(_key(cell))
        if field is not None and field not in found:
            found[field] = index
    return found if all(f in found for f in REQUIRED) else None


def missing_fields(row: Sequence[str]) -> list[Field]:
    """Required fields that `row` (taken as the header) lacks; for the error message."""
    present = {_BY_KEY.get(_key(cell)) for cell in row}
    return [f for f in REQUIRED if f not in present]


def channel_from_report(raw: str) -> str | None:
    """`TELEGRAM`, `Chat widget`, `chat_widget`, `Телефония` … → a catalog id; None when unknown."""
    return _CHANNEL_KEYS.get(_key(raw))


def parse_labels(raw: str) -> tuple[str, ...]:
    """Comma/semicolon separated, trimmed, de-duplicated (first spelling kept), in file order."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;]", raw):
        label = " ".join(part.split())[:MAX_LABEL]
        if label and label.casefold() not in seen:
            seen[label.casefold()] = label
    return tuple(seen.values())[:MAX_LABELS]


@dataclass(frozen=True, slots=True)
class ReportClient:
    project: str | None  # from a Project column; the command's --project wins
    channel: str
    client_id: str
    name: str
    bot_id: str
    first_activity: int  # unix seconds UTC
    last_activity: int
    dialogs: int
    labels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RowRejection:
    row_number: int  # 1-based row of the file
    reason: str  # for the operator running the import command (English, a console tool)
    problem: IdCheck | None = None  # the client id's verdict, when that is what failed


def _cell(row: Sequence[str], columns: dict[Field, int], field: Field) -> str:
    index = columns.get(field)
    return row[index].strip() if index is not None and index < len(row) else ""


def parse_row(row: Sequence[str], columns: dict[Field, int], row_number: int) -> ReportClient | RowRejection:
    def reject(reason: str) -> RowRejection:
        return RowRejection(row_number, reason)

    raw_channel = _cell(row, columns, Field.CHANNEL)
    if not raw_channel:
        return reject("The channel type is empty.")
    channel_id = channel_from_report(raw_channel)
    if channel_id is None:
        return reject(f"Unknown channel type {raw_channel!r}.")
    raw_id = _cell(row, columns, Field.CLIENT_ID)
    if not raw_id:
        return reject("The client ID is empty.")
    check = CHANNELS[channel_id].check(raw_id)
    if check.value is None:
        return RowRejection(row_number, f"Client ID {raw_id!r}", check)
    times: list[int | None] = []
    for field, title in ((Field.FIRST, "first message time"), (Field.LAST, "last message time")):
        raw = _cell(row, columns, field)
        value = parse_timestamp(raw) if raw else None
        if raw and value is None:
            return reject(f"The {title} {raw!r} is not a date (use 2026-09-01 12:30 or 01.09.2026 12:30).")
        times.append(value)
    first, last = times
    if last is None:
        if first is None:
            return reject("The last message time is empty.")
        last = first
    first = last if first is None else min(first, last)
    raw_dialogs = _cell(row, columns, Field.DIALOGS)
    dialogs = 0
    if raw_dialogs:
        digits = raw_dialogs[:-2] if raw_dialogs.endswith(".0") else raw_dialogs
        if not (digits.isascii() and digits.isdigit()):
            return reject(f"The number of dialogs {raw_dialogs!r} is not a whole number.")
        dialogs = int(digits)
    return ReportClient(
        project=_cell(row, columns, Field.PROJECT) or None,
        channel=channel_id,
        client_id=check.value,
        name=" ".join(_cell(row, columns, Field.NAME).split())[:MAX_NAME],
        bot_id=_cell(row, columns, Field.BOT_ID),
        first_activity=first,
        last_activity=last,
        dialogs=dialogs,
        labels=parse_labels(_cell(row, columns, Field.LABELS)),
    )
