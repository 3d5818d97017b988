"""CSV decoding, delimiters, quoting and cleaning, and format detection by content."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.wording import sheet_error_text
from sheets.detect import FileFormat, detect_format
from sheets.errors import SheetError, SheetErrorCode, SheetProblem
from sheets.read import read_table

ROWS = [["Phone", "Имя", "City"], ["79161234567", "Анна", "Москва"], ["12015550123", "Пётр", "Paris"]]


def _write(tmp_path: Path, text: str, encoding: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1251"]
)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    text = "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"
    if encoding.endswith("-bom"):
        codec = encoding.removesuffix("-bom")
        data = ("\ufeff" + text).encode(codec)
        path = tmp_path / "list.csv"
        path.write_bytes(data)
    else:
        path = _write(tmp_path, text, encoding)
    table = read_table(path)
    assert table.format is FileFormat.CSV
    assert table.rows == ROWS


def test_quoting_with_delimiters_and_line_breaks_inside_cells(tmp_path: Path) -> None:
    text = 'Phone;Note\n"79161234567";"a; b ""quoted"""\n79161234568;"two\nlines"\n'
    table = read_table(_write(tmp_path, text, "utf-8"))
    assert table.rows == [["Phone", "Note"], ["79161234567", 'a; b "quoted"'], ["79161234568", "two lines"]]


def test_excel_sep_line_sets_the_delimiter(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "sep=;\nPhone;Name\n1,5;x\n", "utf-8"))
    assert table.rows == [["Phone", "Name"], ["1,5", "x"]]


def test_single_column_and_scientific_text_stay_as_written(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "1.26712E+10\n79161234567\n", "utf-8"))
    assert table.rows == [["1.26712E+10"], ["79161234567"]]


def test_control_characters_are_removed(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "Phone,Name\n7916\x001234567,An\x1bna\x7f\n", "utf-8"))
    assert table.rows == [["Phone", "Name"], ["79161234567", "Anna"]]


def test_tab_inside_a_comma_separated_cell_becomes_a_space(tmp_path: Path) -> None:
    table = read_table(_write(tmp_path, "a,b\nc\td,e\n", "utf-8"))
    assert table.rows == [["a", "b"], ["c d", "e"]]


def test_unclosed_quote_is_a_clear_error(tmp_path: Path) -> None:
    text = 'a,b\n"open,' + "x" * 200_000 + "\n"
    with pytest.raises(SheetError) as info:
        read_table(_write(tmp_path, text, "utf-8"))
    assert info.value.code is SheetErrorCode.UNREADABLE


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "PNG image"),
        (b"%PDF-1.7\n", "PDF"),
        (b"\xff\xd8\xff\xe0", "JPEG"),
        (b"Rar!\x1a\x07\x00", "RAR"),
        (b"\x1f\x8b\x08\x00", "GZIP"),
        (b"<html><body><table></table></body></html>", "HTML"),
    ],
)
def test_wrong_types_are_named(tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(data)
    with pytest.raises(SheetError) as info:
        detect_format(path)
    assert info.value.code is SheetErrorCode.UNSUPPORTED_FORMAT
    assert words in sheet_error_text("en", info.value)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(SheetError) as info:
        detect_format(path)
    assert info.value.code is SheetErrorCode.EMPTY


def test_csv_renamed_to_xlsx_is_read_as_csv(tmp_path: Path) -> None:
    path = _write(tmp_path, "Phone\n79161234567\n", "utf-8", name="list.xlsx")
    assert detect_format(path) is FileFormat.CSV


def test_other_zip_containers_are_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(SheetError) as info:
        detect_format(path)
    assert info.value.problem is SheetProblem.ODS
    assert "OpenDocument spreadsheet (ODS)" in sheet_error_text("en", info.value)
