"""A problem's message quotes the cell it is about, but never a whole long cell: messages are shown in
the summary (a Telegram message holds 4,096 characters) and stored for every failed row."""

from __future__ import annotations

from validators.result import Reason
from validators.rows import validate_rows

LONG = 30_000


def test_messages_quote_at_most_the_start_of_a_long_cell() -> None:
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
    assert all(len(problem.message) < 400 for problem in result.invalid), [
        len(problem.message) for problem in result.invalid
    ]
    assert "Europe/xxx" in result.invalid[0].message
    assert "…" in result.invalid[0].message


def test_telegram_ids_quote_at_most_the_start_of_a_long_cell() -> None:
    result = validate_rows([["Telegram ID"], ["1" * LONG + "e5"]], "telegram")
    assert result.invalid[0].reason is Reason.SCIENTIFIC_NOTATION
    assert len(result.invalid[0].message) < 400
