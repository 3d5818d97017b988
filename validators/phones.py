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
from validators.result import Detail, Params, Reason, shown

__all__ = ["check_phone", "example_phones"]

_WHOLE_NUMBER = re.compile(r"(\d+)\.0+")  # a numeric cell rendered as a float: 79161234567.0
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")  # Excel's 1.26712E+10 / 7,91612E+10
# Formatting users put into phone numbers: + - ( ) . whitespace (NBSP, thin spaces) and Unicode dashes.
_FORMATTING = re.compile(r"[\s+\-().\u2010-\u2015\u2212]+")
_MIN_DIGITS = 7  # shorter than any international number with its country code
_MAX_DIGITS = 20  # 3-digit country code + the library's 17-digit maximum

_EMPTY = rejected(Reason.EMPTY, Detail.PHONE_EMPTY)
_NOT_A_NUMBER = rejected(Reason.NOT_A_NUMBER, Detail.PHONE_NOT_A_NUMBER)


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
        return rejected(Reason.SCIENTIFIC_NOTATION, Detail.PHONE_SCIENTIFIC, {"value": shown(text)})
    else:
        digits = _FORMATTING.sub("", text)
        if not digits.isdecimal():
            return _NOT_A_NUMBER
        digits = "".join(str(unicodedata.decimal(char)) for char in digits)  # Arabic-Indic, fullwidth
        normalized = True
    if is_valid_digits(digits):
        return accepted(digits, normalized=normalized)
    reason, detail, params = _diagnose(digits)
    return rejected(reason, detail, params, _suggest(digits, default_region))


def example_phones(regions: tuple[str, ...] = ("US", "GB", "DE", "RU", "KZ")) -> tuple[str, ...]:
    """Real-plan mobile numbers (phonenumbers' examples) for sample files and tests."""
    examples = []
    for region in regions:
        number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
        if number is not None:
            examples.append(phonenumbers.format_number(number, PhoneNumberFormat.E164).lstrip("+"))
    return tuple(examples)


def _diagnose(digits: str) -> tuple[Reason, Detail, Params]:
    """Why valid-looking digits are not a number: a code and the figures the text needs."""
    if len(digits) < _MIN_DIGITS:
        return Reason.TOO_SHORT, Detail.PHONE_TOO_SHORT, {"digits": len(digits)}
    if len(digits) > _MAX_DIGITS:
        return Reason.TOO_LONG, Detail.PHONE_TOO_LONG, {"digits": len(digits)}
    if digits[0] == "0":
        return Reason.UNKNOWN_COUNTRY_CODE, Detail.PHONE_LEADING_ZERO, {}
    code = next((int(digits[:n]) for n in (1, 2, 3) if int(digits[:n]) in COUNTRY_CODE_TO_REGION_CODE), 0)
    if not code:
        return Reason.UNKNOWN_COUNTRY_CODE, Detail.PHONE_NO_COUNTRY_CODE, {"prefix": digits[:3]}
    nsn = digits[len(str(code)) :]
    plan: dict[str, str | int] = {"region": _plan_region(code, nsn), "code": code, "digits": len(nsn)}
    try:
        length = phonenumbers.is_possible_number_with_reason(phonenumbers.parse("+" + digits))
    except NumberParseException as error:
        length = (
            ValidationResult.TOO_LONG
            if error.error_type == NumberParseException.TOO_LONG
            else ValidationResult.TOO_SHORT
        )
    if length == ValidationResult.TOO_SHORT:
        return Reason.TOO_SHORT, Detail.PLAN_TOO_SHORT, plan
    if length == ValidationResult.TOO_LONG:
        return Reason.TOO_LONG, Detail.PLAN_TOO_LONG, plan
    if length == ValidationResult.INVALID_LENGTH:
        return Reason.INVALID_FOR_COUNTRY, Detail.PLAN_LENGTH, plan
    del plan["digits"]
    return Reason.INVALID_FOR_COUNTRY, Detail.PLAN_NO_SUCH_NUMBER, plan


def _plan_region(code: int, nsn: str) -> str:
    """The region the number would belong to (leading digits decide within shared codes like +1 or +7);
    "001" for non-geographic codes (+800, +882, …). Its name is chosen at the edge (CLDR)."""
    regions = COUNTRY_CODE_TO_REGION_CODE[code]
    region = regions[0]
    for candidate in regions[1:]:
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(candidate, None)
        if metadata is not None and metadata.leading_digits and re.match(metadata.leading_digits, nsn):
            region = candidate
            break
    return str(region)


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
