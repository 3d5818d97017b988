"""validators.call_rows / call_window: a list row → an addPhones object, gmtZone inferred from the number
where its country or area code has one UTC offset at the time of sending, the call policy and typed
call windows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from validators.call_rows import (
    ANY_TIME,
    WEEKDAYS_10_18,
    CallRow,
    CallRowMapper,
    CallWindow,
    TimeRange,
    WindowError,
    WindowPreset,
    WindowProblem,
    ZoneSource,
    call_policy,
    format_offset,
    infer_gmt_zone,
    map_row,
    parse_window,
    preset_window,
)
from validators.result import Column

WINTER = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
SUMMER = datetime(2025, 7, 15, 12, 0, tzinfo=UTC)
COLUMNS = (
    Column("client_id", "Phone"),
    Column("first_name", "First name"),
    Column("last_name", "Last name"),
    Column("city", "City"),
    Column("gmt_zone", "GMT_ZONE"),
    Column("priority", "Priority"),
    Column("payload:Promo code", "Promo code"),
)


def test_a_full_row_maps_to_phone_gmt_zone_priority_and_payload_by_title() -> None:
    row = map_row(["74951234567", "Anna", "Petrova", "Moscow", "+03:00", "7", "SPRING"], COLUMNS, at=WINTER)
    assert row.zone is ZoneSource.GIVEN
    assert row.item == {
        "phone": "74951234567",
        "payload": {"First name": "Anna", "Last name": "Petrova", "City": "Moscow", "Promo code": "SPRING"},
        "gmtZone": "+03:00",
        "dialerPriority": 7,
    }


def test_the_given_timezone_wins_over_the_number() -> None:
    row = map_row(["12125550123", "", "", "", "-08:00", "", ""], COLUMNS, at=WINTER)
    assert (row.item["gmtZone"], row.zone) == ("-08:00", ZoneSource.GIVEN)


def test_empty_optional_cells_are_left_out_and_short_rows_padded() -> None:
    row = map_row(["79161234567", "Anna"], COLUMNS, at=WINTER)
    assert row.item == {
        "phone": "79161234567",
        "payload": {"First name": "Anna", "Last name": "", "City": "", "Promo code": ""},
    }
    assert row.zone is ZoneSource.NONE  # a Russian mobile number: sixteen time zones


def test_only_a_phone_column_means_no_payload_and_the_first_column_is_the_phone_whatever_its_key() -> None:
    row = map_row(["442079460123"], [Column("phone", "Телефон")], at=WINTER)
    assert row.item == {"phone": "442079460123", "gmtZone": "+00:00"}
    assert row.zone is ZoneSource.INFERRED


def test_flow_b_columns_all_go_to_the_payload() -> None:
    columns = [Column("client_id", "Phone"), Column("name", "Name"), Column("labels", "Labels")]
    row = map_row(["4930123456", "Anna", "vip"], columns, at=WINTER)
    assert row.item == {
        "phone": "4930123456",
        "payload": {"Name": "Anna", "Labels": "vip"},
        "gmtZone": "+01:00",
    }


def test_a_priority_that_is_not_a_whole_number_is_left_out() -> None:
    columns = [Column("client_id", "Phone"), Column("priority", "Priority")]
    assert "dialerPriority" not in map_row(["442079460123", "high"], columns, at=WINTER).item
    assert map_row(["442079460123", "0"], columns, at=WINTER).item["dialerPriority"] == 0


def test_the_policy_is_added_to_every_row_and_may_not_set_row_fields() -> None:
    policy = call_policy(WEEKDAYS_10_18, 2, 90)
    mapper = CallRowMapper(COLUMNS, at=WINTER, policy=policy)
    for phone in ("74951234567", "442079460123"):
        item = mapper([phone]).item
        assert {key: item[key] for key in policy} == policy
    with pytest.raises(ValueError, match="row fields"):
        CallRowMapper(COLUMNS, at=WINTER, policy={"gmtZone": "+03:00"})


def test_mapping_refuses_a_naive_time_and_no_columns() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CallRowMapper(COLUMNS, at=datetime(2025, 1, 15))
    with pytest.raises(ValueError, match="timezone-aware"):
        infer_gmt_zone("74951234567", datetime(2025, 1, 15))
    with pytest.raises(ValueError, match="phone column"):
        CallRowMapper([], at=WINTER)


def test_inference_can_be_turned_off() -> None:
    mapper = CallRowMapper(COLUMNS[:1], at=WINTER, infer_zones=False)
    assert mapper(["442079460123"]) == CallRow({"phone": "442079460123"}, ZoneSource.NONE)


@pytest.mark.parametrize(
    ("phone", "winter", "summer"),
    [
        # Single-offset countries.
        ("4930123456", "+01:00", "+02:00"),  # Germany
        ("81312345678", "+09:00", "+09:00"),  # Japan
        # United Kingdom: London, and a mobile number (London, Jersey, Guernsey, Isle of Man: one offset).
        ("442079460123", "+00:00", "+01:00"),
        ("447400123456", "+00:00", "+01:00"),
        # United States: area codes in one zone.
        ("12125550123", "-05:00", "-04:00"),  # New York
        ("14155550123", "-08:00", "-07:00"),  # San Francisco
        ("19285551234", "-07:00", "-07:00"),  # Arizona, no DST
        # Russia: area codes in one zone.
        ("74951234567", "+03:00", "+03:00"),  # Moscow
        ("73432123456", "+05:00", "+05:00"),  # Yekaterinburg
        # Ambiguous: a Russian mobile, a US toll-free number.
        ("79161234567", None, None),
        ("18005550123", None, None),
        # Not a number phonenumbers can place.
        ("", None, None),
        ("abc", None, None),
        ("999123", None, None),
    ],
)
def test_gmt_zone_inferred_from_the_number(phone: str, winter: str | None, summer: str | None) -> None:
    assert infer_gmt_zone(phone, WINTER) == winter
    assert infer_gmt_zone(phone, SUMMER) == summer


def test_an_exchange_across_two_zones_is_inferred_only_while_they_share_an_offset() -> None:
    navajo = "19282831234"  # Denver and Phoenix: the same offset in winter, an hour apart in summer
    assert infer_gmt_zone(navajo, WINTER) == "-07:00"
    assert infer_gmt_zone(navajo, SUMMER) is None
    mapper = CallRowMapper(COLUMNS[:1], at=SUMMER)
    assert mapper([navajo]).zone is ZoneSource.NONE


def test_dst_is_that_of_the_moment_given() -> None:
    # New York moves to EDT at 2025-03-09 07:00 UTC; London to BST at 2025-03-30 01:00 UTC.
    before_us = datetime(2025, 3, 9, 6, 59, tzinfo=UTC)
    assert infer_gmt_zone("12125550123", before_us) == "-05:00"
    assert infer_gmt_zone("12125550123", before_us + timedelta(minutes=1)) == "-04:00"
    before_uk = datetime(2025, 3, 30, 0, 59, tzinfo=UTC)
    assert infer_gmt_zone("442079460123", before_uk) == "+00:00"
    assert infer_gmt_zone("442079460123", before_uk + timedelta(minutes=1)) == "+01:00"
    # Any aware datetime will do: the offset is that of the same instant.
    moscow_noon = datetime(2025, 7, 15, 15, 0, tzinfo=timezone(timedelta(hours=3)))
    assert infer_gmt_zone("12125550123", moscow_noon) == "-04:00"


def test_format_offset() -> None:
    assert format_offset(timedelta(0)) == "+00:00"
    assert format_offset(timedelta(hours=5, minutes=30)) == "+05:30"
    assert format_offset(-timedelta(hours=9, minutes=30)) == "-09:30"


# --- call policy -----------------------------------------------------------------------------------


def test_policy_of_the_presets() -> None:
    assert preset_window(WindowPreset.ANY_TIME) == ANY_TIME
    assert call_policy(ANY_TIME, 1, 60) == {"maxAttempts": 1}
    assert call_policy(preset_window(WindowPreset.WEEKDAYS_10_18), 3, 120) == {
        "allowedDays": ["mon", "tue", "wed", "thu", "fri"],
        "allowedTime": {"default": [{"localTimeFrom": "10:00", "localTimeTo": "18:00"}]},
        "maxAttempts": 3,
        "retryIntervalInMinutes": 120,
    }
    with pytest.raises(ValueError, match="custom"):
        preset_window(WindowPreset.CUSTOM)


def test_policy_of_a_custom_window_with_dates() -> None:
    window = CallWindow(("sat", "mon"), (TimeRange("09:00", "13:00"), TimeRange("14:00", "18:00")))
    start = datetime(2025, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=3)))
    policy = call_policy(window, 2, 30, start=start, finish=start + timedelta(days=7))
    assert policy == {
        "allowedDays": ["mon", "sat"],
        "allowedTime": {
            "default": [
                {"localTimeFrom": "09:00", "localTimeTo": "13:00"},
                {"localTimeFrom": "14:00", "localTimeTo": "18:00"},
            ]
        },
        "startDateTime": "2025-03-01T09:00:00Z",
        "finishDateTime": "2025-03-08T09:00:00Z",
        "maxAttempts": 2,
        "retryIntervalInMinutes": 30,
    }


@pytest.mark.parametrize(
    ("attempts", "retry", "kwargs", "match"),
    [
        (0, 60, {}, "attempts"),
        (6, 60, {}, "attempts"),
        (2, 0, {}, "retry"),
        (2, 7 * 24 * 60 + 1, {}, "retry"),
        (1, 60, {"start": datetime(2025, 1, 1)}, "timezone-aware"),
        (1, 60, {"start": SUMMER, "finish": WINTER}, "after"),
    ],
)
def test_policy_refuses_impossible_settings(
    attempts: int, retry: int, kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(ValueError, match=match):
        call_policy(ANY_TIME, attempts, retry, **kwargs)


def test_window_round_trips_through_json() -> None:
    window = CallWindow(("mon", "fri"), (TimeRange("09:30", "12:00"),))
    assert CallWindow.from_json(window.to_json()) == window
    assert CallWindow.from_json(ANY_TIME.to_json()) == ANY_TIME


# --- typed windows ----------------------------------------------------------------------------------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mon-fri 09:00-18:00", CallWindow(WEEKDAYS, (TimeRange("09:00", "18:00"),))),
        ("пн-пт 9-18", CallWindow(WEEKDAYS, (TimeRange("09:00", "18:00"),))),
        ("Пн – Пт, 9:00 — 18:00", CallWindow(WEEKDAYS, (TimeRange("09:00", "18:00"),))),
        ("с 9 до 18 пн по пт", CallWindow(WEEKDAYS, (TimeRange("09:00", "18:00"),))),
        ("Mon to Fri from 9 to 18", CallWindow(WEEKDAYS, (TimeRange("09:00", "18:00"),))),
        (
            "будни 9-13, 14-18",
            CallWindow(WEEKDAYS, (TimeRange("09:00", "13:00"), TimeRange("14:00", "18:00"))),
        ),
        (
            "14-18 9-13 weekdays",
            CallWindow(WEEKDAYS, (TimeRange("09:00", "13:00"), TimeRange("14:00", "18:00"))),
        ),
        ("сб 10-14", CallWindow(("sat",), (TimeRange("10:00", "14:00"),))),
        ("пн, ср, пт 10.30-19", CallWindow(("mon", "wed", "fri"), (TimeRange("10:30", "19:00"),))),
        ("Saturday Sunday", CallWindow(("sat", "sun"), ())),
        ("выходные", CallWindow(("sat", "sun"), ())),
        ("fri-mon 10-12", CallWindow(("mon", "fri", "sat", "sun"), (TimeRange("10:00", "12:00"),))),
        ("9-18", CallWindow((), (TimeRange("09:00", "18:00"),))),
        ("every day 8:00-21:00", CallWindow((), (TimeRange("08:00", "21:00"),))),
        ("ежедневно 9-24", CallWindow((), (TimeRange("09:00", "23:59"),))),
        ("mon-sun", ANY_TIME),
        ("каждый день", ANY_TIME),
        ("пн. вт.", CallWindow(("mon", "tue"), ())),
    ],
)
def test_typed_windows(text: str, expected: CallWindow) -> None:
    assert parse_window(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "params"),
    [
        ("", WindowError.EMPTY, {}),
        ("   , с и ", WindowError.EMPTY, {}),
        ("x" * 201, WindowError.TOO_LONG, {"max": "200"}),
        ("someday 9-18", WindowError.UNKNOWN_DAY, {"value": "someday"}),
        ("mon-funday", WindowError.UNKNOWN_DAY, {"value": "funday"}),
        ("mon-", WindowError.UNKNOWN_DAY, {"value": "mon-"}),
        ("mon-fri 9", WindowError.BAD_TIME, {"value": "9"}),
        ("9-18:75", WindowError.BAD_TIME, {"value": "9-18:75"}),
        ("25-26", WindowError.BAD_TIME, {"value": "25-26"}),
        ("9-24:30", WindowError.BAD_TIME, {"value": "9-24:30"}),
        ("пн-пт 18-9", WindowError.END_NOT_AFTER_START, {"start": "18:00", "end": "09:00"}),
        ("10-10", WindowError.END_NOT_AFTER_START, {"start": "10:00", "end": "10:00"}),
        ("9-13 12-18", WindowError.OVERLAPPING_TIMES, {"first": "09:00-13:00", "second": "12:00-18:00"}),
        ("8-9 10-11 12-13 14-15 16-17", WindowError.TOO_MANY_RANGES, {"max": "4"}),
    ],
)
def test_typed_windows_refused_with_a_code(text: str, code: WindowError, params: dict[str, str]) -> None:
    assert parse_window(text) == WindowProblem(code, params)


def test_adjacent_ranges_are_not_overlapping() -> None:
    assert parse_window("9-13 13-18") == CallWindow(
        (), (TimeRange("09:00", "13:00"), TimeRange("13:00", "18:00"))
    )


def test_a_rows_text_is_exactly_what_json_dumps_writes_for_its_object() -> None:
    """A push sends `CallRowMapper.encode`'s text, written by hand for speed: byte for byte what
    json.dumps (compact, not ASCII-escaped) writes for the same object, whatever the cells hold."""
    policy = call_policy(WEEKDAYS_10_18, 3, 45)
    odd = ['say "hi"', "back\\slash", "line\nbreak\ttab", "\x00\x1f\x7f", "Ёжик 🦔", "\u2028", ""]
    for mapper in (
        CallRowMapper(COLUMNS, at=SUMMER, policy=policy),
        CallRowMapper(COLUMNS, at=WINTER),
        CallRowMapper(COLUMNS[:1], at=WINTER, policy=policy),
        CallRowMapper([Column("client_id", "Тел."), Column('payload:a"b', 'a"b\\')], at=WINTER),
    ):
        for text in odd:
            for cells in (
                ["74951234567", text, text, text, "", "12", text],
                [" 442079460123 ", text],
                ["79161234567", text, "", "", "+05:00", "x1", text],
                [text],
                ["12125550123"],
            ):
                row = mapper.encode(cells)
                item = json.loads(row.text)
                assert row.text == json.dumps(item, ensure_ascii=False, separators=(",", ":"))
                assert (row.phone, row.zone) == (item["phone"], mapper(cells).zone)
                order = ["phone", "payload", "gmtZone", "dialerPriority", *policy]
                assert list(item) == [key for key in order if key in item]


def test_a_cell_that_is_not_text_is_still_encoded_as_json() -> None:
    mapper = CallRowMapper(COLUMNS[:2], at=WINTER)
    cells: list[Any] = ["442079460123", 42]
    assert mapper(cells).item["payload"] == {"First name": 42}
