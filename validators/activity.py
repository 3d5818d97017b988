"""Dates and times as the clients report and managers write them, turned into unix seconds (UTC).

Why lenient: platform exports and Excel render the same moment as ISO (`2026-09-01T12:30:00Z`), as
Russian-style `01.09.2026 12:30` or `01.09.2026, 12:30:00`, `2026/09/01 12:30 UTC`, or as a date only.
Times without a zone are taken as UTC.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DateRange", "is_backwards_range", "parse_date", "parse_date_range", "parse_timestamp"]

_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?")
_ZONE = re.compile(r"(Z|UTC|GMT|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_DATE_TOKEN = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{1,2}-\d{1,2}")
_RANGE_GLUE = re.compile(r"\s*(?:-|–|—|\.\.|…|to|по)?\s*", re.IGNORECASE)
MIN_YEAR = 2000
MAX_YEAR = 2100


def parse_date(text: str) -> dt.date | None:
    """`01.09.2026`, `1/9/2026` (day first) or `2026-09-01`; None when not a real date."""
    text = text.strip()
    match = _DMY.fullmatch(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = _YMD.fullmatch(text)
        if not match:
            return None
        year, month, day = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_timestamp(text: str) -> int | None:
    """A date with an optional time and zone → unix seconds; None when it is not one."""
    text = text.strip()
    if not text:
        return None
    head = re.match(r"\S+", text)
    assert head is not None
    date_part = head.group(0)
    rest = text[len(date_part) :].strip()
    date_part = date_part.rstrip(",")  # `01.09.2026, 12:30:00` (ru-RU locale)
    if "T" in date_part:
        date_part, _, time_zone = date_part.partition("T")
        rest = f"{time_zone} {rest}".strip()  # `2026-09-01T12:30 +03:00`: keep a zone after a space
    day = parse_date(date_part)
    if day is None:
        return None
    hour = minute = second = 0
    offset = dt.timedelta(0)
    if rest:
        time_match = _TIME.match(rest)
        if not time_match:
            return None
        hour, minute = int(time_match[1]), int(time_match[2])
        second = int(time_match[3] or 0)
        zone_match = _ZONE.fullmatch(rest[time_match.end() :].strip())
        if zone_match is None:
            return None
        zone = zone_match[1]
        if zone and zone[0] in "+-":
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if hour > 23 or minute > 59 or second > 59:
            return None
    moment = dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=dt.timezone(offset))
    return int(moment.timestamp())


class DateRange:
    """Inclusive calendar days [first, last], as unix seconds [since, until)."""

    __slots__ = ("first", "last")

    def __init__(self, first: dt.date, last: dt.date) -> None:
        self.first = first
        self.last = last

    @property
    def since(self) -> int:
        return int(dt.datetime.combine(self.first, dt.time(), dt.UTC).timestamp())

    @property
    def until(self) -> int:
        next_day = self.last + dt.timedelta(days=1)
        return int(dt.datetime.combine(next_day, dt.time(), dt.UTC).timestamp())


def parse_date_range(text: str) -> DateRange | None:
    """`01.09.2026-30.09.2026`, `2026-09-01..2026-09-30`, `2026-09-01 - 2026-09-30` or one day.

    None when either end is not a date or the range runs backwards (see `is_backwards_range`).
    """
    ends = _range_ends(text)
    if ends is None or ends[1] < ends[0]:
        return None
    return DateRange(*ends)


def is_backwards_range(text: str) -> bool:
    """Two real dates, the end before the start (`30.09.2026-01.09.2026`): worth its own message."""
    ends = _range_ends(text)
    return ends is not None and ends[1] < ends[0]


def _range_ends(text: str) -> tuple[dt.date, dt.date] | None:
    text = text.strip()
    single = parse_date(text)
    if single is not None:
        return single, single
    tokens = list(_DATE_TOKEN.finditer(text))
    if len(tokens) != 2 or tokens[0].start() != 0 or tokens[1].end() != len(text):
        return None
    if not _RANGE_GLUE.fullmatch(text[tokens[0].end() : tokens[1].start()]):
        return None
    first, last = parse_date(tokens[0][0]), parse_date(tokens[1][0])
    if first is None or last is None:
        return None
    return first, last
