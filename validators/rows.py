"""Validate a whole table: header, every row's id/timezone/priority, exact duplicates → ValidationResult.

Rows are checked in chunks of `CHUNK_ROWS` (progress is reported after each), then merged and
de-duplicated in C-level passes. Valid rows are kept packed (validators.packed), one string per row.

`workers > 1` forks worker processes after the table is in memory, so the workers read it for free
(copy-on-write) and send back only packed results. Fork is safe only in a single-threaded process: the
sandbox child is one; anywhere else validation stays in-process.
"""

from __future__ import annotations

import heapq
import logging
import operator
import os
import pickle
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice

from validators.channels import Channel, get_channel
from validators.headers import GMT_ZONE, PRIORITY, detect_layout, widen
from validators.packed import SEP, PackedRows
from validators.priority import PriorityError, normalize_priority
from validators.result import MAX_LISTED_PROBLEMS, Column, Reason, RowProblem, ValidationResult, duplicate_of
from validators.timezone import TimezoneError, normalize_timezone

__all__ = ["CHUNK_ROWS", "validate_rows"]

log = logging.getLogger(__name__)

CHUNK_ROWS = 10_000  # also the progress granularity
# C0/C1 control characters: tab and line breaks become spaces, the rest (NUL, ESC, DEL, …) disappear.
_CONTROL: dict[int, str | None] = {
    **dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)]),
    0x09: " ",
    0x0A: " ",
    0x0D: " ",
}

