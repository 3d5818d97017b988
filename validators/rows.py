"""Validate a whole table: header, every row's id/timezone/priority, exact duplicates → ValidationResult.

Rows are checked in chunks of `CHUNK_ROWS` (progress is reported after each), then merged and
de-duplicated in C-level passes. Valid rows are kept packed (validators.packed), one string per row.

`workers > 1` forks worker processes after the table is in memory, so the workers read it for free
(copy-on-write) and send back only packed results. Fork is safe only in a single-threaded process: the
sandbox child is one; anywhere else validation stays in-process.
"""

from __future__ import annotations

import operator
import os
import pickle
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress

from validators.channels import Channel, get_channel
from validators.headers import GMT_ZONE, PRIORITY, detect_layout, widen
from validators.packed import SEP, PackedRows
from validators.priority import PriorityError, normalize_priority
from validators.result import Column, Reason, RowProblem, ValidationResult
from validators.timezone import TimezoneError, normalize_timezone

__all__ = ["CHUNK_ROWS", "validate_rows"]

CHUNK_ROWS = 10_000  # also the progress granularity
# C0/C1 control characters: tab and line breaks become spaces, the rest (NUL, ESC, DEL, …) disappear.
_CONTROL: dict[int, str | None] = {
    **dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)]),
    0x09: " ",
    0x0A: " ",
    0x0D: " ",
}


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


@dataclass(slots=True)
class _Chunk:
    rows_read: int = 0
    width: int = 0  # widest row seen (cells)
    valid_rows: list[str] = field(default_factory=list)  # packed
    valid_row_numbers: list[int] = field(default_factory=list)
    normalized: list[int] = field(default_factory=list)  # row numbers of valid rows whose id was normalized
    applied: list[int] = field(default_factory=list)  # row numbers of valid rows that took a suggested id
    invalid: list[RowProblem] = field(default_factory=list)


