"""validate_rows: header handling, one problem per invalid row, normalization, suggestions, progress."""

from __future__ import annotations

from validators.result import Column, Reason
from validators.rows import validate_rows

HEADER = ["Phone", "First name", "GMT_ZONE", "Priority"]
US = "12015550123"
RU = "79161234567"


def test_header_and_valid_rows_normalized() -> None:
    result = validate_rows([HEADER, [f"+{RU}", " Ann ", "UTC+3", "5.0"], [US, "Bob"]], "telephony")
    assert result.has_header
    assert [column.key for column in result.columns] == ["client_id", "first_name", "gmt_zone", "priority"]
    assert result.valid_rows == [(RU, "Ann", "+03:00", "5"), (US, "Bob", "", "")]
    assert result.valid_row_numbers == [2, 3]
    assert (result.rows_read, result.normalized, result.invalid, result.duplicates) == (2, 1, [], [])


def test_headerless_file() -> None:
    result = validate_rows([[RU, "Ann"], [US, "Bob"]], "telephony")
    assert not result.has_header
    assert result.columns == [
        Column("client_id", "Phone", "id"),
        Column("payload:Column 2", "Column 2", "number"),
    ]
    assert result.valid_row_numbers == [1, 2]


def test_one_problem_per_row_in_order_id_timezone_priority() -> None:
    rows = [
        HEADER,
        ["12671234567", "A", "+25:00", "high"],  # id wins
        [RU, "B", "+25:00", "high"],  # then timezone
        [RU, "C", "+03:00", "high"],  # then priority
        ["", "D"],  # an empty id is a problem, not an empty row
    ]
    result = validate_rows(rows, "telephony")
    assert [(p.row_number, p.column, p.reason) for p in result.invalid] == [
        (2, "Phone", Reason.INVALID_FOR_COUNTRY),
        (3, "GMT_ZONE", Reason.BAD_TIMEZONE),
        (4, "Priority", Reason.BAD_PRIORITY),
        (5, "Phone", Reason.EMPTY),
    ]
    assert result.invalid[0].cells == ("12671234567", "A", "+25:00", "high")
    assert result.invalid_by_reason[Reason.BAD_TIMEZONE] == 1
    assert result.valid_rows == []
    assert result.rows_read == 4


def test_every_phone_reason_reaches_the_result() -> None:
    cells = ["", "n/a", "1.26712E+10", "12345", "1" * 21, "99912345678", "12671234567"]
    result = validate_rows([["Phone", "Name"], *([cell, "Ann"] for cell in cells)], "telephony")
    assert [problem.reason for problem in result.invalid] == [
        Reason.EMPTY,
        Reason.NOT_A_NUMBER,
        Reason.SCIENTIFIC_NOTATION,
        Reason.TOO_SHORT,
        Reason.TOO_LONG,
        Reason.UNKNOWN_COUNTRY_CODE,
        Reason.INVALID_FOR_COUNTRY,
    ]


def test_empty_rows_are_skipped_but_keep_file_row_numbers() -> None:
    rows = [[], ["", " "], HEADER, [], [RU], ["", "", "", ""], ["bad"]]
    result = validate_rows(rows, "telephony")
    assert result.has_header
    assert result.rows_read == 2
    assert result.valid_row_numbers == [5]
    assert [problem.row_number for problem in result.invalid] == [7]


def test_control_characters_are_removed_before_validation() -> None:
    result = validate_rows([HEADER, ["7916\x001234567", "An\x1bn\tLee", "", ""]], "telephony")
    assert result.valid_rows == [(RU, "Ann Lee", "", "")]


def test_suggestions_not_applied_are_counted_and_reported() -> None:
    result = validate_rows(
        [HEADER, ["89161234567", "A"], ["9161234567", "B"]], "telephony", default_region="RU"
    )
    assert result.valid_rows == []
    assert [problem.suggestion for problem in result.invalid] == [RU, RU]
    assert (result.suggestions, result.suggestions_applied) == (2, 0)


def test_suggestions_applied() -> None:
    rows = [HEADER, ["89161234567", "A"], ["12671234567", "B"], ["89161234567", "C", "+99"]]
    result = validate_rows(rows, "telephony", apply_suggestions=True)
    assert result.valid_rows == [(RU, "A", "", "")]
    assert result.suggestions_applied == 1
    # Row 3 has no suggestion; row 4 took one but then failed on its timezone.
    assert [(problem.row_number, problem.reason) for problem in result.invalid] == [
        (3, Reason.INVALID_FOR_COUNTRY),
        (4, Reason.BAD_TIMEZONE),
    ]
    assert result.suggestions == 0


def test_ragged_rows_are_padded_and_widen_the_columns() -> None:
    rows = [["Phone", "Name"], [RU], [US, "Bob", "", "extra"]]
    result = validate_rows(rows, "telephony")
    assert [column.title for column in result.columns] == ["Phone", "Name", "Column 3", "Column 4"]
    assert result.valid_rows == [(RU, "", "", ""), (US, "Bob", "", "extra")]


def test_text_channel() -> None:
    result = validate_rows([["Telegram ID", "Name"], ["123456789.0", "A"], ["@nick", "B"]], "telegram")
    assert result.valid_rows == [("123456789", "A")]
    assert result.normalized == 1
    assert result.invalid[0].column == "Telegram ID"
    assert result.invalid[0].reason is Reason.NOT_A_NUMBER


def test_empty_table() -> None:
    result = validate_rows([[], [""]], "telephony")
    assert (result.rows_read, len(result.valid_rows), result.has_header) == (0, 0, False)
    assert result.columns == [Column("client_id", "Phone", "id")]


def test_header_only() -> None:
    result = validate_rows([HEADER], "telephony")
    assert result.has_header
    assert result.rows_read == 0


def test_progress_is_reported_per_chunk() -> None:
    rows = [["Phone"]] + [[RU]] * 25_000
    calls: list[int] = []
    validate_rows(rows, "telephony", progress=calls.append)
    assert calls == [10_000, 20_000, 25_000]


def test_accepts_any_iterable() -> None:
    result = validate_rows(iter([(RU, "A"), (US, "B")]), "telephony")
    assert result.valid_count == 2


def test_memory_is_linear_in_columns() -> None:
    """A 4,000-column header with short rows: padding them must not build an n² table (64 MB here)."""
    import tracemalloc

    width = 4_000
    rows = [["Phone", *(f"c{i}" for i in range(1, width))], [RU, "x"], [US], [RU, "y", "z"]]
    tracemalloc.start()
    try:
        result = validate_rows(rows, "telephony")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.valid_count == 3
    assert len(result.valid_rows[0]) == width
    assert peak < 4 * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
