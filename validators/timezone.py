"""Client timezone (`GMT_ZONE`): offsets and IANA names, stored as `±hh:mm` within −12:00…+14:00."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from validators.result import Detail, Params, shown

__all__ = ["TimezoneError", "normalize_timezone"]

# +3, -05, +03:00, +0530, 3, 03:00, 03:00:00 (Excel time cells), UTC+3, GMT-4:30, UTC, GMT, Z
_OFFSET = re.compile(
    r"(?:(?:utc|gmt)\s*)?(?P<sign>[+\-−])?\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2})(?::00)?)?",
    re.IGNORECASE,
)
_ZERO_NAMES = frozenset({"utc", "gmt", "z"})
_MIN_MINUTES = -12 * 60
_MAX_MINUTES = 14 * 60


class TimezoneError(ValueError):
    """The value is not a timezone this product understands: `detail` and `params` say why."""

    def __init__(self, detail: Detail, raw: str) -> None:
        super().__init__(detail.value, raw)
        self.detail = detail
        self.params: Params = {"value": shown(raw)}


def normalize_timezone(raw: str) -> str:
    """`""` for an empty cell, else `±hh:mm`; raises TimezoneError."""
    text = raw.strip()
    if not text:
        return ""
    if text.casefold() in _ZERO_NAMES:
        return "+00:00"
    match = _OFFSET.fullmatch(text)
    if match:
        extra = int(match["minutes"] or 0)
        if extra >= 60:
            raise TimezoneError(Detail.TIMEZONE_MINUTES, text)
        minutes = int(match["hours"]) * 60 + extra
        if match["sign"] in ("-", "−"):
            minutes = -minutes
    else:
        minutes = _iana_offset_minutes(text)
    if not _MIN_MINUTES <= minutes <= _MAX_MINUTES:
        raise TimezoneError(Detail.TIMEZONE_RANGE, text)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


def _iana_offset_minutes(name: str) -> int:
    """The zone's current UTC offset (so DST is applied as of today)."""
    key = _iana_keys().get(name.casefold())
    if key is None:
        raise TimezoneError(Detail.TIMEZONE_UNKNOWN, name)
    try:
        offset = datetime.now(UTC).astimezone(ZoneInfo(key)).utcoffset()
    except ZoneInfoNotFoundError as error:  # the key vanished from the system database
        raise TimezoneError(Detail.TIMEZONE_UNKNOWN, name) from error
    assert offset is not None
    return int(offset.total_seconds()) // 60


@cache
def _iana_keys() -> dict[str, str]:
    """Case-insensitive lookup of IANA names (users type europe/moscow); loaded once on first use."""
    return {key.casefold(): key for key in available_timezones()}
