"""Turning cell values into the plain strings the validators and reports work with."""

from __future__ import annotations

import datetime as dt
import math
import re

# C0 controls (tab, CR and LF included: inside a cell they are layout, not data), DEL, C1 controls.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_LAYOUT = re.compile("[\t\r\n]+")
# Everything but the row/field separators: applied to whole CSV texts before they are split.
CONTROL_EXCEPT_SEPARATORS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Integers beyond 2**53 are not exact in a float; the digits are still what Excel stores and shows.
_MAX_WHOLE = 1e21


def has_control(value: str) -> bool:
    # isprintable() is 4x faster than the regex and True for almost every real cell.
    return not value.isprintable() and _CONTROL.search(value) is not None


def clean_text(value: str) -> str:
    """Layout characters inside a cell become one space; other control characters are dropped."""
    if not has_control(value):
        return value
    return _CONTROL.sub("", _LAYOUT.sub(" ", value))


def format_float(value: float) -> str:
    """Whole numbers as digits (a phone typed as a number is 12671234567.0), others without noise."""
    if math.isfinite(value) and value.is_integer() and abs(value) < _MAX_WHOLE:
        return str(int(value))
    if not math.isfinite(value):
        return str(value)
    # 15 significant digits is what Excel shows; it hides binary noise such as 0.30000000000000004.
    return f"{value:.15g}"


def to_text(value: object) -> str:
    """One calamine cell value as a string."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return clean_text(str(value))
