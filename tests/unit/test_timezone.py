from __future__ import annotations

import pytest

from validators.result import Detail
from validators.timezone import TimezoneError, normalize_timezone


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("", ""),
        ("  ", ""),
        ("+03:00", "+03:00"),
        ("-05:00", "-05:00"),
        ("+3", "+03:00"),
        ("-5", "-05:00"),
        ("+0530", "+05:30"),
        ("UTC+3", "+03:00"),
        ("utc-4:30", "-04:30"),
        ("GMT+5:45", "+05:45"),
        ("GMT -8", "-08:00"),
        ("UTC", "+00:00"),
        ("Z", "+00:00"),
        ("3", "+03:00"),
        ("03:00:00", "+03:00"),  # a time cell from Excel
        ("+14:00", "+14:00"),
        ("-12:00", "-12:00"),
        ("Europe/Moscow", "+03:00"),
        ("europe/moscow", "+03:00"),
        ("Asia/Kolkata", "+05:30"),
    ],
)
def test_accepted_forms(raw: str, stored: str) -> None:
    assert normalize_timezone(raw) == stored


def test_iana_names_use_the_current_offset() -> None:
    assert normalize_timezone("America/New_York") in ("-05:00", "-04:00")


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        ("+15", Detail.TIMEZONE_RANGE),
        ("+14:30", Detail.TIMEZONE_RANGE),
        ("-12:30", Detail.TIMEZONE_RANGE),
        ("+3:75", Detail.TIMEZONE_MINUTES),
        ("Mars/Olympus", Detail.TIMEZONE_UNKNOWN),
        ("MSK", Detail.TIMEZONE_UNKNOWN),
        ("+3.5", Detail.TIMEZONE_UNKNOWN),
        ("abc", Detail.TIMEZONE_UNKNOWN),
    ],
)
def test_rejected(raw: str, detail: Detail) -> None:
    with pytest.raises(TimezoneError) as error:
        normalize_timezone(raw)
    assert (error.value.detail, error.value.params) == (detail, {"value": raw.strip()})
