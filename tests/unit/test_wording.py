"""Every code the core can return has its words in every locale, and they read right: English as it
always did, Russian with CLDR plurals and grouping, country names from CLDR."""

from __future__ import annotations

import pytest

from i18n import LOCALES, catalog
from services.wording import detail_text, key_of, reason_label, sheet_error_text
from sheets.errors import FileKind, SheetError, SheetProblem
from validators.channels import CHANNELS
from validators.result import Detail, Params, Reason

# Params each Detail is rendered with (what the validators give it); one entry per Detail.
DETAIL_PARAMS: dict[Detail, Params] = {
    Detail.PHONE_EMPTY: {},
    Detail.PHONE_NOT_A_NUMBER: {},
    Detail.PHONE_SCIENTIFIC: {"value": "1.26712E+10"},
    Detail.PHONE_TOO_SHORT: {"digits": 5},
    Detail.PHONE_TOO_LONG: {"digits": 21},
    Detail.PHONE_LEADING_ZERO: {},
    Detail.PHONE_NO_COUNTRY_CODE: {"prefix": "999"},
    Detail.PLAN_TOO_SHORT: {"region": "RU", "code": 7, "digits": 9},
    Detail.PLAN_TOO_LONG: {"region": "US", "code": 1, "digits": 14},
    Detail.PLAN_LENGTH: {"region": "DE", "code": 49, "digits": 9},
    Detail.PLAN_NO_SUCH_NUMBER: {"region": "001", "code": 882},
    Detail.ID_EMPTY: {"channel": "viber"},
    Detail.ID_SCIENTIFIC: {"channel": "telegram", "value": "1.2E+10"},
    Detail.ID_NOT_A_NUMBER: {"channel": "vk"},
    Detail.ID_TOO_SHORT: {"channel": "facebook", "min": 5},
    Detail.ID_TOO_LONG: {"channel": "vk", "max": 19},
    Detail.ID_OUT_OF_RANGE: {"channel": "telegram", "max": 2**52},
    Detail.VIBER_ID: {},
    Detail.WIDGET_ID: {},
    Detail.TIMEZONE_MINUTES: {"value": "+3:75"},
    Detail.TIMEZONE_RANGE: {"value": "+15"},
    Detail.TIMEZONE_UNKNOWN: {"value": "Mars/Olympus"},
    Detail.PRIORITY: {"value": "high", "max": 100},
    Detail.DUPLICATE: {"row": 12345},
    Detail.UNKNOWN: {},
}
SHEET_PARAMS: dict[SheetProblem, Params] = {
    SheetProblem.NOT_A_SPREADSHEET: {"kind": "pdf"},
    SheetProblem.UNCLOSED_QUOTE: {"line": 12},
    SheetProblem.TOO_MANY_PARTS: {"parts": 6001},
    SheetProblem.UNPACKS_TO: {"megabytes": 300},
    SheetProblem.COMPRESSION: {"ratio": 1032},
    SheetProblem.SHEET_CELLS: {"cells": 50_000_000},
    SheetProblem.RESULT_TOO_LARGE: {"megabytes": 128},
    SheetProblem.TOO_MANY_COLUMNS: {"columns": 20_000, "max": 16_384},
    SheetProblem.TOO_MANY_ROWS: {"max": 1_048_576},
    SheetProblem.CELL_TOO_LONG: {"row": 3, "column": "B", "length": 40_000, "max": 32_767},
}


def test_every_detail_is_listed_here() -> None:
    assert set(DETAIL_PARAMS) == set(Detail)


