"""Client priority: an integer 0–100 (higher is called first); empty means no priority."""

from __future__ import annotations

import re

from validators.result import Detail, Params, shown

__all__ = ["MAX_PRIORITY", "PriorityError", "normalize_priority"]

MAX_PRIORITY = 100
_INTEGER = re.compile(r"\+?(\d{1,3})(?:\.0+)?")  # 5, +5, 5.0 (numeric cells)


class PriorityError(ValueError):
    """The value is not a priority (`params`: the value as quoted, the maximum)."""

    detail = Detail.PRIORITY

    def __init__(self, raw: str) -> None:
        super().__init__(raw)
        self.params: Params = {"value": shown(raw), "max": MAX_PRIORITY}


def normalize_priority(raw: str) -> str:
    """`""` for an empty cell, else the integer as digits; raises PriorityError."""
    text = raw.strip()
    if not text:
        return ""
    match = _INTEGER.fullmatch(text)
    if match is None or int(match[1]) > MAX_PRIORITY:
        raise PriorityError(text)
    return str(int(match[1]))
