"""A problem quotes the cell it is about, but never a whole long cell: its text is shown in the summary
(a Telegram message holds 4,096 characters), and its parameters are stored for every failed row."""

from __future__ import annotations

import pytest

from services.wording import problem_text
from validators.result import Reason
from validators.rows import validate_rows

LONG = 30_000


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_problems_quote_at_most_the_start_of_a_long_cell(locale: str) -> None:
    rows = [
        ["Phone", "Name", "GMT_ZONE", "Priority"],
        ["79161234567", "A", "Europe/" + "x" * LONG, ""],
        ["79161234568", "B", "", "9" * LONG],
        ["1" * LONG + "E+10", "C", "", ""],
    ]
    result = validate_rows(rows, "telephony")
    assert [problem.reason for problem in result.invalid] == [
        Reason.BAD_TIMEZONE,
        Reason.BAD_PRIORITY,
        Reason.SCIENTIFIC_NOTATION,
    ]
    assert all(len(str(problem.params["value"])) <= 40 for problem in result.invalid)
    texts = [problem_text(locale, problem) for problem in result.invalid]
    assert all(len(text) < 400 for text in texts), [len(text) for text in texts]
    assert "Europe/xxx" in texts[0]
    assert "…" in texts[0]


def test_telegram_ids_quote_at_most_the_start_of_a_long_cell() -> None:
    result = validate_rows([["Telegram ID"], ["1" * LONG + "e5"]], "telegram")
    assert result.invalid[0].reason is Reason.SCIENTIFIC_NOTATION
    assert len(problem_text("en", result.invalid[0])) < 400
