"""XLS and XLSX through calamine: first visible sheet with data, every cell as a string."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from python_calamine import (
    CalamineError,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from sheets import errors
from sheets.cells import clean_text, has_control, to_text
from sheets.detect import FileFormat
from sheets.errors import SheetProblem
from sheets.limits import MAX_CELL_CHARS, MAX_ROWS, MAX_TITLE_UNITS, fit_utf16, utf16_length
from sheets.model import TableStream

# A row whose joined cells are shorter cannot hold a cell over MAX_CELL_CHARS UTF-16 units.
_MAY_BE_LONG = MAX_CELL_CHARS // 2
# Other sheets with data named in the summary; the sheets after them are not even loaded.
MAX_OTHER_SHEETS = 20


def open_workbook(path: Path, file_format: FileFormat) -> TableStream:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        chosen: Any = None
        others: list[str] = []
        unchecked = 0
        for index, name in enumerate(names):
            if len(others) == MAX_OTHER_SHEETS:
                unchecked = len(names) - index
                break
            sheet = workbook.get_sheet_by_name(name)
            if sheet.start is None:
                continue
            if chosen is None:
                chosen = sheet
            else:
                others.append(_shown_name(name))
    except PasswordError as exc:
        raise errors.encrypted() from exc
    except (CalamineError, ValueError, OSError) as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise errors.encrypted() from exc
        raise errors.unreadable(SheetProblem.NOT_REAL_EXCEL) from exc
    if chosen is None:
        raise errors.empty(SheetProblem.NO_VISIBLE_DATA)
    height = chosen.end[0] + 1
    if height > MAX_ROWS:  # calamine has the sheet in memory: refuse before a row becomes Python objects
        raise errors.too_many_rows()
    return TableStream(file_format, _shown_name(chosen.name), tuple(others), _rows(chosen), height, unchecked)


def _shown_name(name: str) -> str:
    """Excel's names have at most 31 characters; a file may carry any length."""
    cut = fit_utf16(name, MAX_TITLE_UNITS)
    return cut if cut == name else cut[:-1] + "…"


def _rows(sheet: Any) -> Iterator[list[str]]:
    """Rows in file layout. calamine's iter_rows starts at row 1 but at the first used column."""
    start_row, start_col = sheet.start
    pad = [""] * start_col
    rows = sheet.iter_rows()
    first = next(rows, None)
    if first is None:
        return
    first_number = 1
    if start_row and any(cell != "" for cell in first):
        # A calamine version that also skips the empty top rows: put them back.
        for _ in range(start_row):
            yield []
        first_number = start_row + 1
    for number, raw in enumerate(_chain_first(first, rows), start=first_number):
        try:
            joined = "".join(raw)  # fast path: raises TypeError as soon as a cell is not a string
            row: list[str] = raw
        except TypeError:
            row = [to_text(cell) for cell in raw]
            joined = "".join(row)
        if has_control(joined):
            row = [clean_text(cell) for cell in row]
        if len(joined) > _MAY_BE_LONG:
            _check_cells(row, number, start_col)
        yield pad + row if pad else row


def _check_cells(row: list[str], number: int, first_column: int) -> None:
    for index, cell in enumerate(row, start=first_column):
        if len(cell) > _MAY_BE_LONG and (length := utf16_length(cell)) > MAX_CELL_CHARS:
            raise errors.cell_too_long(number, index, length)


def _chain_first(first: list[Any], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield first
    yield from rest
