"""What a spreadsheet can hold (16,384 columns, 1,048,576 rows, 32,767 characters a cell) is checked while
reading, so a file the bot could never write back is refused with a reason that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.wording import sheet_error_text
from sheets.errors import SheetError, SheetErrorCode, SheetProblem
from sheets.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS
from sheets.read import read_table
from tests.fixtures import workbooks


def _csv(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def english(error: SheetError) -> str:
    return sheet_error_text("en", error)


def _refused(path: Path) -> SheetError:
    with pytest.raises(SheetError) as info:
        read_table(path)
    return info.value


def test_csv_with_more_columns_than_a_sheet_holds_is_refused(tmp_path: Path) -> None:
    header = ",".join(["Phone", *(f"c{i}" for i in range(1, 20_000))])
    error = _refused(_csv(tmp_path, f"{header}\n79161234567,a\n"))
    assert error.code is SheetErrorCode.TOO_LARGE
    assert (error.problem, error.params) == (
        SheetProblem.TOO_MANY_COLUMNS,
        {"columns": 20_000, "max": MAX_COLUMNS},
    )
    assert "20,000 columns" in english(error)
    assert f"{MAX_COLUMNS:,}" in english(error)
    assert "delete" in english(error).lower()


def test_empty_cells_past_the_last_column_do_not_count(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path, "Phone,Name" + "," * 20_000 + "\n79161234567,Ann\n"))
    assert table.rows[0][:2] == ["Phone", "Name"]
    assert len(table.rows[0]) == MAX_COLUMNS
    assert table.rows[1] == ["79161234567", "Ann"]


def test_exactly_as_many_columns_as_a_sheet_holds_is_read(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path, ",".join(["79161234567", *("x" * (MAX_COLUMNS - 1))]) + "\n"))
    assert len(table.rows[0]) == MAX_COLUMNS


def test_csv_with_more_rows_than_a_sheet_holds_is_refused(tmp_path: Path) -> None:
    error = _refused(_csv(tmp_path, "1\n" * (MAX_ROWS + 1)))
    assert error.code is SheetErrorCode.TOO_LARGE
    assert (error.problem, error.params) == (SheetProblem.TOO_MANY_ROWS, {"max": MAX_ROWS})


def test_quoted_csv_with_more_rows_than_a_sheet_holds_is_refused(tmp_path: Path) -> None:
    error = _refused(_csv(tmp_path, '"a\nb"\n' + "1\n" * MAX_ROWS))
    assert error.code is SheetErrorCode.TOO_LARGE
    assert (error.problem, error.params) == (SheetProblem.TOO_MANY_ROWS, {"max": MAX_ROWS})


def test_quoted_line_breaks_do_not_count_as_rows(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path, '"a\nb",1\n' * (MAX_ROWS // 2 + 1)))
    assert len(table.rows) == MAX_ROWS // 2 + 1


def test_xlsx_with_more_rows_than_a_sheet_holds_is_refused(tmp_path: Path) -> None:
    path = workbooks.many_rows_xlsx(tmp_path / "rows.xlsx", MAX_ROWS + 1)
    error = _refused(path)
    assert error.code is SheetErrorCode.TOO_LARGE
    assert (error.problem, error.params) == (SheetProblem.TOO_MANY_ROWS, {"max": MAX_ROWS})


@pytest.mark.parametrize(
    ("cell", "quoted"),
    [
        ("x" * 19_000_000, False),  # a huge unquoted line
        ("x" * 19_000_000, True),  # a huge quoted cell that is closed
        ("x" * (MAX_CELL_CHARS + 1), True),
        ("a\n" * 20_000, True),  # closed, spread over many lines
    ],
)
def test_csv_cell_longer_than_a_cell_holds_is_named(tmp_path: Path, cell: str, quoted: bool) -> None:
    value = f'"{cell}"' if quoted else cell
    error = _refused(_csv(tmp_path, f"Phone,Note\n79161234567,ok\n79161234568,{value}\n79161234569,ok\n"))
    assert error.code is SheetErrorCode.TOO_LARGE
    assert error.problem is SheetProblem.CELL_TOO_LONG
    assert (error.params["row"], error.params["column"], error.params["max"]) == (3, "B", MAX_CELL_CHARS)
    assert f"row 3, column B has {error.params['length']:,} characters" in english(error)
    assert f"{MAX_CELL_CHARS:,} characters" in english(error)


def test_cell_length_counts_utf16_units_like_excel(tmp_path: Path) -> None:
    emoji = "😀" * (MAX_CELL_CHARS // 2 + 1)  # fewer code points than the limit, more UTF-16 units
    error = _refused(_csv(tmp_path, f"Phone,Note\n79161234567,{emoji}\n"))
    assert (error.problem, error.params["row"]) == (SheetProblem.CELL_TOO_LONG, 2)
    fits = "😀" * (MAX_CELL_CHARS // 2)
    assert read_table(_csv(tmp_path, f"Phone,Note\n79161234567,{fits}\n", "fits.csv")).rows[1][1] == fits


def test_cell_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    cell = "x" * MAX_CELL_CHARS
    table = read_table(_csv(tmp_path, f'Phone,Note\n79161234567,"{cell}"\n79161234568,{cell}\n'))
    assert table.rows[1][1] == table.rows[2][1] == cell


def test_unclosed_quote_in_a_big_file_is_still_named(tmp_path: Path) -> None:
    error = _refused(_csv(tmp_path, 'Phone,Note\n79161234567,"open\n' + "79161234568,x\n" * 10_000))
    assert error.code is SheetErrorCode.UNREADABLE
    assert (error.problem, error.params) == (SheetProblem.UNCLOSED_QUOTE, {"line": 2})
    assert "near line 2 is never closed" in english(error)


def test_unclosed_quote_that_swallows_a_few_rows_is_refused(tmp_path: Path) -> None:
    """Below the cell limit the csv module silently puts the rest of the file into one cell."""
    error = _refused(_csv(tmp_path, 'Phone,Note\n79161234567,"open\n79161234568,x\n79161234569,y\n'))
    assert error.code is SheetErrorCode.UNREADABLE
    assert (error.problem, error.params) == (SheetProblem.UNCLOSED_QUOTE, {"line": 2})


def test_quote_left_open_on_the_last_line_loses_nothing(tmp_path: Path) -> None:
    table = read_table(_csv(tmp_path, 'Phone,Note\n79161234567,"open'))
    assert table.rows == [["Phone", "Note"], ["79161234567", "open"]]


def test_xlsx_cell_longer_than_a_cell_holds_is_named(tmp_path: Path) -> None:
    long = "x" * (MAX_CELL_CHARS + 1)
    body = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>79161234567</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>79161234568</t></is></c>'
        f'<c r="C2" t="inlineStr"><is><t>{long}</t></is></c></row>'
    )
    error = _refused(workbooks.xlsx_from_sheet_xml(tmp_path / "long.xlsx", body))
    assert error.code is SheetErrorCode.TOO_LARGE
    assert (error.problem, error.params["row"], error.params["column"]) == (
        SheetProblem.CELL_TOO_LONG,
        2,
        "C",
    )