def validate_rows(
    rows: Iterable[Sequence[str]],
    channel_id: str,
    *,
    default_region: str | None = None,
    apply_suggestions: bool = False,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> ValidationResult:
    """Check every row of a table (rows of strings, first row possibly a header) for a channel."""
    channel = get_channel(channel_id)
    table = rows if isinstance(rows, list) else list(rows)
    start = 0
    while start < len(table) and not _clean(table[start]):
        start += 1
    if start == len(table):
        return ValidationResult(channel_id, [Column("client_id", channel.id_title)], has_header=False)
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
    )
    first_data = start + 1 if layout.has_header else start
    bounds = [(low, min(low + CHUNK_ROWS, len(table))) for low in range(first_data, len(table), CHUNK_ROWS)]
    if workers > 1 and len(bounds) >= 2 * workers and _can_fork():
        chunks = _validate_forked(plan, bounds, workers, first_data, progress)
    else:
        chunks = []
        for low, high in bounds:
            chunks.append(_validate_range(plan, low, high))
            if progress is not None:
                progress(high - first_data)
    return _merge(plan, layout.has_header, chunks)


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def _validate_forked(
    plan: _Plan,
    bounds: list[tuple[int, int]],
    workers: int,
    first_data: int,
    progress: Callable[[int], None] | None,
) -> list[_Chunk]:
    """Split the chunks into `workers` contiguous groups; this process does the first, forks do the rest."""
    size = -(-len(bounds) // workers)
    groups = [bounds[i : i + size] for i in range(0, len(bounds), size)]
    pipes: list[tuple[int, int]] = []
    for group in groups[1:]:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: validate, send the pickled chunks, never return into the caller
            code = 1
            try:
                os.close(read_fd)
                with os.fdopen(write_fd, "wb") as out:
                    pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
                    pickler.fast = True  # trees of small objects, no cycles: the memo only costs time
                    pickler.dump([_validate_range(plan, low, high) for low, high in group])
                code = 0
            finally:
                os._exit(code)
        os.close(write_fd)
        pipes.append((pid, read_fd))
    total = bounds[-1][1] - first_data
    chunks = []
    for low, high in groups[0]:
        chunks.append(_validate_range(plan, low, high))
        if progress is not None:  # the workers run at the same pace: extrapolate from this one
            progress(min(total, (high - first_data) * len(groups)))
    failed = False
    for pid, read_fd in pipes:
        with os.fdopen(read_fd, "rb") as source:
            data = source.read()
        _, status = os.waitpid(pid, 0)
        if status != 0 or not data:
            failed = True
            continue
        chunks += pickle.loads(data)
    if failed:
        raise RuntimeError("a validation worker process failed")
    return chunks


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
    zones: dict[str, tuple[str, str]] = {}  # raw → (normalized, "") or ("", error message)
    priorities: dict[str, tuple[str, str]] = {}
    padding = [[""] * (len(columns) - size) for size in range(len(columns) + 1)]
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
        if len(cells) < len(columns):
            cells += padding[len(cells)]
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
                reason = verdict.reason or Reason.INVALID_ID
                chunk.invalid.append(
                    _problem(index, columns[0], reason, verdict.message, verdict.suggestion, row)
                )
                continue
        if tz_index is not None and cells[tz_index]:
            zone = zones.get(cells[tz_index]) or zones.setdefault(cells[tz_index], _zone(cells[tz_index]))
            if zone[1]:
                chunk.invalid.append(
                    _problem(index, columns[tz_index], Reason.BAD_TIMEZONE, zone[1], None, row)
                )
                continue
            cells[tz_index] = zone[0]
        if priority_index is not None and cells[priority_index]:
            raw = cells[priority_index]
            priority = priorities.get(raw) or priorities.setdefault(raw, _priority(raw))
            if priority[1]:
                chunk.invalid.append(
                    _problem(index, columns[priority_index], Reason.BAD_PRIORITY, priority[1], None, row)
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


def _problem(
    index: int, column: Column, reason: Reason, message: str, suggestion: str | None, row: Sequence[str]
) -> RowProblem:
    return RowProblem(index + 1, column.title, reason, message, suggestion, tuple(row))


def _zone(raw: str) -> tuple[str, str]:
    try:
        return normalize_timezone(raw), ""
    except TimezoneError as error:
        return "", str(error)


def _priority(raw: str) -> tuple[str, str]:
    try:
        return normalize_priority(raw), ""
    except PriorityError as error:
        return "", str(error)


def _merge(plan: _Plan, has_header: bool, chunks: list[_Chunk]) -> ValidationResult:
    """Concatenate chunks in file order, widen ragged rows, then keep the first of each exact duplicate."""
    width = max(chunk.width for chunk in chunks) if chunks else len(plan.columns)
    columns = widen(plan.columns, width) if width > len(plan.columns) else plan.columns
    result = ValidationResult(plan.channel.id, list(columns), has_header)
    rows: list[str] = []
    numbers: list[int] = []
    normalized: set[int] = set()
    applied: set[int] = set()
    for chunk in chunks:
        result.rows_read += chunk.rows_read
        result.invalid += chunk.invalid
        rows += chunk.valid_rows
        numbers += chunk.valid_row_numbers
        normalized.update(chunk.normalized)
        applied.update(chunk.applied)
    if width > len(plan.columns):
        rows = [row + SEP * (width - 1 - row.count(SEP)) for row in rows]
    # Built in C, last assignment wins: iterating backwards maps each distinct row to its first number.
    first = dict(zip(reversed(rows), reversed(numbers), strict=True))
    if len(first) < len(rows):
        keep = list(map(operator.eq, map(first.__getitem__, rows), numbers))
        for number, cells in compress(zip(numbers, rows, strict=True), map(operator.not_, keep)):
            original = tuple(plan.table[number - 1])
            message = f"duplicate of row {first[cells]}"
            result.duplicates.append(RowProblem(number, "", Reason.DUPLICATE, message, None, original))
        rows, numbers = list(compress(rows, keep)), list(compress(numbers, keep))
        dropped = {problem.row_number for problem in result.duplicates}
        normalized -= dropped
        applied -= dropped
    result.valid_rows, result.valid_row_numbers = PackedRows(rows), numbers
    result.normalized, result.suggestions_applied = len(normalized), len(applied)
    result.suggestions = sum(problem.suggestion is not None for problem in result.invalid)
    return result
