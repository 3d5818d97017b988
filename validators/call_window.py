"""Flow D's call window and attempts → the call-policy fields of a Calls API addPhones object.

Fields (Tovie Platform docs, Calls API, addPhones): `allowedDays` (["mon", …, "sun"]; only these days),
`allowedTime` ({"default": [{"localTimeFrom": "10:00", "localTimeTo": "18:00"}]}: the client's local time,
i.e. its `gmtZone`), `startDateTime` / `finishDateTime` (ISO 8601, UTC), `retryIntervalInMinutes`,
`maxAttempts` (the total number of attempts).

Windows: the presets "now, any time" and "weekdays 10:00–18:00 local", or one typed by the manager
("mon-fri 09:00-18:00", "пн-пт 9-18", "сб 10-14", "будни 9-13 14-18"), parsed by `parse_window` into a
`CallWindow` or a `WindowProblem` (a code and its parameters; the words are chosen at the edge).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import pairwise
from typing import Any

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_ATTEMPTS = 5  # the platform's maximum for a series of attempts
MAX_RETRY_MINUTES = 7 * 24 * 60
MAX_RANGES = 4  # time ranges a day in a typed window
MAX_WINDOW_TEXT = 200


@dataclass(frozen=True, slots=True)
class TimeRange:
    start: str  # "HH:MM", local time
    end: str  # "HH:MM", after start ("23:59" stands for the end of the day)


@dataclass(frozen=True, slots=True)
class CallWindow:
    days: tuple[str, ...] = ()  # subset of DAYS in their order; () = every day
    times: tuple[TimeRange, ...] = ()  # sorted, not overlapping; () = any time of the day

    def to_json(self) -> dict[str, Any]:
        """JSON-safe (FSM data, a push's options)."""
        return {"days": list(self.days), "times": [[t.start, t.end] for t in self.times]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallWindow:
        return cls(tuple(data.get("days", ())), tuple(TimeRange(s, e) for s, e in data.get("times", ())))


ANY_TIME = CallWindow()
WEEKDAYS_10_18 = CallWindow(DAYS[:5], (TimeRange("10:00", "18:00"),))


class WindowPreset(StrEnum):
    ANY_TIME = "any"  # now, any time
    WEEKDAYS_10_18 = "weekdays"  # weekdays 10:00–18:00 local
    CUSTOM = "custom"  # typed as text


def preset_window(preset: WindowPreset) -> CallWindow:
    """The window of a preset; CUSTOM has none (parse the text)."""
    if preset is WindowPreset.ANY_TIME:
        return ANY_TIME
    if preset is WindowPreset.WEEKDAYS_10_18:
        return WEEKDAYS_10_18
    raise ValueError("a custom window is typed: use parse_window")


def call_policy(
    window: CallWindow,
    attempts: int,
    retry_minutes: int,
    *,
    start: datetime | None = None,
    finish: datetime | None = None,
) -> dict[str, Any]:
    """The call-policy fields of every addPhones object of a push. Fields that do not restrict anything
    are left out (any day, any time, one attempt's retry interval). Raises ValueError for attempts
    outside 1..MAX_ATTEMPTS, a retry interval outside 1..MAX_RETRY_MINUTES, naive or inverted dates."""
    if not 1 <= attempts <= MAX_ATTEMPTS:
        raise ValueError(f"attempts must be 1..{MAX_ATTEMPTS}")
    if not 1 <= retry_minutes <= MAX_RETRY_MINUTES:
        raise ValueError(f"the retry interval must be 1..{MAX_RETRY_MINUTES} minutes")
    policy: dict[str, Any] = {}
    if window.days and set(window.days) != set(DAYS):
        policy["allowedDays"] = [day for day in DAYS if day in window.days]
    if window.times:
        policy["allowedTime"] = {
            "default": [{"localTimeFrom": t.start, "localTimeTo": t.end} for t in window.times]
        }
    for name, moment in (("startDateTime", start), ("finishDateTime", finish)):
        if moment is not None:
            if moment.tzinfo is None:
                raise ValueError(f"{name} must be timezone-aware")
            policy[name] = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if start is not None and finish is not None and finish <= start:
        raise ValueError("finishDateTime must be after startDateTime")
    policy["maxAttempts"] = attempts
    if attempts > 1:
        policy["retryIntervalInMinutes"] = retry_minutes
    return policy


# --- typed windows -------------------------------------------------------------------------------


class WindowError(StrEnum):
    """Why a typed window was refused; `WindowProblem.params` name the offending part."""

    EMPTY = "empty"  # nothing but spaces / filler words
    TOO_LONG = "too_long"  # {max}
    UNKNOWN_DAY = "unknown_day"  # {value}: letters that are no day name
    BAD_TIME = "bad_time"  # {value}: digits that are no "H-H" / "HH:MM-HH:MM" range, or out of range
    END_NOT_AFTER_START = "end_not_after_start"  # {start, end}: "18-9" (a window may not cross midnight)
    OVERLAPPING_TIMES = "overlapping_times"  # {first, second}
    TOO_MANY_RANGES = "too_many_ranges"  # {max}


@dataclass(frozen=True, slots=True)
class WindowProblem:
    code: WindowError
    params: dict[str, str] = field(default_factory=dict)


_DAY_NAMES = {
    **{name: DAYS[i] for i, names in enumerate((
        ("mon", "monday", "mo", "пн", "пон", "понедельник"),
        ("tue", "tues", "tuesday", "tu", "вт", "вторник"),
        ("wed", "wednesday", "we", "ср", "среда"),
        ("thu", "thur", "thurs", "thursday", "th", "чт", "четверг"),
        ("fri", "friday", "fr", "пт", "пятница"),
        ("sat", "saturday", "sa", "сб", "суббота"),
        ("sun", "sunday", "su", "вс", "воскресенье"),
    )) for name in names},
}  # fmt: skip
_DAY_GROUPS = {
    **dict.fromkeys(("weekdays", "workdays", "будни", "будние"), DAYS[:5]),
    **dict.fromkeys(("weekends", "weekend", "выходные"), DAYS[5:]),
    **dict.fromkeys(("daily", "everyday", "ежедневно", "всегда"), DAYS),
}
_EVERY_DAY = re.compile(r"\b(?:every\s+day|each\s+day|all\s+days|каждый\s+день|все\s+дни)\b")
_FILLERS = frozenset({"from", "с", "c", "and", "и", "on", "по", "в", "at"})
_DASHES = re.compile(r"[‐‑‒–—−]|\.\.")
_RANGE_WORDS = re.compile(r"(?<=\w)\s+(?:to|till|until|до|по)\s+(?=\w)")
_AROUND_DASH = re.compile(r"\s*-\s*")
_SPLIT = re.compile(r"[\s,;]+")
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_TIME_RANGE = re.compile(rf"{_TIME}-{_TIME}")


def parse_window(text: str) -> CallWindow | WindowProblem:
    """A window typed by a manager: days (names, ranges such as "mon-fri" / "пт-пн", "weekdays", "будни")
    and time ranges ("9-18", "09:00-18:00", "9.30-13"), in any order, separated by spaces or commas.
    Days alone mean any time on them; times alone mean every day."""
    if len(text) > MAX_WINDOW_TEXT:
        return WindowProblem(WindowError.TOO_LONG, {"max": str(MAX_WINDOW_TEXT)})
    folded = _DASHES.sub("-", text.casefold().replace("ё", "е"))
    folded = _EVERY_DAY.sub(" daily ", folded)
    folded = _AROUND_DASH.sub("-", _RANGE_WORDS.sub("-", folded))
    days: set[str] = set()
    times: list[tuple[int, int]] = []  # minutes from midnight
    for token in _SPLIT.split(folded.strip()):
        token = token.strip(".")
        if not token or token in _FILLERS:
            continue
        if any(char.isdigit() for char in token):
            span = _time_range(token)
            if isinstance(span, WindowProblem):
                return span
            times.append(span)
        else:
            found = _days(token)
            if isinstance(found, WindowProblem):
                return found
            days.update(found)
    if not days and not times:
        return WindowProblem(WindowError.EMPTY)
    if len(times) > MAX_RANGES:
        return WindowProblem(WindowError.TOO_MANY_RANGES, {"max": str(MAX_RANGES)})
    times.sort()
    for (start_a, end_a), (start_b, end_b) in pairwise(times):
        if start_b < end_a:
            first, second = _range_text(start_a, end_a), _range_text(start_b, end_b)
            return WindowProblem(WindowError.OVERLAPPING_TIMES, {"first": first, "second": second})
    chosen = () if days == set(DAYS) else tuple(day for day in DAYS if day in days)
    return CallWindow(chosen, tuple(TimeRange(_clock(s), _clock(e)) for s, e in times))


def _days(token: str) -> tuple[str, ...] | WindowProblem:
    if token in _DAY_GROUPS:
        return _DAY_GROUPS[token]
    parts = token.split("-")
    if len(parts) > 2 or not all(part.strip(".") in _DAY_NAMES for part in parts):
        unknown = next((p for p in parts if p.strip(".") not in _DAY_NAMES), token) or token
        return WindowProblem(WindowError.UNKNOWN_DAY, {"value": unknown})
    first, last = (DAYS.index(_DAY_NAMES[part.strip(".")]) for part in (parts[0], parts[-1]))
    count = (last - first) % len(DAYS) + 1  # "fri-mon" wraps over the weekend
    return tuple(DAYS[(first + i) % len(DAYS)] for i in range(count))


def _time_range(token: str) -> tuple[int, int] | WindowProblem:
    match = _TIME_RANGE.fullmatch(token)
    if match is None:
        return WindowProblem(WindowError.BAD_TIME, {"value": token})
    start_h, start_m, end_h, end_m = (int(group or 0) for group in match.groups())
    if start_h > 23 or start_m > 59 or end_m > 59 or end_h > 24 or (end_h == 24 and end_m):
        return WindowProblem(WindowError.BAD_TIME, {"value": token})
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    if end <= start:
        return WindowProblem(WindowError.END_NOT_AFTER_START, {"start": _hhmm(start), "end": _hhmm(end)})
    return start, end


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _clock(minutes: int) -> str:
    """ "HH:MM" for the API; the end of the day (24:00) is sent as 23:59."""
    return _hhmm(min(minutes, 23 * 60 + 59))


def _range_text(start: int, end: int) -> str:
    return f"{_hhmm(start)}-{_hhmm(end)}"