_Refusal = TimezoneError | PriorityError  # why a cell was refused: its detail and params


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything a chunk needs, fixed once the header is known."""

    table: Sequence[Sequence[str]]
    channel: Channel
    columns: tuple[Column, ...]
    default_region: str | None
    apply_suggestions: bool
    timezone_index: int | None
    priority_index: int | None
    has_header: bool
    max_listed: int  # failed rows listed with their cells; the rest are counted


@dataclass(slots=True)
class _Chunk:
    rows_read: int = 0
    width: int = 0  # widest row seen (cells)
    valid_rows: list[str] = field(default_factory=list)  # packed
    valid_row_numbers: list[int] = field(default_factory=list)
    normalized: list[int] = field(default_factory=list)  # row numbers of valid rows whose id was normalized
    applied: list[int] = field(default_factory=list)  # row numbers of valid rows that took a suggested id
    invalid: list[RowProblem] = field(default_factory=list)  # the first ones only: see _add
    rejected: int = 0  # every rejected row of the chunk
    reasons: Counter[Reason] = field(default_factory=Counter)
    suggestions: int = 0  # rejected rows with a suggestion


def validate_rows(
    rows: Iterable[Sequence[str]],
    channel_id: str,
    *,
    default_region: str | None = None,
    apply_suggestions: bool = False,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    max_listed: int = MAX_LISTED_PROBLEMS,
) -> ValidationResult:
    """Check every row of a table (rows of strings, first row possibly a header) for a channel.

    Failed rows (rejected or duplicate) are listed with their cells up to `max_listed`, lowest row
    numbers first; the result counts every one of them (see ValidationResult.problems_unlisted).
    """
    channel = get_channel(channel_id)
    table = rows if isinstance(rows, list) else list(rows)
    start = 0
    while start < len(table) and not _clean(table[start]):
        start += 1
    if start == len(table):
        return ValidationResult(channel_id, [Column("client_id", channel.id_title, "id")], has_header=False)
    layout = detect_layout(_clean(table[start]), channel)
    keys = [column.key for column in layout.columns]
    plan = _Plan(
        table,
        channel,
        layout.columns,
        default_region,
        apply_suggestions,
        keys.index(GMT_ZONE) if GMT_ZONE in keys else None,
        keys.index(PRIORITY) if PRIORITY in keys else None,
        layout.has_header,
        max_listed,
    )
    first_data = start + 1 if layout.has_header else start
    bounds = [(low, min(low + CHUNK_ROWS, len(table))) for low in range(first_data, len(table), CHUNK_ROWS)]
    if workers > 1 and len(bounds) >= 2 * workers and _can_fork():
        result = _validate_forked(plan, bounds, workers, first_data, progress)
        if result is not None:
            return result
        log.warning("a validation worker process failed; validating in one process")
    chunks: list[_Chunk] = []
    for low, high in bounds:
        _add(chunks, _validate_range(plan, low, high), max_listed)
        if progress is not None:
            progress(high - first_data)
    return _result(plan, *_make_part(chunks), [])


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def _validate_forked(
    plan: _Plan,
    bounds: list[tuple[int, int]],
    workers: int,
    first_data: int,
    progress: Callable[[int], None] | None,
) -> ValidationResult | None:
    """Split the chunks into `workers` contiguous parts; this process does the first, forks do the rest.

    Each process also de-duplicates its own part, so after the join only rows repeated across parts
    are left to find. Returns None when a worker failed (the caller validates in-process instead).
    """
    size = -(-len(bounds) // workers)
    groups = [bounds[i : i + size] for i in range(0, len(bounds), size)]
    pipes: list[tuple[int, int]] = []
    for group in groups[1:]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: validate, send the pickled part, never return into the caller
            code = 1
            try:
                os.close(read_fd)
                chunks: list[_Chunk] = []
                for low, high in group:
                    _add(chunks, _validate_range(plan, low, high), plan.max_listed)
                part, _ = _make_part(chunks)
                with os.fdopen(write_fd, "wb") as out:
                    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
                    pickler.fast = True  # trees of small objects, no cycles: the memo only costs time
                    pickler.dump(part)
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        pipes.append((pid, read_fd))
    total = bounds[-1][1] - first_data
    own: list[_Chunk] = []
    for low, high in groups[0]:
        _add(own, _validate_range(plan, low, high), plan.max_listed)
        if progress is not None:  # the workers run at the same pace: extrapolate from this one
            progress(min(total, (high - first_data) * len(groups)))
    rest: list[_Part] = []
    failed = False
    for pid, read_fd in pipes:
        with os.fdopen(read_fd, "rb") as source:
            data = source.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            failed = True
            continue
        rest.append(pickle.loads(data))
    return None if failed else _result(plan, *_make_part(own), rest)


def _clean(row: Sequence[str]) -> list[str]:
    """Stripped cells without control characters or trailing empty cells; [] for an empty row."""
    cells = list(map(str.strip, row)) if "".join(row).isprintable() else _without_controls(row)
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _without_controls(row: Sequence[str]) -> list[str]:
    return [cell.translate(_CONTROL).strip() for cell in row]


def _validate_range(plan: _Plan, low: int, high: int) -> _Chunk:
    """The hot loop: one outcome per non-empty row; the first failing check (id, timezone, priority) wins."""
    chunk = _Chunk(width=len(plan.columns))
    table, check, quick, region = plan.table, plan.channel.check, plan.channel.quick, plan.default_region
    columns, tz_index, priority_index = plan.columns, plan.timezone_index, plan.priority_index
    valid_append, numbers_append = chunk.valid_rows.append, chunk.valid_row_numbers.append
    join = SEP.join
    zones: dict[str, tuple[str, _Refusal | None]] = {}  # raw → (normalized, None) or ("", why not)
    priorities: dict[str, tuple[str, _Refusal | None]] = {}
    width = len(columns)
    padding = [""] * width  # short rows take a slice of it: memory stays linear in the columns
    strip, printable = str.strip, str.isprintable
    for index in range(low, high):
        row = table[index]
        cells = list(map(strip, row)) if printable("".join(row)) else _without_controls(row)
        if not cells or not cells[-1]:  # inlined _clean: this loop runs 430k times per big file
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
        chunk.rows_read += 1
        if len(cells) < width:
            cells += padding[len(cells) :]
        elif len(cells) > chunk.width:
            chunk.width = len(cells)
        fixed_id = None  # the id verdict, when the raw id was not already valid and normalized
        if not quick(cells[0]):
            fixed_id = verdict = check(cells[0], region)
            if verdict.value is not None:
                cells[0] = verdict.value
            elif plan.apply_suggestions and verdict.suggestion is not None:
                cells[0] = verdict.suggestion
            else:
                chunk.invalid.append(verdict.problem(index + 1, columns[0].title, tuple(row)))
                continue
        if tz_index is not None and cells[tz_index]:
            zone = zones.get(cells[tz_index]) or zones.setdefault(cells[tz_index], _zone(cells[tz_index]))
            if zone[1] is not None:
                chunk.invalid.append(_problem(index, columns[tz_index], Reason.BAD_TIMEZONE, zone[1], row))
                continue
            cells[tz_index] = zone[0]
        if priority_index is not None and cells[priority_index]:
            raw = cells[priority_index]
            priority = priorities.get(raw) or priorities.setdefault(raw, _priority(raw))
            if priority[1] is not None:
                chunk.invalid.append(
                    _problem(index, columns[priority_index], Reason.BAD_PRIORITY, priority[1], row)
                )
                continue
            cells[priority_index] = priority[0]
        valid_append(join(cells))
        numbers_append(index + 1)
        if fixed_id is not None and fixed_id.value is None:
            chunk.applied.append(index + 1)
        elif fixed_id is not None and fixed_id.normalized:
            chunk.normalized.append(index + 1)
    return chunk


def _add(chunks: list[_Chunk], chunk: _Chunk, max_listed: int) -> None:
    """Append `chunk` after counting its rejected rows and keeping only as many listed as the chunks
    before it leave room for: memory for failed rows stays bounded whatever the file."""
    chunk.rejected = len(chunk.invalid)
    chunk.reasons = Counter(problem.reason for problem in chunk.invalid)
    chunk.suggestions = sum(problem.suggestion is not None for problem in chunk.invalid)
    room = max_listed - sum(len(earlier.invalid) for earlier in chunks)
    del chunk.invalid[max(room, 0) :]
    chunks.append(chunk)


def _problem(index: int, column: Column, reason: Reason, why: _Refusal, row: Sequence[str]) -> RowProblem:
    return RowProblem(index + 1, column.title, reason, why.detail, why.params, None, tuple(row))


def _zone(raw: str) -> tuple[str, _Refusal | None]:
    try:
        return normalize_timezone(raw), None
    except TimezoneError as error:
        return "", error.with_traceback(None)


def _priority(raw: str) -> tuple[str, _Refusal | None]:
    try:
        return normalize_priority(raw), None
    except PriorityError as error:
        return "", error.with_traceback(None)


@dataclass(slots=True)
class _Part:
    """Consecutive chunks joined, with the duplicates inside them already taken out."""

    rows_read: int
    width: int
    rows: list[str]  # packed valid rows, first occurrences within this part
    numbers: list[int]
    repeats: list[tuple[int, int]]  # (row number, row number of its first occurrence)
    normalized: list[int]
    applied: list[int]
    invalid: list[RowProblem]  # the first rejected rows, at most max_listed
    rejected: int = 0
    reasons: Counter[Reason] = field(default_factory=Counter)
    suggestions: int = 0


def _make_part(chunks: list[_Chunk]) -> tuple[_Part, dict[str, int]]:
    """Join chunks and drop the rows repeated within them; also returns row → first row number.

    Equality before widening ragged rows is equality after it: rows are padded to the header width and
    longer rows end in a non-empty cell, so padding never makes two different rows equal.
    """
    part = _Part(0, 0, [], [], [], [], [], [])
    for chunk in chunks:
        part.rows_read += chunk.rows_read
        part.width = max(part.width, chunk.width)
        part.rows += chunk.valid_rows
        part.numbers += chunk.valid_row_numbers
        part.normalized += chunk.normalized
        part.applied += chunk.applied
        part.invalid += chunk.invalid
        part.rejected += chunk.rejected
        part.reasons += chunk.reasons
        part.suggestions += chunk.suggestions
    # Built in C, last assignment wins: iterating backwards maps each distinct row to its first number.
    first = dict(zip(reversed(part.rows), reversed(part.numbers), strict=True))
    if len(first) < len(part.rows):
        keep = list(map(operator.eq, map(first.__getitem__, part.rows), part.numbers))
        dropped = compress(zip(part.numbers, part.rows, strict=True), map(operator.not_, keep))
        part.repeats = [(number, first[row]) for number, row in dropped]
        part.rows, part.numbers = list(compress(part.rows, keep)), list(compress(part.numbers, keep))
    return part, first


def _result(plan: _Plan, head: _Part, seen: dict[str, int], rest: list[_Part]) -> ValidationResult:
    """Parts in file order (`seen`: row → first number within `head`) → the result. Rows repeated across
    parts are dropped here, then ragged rows are widened to the widest row."""
    rows, numbers, repeats = list(head.rows), list(head.numbers), list(head.repeats)
    invalid, normalized, applied = list(head.invalid), set(head.normalized), set(head.applied)
    rows_read, width = head.rows_read, head.width
    rejected, reasons, suggestions = head.rejected, Counter(head.reasons), head.suggestions
    for index, part in enumerate(rest, start=1):
        earlier = list(map(seen.get, part.rows))
        kept_rows, kept_numbers, part_repeats = part.rows, part.numbers, part.repeats
        if any(number is not None for number in earlier):
            # A row first seen in an earlier part: it and its repeats inside this part point there.
            moved = {n: e for n, e in zip(part.numbers, earlier, strict=True) if e is not None}
            repeats += moved.items()
            part_repeats = [(n, moved.get(f, f)) for n, f in part.repeats]
            keep = [number is None for number in earlier]
            kept_rows, kept_numbers = list(compress(part.rows, keep)), list(compress(part.numbers, keep))
        if index < len(rest):
            seen.update(zip(kept_rows, kept_numbers, strict=True))
        rows += kept_rows
        numbers += kept_numbers
        repeats += part_repeats
        invalid += part.invalid
        rejected += part.rejected
        reasons += part.reasons
        suggestions += part.suggestions
        normalized.update(part.normalized)
        applied.update(part.applied)
        rows_read += part.rows_read
        width = max(width, part.width)
    columns = widen(plan.columns, width) if width > len(plan.columns) else plan.columns
    if width > len(plan.columns):
        rows = [row + SEP * (width - 1 - row.count(SEP)) for row in rows]
    result = ValidationResult(plan.channel.id, list(columns), plan.has_header, rows_read=rows_read)
    repeats.sort()
    listed_invalid, listed_repeats = _lowest(invalid, repeats, plan.max_listed)
    result.duplicates = [
        duplicate_of(number, first, tuple(plan.table[number - 1])) for number, first in listed_repeats
    ]
    dropped = {number for number, _ in repeats}
    result.valid_rows, result.valid_row_numbers = PackedRows(rows), numbers
    result.invalid = listed_invalid
    result.normalized, result.suggestions_applied = len(normalized - dropped), len(applied - dropped)
    result.rejected, result.repeated, result.reasons = rejected, len(repeats), dict(reasons)
    result.suggestions = suggestions
    return result


def _lowest(
    invalid: list[RowProblem], repeats: list[tuple[int, int]], limit: int
) -> tuple[list[RowProblem], list[tuple[int, int]]]:
    """The `limit` failed rows with the lowest row numbers. Both lists are in file order, and hold the
    first `limit` of their kind at least, so the lowest of all are among them."""
    if len(invalid) + len(repeats) <= limit:
        return invalid, repeats
    if limit <= 0:
        return [], []
    numbers = heapq.merge((problem.row_number for problem in invalid), (number for number, _ in repeats))
    last = next(islice(numbers, limit - 1, None))
    return [p for p in invalid if p.row_number <= last], [r for r in repeats if r[0] <= last]
