"""check_phone: normalization, one specific reason per failure, and suggestions."""

from __future__ import annotations

import pytest

from services.wording import detail_text
from validators.phone_fast import is_valid_plain_digits
from validators.phones import check_phone, example_phones
from validators.result import Detail, Reason

US = "12015550123"  # phonenumbers' US example: valid
RU = "79161234567"


@pytest.mark.parametrize(
    ("raw", "value", "normalized"),
    [
        (US, US, False),
        (f"  {US}  ", US, False),  # surrounding whitespace is trimming, not formatting
        ("+1 (201) 555-0123", US, True),
        ("+7 916 123-45-67", RU, True),
        ("7.916.123.45.67", RU, True),
        ("+1\u00a0201\u2009555\u202f0123", US, True),  # NBSP, thin and narrow spaces
        ("7–916–123–45–67", RU, True),  # en dashes
        (f"{RU}.0", RU, True),  # numeric cell rendered as a float
        ("７９１６１２３４５６７", RU, True),  # fullwidth digits
    ],
)
def test_valid_numbers_are_normalized(raw: str, value: str, normalized: bool) -> None:
    check = check_phone(raw)
    assert (check.value, check.reason, check.normalized, check.detail) == (value, None, normalized, None)
    assert check.ok


@pytest.mark.parametrize(
    ("raw", "reason", "detail", "params"),
    [
        ("", Reason.EMPTY, Detail.PHONE_EMPTY, {}),
        ("   ", Reason.EMPTY, Detail.PHONE_EMPTY, {}),
        ("n/a", Reason.NOT_A_NUMBER, Detail.PHONE_NOT_A_NUMBER, {}),
        ("+7 916 ABC-12-34", Reason.NOT_A_NUMBER, Detail.PHONE_NOT_A_NUMBER, {}),
        ("---", Reason.NOT_A_NUMBER, Detail.PHONE_NOT_A_NUMBER, {}),
        ("79161234567 ext 5", Reason.NOT_A_NUMBER, Detail.PHONE_NOT_A_NUMBER, {}),
        ("1.26712E+10", Reason.SCIENTIFIC_NOTATION, Detail.PHONE_SCIENTIFIC, {"value": "1.26712E+10"}),
        ("7,91612E+10", Reason.SCIENTIFIC_NOTATION, Detail.PHONE_SCIENTIFIC, {"value": "7,91612E+10"}),
        ("7.91612e10", Reason.SCIENTIFIC_NOTATION, Detail.PHONE_SCIENTIFIC, {"value": "7.91612e10"}),
        ("12345", Reason.TOO_SHORT, Detail.PHONE_TOO_SHORT, {"digits": 5}),
        ("7916123456", Reason.TOO_SHORT, Detail.PLAN_TOO_SHORT, {"region": "RU", "code": 7, "digits": 9}),
        ("1" * 21, Reason.TOO_LONG, Detail.PHONE_TOO_LONG, {"digits": 21}),
        ("120155501234567", Reason.TOO_LONG, Detail.PLAN_TOO_LONG, {"region": "US", "code": 1, "digits": 14}),
        ("99912345678", Reason.UNKNOWN_COUNTRY_CODE, Detail.PHONE_NO_COUNTRY_CODE, {"prefix": "999"}),
        ("0079161234567", Reason.UNKNOWN_COUNTRY_CODE, Detail.PHONE_LEADING_ZERO, {}),
        # the platform docs' example
        ("12671234567", Reason.INVALID_FOR_COUNTRY, Detail.PLAN_NO_SUCH_NUMBER, {"region": "US", "code": 1}),
        # no Russian number has 11 digits after +7
        (
            "791612345678",
            Reason.INVALID_FOR_COUNTRY,
            Detail.PLAN_LENGTH,
            {"region": "RU", "code": 7, "digits": 11},
        ),
    ],
)
def test_reasons(raw: str, reason: Reason, detail: Detail, params: dict[str, object]) -> None:
    check = check_phone(raw)
    assert check.value is None
    assert (check.reason, check.detail, dict(check.params)) == (reason, detail, params)
    assert not check.ok


def test_invalid_for_country_names_the_region_the_leading_digits_give() -> None:
    assert check_phone("7700123456").params["region"] == "KZ"  # +7 7… is Kazakhstan
    assert check_phone("8001234567").params["region"] == "001"  # +800: no country


def test_the_country_is_named_in_the_readers_language() -> None:
    problem = check_phone("12671234567")
    assert problem.detail is not None
    assert "United States numbering plan" in detail_text("en", problem.detail, problem.params)
    russian = detail_text("ru", problem.detail, check_phone("791612345678").params)
    assert "страны Россия" in russian
    world = check_phone("88212345678901").params
    assert "Not in the +882 numbering plan" in detail_text("en", Detail.PLAN_NO_SUCH_NUMBER, world)
    assert "плане нумерации +882:" in detail_text("ru", Detail.PLAN_NO_SUCH_NUMBER, world)


def test_scientific_notation_says_how_to_fix() -> None:
    check = check_phone("1.26712E+10")
    assert check.detail is not None
    message = detail_text("en", check.detail, check.params)
    assert "1.26712E+10" in message
    assert "Text" in message
    assert "текстовый формат" in detail_text("ru", check.detail, check.params)


def test_platform_docs_example_gets_no_fake_suggestion() -> None:
    assert check_phone("12671234567").suggestion is None
    assert check_phone("12671234567", "US").suggestion is None


@pytest.mark.parametrize(
    ("raw", "region", "suggestion"),
    [
        ("89161234567", None, RU),  # Russian national prefix 8
        ("8 (916) 123-45-67", None, RU),
        ("9161234567", "RU", RU),  # national number of the default region
        ("89161234567", "ru", RU),
        ("2015550123", "US", None),  # +20 15550123 is itself a valid Egyptian number: no suggestion needed
        ("0079161234567", None, RU),  # international dialling prefix 00 kept
    ],
)
def test_suggestions(raw: str, region: str | None, suggestion: str | None) -> None:
    check = check_phone(raw, region)
    if suggestion is None:
        assert check.ok
    else:
        assert (check.value, check.suggestion) == (None, suggestion)


def test_default_region_does_not_change_valid_numbers() -> None:
    assert check_phone(US, "RU").value == US


def test_quick_path_only_accepts_normalized_valid_numbers() -> None:
    assert is_valid_plain_digits(US)
    assert not is_valid_plain_digits("+" + US)
    assert not is_valid_plain_digits(f"{US}.0")
    assert not is_valid_plain_digits("12671234567")


def test_example_phones_are_valid() -> None:
    examples = example_phones()
    assert len(examples) >= 4
    assert all(check_phone(number).value == number for number in examples)
