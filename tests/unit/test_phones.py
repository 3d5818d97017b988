"""check_phone: normalization, one specific reason per failure, and suggestions."""

from __future__ import annotations

import pytest

from validators.phone_fast import is_valid_plain_digits
from validators.phones import check_phone, example_phones
from validators.result import Reason

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
    assert (check.value, check.reason, check.normalized, check.message) == (value, None, normalized, "")
    assert check.ok


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", Reason.EMPTY),
        ("   ", Reason.EMPTY),
        ("n/a", Reason.NOT_A_NUMBER),
        ("+7 916 ABC-12-34", Reason.NOT_A_NUMBER),
        ("---", Reason.NOT_A_NUMBER),
        ("79161234567 ext 5", Reason.NOT_A_NUMBER),
        ("1.26712E+10", Reason.SCIENTIFIC_NOTATION),
        ("7,91612E+10", Reason.SCIENTIFIC_NOTATION),
        ("7.91612e10", Reason.SCIENTIFIC_NOTATION),
        ("12345", Reason.TOO_SHORT),
        ("7916123456", Reason.TOO_SHORT),  # 9 digits after +7
        ("1" * 21, Reason.TOO_LONG),
        ("120155501234567", Reason.TOO_LONG),  # 14 digits after +1
        ("99912345678", Reason.UNKNOWN_COUNTRY_CODE),
        ("0079161234567", Reason.UNKNOWN_COUNTRY_CODE),
        ("12671234567", Reason.INVALID_FOR_COUNTRY),  # the platform docs' example
        ("791612345678", Reason.INVALID_FOR_COUNTRY),  # no Russian number has 11 digits after +7
    ],
)
def test_reasons(raw: str, reason: Reason) -> None:
    check = check_phone(raw)
    assert check.value is None
    assert check.reason is reason
    assert check.message
    assert not check.ok


def test_invalid_for_country_names_the_country() -> None:
    assert "US numbering plan" in check_phone("12671234567").message
    assert "Russian numbering plan" in check_phone("791612345678").message
    assert "Kazakhstan numbering plan" in check_phone("7700123456").message  # +7 7… is Kazakhstan


def test_scientific_notation_says_how_to_fix() -> None:
    message = check_phone("1.26712E+10").message
    assert "1.26712E+10" in message
    assert "Text" in message


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
