"""What was stored in English before codes (migration 0010): failed rows' sentences → detail and
params; titles the bot gave columns → labels.

Why not only parse the sentence: the id problems named countries with a hand-written table that is
gone, so the row's id cell is checked again instead (the same rule gives the same code; the country
comes from phonenumbers). Timezone, priority and duplicate sentences carry their figures and are
parsed. Whatever is not recognised becomes `unknown` (the report shows the reason's label).
"""

from __future__ import annotations

import ast
import json
import re

from validators.channels import CHANNELS
from validators.headers import ID_LABEL, NUMBER_LABEL
from validators.result import Detail, Params

_QUOTED = r"('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"  # a Python repr of a str, as !r wrote it
_SENTENCES: tuple[tuple[re.Pattern[str], Detail], ...] = (
    (re.compile(r"duplicate of row (?P<row>\d+)"), Detail.DUPLICATE),
    (re.compile(rf"Timezone {_QUOTED}: minutes must be below 60\."), Detail.TIMEZONE_MINUTES),
    (re.compile(rf"Timezone {_QUOTED} is outside .*"), Detail.TIMEZONE_RANGE),
    (re.compile(rf"Unknown timezone {_QUOTED}(?:\.|: .*)"), Detail.TIMEZONE_UNKNOWN),
    (re.compile(rf"Priority {_QUOTED} is not a whole number from 0 to (?P<max>\d+)\."), Detail.PRIORITY),
)
_ID_REASONS = frozenset(
    {
        "empty",
        "not_a_number",
        "scientific_notation",
        "too_short",
        "too_long",
        "unknown_country_code",
        "invalid_for_country",
        "invalid_id",
    }
)


def problem_code(channel: str | None, reason: str, message: str, cells: str) -> str:
    """JSON {"detail": …, "params": {…}} for one stored failed row (an SQL function of migration 0010)."""
    detail, params = _decode(channel, reason, message, cells)
    return json.dumps({"detail": detail.value, "params": dict(params)}, ensure_ascii=False)


def _decode(channel: str | None, reason: str, message: str, cells: str) -> tuple[Detail, Params]:
    for pattern, detail in _SENTENCES:
        match = pattern.fullmatch(message or "")
        if match is None:
            continue
        params: dict[str, str | int] = {k: int(v) for k, v in match.groupdict().items() if v is not None}
        if match.groups() and match.group(1) and match.group(1)[0] in "'\"":
            params["value"] = str(ast.literal_eval(match.group(1)))
        return detail, params
    if reason in _ID_REASONS and channel in CHANNELS:
        try:
            first = json.loads(cells)[0] if cells else ""
        except (ValueError, IndexError, TypeError):
            first = None
        if isinstance(first, str):
            verdict = CHANNELS[channel].check(first)
            if verdict.detail is not None and verdict.reason == reason:
                return verdict.detail, verdict.params
    return Detail.UNKNOWN, {}


# Flow B's columns as services.client_lists named them (English), by key.
_CLIENTS_TITLES = {"name": "Name", "last_activity": "Last activity (UTC)", "labels": "Labels"}
_POSITIONAL = re.compile(r"Column (\d+)")


def column_labels(channel: str | None, source: str | None, summary: str | None, columns: str) -> str:
    """The list's columns JSON with a label on each column the bot named (an SQL function of 0010)."""
    try:
        kind = json.loads(source or "{}").get("kind")
        has_header = bool(json.loads(summary or "{}").get("has_header", True))
        parsed = json.loads(columns)
    except (ValueError, AttributeError):
        return columns
    id_title = CHANNELS[channel].id_title if channel in CHANNELS else None
    for position, column in enumerate(parsed):
        key, title = column.get("key"), column.get("title")
        if kind == "clients":
            if key == "client_id" and title == id_title:
                column["label"] = ID_LABEL
            elif _CLIENTS_TITLES.get(key) == title:
                column["label"] = key
        elif kind == "file":
            if position == 0 and not has_header and title == id_title:
                column["label"] = ID_LABEL
            elif (match := _POSITIONAL.fullmatch(title or "")) and int(match[1]) == position + 1:
                column["label"] = NUMBER_LABEL
    return json.dumps(parsed, ensure_ascii=False)
