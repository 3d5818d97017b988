"""Proof that flow D's fast time-zone inference gives what plain phonenumbers gives.

- `plain_number_type` (validators.phone_fast) equals `number_type(parse("+" + digits))` wherever it answers;
- `zones_of` / `zone_key` (validators.phone_zones) equal `time_zones_for_number(parse(...))`;
- `CallRowMapper` (validators.call_rows) maps rows exactly as a reference mapper written here with the
  library alone (parse, time zones, zoneinfo offsets per row), in winter, in summer and at the minute a
  DST change happens, with and without a timezone column.

Samples (~100k): numbers built from every prefix of phonenumbers' time-zone data, every region's example
number of every type with mutations, ambiguous countries (US, CA, RU, KZ, AU, BR, MX, ID, CN, AR),
national prefixes after the country code, invalid and unknown numbers, `+` and non-digit text.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from phonenumbers import PhoneMetadata, PhoneNumberFormat, PhoneNumberType
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE
from phonenumbers.timezone import UNKNOWN_TIMEZONE, time_zones_for_number
from phonenumbers.tzdata import TIMEZONE_DATA

from validators.call_rows import CallRow, CallRowMapper, ZoneSource
from validators.phone_fast import plain_number_match, plain_number_type
from validators.phone_zones import library_zones, zone_key, zone_keys, zones_of
from validators.result import Column

_DIGITS = "0123456789"
MOMENTS = (
    datetime(2025, 1, 15, 12, 0, tzinfo=UTC),
    datetime(2025, 7, 15, 12, 0, tzinfo=UTC),
    datetime(2025, 3, 9, 6, 59, 30, tzinfo=UTC),  # a minute before the US springs forward (10:00 UTC east)
    datetime(2025, 3, 9, 10, 0, tzinfo=UTC),
    datetime(2025, 3, 30, 1, 0, tzinfo=UTC),  # the EU springs forward
)
AMBIGUOUS = ("1", "7", "61", "55", "52", "62", "86", "54", "380", "44", "49", "33", "91", "800", "882")


@cache
def _russian_eights() -> list[str]:
    """+7 8…: Russia's national prefix is 8, yet parsing keeps an NSN like 812… or 800… whole."""
    rnd = random.Random(78)
    heads = ("7800", "7801", "7804", "7809", "7811", "7812", "7813", "7817", "7831", "7843", "7861", "7863")
    found = {head + "".join(rnd.choices(_DIGITS, k=rnd.randint(5, 12))) for head in heads for _ in range(150)}
    found.update("78" + "".join(rnd.choices(_DIGITS, k=9)) for _ in range(2_000))  # 11 digits, as dialled
    return sorted(found)


@cache
def _samples() -> list[str]:
    rnd = random.Random(20251205)
    samples: set[str] = set()
    for key in TIMEZONE_DATA:  # every area the data distinguishes, numbers of plausible lengths
        for _ in range(12):
            rest = rnd.randint(max(0, 8 - len(key)), 13 - len(key))
            samples.add(key + "".join(rnd.choices(_DIGITS, k=rest)))
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            if region == "001":
                numbers = [phonenumbers.example_number_for_non_geo_entity(code)]
            else:
                numbers = [phonenumbers.example_number_for_type(region, t) for t in PhoneNumberType.values()]
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            prefix = (metadata.national_prefix if metadata else None) or "0"
            for number in numbers:
                if number is None:
                    continue
                digits = phonenumbers.format_number(number, PhoneNumberFormat.E164)[1:]
                nsn = digits[len(str(code)) :]
                samples.update({digits, str(code) + prefix + nsn, digits[:-1], digits + "5"})
                for _ in range(25):  # other subscribers of the same area and type
                    cut = rnd.randint(2, min(7, len(digits) - 1))
                    samples.add(digits[:-cut] + "".join(rnd.choices(_DIGITS, k=cut)))
    for calling_code in AMBIGUOUS:
        for _ in range(2_000):
            samples.add(calling_code + "".join(rnd.choices(_DIGITS, k=rnd.randint(6, 12))))
    samples.update(_russian_eights())
    while len(samples) < 100_000:  # anything, invalid and unknown country codes included
        samples.add("".join(rnd.choices(_DIGITS, k=rnd.randint(1, 17))))
    return sorted(samples)


ODD_TEXT = ["", "+", "+442079460123", "++12125550123", "+7 916 123", "７９１６１２３４５６７", "1" * 40, "a"]


def test_the_metadata_keeps_what_the_fast_type_assumes() -> None:
    """Regions whose fixed-line and mobile patterns are flagged the same have the same lengths too; else
    a mobile-only match would be UNKNOWN for the library and a type for phone_fast."""
    for code, regions in COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            if metadata is not None and metadata.same_mobile_and_fixed_line_pattern:
                fixed, mobile = metadata.fixed_line, metadata.mobile
                assert (fixed and (fixed.national_number_pattern, fixed.possible_length)) == (
                    mobile and (mobile.national_number_pattern, mobile.possible_length)
                ), region


def test_plain_number_type_is_the_librarys() -> None:
    answered = 0
    for digits in _samples():
        fast = plain_number_type(digits)
        if fast is None:
            continue
        answered += 1
        try:
            number = phonenumbers.parse("+" + digits)
        except phonenumbers.NumberParseException:
            assert fast[1] == PhoneNumberType.UNKNOWN, digits
            continue
        assert fast == (number.country_code, phonenumbers.number_type(number)), digits
    assert answered > len(_samples()) * 0.8  # the shortcut is what is being tested, not the fallback


