"""Plain data passed between the sandboxed reader and the bot (picklable, standard library only)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sheets.detect import FileFormat
from validators.result import ValidationResult


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet as strings. `rows` keep the file's layout: row i is file row i + 1, column A is index 0."""

    format: FileFormat
    sheet_name: str | None  # None for CSV
    other_sheets_with_data: tuple[str, ...]
    rows: list[list[str]]
    other_sheets_unchecked: int = 0  # visible sheets past the listed ones, not looked at


@dataclass(slots=True)
class TableStream:
    """A table whose rows are produced lazily, so a 400k-row file is never held twice in memory."""

    format: FileFormat
    sheet_name: str | None
    other_sheets_with_data: tuple[str, ...]
    rows: Iterator[list[str]]
    row_count_hint: int  # physical rows expected (for progress); may be off for quoted multi-line cells
    other_sheets_unchecked: int = 0


@dataclass(frozen=True, slots=True)
class FileValidation:
    file_format: FileFormat
    sheet_name: str | None
    other_sheets: tuple[str, ...]
    result: ValidationResult
    peak_rss_kb: int = 0  # of the sandbox child (and its validator workers), for monitoring
    read_seconds: float = 0.0  # inside the child: file → rows in memory
    validate_seconds: float = 0.0  # inside the child: rows → result
    other_sheets_unchecked: int = 0  # visible sheets after the MAX_OTHER_SHEETS listed: not looked at


@dataclass(frozen=True, slots=True)
class Progress:
    rows_done: int
    fraction: float | None  # 0..1 when the row count is known


@dataclass(frozen=True, slots=True)
class GuardLimits:
    """Checks on an XLSX's zip directory and XML made before any parser sees the file."""

    enabled: bool = True
    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_members: int = 5_000
    max_ratio: int = 150  # uncompressed / compressed size of one member larger than 1 MB
    max_cells: int = 40_000_000  # area of a sheet's declared <dimension>


@dataclass(frozen=True, slots=True)
class SandboxLimits:
    memory_bytes: int = 2 * 1024**3  # RLIMIT_AS of the child
    cpu_seconds: int = 120  # RLIMIT_CPU of the child
    timeout_seconds: float = 120.0  # wall clock, then the child is killed
    workers: int = 2  # validator processes inside the child (forked after reading: both cores)
    # The pickled reply, checked by the child before sending and by the bot while receiving: what the
    # bot's own process may have to hold (a 20 MB CSV of 430k rows gives 24 MB).
    max_result_bytes: int = 128 * 1024 * 1024
    guard: GuardLimits = field(default_factory=GuardLimits)
