"""The writer's files open in calamine and openpyxl with exactly the strings given, never formulas."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sheets.xlsx_writer import _ILLEGAL, SheetSpec, clean_value, column_letter, sheet_title, write_xlsx

TRICKY = [
    '=HYPERLINK("x")',
    "+7 916",
    "0012",
    "Ünïcødé ✓",
    "emoji 😀",
    "<b>&amp;</b>",
    " padded ",
    "1.26712E+10",
]


def _calamine_rows(path: Path, index: int = 0) -> list[list[Any]]:
    rows: list[list[Any]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_index(index).to_python(skip_empty_area=False)
    )
    return rows


def test_round_trip_keeps_every_string(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(path, [SheetSpec("List", ["A", "B"], [TRICKY[:4], TRICKY[4:]], [10, 20])])
    assert _calamine_rows(path) == [["A", "B", "", ""], TRICKY[:4], TRICKY[4:]]
    sheet = openpyxl.load_workbook(path).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1:] == [TRICKY[:4], TRICKY[4:]]
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value is not None)
    with zipfile.ZipFile(path) as zf:
        assert b"<f>" not in zf.read("xl/worksheets/sheet1.xml")


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    path = tmp_path / "ctl.xlsx"
    write_xlsx(path, [SheetSpec("S", None, [["a\x00b\x1bc\x7f", "\ud800lone"]])])
    assert _calamine_rows(path) == [["abc", "lone"]]


def test_empty_cells_keep_columns_and_several_sheets(tmp_path: Path) -> None:
    path = tmp_path / "multi.xlsx"
    write_xlsx(path, [SheetSpec("One", None, [["", "b", "", "d"]]), SheetSpec("One", None, [["x"]])])
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["One", "One (2)"]
    assert _calamine_rows(path) == [["", "b", "", "d"]]
    assert _calamine_rows(path, 1) == [["x"]]


def test_sheet_titles_follow_excel_rules() -> None:
    assert sheet_title("a[b]:c*d?e/f\\g") == "a b  c d e f g"
    assert len(sheet_title("x" * 40)) == 31
    assert sheet_title("'quoted'") == "quoted"
    assert sheet_title("") == "Sheet"
    assert sheet_title("List", ["list"]) == "List (2)"


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702, 16383)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]


def test_clean_value_escapes() -> None:
    assert clean_value("a<b>&c") == "a&lt;b&gt;&amp;c"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), min_size=1, max_size=5))
def test_any_text_round_trips_modulo_illegal_characters(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "h.xlsx"
        write_xlsx(path, [SheetSpec("H", None, rows)])
        got = _calamine_rows(path)
    expected = [[_ILLEGAL.sub("", value) for value in row] for row in rows]
    assert _trimmed(got) == _trimmed(expected)


def _trimmed(rows: list[list[object]] | list[list[str]]) -> list[list[object]]:
    """Rows without trailing empty cells and trailing empty rows (a sheet has no notion of either)."""
    result: list[list[object]] = []
    for row in rows:
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        result.append(cells)
    while result and not result[-1]:
        result.pop()
    return result
