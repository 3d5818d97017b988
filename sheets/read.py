"""Read any accepted file into rows of strings. Runs inside the sandbox child (see sheets.sandbox)."""

from __future__ import annotations

from pathlib import Path

from sheets.csv_read import open_csv
from sheets.detect import FileFormat, detect_format
from sheets.excel_read import open_workbook
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


def read_table(path: Path, guard: GuardLimits | None = None) -> Table:
    """The whole table in memory. Only for trusted files or inside the sandbox."""
    return open_table(path, guard).materialize()