@pytest.mark.parametrize("locale", LOCALES)
def test_every_reason_has_a_label(locale: str) -> None:
    for reason in Reason:
        assert catalog().has(locale, key_of("reason", reason)), reason
        assert reason_label(locale, reason) != reason.value


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("detail", list(Detail))
def test_every_detail_has_a_text_that_renders(locale: str, detail: Detail) -> None:
    assert catalog().has(locale, key_of("problem", detail)), detail
    text = detail_text(locale, detail, DETAIL_PARAMS[detail])
    assert text
    assert "{" not in text
    assert "$" not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_every_channel_names_its_id(locale: str) -> None:
    for channel in CHANNELS:
        for prefix in ("id-noun", "file-column-id", "file-channel"):
            assert catalog().has(locale, key_of(prefix, channel)), (prefix, channel)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("problem", list(SheetProblem))
def test_every_sheet_error_has_a_text_that_renders(locale: str, problem: SheetProblem) -> None:
    assert catalog().has(locale, key_of("sheet-error", problem)), problem
    text = sheet_error_text(locale, SheetError(problem, SHEET_PARAMS.get(problem)))
    assert text.endswith((".", ")")), text
    assert "{" not in text


@pytest.mark.parametrize("locale", LOCALES)
def test_every_kind_of_file_is_named(locale: str) -> None:
    for kind in FileKind:
        assert catalog().has(locale, key_of("sheet-kind", kind)), kind


@pytest.mark.parametrize(
    ("detail", "params", "english"),
    [
        (Detail.PHONE_EMPTY, {}, "The phone number is empty."),
        (
            Detail.PHONE_TOO_SHORT,
            {"digits": 5},
            "Too short for a phone number with its country code: 5 digits.",
        ),
        (
            Detail.PLAN_LENGTH,
            {"region": "RU", "code": 7, "digits": 11},
            "Not in the Russia numbering plan: no number there has 11 digits after +7.",
        ),
        (Detail.ID_EMPTY, {"channel": "chat_widget"}, "The chat widget client ID is empty."),
        (
            Detail.ID_OUT_OF_RANGE,
            {"channel": "telegram", "max": 2**52},
            "Not a Telegram ID: a positive number up to 4503599627370496.",
        ),
        (
            Detail.PRIORITY,
            {"value": "high", "max": 100},
            "Priority 'high' is not a whole number from 0 to 100.",
        ),
        (Detail.DUPLICATE, {"row": 12345}, "duplicate of row 12345"),
    ],
)
def test_english_reads_as_it_did(detail: Detail, params: Params, english: str) -> None:
    assert detail_text("en", detail, params) == english


@pytest.mark.parametrize(
    ("digits", "russian"),
    [(1, "1 цифра"), (2, "2 цифры"), (5, "5 цифр"), (11, "11 цифр"), (21, "21 цифра")],
)
def test_russian_counts_digits_by_cldr_plurals(digits: int, russian: str) -> None:
    text = detail_text("ru", Detail.PLAN_TOO_SHORT, {"region": "DE", "code": 49, "digits": digits})
    assert text == f"Слишком короткий номер для плана нумерации страны Германия: {russian} после +49."


def test_russian_names_the_country_and_groups_numbers() -> None:
    out_of_range = detail_text("ru", Detail.ID_OUT_OF_RANGE, {"channel": "telegram", "max": 2**52})
    grouped = "4\u00a0503\u00a0599\u00a0627\u00a0370\u00a0496"
    assert out_of_range == f"Это не Telegram ID: нужно положительное число не больше {grouped}."
    assert detail_text("ru", Detail.DUPLICATE, {"row": 12345}) == "повтор строки 12345"
    cell = SheetError(
        SheetProblem.CELL_TOO_LONG, {"row": 1234, "column": "B", "length": 40_001, "max": 32_767}
    )
    assert sheet_error_text("ru", cell).startswith(
        "В ячейке в строке 1\u00a0234, столбце B 40\u00a0001 символ, "
        "а ячейка вмещает не больше 32\u00a0767 символов."
    )


def test_an_unknown_detail_shows_its_reason() -> None:
    assert detail_text("ru", Detail.UNKNOWN, {}, "too_short") == "Слишком короткий"
    assert detail_text("en", "no_such_detail", {}, "duplicate") == "Duplicate"
