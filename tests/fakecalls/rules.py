"""What the fake Calls API refuses in an addPhones object (docs/calls_api.md, "addPhones body").

Documented: the fields and their examples, the `allowedDays` values, the `allowedTime` shape and the
`gmtZone` formats. Chosen where the docs are silent (the fake is strict so that the client's mistakes
show): unknown fields are refused; `phone` is 7-15 digits (a string or a JSON number, as the docs'
examples send both) starting with a known country code; priorities and counts are integers, not
booleans or strings; dates are ISO 8601 with a zone; a time window's start is before its end.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import datetime
from typing import Any

import phonenumbers

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FIELDS = {
    "phone", "payload", "startDateTime", "finishDateTime", "allowedDays", "allowedTime",
    "retryIntervalInMinutes", "maxAttempts", "gmtZone", "dialerPriority",
}  # fmt: skip
_OFFSET = re.compile(r"(?:UTC|GMT|UT)?([+-])(\d{1,2}|\d{2}:?\d{2}|\d{2}:\d{2}:\d{2}|\d{6})")
_LOCAL_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


class FieldError(Exception):
    def __init__(self, field: str, problem: str, code: str = "calls.addPhones.invalid_field") -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem
        self.code = code


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def valid_gmt_zone(value: str) -> bool:
    if value in ("Z", "UTC", "GMT", "UT") or value in _zones():
        return True
    match = _OFFSET.fullmatch(value)
    if not match:
        return False
    digits = match.group(2).replace(":", "")
    hours = int(digits[:2]) if len(digits) >= 2 else int(digits)
    minutes = int(digits[2:4]) if len(digits) >= 4 else 0
    seconds = int(digits[4:6]) if len(digits) >= 6 else 0
    return minutes < 60 and seconds < 60 and hours * 3600 + minutes * 60 + seconds <= 18 * 3600


def phone_digits(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise FieldError("phone", "required: digits with the country code", "calls.addPhones.invalid_phone")
    text = str(value)
    if not (text.isascii() and text.isdigit()) or not 7 <= len(text) <= 15:
        raise FieldError(
            "phone", "must be 7-15 digits with the country code, no +", "calls.addPhones.invalid_phone"
        )
    if not any(
        phonenumbers.region_code_for_country_code(int(text[:n])) != "ZZ" for n in (1, 2, 3) if text[0] != "0"
    ):
        raise FieldError("phone", "unknown country code", "calls.addPhones.invalid_phone")
    return text


def _integer(item: dict[str, Any], name: str, minimum: int) -> None:
    value = item[name]
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FieldError(name, f"must be an integer >= {minimum}")


def _instant(item: dict[str, Any], name: str) -> datetime:
    value = item[name]
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise FieldError(name, "must be an ISO 8601 date and time with a zone, e.g. 2020-03-23T00:00:00Z")
    return moment


def _windows(value: Any) -> None:
    if not isinstance(value, dict) or not value:
        raise FieldError("allowedTime", 'must be an object such as {"default": [...]}')
    for key, windows in value.items():
        if key != "default" and key not in DAYS:
            raise FieldError("allowedTime", f"unknown key {key!r}")
        if not isinstance(windows, list) or not windows:
            raise FieldError("allowedTime", f"{key}: must be a non-empty list of intervals")
        for window in windows:
            if not isinstance(window, dict) or set(window) != {"localTimeFrom", "localTimeTo"}:
                raise FieldError("allowedTime", f"{key}: an interval has localTimeFrom and localTimeTo")
            start, end = window["localTimeFrom"], window["localTimeTo"]
            if not all(isinstance(t, str) and _LOCAL_TIME.fullmatch(t) for t in (start, end)):
                raise FieldError("allowedTime", f"{key}: times are HH:MM")
            if start >= end:
                raise FieldError("allowedTime", f"{key}: {start} is not before {end}")


def check_item(item: Any) -> str:
    """The phone of a valid addPhones object; FieldError for the first problem found."""
    if not isinstance(item, dict):
        raise FieldError("", "each element must be an object")
    unknown = sorted(set(item) - FIELDS)
    if unknown:
        raise FieldError(unknown[0], "unknown field")
    phone = phone_digits(item.get("phone"))
    if "payload" in item and not isinstance(item["payload"], dict):
        raise FieldError("payload", "must be an object")
    if "gmtZone" in item and not (isinstance(item["gmtZone"], str) and valid_gmt_zone(item["gmtZone"])):
        raise FieldError("gmtZone", "must be Z, ±hh:mm (optionally after UTC/GMT/UT) or an IANA zone id")
    if "dialerPriority" in item:
        _integer(item, "dialerPriority", 0)
    if "maxAttempts" in item:
        _integer(item, "maxAttempts", 1)
    if "retryIntervalInMinutes" in item:
        _integer(item, "retryIntervalInMinutes", 1)
    start = _instant(item, "startDateTime") if "startDateTime" in item else None
    finish = _instant(item, "finishDateTime") if "finishDateTime" in item else None
    if start and finish and start >= finish:
        raise FieldError("finishDateTime", "must be after startDateTime")
    if "allowedDays" in item:
        days = item["allowedDays"]
        if not isinstance(days, list) or not days or any(d not in DAYS for d in days):
            raise FieldError("allowedDays", f"must be a non-empty list of {', '.join(DAYS)}")
    if "allowedTime" in item:
        _windows(item["allowedTime"])
    return phone
