"""The words around bounded results: how many failed rows the report cannot list, sheets not checked,
columns a sheet cannot hold. (The limits themselves: tests/unit.)"""

from __future__ import annotations

from typing import Any

from handlers.new_list import texts as nl_texts
from services.reports import report_summary
from sheets.report import MAX_ORIGINAL_COLUMNS


def summary(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "file_name": "calls.csv",
        "format": "csv",
        "sheet": "Main",
        "other_sheets": ["A", "B"],
        "rows_read": 250_000,
        "valid": 100_000,
        "invalid": 140_000,
        "duplicates": 10_000,
        "normalized": 0,
        "by_reason": {"too_short": 140_000},
        "original_columns": ["Phone"],
    }
    return base | overrides


def lines(found: dict[str, Any], locale: str = "en") -> dict[str, str]:
    return dict(report_summary(locale, found, "telephony"))


def test_rows_past_the_sandbox_list_are_counted_not_listed() -> None:
    shown = lines(summary(unlisted=50_000))
    assert shown["Failed rows not listed below (counted above)"] == "50,000"
    text = nl_texts.nl_summary(summary(unlisted=50_000), "telephony", [])
    assert "lists the first 100,000 of them; 50,000 more are counted above but not listed" in text


def test_rows_past_the_stored_examples_are_counted_not_listed() -> None:
    shown = lines(summary(unlisted=50_000, problems_total=100_000, problems_stored=90_000))
    assert shown["Failed rows not listed below (counted above)"] == "60,000"


def test_nothing_said_when_every_failed_row_is_listed() -> None:
    assert not [k for k in lines(summary(unlisted=0)) if "not listed" in k]
    assert "not listed" not in nl_texts.nl_summary(summary(unlisted=0), "telephony", [])


def test_sheets_not_checked_and_columns_not_shown() -> None:
    wide = ["Phone", *(f"c{i}" for i in range(MAX_ORIGINAL_COLUMNS + 4))]
    shown = lines(summary(other_sheets_unchecked=7, original_columns=wide))
    assert shown["Other sheets with data (not read)"] == "A, B"
    assert shown["More sheets (not checked)"] == "7"
    assert shown["Columns not shown (past the last column of a sheet)"] == "5"
    text = nl_texts.nl_summary(summary(other_sheets_unchecked=7), "telephony", [])
    assert "other sheets ignored: A, B, and 7 more" in text


def test_the_report_summary_reads_in_russian() -> None:
    shown = lines(summary(unlisted=50_000, other_sheets_unchecked=7, has_header=True), "ru")
    assert shown["Прочитано строк"] == "250\u00a0000"
    assert shown["Канал"] == "Телефония"
    assert shown["Строка заголовков"] == "да"
    assert shown["    Слишком короткий"] == "140\u00a0000"
    assert shown["Ошибочных строк нет в списке ниже (учтены выше)"] == "50\u00a0000"
    assert shown["Ещё листы (не проверены)"] == "7"
