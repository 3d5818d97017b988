"""Read any accepted file into rows of strings. Runs inside the sandbox child (see sheets.sandbox)."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from sheets import errors
from sheets.csv_read import open_csv
from sheets.detect import FileFormat, detect_format
from sheets.excel_read import open_workbook
from sheets.limits import MAX_COLUMNS, MAX_ROWS
from sheets.model import GuardLimits, Table, TableStream
from sheets.xlsx_guard import check_xlsx


def open_table(path: Path, guard: GuardLimits | None = None) -> TableStream:
    """Detect, guard and open `path`; rows are produced lazily. Raises SheetError."""
    guard = guard or GuardLimits()
    file_format = detect_format(path)
    if file_format is FileFormat.CSV:
        return open_csv(path)
    if file_format is FileFormat.XLSX and guard.enabled:
        check_xlsx(path, guard)
    return open_workbook(path, file_format)


def load_rows(stream: TableStream) -> list[list[str]]:
    """Every row of `stream`, refusing a table larger than a sheet (rows are counted while reading)."""
    rows = list(islice(stream.rows, MAX_ROWS + 1))
    if len(rows) > MAX_ROWS:
        raise errors.too_many_rows()
    if max(map(len, rows), default=0) > MAX_COLUMNS:
        _drop_empty_tails(rows)
    return rows


def load_table(stream: TableStream) -> Table:
    rows = load_rows(stream)
    return Table(
        stream.format, stream.sheet_name, stream.other_sheets_with_data, rows, stream.other_sheets_unchecked
    )


def read_table(path: Path, guard: GuardLimits | None = None) -> Table:
    """The whole table in memory. Only for trusted files or inside the sandbox."""
    return load_table(open_table(path, guard))


def _drop_empty_tails(rows: list[list[str]]) -> None:
    """Rows wider than a sheet: only empty cells may be past the last column (they are dropped)."""
    widest = 0
    for row in rows:
        if len(row) > MAX_COLUMNS:
            used = len(row)
            while used > MAX_COLUMNS and not row[used - 1].strip():
                used -= 1
            widest = max(widest, used)
            del row[MAX_COLUMNS:]
    if widest > MAX_COLUMNS:
        raise errors.too_many_columns(widest)