def test_russian_numbers_with_8_after_the_country_code_take_the_shortcut() -> None:
    """Those the library does not strip are answered without it (they cost ~20 µs a number there), with
    the library's type; the rest (e.g. 8 then 10 digits: stripped) are left to it."""
    answered = 0
    for digits in _russian_eights():
        fast = plain_number_type(digits)
        if fast is None:
            continue
        answered += 1
        number = phonenumbers.parse("+" + digits)
        assert fast == (number.country_code, phonenumbers.number_type(number)), digits
        assert zones_of(digits) == _reference_zones(digits), digits
    assert plain_number_type("78121234567") == (7, PhoneNumberType.FIXED_LINE)  # St Petersburg
    assert plain_number_type("78001234567") == (7, PhoneNumberType.TOLL_FREE)
    assert answered > len(_russian_eights()) * 0.5


def test_plain_number_match_names_the_type() -> None:
    fixed = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
    for digits in _samples():
        typed, matched = plain_number_type(digits), plain_number_match(digits)
        assert (typed is None) == (matched is None), digits
        if typed is None or matched is None:
            continue
        assert matched[0] == typed[0], digits
        if matched[1] is None:
            assert typed[1] == PhoneNumberType.UNKNOWN, digits
        elif matched[1] == "fixed_line":
            assert typed[1] in fixed, digits
        else:
            assert typed[1] == getattr(PhoneNumberType, matched[1].upper()), digits


@cache
def _reference_zones(phone: str) -> tuple[str, ...]:
    """Written out independently of validators.phone_zones (cached: every test compares with it)."""
    digits = phone.lstrip("+")
    if not (digits.isascii() and digits.isdigit()):
        return ()
    try:
        zones = tuple(time_zones_for_number(phonenumbers.parse("+" + digits)))
    except phonenumbers.NumberParseException:
        return ()
    return () if UNKNOWN_TIMEZONE in zones else zones


def test_zones_are_the_librarys() -> None:
    mismatches = [p for p in [*_samples(), *ODD_TEXT] if zones_of(p) != _reference_zones(p)]
    assert mismatches == []
    assert [library_zones(p) for p in ODD_TEXT] == [_reference_zones(p) for p in ODD_TEXT]
    kinds = Counter(min(len(_reference_zones(p)), 2) for p in _samples())
    assert min(kinds[0], kinds[1], kinds[2]) > 5_000  # zone-less, single-zone and ambiguous numbers


def test_zone_keys_of_a_batch_are_each_numbers_zone_key() -> None:
    """The batch path (phone_fast lanes) against `zone_key`, itself proven against the library above:
    in sorted order (lanes in runs), shuffled (lanes interleaved), one at a time, with `+` and odd text."""
    numbers = [*_samples(), *ODD_TEXT, *("+" + p for p in _samples()[::20])]
    expected = {p: zone_key(p) for p in numbers}
    assert zone_keys(numbers) == [expected[p] for p in numbers]
    shuffled = random.Random(11).sample(numbers, len(numbers))
    assert zone_keys(shuffled) == [expected[p] for p in shuffled]
    assert [zone_keys([p])[0] for p in shuffled[:5_000]] == [expected[p] for p in shuffled[:5_000]]
    assert zone_keys([]) == []


def test_a_zone_key_is_an_entry_of_the_data() -> None:
    assert zone_key("442079460123") == "442"  # London's area code
    assert zone_key("12125550123") == "1212"
    assert TIMEZONE_DATA["1212"] == ("America/New_York",)
    assert zone_key("999123456789") is None  # no such country code
    assert zone_key("18002345678") == "1"  # toll-free: the whole country's zones
    assert zone_key("79161234567") == "7"  # a Russian mobile: the whole country's


def _reference_row(cells: Sequence[str], at: datetime, zone_column: bool) -> CallRow:
    """Flow D's row as the library alone gives it (the mapping before the fast path)."""
    phone = cells[0].strip()
    item: dict[str, object] = {"phone": phone, "payload": {"Name": cells[1]}}
    given = cells[2].strip() if zone_column else ""
    if given:
        item["gmtZone"] = given
        return CallRow(item, ZoneSource.GIVEN)
    moment = at.replace(second=0, microsecond=0)
    offsets = {moment.astimezone(ZoneInfo(name)).utcoffset() for name in _reference_zones(phone)}
    if len(offsets) != 1:
        return CallRow(item, ZoneSource.NONE)
    offset = offsets.pop()
    assert offset is not None
    minutes = int(offset.total_seconds()) // 60
    item["gmtZone"] = f"{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return CallRow(item, ZoneSource.INFERRED)


@pytest.mark.parametrize("at", MOMENTS, ids=lambda at: at.isoformat())
def test_the_fast_mapping_is_the_reference_mapping(at: datetime) -> None:
    rnd = random.Random(at.timestamp())
    rows = [
        [phone, "Ann", rnd.choice(["", "", "", "+03:00", "-05:30"])]
        for phone in rnd.sample(_samples(), 12_000) + ODD_TEXT
    ]
    for zone_column in (True, False):
        columns = [Column("client_id", "Phone"), Column("first_name", "Name")]
        if zone_column:
            columns.append(Column("gmt_zone", "GMT_ZONE"))
        mapper = CallRowMapper(columns, at=at)
        mismatches = [row for row in rows if mapper(row) != _reference_row(row, at, zone_column)]
        assert mismatches == []
        batch = mapper.encode_rows(rows)  # the push's path: the whole batch at once
        assert batch.texts == [mapper.encode(row).text for row in rows]
        assert batch.zones == mapper.zone_sources(rows) == [mapper(row).zone for row in rows]
        sources = {mapper(row).zone for row in rows}
        assert sources == (set(ZoneSource) if zone_column else {ZoneSource.INFERRED, ZoneSource.NONE})
