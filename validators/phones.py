"""Phone numbers in international form without '+': normalization, a specific reason, a likely fix.

Validity is `phonenumbers.is_valid_number` on `+<digits>` (through the fast path in phone_fast); the
library is used directly only to explain why a number is invalid, which is rare.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE, ValidationResult

from validators.ids import IdCheck, accepted, rejected
from validators.phone_fast import is_valid_digits
from validators.regions import region_name
from validators.result import Reason, shown

__all__ = ["check_phone", "example_phones"]

_WHOLE_NUMBER = re.compile(r"(\d+)\.0+")  # a numeric cell rendered as a float: 79161234567.0
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")  # Excel's 1.26712E+10 / 7,91612E+10
# Formatting users put into phone numbers: + - ( ) . whitespace (NBSP, thin spaces) and Unicode dashes.
_FORMATTING = re.compile(r"[\s+\-().\u2010-\u2015\u2212]+")
_MIN_DIGITS = 7  # shorter than any international number with its country code
_MAX_DIGITS = 20  # 3-digit country code + the library's 17-digit maximum

_EMPTY = rejected(Reason.EMPTY, "The phone number is empty.")
_NOT_A_NUMBER = rejected(
    Reason.NOT_A_NUMBER,
    "This is not a phone number: only digits, spaces and + - ( ) . are allowed.",
)
_SCIENTIFIC_MESSAGE = (
    "Excel shows this number in scientific notation ({raw}), so its last digits are lost. "
    "Format the phone column as Text, re-enter or re-export the numbers and upload the file again."
)


def check_phone(raw: str, default_region: str | None = None) -> IdCheck:
    """Normalize and validate one phone cell. `default_region` (ISO code) enables a suggestion for
    national numbers of that region written without the country code."""
    text = raw.strip()
    if text.isascii() and text.isdigit():
        digits, normalized = text, False
    elif not text:
        return _EMPTY
    elif match := _WHOLE_NUMBER.fullmatch(text):
        digits, normalized = match[1], True
    elif _SCIENTIFIC.fullmatch(text):
        return rejected(Reason.SCIENTIFIC_NOTATION, _SCIENTIFIC_MESSAGE.format(raw=shown(text)))
    else:
        digits = _FORMATTING.sub("", text)
        if not digits.isdecimal():
            return _NOT_A_NUMBER
        digits = "".join(str(unicodedata.decimal(char)) for char in digits)  # Arabic-Indic, fullwidth
        normalized = True
    if is_valid_digits(digits):
        return accepted(digits, normalized=normalized)
    reason, message = _diagnose(digits)
    return rejected(reason, message, _suggest(digits, default_region))


def example_phones(regions: tuple[str, ...] = ("US", "GB", "DE", "RU", "KZ")) -> tuple[str, ...]:
    """Real-plan mobile numbers (phonenumbers' examples) for sample files and tests."""
    examples = []
    for region in regions:
        number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        if number is not None:
            examples.append(phonenumbers.format_number(number, PhoneNumberFormat.E164).lstrip("+"))
    return tuple(examples)


def _diagnose(digits: str) -> tuple[Reason, str]:
    if len(digits) < _MIN_DIGITS:
        return Reason.TOO_SHORT, f"Too short for a phone number with its country code: {len(digits)} digits."
    if len(digits) > _MAX_DIGITS:
        return Reason.TOO_LONG, f"Too long for a phone number: {len(digits)} digits."
    if digits[0] == "0":
        return (
            Reason.UNKNOWN_COUNTRY_CODE,
            "Country codes never start with 0: write the number with its country code, "
            "without a leading 0 or 00.",
        )
    code = next((int(digits[:n]) for n in (1, 2, 3) if int(digits[:n]) in COUNTRY_CODE_TO_REGION_CODE), 0)
    if not code:
        return (
            Reason.UNKNOWN_COUNTRY_CODE,
            f"The number does not start with a country calling code ({digits[:3]}… is not one).",
        )
    nsn = digits[len(str(code)) :]
    plan = _plan_name(code, nsn)
    try:
        length = phonenumbers.is_possible_number_with_reason(phonenumbers.parse("+" + digits))
    except NumberParseException as error:
        length = (
            ValidationResult.TOO_LONG
            if error.error_type == NumberParseException.TOO_LONG
            else ValidationResult.TOO_SHORT
        )
    if length == ValidationResult.TOO_SHORT:
        return Reason.TOO_SHORT, f"Too short for the {plan} numbering plan: {len(nsn)} digits after +{code}."
    if length == ValidationResult.TOO_LONG:
        return Reason.TOO_LONG, f"Too long for the {plan} numbering plan: {len(nsn)} digits after +{code}."
    if length == ValidationResult.INVALID_LENGTH:
        return (
            Reason.INVALID_FOR_COUNTRY,
            f"Not in the {plan} numbering plan: no number there has {len(nsn)} digits after +{code}.",
        )
    return Reason.INVALID_FOR_COUNTRY, f"Not in the {plan} numbering plan: no such number after +{code}."


def _plan_name(code: int, nsn: str) -> str:
    """The region the number would belong to (leading digits decide within shared codes like +1 or +7)."""
    regions = COUNTRY_CODE_TO_REGION_CODE[code]
    region = regions[0]
    for candidate in regions[1:]:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(candidate, None)
        if metadata is not None and metadata.leading_digits and re.match(metadata.leading_digits, nsn):
            region = candidate
            break
    return f"+{code}" if region == "001" else region_name(region)


def _suggest(digits: str, default_region: str | None) -> str | None:
    """The international form the user most likely meant, if exactly that form is valid."""
    if len(digits) == 11 and digits[0] == "8" and is_valid_digits("7" + digits[1:]):
        return "7" + digits[1:]  # Russian/Kazakh national prefix 8 instead of the country code 7
    if default_region:
        try:
            number = phonenumbers.parse(digits, default_region.upper())
        except NumberParseException:
            number = None
        if number is not None:
            national = phonenumbers.national_significant_number(number)
            candidate = f"{number.country_code}{national}"
            if candidate != digits and is_valid_digits(candidate):
                return candidate
    if digits.startswith("00") and is_valid_digits(digits[2:]):
        return digits[2:]  # international dialling prefix 00 kept in front of the country code
    return None
