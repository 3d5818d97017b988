"""Flow D: a telephony list's row as one object of the Calls API's `POST …/addPhones`, and the call policy.

Mapping (docs: Tovie Platform, Calls API, "Adding phone numbers to the campaign"): the first column is
`phone`; the timezone column (`gmt_zone`, stored as `±hh:mm`) is `gmtZone`; the priority column is
`dialerPriority` (an integer); every other column goes into `payload`, keyed by its title. A row without
a timezone gets one inferred from its number when the number's country or area code has exactly one UTC
offset at the time of sending (phonenumbers' time zones of the number, their offsets at `at` from
zoneinfo, so DST is that of the day); it has none where that is ambiguous (a Russian mobile number, a
US toll-free one). The zones come from validators.phone_zones, named by their key in phonenumbers' data:
a mapper works out each key's offset once (~3 µs a row instead of ~23). The call policy
(`call_policy`, `validators.call_window`) is the same for every row.

Pure: standard library and phonenumbers only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from phonenumbers.tzdata import TIMEZONE_DATA

from validators.call_window import (
    ANY_TIME,
    MAX_ATTEMPTS,
    MAX_RETRY_MINUTES,
    WEEKDAYS_10_18,
    CallWindow,
    TimeRange,
    WindowError,
    WindowPreset,
    WindowProblem,
    call_policy,
    parse_window,
    preset_window,
)
from validators.headers import GMT_ZONE, PRIORITY
from validators.phone_zones import zone_key, zone_keys

__all__ = [
    "ANY_TIME",
    "MAX_ATTEMPTS",
    "MAX_RETRY_MINUTES",
    "WEEKDAYS_10_18",
    "CallRow",
    "CallRowMapper",
    "CallWindow",
    "EncodedRow",
    "EncodedRows",
    "TimeRange",
    "WindowError",
    "WindowPreset",
    "WindowProblem",
    "ZoneSource",
    "call_policy",
    "format_offset",
    "infer_gmt_zone",
    "map_row",
    "parse_window",
    "preset_window",
]

# Keys of an addPhones object that the row fills; a policy must not set them.
ROW_FIELDS = frozenset({"phone", "payload", "gmtZone", "dialerPriority"})


class ColumnLike(Protocol):
    """A list column: storage.lists.ListColumn or validators.result.Column."""

    @property
    def key(self) -> str: ...
    @property
    def title(self) -> str: ...


class ZoneSource(StrEnum):
    """Where a row's `gmtZone` came from: the confirmation counts inferred ones and rows with none."""

    GIVEN = "given"  # the list's timezone column
    INFERRED = "inferred"  # the number's country / area code has one UTC offset at `at`
    NONE = "none"  # ambiguous or unknown: the campaign's own timezone applies


@dataclass(frozen=True, slots=True)
class CallRow:
    item: dict[str, Any]  # one element of the addPhones body
    zone: ZoneSource


@dataclass(frozen=True, slots=True)
class EncodedRows:
    """Rows as the JSON texts of their addPhones objects, and where their gmtZone came from."""

    phones: list[str]
    texts: list[str]  # compact JSON, not ASCII-escaped
    zones: list[ZoneSource]


@dataclass(frozen=True, slots=True)
class EncodedRow:
    """A CallRow as the JSON text that goes into the body: what a push sends (the same object)."""

    phone: str
    text: str  # the addPhones object, compact JSON (not ASCII-escaped)
    zone: ZoneSource


_string = json.encoder.encode_basestring  # C: json.dumps of one str (ensure_ascii=False)
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _json(value: object) -> str:
    """`json.dumps(value, ensure_ascii=False, separators=(",", ":"))`, its C string path taken for a str
    (list cells are strings; anything else is encoded as such)."""
    return _string(value) if type(value) is str else _dumps(value)


