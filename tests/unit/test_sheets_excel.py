"""XLSX/XLS cells as strings: numbers, dates, formulas, booleans, hidden and multiple sheets, merges."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from sheets.detect import FileFormat
from sheets.errors import SheetError, SheetErrorCode
from sheets.read import read_table
from tests.fixtures.workbooks import formula_with_cached_values, legacy_xls


def test_cell_types_become_strings(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Phone", "Sci", "Fraction", "Date", "When", "Flag", "Int"])
    sheet.append(
        [12671234567, 1.26712e10, 0.1 + 0.2, dt.date(2024, 1, 5), dt.datetime(2024, 1, 5, 10, 30), True, 7]
    )
    path = tmp_path / "types.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.format is FileFormat.XLSX
    # Excel keeps 1.26712E+10 as the number 12671200000: only the text form can be flagged as scientific.
    assert table.rows[1] == [
        "12671234567",
        "12671200000",
        "0.3",
        "2024-01-05",
        "2024-01-05 10:30:00",
        "TRUE",
        "7",
    ]


def test_formulas_give_their_cached_values(tmp_path: Path) -> None:
    table = read_table(formula_with_cached_values(tmp_path / "f.xlsx"))
    assert table.rows == [["79161234567", "3"]]


def test_hidden_and_empty_sheets_are_skipped_and_others_reported(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "Hidden"
    hidden["A1"] = "secret"
    hidden.sheet_state = "hidden"
    book.create_sheet("Empty")
    book.create_sheet("Main")["A1"] = "79161234567"
    book.create_sheet("Extra")["B2"] = "x"
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.sheet_name == "Main"
    assert table.other_sheets_with_data == ("Extra",)
    assert table.rows == [["79161234567"]]


def test_layout_is_kept_with_empty_leading_rows_columns_and_merges(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["B3"] = "Phone"
    sheet["C3"] = "Name"
    sheet.merge_cells("C4:D4")
    sheet["C4"] = "merged"
    sheet["B4"] = "79161234567"
    sheet["E4"] = "after"
    path = tmp_path / "layout.xlsx"
    book.save(path)
    rows = read_table(path).rows
    assert rows[2][:3] == ["", "Phone", "Name"]
    assert rows[3] == ["", "79161234567", "merged", "", "after"]
    assert all(cell == "" for row in rows[:2] for cell in row)


def test_control_characters_in_cells_are_removed(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["two\nlines", "tab\there"])
    path = tmp_path / "ctl.xlsx"
    book.save(path)
    assert read_table(path).rows == [["two lines", "tab here"]]


def test_only_hidden_data_is_empty(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    book.active.sheet_state = "hidden"
    book.create_sheet("Visible")
    path = tmp_path / "hidden.xlsx"
    book.save(path)
    with pytest.raises(SheetError) as info:
        read_table(path)
    assert info.value.code is SheetErrorCode.EMPTY


def test_legacy_xls(tmp_path: Path) -> None:
    table = read_table(legacy_xls(tmp_path / "old.xls"))
    assert table.format is FileFormat.XLS
    assert table.sheet_name == "Clients"
    assert table.rows == [["Phone", "Name"], ["12015550123", "Анна"]]


def test_other_sheets_are_listed_up_to_a_limit_with_names_cut(tmp_path: Path) -> None:
    """A workbook of thousands of sheets with long names must not make the summary unbounded."""
    import warnings

    book = openpyxl.Workbook()
    book.active.title = "Main"
    book.active["A1"] = "79161234567"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about titles over 31 characters
        for i in range(30):
            book.create_sheet(f"{i:02d}" + "n" * 100)["A1"] = "x"
    path = tmp_path / "many.xlsx"
    book.save(path)
    table = read_table(path)
    assert table.sheet_name == "Main"
    assert len(table.other_sheets_with_data) == 20
    assert table.other_sheets_with_data[0] == "00" + "n" * 28 + "…"
    assert table.other_sheets_unchecked == 10
