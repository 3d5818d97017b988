"""Exact duplicates after normalization: the first is kept, later ones reported; near-duplicates all kept."""

from __future__ import annotations

from validators.result import Detail, Reason
from validators.rows import validate_rows

HEADER = ["Phone", "First name", "GMT_ZONE", "Priority"]
RU = "79161234567"


def test_exact_duplicates_after_normalization_are_reported() -> None:
    rows = [
        HEADER,
        [RU, "Ann", "+03:00", "5"],
        ["+7 (916) 123-45-67", " Ann", "UTC+3", "5.0"],  # same after normalization
        [f"{RU}.0", "Ann", "Europe/Moscow", "5", "", ""],  # trailing empty cells do not matter
    ]
    result = validate_rows(rows, "telephony")
    assert result.valid_row_numbers == [2]
    assert [(p.row_number, p.reason, p.detail, p.params, p.column) for p in result.duplicates] == [
        (3, Reason.DUPLICATE, Detail.DUPLICATE, {"row": 2}, ""),
        (4, Reason.DUPLICATE, Detail.DUPLICATE, {"row": 2}, ""),
    ]
    assert result.duplicates[0].cells == tuple(rows[2])
    assert result.normalized == 0  # the kept row needed no normalization
    assert result.invalid == []


def test_same_phone_with_any_difference_is_kept() -> None:
    rows = [HEADER, [RU, "Ann", "+03:00", "5"], [RU, "Anna", "+03:00", "5"], [RU, "Ann", "+03:00", "6"], [RU]]
    result = validate_rows(rows, "telephony")
    assert result.valid_row_numbers == [2, 3, 4, 5]
    assert result.duplicates == []


def test_duplicates_of_normalized_rows_do_not_count_twice() -> None:
    rows = [HEADER, [f"+{RU}", "A"], [f"+{RU}", "A"], [f"+{RU}", "B"]]
    result = validate_rows(rows, "telephony")
    assert result.normalized == 2
    assert [p.params for p in result.duplicates] == [{"row": 2}]


def test_invalid_rows_are_not_deduplicated() -> None:
    result = validate_rows([HEADER, ["bad", "A"], ["bad", "A"]], "telephony")
    assert len(result.invalid) == 2
    assert result.duplicates == []
