"""Proof that the fast path gives the library's verdict: `is_valid_number(parse("+" + digits))`.

Two corpora, each compared in full (~15-20 s together): the digits of every first cell of the benchmark's
generated list (~430k rows, ~410k distinct numbers), and ≥200k digit strings built to reach every country
code, every length 1..20, leading zeros, national prefixes and every region's example numbers of every
type with mutations. Hypothesis tests add shrinking counterexamples for arbitrary digit strings.
"""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

from bench.datagen import generate_rows
from validators.phone_fast import is_valid_digits

_DIGITS = "0123456789"


def reference(digits: str) -> bool:
    """The contract, written out independently of validators.phone_fast."""
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse("+" + digits)))
    except phonenumbers.NumberParseException:
        return False


def _mismatches(samples: set[str]) -> list[tuple[str, bool]]:
    return [
        (digits, reference(digits))
        for digits in sorted(samples)
        if is_valid_digits(digits) != reference(digits)
    ]


def test_generated_file_equivalence() -> None:
    # Normalized digits of every first cell (formatted cells would only exercise the library fallback).
    samples = {re.sub(r"\D", "", row[0]) for row in generate_rows()[1:]}
    assert len(samples) > 400_000
    assert _mismatches(samples) == []


def _example_numbers() -> list[str]:
    numbers = []
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            if metadata is None:
                continue
            for kind in PhoneNumberType.values():
                if region == "001":
                    number = phonenumbers.example_number_for_non_geo_entity(code)
                else:
                    number = phonenumbers.example_number_for_type(region, kind)
                if number is not None:
                    numbers.append(phonenumbers.format_number(number, PhoneNumberFormat.E164)[1:])
    return sorted(set(numbers))


def _mutations(rnd: random.Random, number: str) -> list[str]:
    at = rnd.randrange(len(number))
    return [
        number,
        number[:at] + rnd.choice(_DIGITS) + number[at + 1 :],  # one digit changed
        number[:at] + number[at + 1 :],  # one digit dropped
        number[:at] + rnd.choice(_DIGITS) + number[at:],  # one digit inserted
        number + rnd.choice(_DIGITS),
        number[:-2],
        number[:-4] + "".join(rnd.choices(_DIGITS, k=4)),  # other subscriber digits
        number[:-6] + "".join(rnd.choices(_DIGITS, k=6)),
        "0" + number,
        "00" + number,
    ]


def _built_samples() -> set[str]:
    rnd = random.Random(20240517)
    samples: set[str] = set()
    codes = sorted(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)
    for code in codes:
        regions = COUNTRY_CODE_TO_REGION_CODE[int(code)]
        prefixes = {"", "0", "00", "1", "8", "9"}
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(int(code), region)
            if metadata is not None and metadata.national_prefix:
                prefixes.add(metadata.national_prefix)
        for total in range(1, 21):  # every total length for every country code
            for _ in range(12):
                samples.add((code + "".join(rnd.choices(_DIGITS, k=20)))[:total])
        for prefix in prefixes:  # national prefixes and leading zeros right after the country code
            for _ in range(20):
                samples.add(code + prefix + "".join(rnd.choices(_DIGITS, k=rnd.randint(1, 15))))
    for number in _example_numbers():
        for _ in range(12):
            samples.update(_mutations(rnd, number))
        code = next(c for c in codes if number.startswith(c))
        for region in COUNTRY_CODE_TO_REGION_CODE[int(code)]:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(int(code), region)
            if metadata is not None and metadata.national_prefix:  # nsn written with its national prefix
                samples.add(code + metadata.national_prefix + number[len(code) :])
    samples.add("54" + "0" + "11" + "15" + "23456789")  # Argentina: prefix, area code, mobile token 15
    while len(samples) < 230_000:  # anything at all, lengths 1..20, leading zeros included
        samples.add("".join(rnd.choices(_DIGITS, k=rnd.randint(1, 20))))
    return {sample for sample in samples if sample}


def test_built_samples_equivalence() -> None:
    samples = _built_samples()
    assert len(samples) >= 200_000
    assert _mismatches(samples) == []


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_DIGITS, min_size=0, max_size=22))
def test_hypothesis_digit_strings(digits: str) -> None:
    assert is_valid_digits(digits) == reference(digits)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_example_numbers()), st.integers(0, 30), st.text(alphabet=_DIGITS, max_size=4))
def test_hypothesis_example_number_edits(number: str, at: int, insert: str) -> None:
    edited = number[:at] + insert + number[at + len(insert) :]
    assert is_valid_digits(edited) == reference(edited)


@pytest.mark.parametrize(
    "text", ["", "+79161234567", "7916 123", "７９１６１２３４５６７", "١٢٣٤٥٦٧٨٩", "7" * 300]
)
def test_non_digit_input_uses_the_library(text: str) -> None:
    assert is_valid_digits(text) == reference(text)
