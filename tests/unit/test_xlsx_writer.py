"""The writer's files open in calamine and openpyxl with exactly the strings given, never formulas."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sheets import zip_out
from sheets.limits import MAX_CELL_CHARS, utf16_length
from sheets.read import read_table
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


XSTRINGS = ["_x0041_", "_x005F_", "a_x00e9_b", "_x0041", "_X0041_", "__x0041__", "_x0041__x0042_", "_x12_"]


def _decode_xstring(text: str) -> str:
    """ECMA-376 ST_Xstring: `_xHHHH_` is U+HHHH. openpyxl does not decode it in cell text, Excel and
    calamine do; decoding what openpyxl reads checks the XML itself with a second parser."""
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), text)


def test_literal_xstring_escapes_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    write_xlsx(path, [SheetSpec("S", ["_x0041_"], [XSTRINGS])])
    assert _calamine_rows(path) == [["_x0041_", *[""] * (len(XSTRINGS) - 1)], XSTRINGS]
    sheet = openpyxl.load_workbook(path).active
    assert [_decode_xstring(cell.value) for cell in sheet[2]] == XSTRINGS
    assert read_table(path).rows[1] == XSTRINGS  # a downloaded list uploaded again is the same list


def test_sheet_titles_are_counted_in_utf16_units() -> None:
    assert sheet_title("😀" * 20) == "😀" * 15
    assert sheet_title("a" * 30 + "😀") == "a" * 30  # the emoji would be units 31 and 32
    assert sheet_title("😀" * 20, ["😀" * 15]) == "😀" * 13 + " (2)"
    assert all(utf16_length(sheet_title("é😀" * n)) <= 31 for n in range(1, 40))


def test_sheet_titles_are_sanitized_before_they_are_made_unique(tmp_path: Path) -> None:
    titles = ["List", "List\x85", "List\ufffe", "lIST", "List\x00"]
    path = tmp_path / "titles.xlsx"
    stats = write_xlsx(path, [SheetSpec(title, None, [[str(i)]]) for i, title in enumerate(titles)])
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names == stats.titles == ["List", "List (2)", "List (3)", "lIST (4)", "List (5)"]
    assert [_calamine_rows(path, i) for i in range(len(titles))] == [[[str(i)]] for i in range(len(titles))]
    assert openpyxl.load_workbook(path).sheetnames == names


def test_sheet_titles_are_never_empty_reserved_or_escapes() -> None:
    assert sheet_title("\x85\ufffe\ud800") == "Sheet"
    assert sheet_title("'''") == "Sheet"
    assert sheet_title("History") == "History (2)"
    assert sheet_title("hiSTORY") == "hiSTORY (2)"
    assert sheet_title("a" * 30 + "'b") == "a" * 30  # the cut leaves a trailing apostrophe
    assert "_x0041_" not in sheet_title("_x0041_ list")


def test_values_over_the_cell_limit_are_cut_and_counted(tmp_path: Path) -> None:
    long, emoji, escapes = "x" * 40_000, "😀" * 20_000, "_x0041_" * 6_000
    path = tmp_path / "long.xlsx"
    stats = write_xlsx(path, [SheetSpec("S", None, [["ok", long], [emoji, "fits" * 8_000], [escapes]])])
    assert stats.values_cut == 3
    rows = _calamine_rows(path)
    assert rows[0] == ["ok", "x" * MAX_CELL_CHARS]
    assert rows[1] == ["😀" * (MAX_CELL_CHARS // 2), "fits" * 8_000]  # never half an emoji
    assert rows[2][0] == escapes[:MAX_CELL_CHARS]
    assert openpyxl.load_workbook(path).active["B1"].value == "x" * MAX_CELL_CHARS


def test_dimension_is_the_used_range(tmp_path: Path) -> None:
    path = tmp_path / "dim.xlsx"
    write_xlsx(
        path,
        [
            SheetSpec("S", ["a", "b", "c", ""], [["1", "2", "", ""], ["3"]], [10, 10]),
            SheetSpec("E", None, []),
            SheetSpec("One", None, [["x"]]),
        ],
    )
    with zipfile.ZipFile(path) as zf:
        sheets = [zf.read(f"xl/worksheets/sheet{i}.xml").decode() for i in (1, 2, 3)]
    refs = [re.search('<dimension ref="([^"]+)"', xml) for xml in sheets]
    assert [ref.group(1) if ref else None for ref in refs] == ["A1:C3", "A1", "A1"]
    assert sheets[0].index("<dimension") < sheets[0].index("<sheetViews") < sheets[0].index("<cols")
    book = openpyxl.load_workbook(path, read_only=True)
    sheet = book["S"]
    assert (sheet.max_row, sheet.max_column) == (3, 3)
    assert list(sheet.values) == [("a", "b", "c"), ("1", "2", None), ("3", None, None)]
    book.close()


def test_column_widths_stay_within_excels_limits(tmp_path: Path) -> None:
    path = tmp_path / "widths.xlsx"
    write_xlsx(path, [SheetSpec("S", ["a", "b"], [], [1_000, -5])])
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("xl/worksheets/sheet1.xml").decode()
    assert re.findall('width="([^"]+)"', xml) == ["255.00", "0.00"]


def _wide_rows(count: int) -> list[list[str]]:
    return [[f"{n:07d}", "payload " * 20] for n in range(count)]


def test_sheet_past_zipfiles_streaming_limit_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """zipfile refuses a part streamed past ZIP64_LIMIT (2 GiB) unless opened with force_zip64."""
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1 << 16)
    rows = _wide_rows(2_000)  # ~600 KB of sheet XML
    path = tmp_path / "big.xlsx"
    write_xlsx(path, [SheetSpec("S", None, rows)])
    monkeypatch.undo()
    assert _calamine_rows(path) == rows


def test_parts_past_4_gib_use_zip64_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As if every size and offset over 4 KiB were over 4 GiB: the zip64 records are read by zipfile,
    calamine, openpyxl and unzip; small parts stay plain zip."""
    monkeypatch.setattr(zip_out, "ZIP32_LIMIT", 1 << 12)
    rows = _wide_rows(2_000)
    path = tmp_path / "zip64.xlsx"
    write_xlsx(path, [SheetSpec("S", ["Number", "Payload"], rows), SheetSpec("Small", None, [["x"]])])
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        info = zf.getinfo("xl/worksheets/sheet1.xml")
        assert info.file_size > 1 << 12
        assert info.flag_bits & 0x08  # sizes in a data descriptor after the data
        assert zf.getinfo("xl/worksheets/sheet2.xml").flag_bits == 0
    data = path.read_bytes()
    assert b"PK\x06\x06" in data  # zip64 end of central directory
    assert b"PK\x06\x07" in data  # and its locator
    assert _calamine_rows(path) == [["Number", "Payload"], *rows]
    assert [
        [c.value for c in row] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2)
    ] == rows
    if shutil.which("unzip"):
        subprocess.run(["unzip", "-tq", str(path)], check=True, capture_output=True)
