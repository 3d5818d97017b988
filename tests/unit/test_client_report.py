"""Clients report rules: lenient headers, channel names, dates and date ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from validators.activity import parse_date_range, parse_timestamp
from validators.client_report import (
    Field,
    RowRejection,
    channel_from_report,
    match_header,
    parse_labels,
    parse_row,
)


def test_headers_match_in_english_and_russian() -> None:
    en = match_header(["Channel type", "Bot ID", "CLIENT_ID", "Client name", "Last message time", "Tags"])
    assert en == {
        Field.CHANNEL: 0,
        Field.BOT_ID: 1,
        Field.CLIENT_ID: 2,
        Field.NAME: 3,
        Field.LAST: 4,
        Field.LABELS: 5,
    }
    ru = match_header(["Тип канала", "ID клиента", "Время последнего сообщения", "Метки"])
    assert ru is not None
    assert ru[Field.LABELS] == 3
    assert match_header(["Client ID", "Name"]) is None  # channel and last activity are required


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TELEGRAM", "telegram"),
        ("Chat widget", "chat_widget"),
        ("CHAT_WIDGET", "chat_widget"),
        ("Facebook Messenger", "facebook"),
        ("Телефония", "telephony"),
        ("pager", None),
    ],
)
def test_channel_names(raw: str, expected: str | None) -> None:
    assert channel_from_report(raw) == expected


def test_labels_split_and_dedupe() -> None:
    assert parse_labels(" VIP; new ,vip,, late ") == ("VIP", "new", "late")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-09-01T12:30:00Z", "2026-09-01 12:30"),
        ("2026-09-01 15:30:00+03:00", "2026-09-01 12:30"),
        ("01.09.2026 12:30", "2026-09-01 12:30"),
        ("2026-09-01", "2026-09-01 00:00"),
        ("01.09.2026, 12:30:00", "2026-09-01 12:30"),  # ru-RU locale export
        ("2026-09-01 12:30:00 UTC", "2026-09-01 12:30"),
        ("2026/09/01 12:30", "2026-09-01 12:30"),
        ("2026-09-01T15:30 +03:00", "2026-09-01 12:30"),
        ("2026-02-30", None),
        ("12:30", None),
        ("soon", None),
    ],
)
def test_timestamps(raw: str, expected: str | None) -> None:
    value = parse_timestamp(raw)
    shown = dt.datetime.fromtimestamp(value, dt.UTC).strftime("%Y-%m-%d %H:%M") if value is not None else None
    assert shown == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01.09.2026-30.09.2026", ("2026-09-01", "2026-09-30")),
        ("2026-09-01..2026-09-30", ("2026-09-01", "2026-09-30")),
        ("2026-09-01 - 2026-09-30", ("2026-09-01", "2026-09-30")),
        ("1.9.2026 — 30.9.2026", ("2026-09-01", "2026-09-30")),
        ("15.09.2026", ("2026-09-15", "2026-09-15")),
        ("30.09.2026-01.09.2026", None),
        ("31.09.2026-01.10.2026", None),
        ("September", None),
    ],
)
def test_date_ranges(raw: str, expected: tuple[str, str] | None) -> None:
    parsed = parse_date_range(raw)
    assert (None if parsed is None else (parsed.first.isoformat(), parsed.last.isoformat())) == expected
    if parsed is not None:
        assert parsed.until - parsed.since == ((parsed.last - parsed.first).days + 1) * 86_400


def test_row_rules() -> None:
    columns = {Field.CHANNEL: 0, Field.CLIENT_ID: 1, Field.FIRST: 2, Field.LAST: 3}
    ok = parse_row(["telegram", "123456789.0", "2026-09-05", ""], columns, 2)
    assert not isinstance(ok, RowRejection)
    assert ok.client_id == "123456789"  # numeric cell normalized
    assert ok.first_activity == ok.last_activity  # missing last time: the first one
    bad = parse_row(["telegram", "123", "", ""], columns, 7)
    assert bad == RowRejection(7, "The last message time is empty.")
