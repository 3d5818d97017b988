"""Header detection and column naming: known columns by English/Russian synonyms, the rest kept as payload.

A first row is a header when its first cell is a known id-column name, or is not a valid id and does not
look like a mistyped one either: a headerless file starting with an invalid phone keeps that row as data
(and reports it) instead of silently turning it into column titles. A first cell that is empty or holds a
long run of digits ("+7 916 123-45-6X") is a title only when another cell of the row is a known title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from validators.channels import CHANNELS, Channel
from validators.result import Column, Reason

__all__ = ["CLIENT_ID", "GMT_ZONE", "PRIORITY", "Layout", "canonical_key", "detect_layout", "widen"]

CLIENT_ID = "client_id"
GMT_ZONE = "gmt_zone"
PRIORITY = "priority"
PAYLOAD_PREFIX = "payload:"
ID_LABEL = "id"  # Column.label of a column the bot named: the channel's id column
NUMBER_LABEL = "number"  # … a positional column ("Column 7")

_SYNONYMS = {
    CLIENT_ID: (
        "phone", "phone number", "phones", "telephone", "telephone number", "tel", "mobile", "mobile phone",
        "cell", "cell phone", "msisdn", "number", "phone no", "client id", "clientid", "user id", "userid",
        "chat id", "id", "psid", "igsid", "телефон", "номер", "номер телефона", "тел", "мобильный",
        "мобильный телефон", "сотовый", "id клиента", "идентификатор", "идентификатор клиента",
        "телефон whatsapp", "номер whatsapp",
        *(channel.id_title for channel in CHANNELS.values()),
    ),
    "first_name": ("first name", "firstname", "name", "given name", "имя", "имя клиента"),
    "last_name": ("last name", "lastname", "surname", "family name", "фамилия"),
    "city": ("city", "town", "город", "населенный пункт"),
    GMT_ZONE: (
        "gmt zone", "gmtzone", "gmt", "timezone", "time zone", "tz", "utc", "utc offset", "часовой пояс",
        "пояс", "таймзона", "временная зона",
    ),
    PRIORITY: ("priority", "prio", "приоритет"),
}  # fmt: skip
_SEPARATORS = re.compile(r"[\s_\-]+")
_ID_LIKE_DIGITS = 7  # a title never holds this many digits; a mistyped phone or numeric id does
# Id verdicts that mean "a value, just a wrong one" rather than "a column title".
_VALUE_REASONS = frozenset(
    {
        Reason.SCIENTIFIC_NOTATION,
        Reason.TOO_SHORT,
        Reason.TOO_LONG,
        Reason.UNKNOWN_COUNTRY_CODE,
        Reason.INVALID_FOR_COUNTRY,
    }
)


def _fold(title: str) -> str:
    return _SEPARATORS.sub(" ", title.strip().casefold().replace("ё", "е")).strip()


_BY_NAME = {_fold(name): key for key, names in _SYNONYMS.items() for name in names}


@dataclass(frozen=True, slots=True)
class Layout:
    has_header: bool
    columns: tuple[Column, ...]  # columns[0] is the client id


def canonical_key(title: str) -> str | None:
    """`client_id`, `first_name`, `last_name`, `city`, `gmt_zone`, `priority`, or None for other titles."""
    return _BY_NAME.get(_fold(title))


def detect_layout(first_row: Sequence[str], channel: Channel) -> Layout:
    """Layout from the first non-empty row (cells already stripped, trailing empty cells removed)."""
    first = first_row[0] if first_row else ""
    if canonical_key(first) == CLIENT_ID or _is_title_row(first_row, channel):
        return Layout(True, _name_columns(first_row, channel.id_title))
    return Layout(False, widen((Column(CLIENT_ID, channel.id_title, ID_LABEL),), len(first_row)))


def _is_title_row(row: Sequence[str], channel: Channel) -> bool:
    first = row[0] if row else ""
    verdict = channel.check(first)
    if verdict.ok or verdict.reason in _VALUE_REASONS:
        return False
    if first and sum(char.isdigit() for char in first) < _ID_LIKE_DIGITS:
        return True
    # An empty or digit-laden first cell: a header only when the row has known column titles.
    return any(canonical_key(cell) is not None for cell in row[1:])


def widen(columns: tuple[Column, ...], width: int) -> tuple[Column, ...]:
    """Positional payload columns ("Column 7") for data that reaches beyond the known columns."""
    named = _name_columns([c.title for c in columns] + [""] * (width - len(columns)), columns[0].title)
    kept = (replace(new, label=old.label) for new, old in zip(named, columns, strict=False))
    return (*kept, *named[len(columns) :])


def _name_columns(titles: Sequence[str], id_title: str) -> tuple[Column, ...]:
    """Canonical keys for known titles (first occurrence wins); other titles are payload, made unique."""
    columns = [Column(CLIENT_ID, titles[0] or id_title, "" if titles[0] else ID_LABEL)]
    used_keys = {CLIENT_ID}
    used_titles = {_fold(columns[0].title)}
    for index, raw in enumerate(titles[1:], start=1):
        title = raw or f"Column {index + 1}"  # English: it names the payload field too
        unique, copy = title, 2
        while _fold(unique) in used_titles:
            unique, copy = f"{title} ({copy})", copy + 1
        used_titles.add(_fold(unique))
        key = canonical_key(title)
        if key is None or key in used_keys:
            key = PAYLOAD_PREFIX + unique
        used_keys.add(key)
        columns.append(Column(key, unique, "" if raw else NUMBER_LABEL))
    return tuple(columns)