def format_offset(offset: timedelta) -> str:
    """`±hh:mm` (`+00:00` for UTC), the format of the list's timezone column."""
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def infer_gmt_zone(phone: str, at: datetime) -> str | None:
    """The UTC offset (`±hh:mm`) at `at` shared by every time zone of the number (international digits,
    no `+`), or None when they differ, or the number is unknown. `at` must be timezone-aware."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("`at` must be timezone-aware")
    key = zone_key(phone)
    return None if key is None else _common_offset(TIMEZONE_DATA[key], _minute(at))


class CallRowMapper:
    """Maps the rows of one list for one push: the columns are read once, `at` fixed (the push's start).

    Every item shares the policy's values (lists, dicts): serialize the items, do not mutate them.
    """

    def __init__(
        self,
        columns: Sequence[ColumnLike],
        *,
        at: datetime,
        policy: Mapping[str, Any] | None = None,
        infer_zones: bool = True,
    ) -> None:
        if not columns:
            raise ValueError("a list has at least its phone column")
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("`at` must be timezone-aware")
        clash = ROW_FIELDS & set(policy or {})
        if clash:
            raise ValueError(f"the policy sets row fields: {sorted(clash)}")
        self._at = _minute(at)
        self._policy = dict(policy or {})
        self._infer = infer_zones
        keys = [column.key for column in columns]
        self._zone = keys.index(GMT_ZONE, 1) if GMT_ZONE in keys[1:] else None
        self._priority = keys.index(PRIORITY, 1) if PRIORITY in keys[1:] else None
        self._payload = [
            (index, _json(column.title) + ":")
            for index, column in enumerate(columns)
            if index and index not in (self._zone, self._priority)
        ]
        policy_text = _dumps(self._policy)[1:-1]  # the same for every row: encoded once
        self._tail = ("," + policy_text if policy_text else "") + "}"
        self._width = len(columns)
        self._offsets: dict[str | None, str | None] = {None: None}  # zone key → offset at `at`

    def __call__(self, cells: Sequence[str]) -> CallRow:
        row = self.encode(cells)
        return CallRow(json.loads(row.text), row.zone)

    def encode(self, cells: Sequence[str]) -> EncodedRow:
        """One row's addPhones object as JSON text (`encode_rows` for many)."""
        rows = self.encode_rows([cells])
        return EncodedRow(rows.phones[0], rows.texts[0], rows.zones[0])

    def encode_rows(self, rows: Iterable[Sequence[str]]) -> EncodedRows:
        """The rows' addPhones objects as JSON text, written directly (no dict to walk again): the keys in
        the order phone, payload, gmtZone, dialerPriority, then the policy's (encoded once); a payload
        keyed by the column titles. The zones for the whole batch first (`_gmt_zones`), then one loop:
        ~1.9 µs a row (a dict through json.dumps cost ~4; bench.push_list)."""
        payload, tail, priority_at = self._payload, self._tail, self._priority
        padded = self._padded(rows)
        phones = [cells[0].strip() for cells in padded]
        zones, sources = self._gmt_zones(phones, padded)
        texts: list[str] = []
        for cells, phone, zone in zip(padded, phones, zones, strict=True):
            text = '{"phone":' + _string(phone)
            if payload:
                text += ',"payload":{' + ",".join([key + _json(cells[i]) for i, key in payload]) + "}"
            if zone is not None:
                text += ',"gmtZone":' + _string(zone)
            if priority_at is not None:
                priority = cells[priority_at].strip()
                if priority.isascii() and priority.isdigit():  # stored as digits (validators.priority)
                    text += ',"dialerPriority":' + str(int(priority))
            texts.append(text + tail)
        return EncodedRows(phones, texts, sources)

    def zone_sources(self, rows: Iterable[Sequence[str]]) -> list[ZoneSource]:
        """Where each row's gmtZone comes from, without building the items: what the confirmation counts
        (`self(cells).zone` of each row)."""
        padded = self._padded(rows)
        return self._gmt_zones([cells[0].strip() for cells in padded], padded)[1]

    def _padded(self, rows: Iterable[Sequence[str]]) -> list[Sequence[str]]:
        """Rows with a cell for every column (a row stored short ends in empty cells)."""
        width = self._width
        return [cells if len(cells) >= width else [*cells, *([""] * (width - len(cells)))] for cells in rows]

    def _gmt_zones(
        self, phones: Sequence[str], rows: Sequence[Sequence[str]]
    ) -> tuple[list[str | None], list[ZoneSource]]:
        """The rule, for a batch: the row's timezone cell when it has one, else the offset at `at`
        shared by every zone of its number (phone_zones.zone_keys), else none."""
        zones: list[str | None] = [None] * len(rows)
        sources = [ZoneSource.NONE] * len(rows)
        if self._zone is not None:
            at = self._zone
            for index, cells in enumerate(rows):
                given = cells[at].strip()
                if given:
                    zones[index], sources[index] = given, ZoneSource.GIVEN
        if self._infer:
            missing = [index for index, zone in enumerate(zones) if zone is None]
            offsets = self._offsets
            for index, key in zip(missing, zone_keys([phones[i] for i in missing]), strict=True):
                inferred = offsets[key] if key in offsets else self._offset(key)
                if inferred is not None:
                    zones[index], sources[index] = inferred, ZoneSource.INFERRED
        return zones, sources

    def _offset(self, key: str | None) -> str | None:
        """The UTC offset at `at` shared by the zones of this key, worked out once per key."""
        assert key is not None  # None is in the cache from the start
        offset = self._offsets[key] = _common_offset(TIMEZONE_DATA[key], self._at)
        return offset


def map_row(
    cells: Sequence[str],
    columns: Sequence[ColumnLike],
    *,
    at: datetime,
    policy: Mapping[str, Any] | None = None,
) -> CallRow:
    """One row (build a CallRowMapper for many)."""
    return CallRowMapper(columns, at=at, policy=policy)(cells)


def _minute(at: datetime) -> datetime:
    """`at` to the minute, so one push's rows share the offset cache."""
    return at.replace(second=0, microsecond=0)


@lru_cache(maxsize=4_096)
def _common_offset(zones: tuple[str, ...], at: datetime) -> str | None:
    offsets = set()
    for name in zones:
        try:
            offset = at.astimezone(ZoneInfo(name)).utcoffset()
        except (ZoneInfoNotFoundError, ValueError):  # a zone this system's tz database lacks
            return None
        if offset is None:
            return None
        offsets.add(offset)
        if len(offsets) > 1:
            return None
    return format_offset(offsets.pop()) if offsets else None
