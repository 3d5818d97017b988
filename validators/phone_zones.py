"""The time zones phonenumbers gives a number, named by their entry in its time-zone data, without parsing.

Why: `phonenumbers.timezone.time_zones_for_number(parse(...))` costs ~15 µs a number, most of a push's
mapping time. What it does is simple once the number's type is known (validators.phone_fast gives it
for plain digit strings):
- an invalid number (type UNKNOWN) has no zone;
- a number whose type is not geographical (toll-free, and mobiles outside the few countries whose
  mobile numbers have area codes) has its country's zones: the first of `cc[:TIMEZONE_LONGEST_PREFIX+1]`
  … `cc[:2]` found in TIMEZONE_DATA (the library's loop, quirk included);
- a geographical one (fixed lines, those mobiles) has the zones of the longest prefix of its E.164 digits
  found in TIMEZONE_DATA.

`zone_key(phone)` returns that entry's key (None: no zone), so a caller computes a UTC offset once per
key (at most ~3,240 of them) instead of once per number. Numbers the shortcut does not model (a national
prefix that parsing may strip, odd lengths) are parsed by the library. `zone_keys(phones)` gives the same
for a batch at ~1 µs a number instead of ~1.6: most numbers of a list share a few lanes (phone_fast.lane:
a country, a length, the region that judges them), judged there with one pattern each and no further
call. Equivalence with the library, and of the batch with one by one: tests/unit/test_phone_zones.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType, is_number_type_geographical
from phonenumbers.timezone import UNKNOWN_TIMEZONE, time_zones_for_number
from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX

from validators.phone_fast import Lane, lane, plain_number_match

__all__ = ["library_zones", "zone_key", "zone_keys", "zones_of"]

_PATTERNS = "premium_rate toll_free shared_cost voip personal_number pager uan voicemail fixed_line mobile"
_PATTERN_TYPES = {name: int(getattr(PhoneNumberType, name.upper())) for name in _PATTERNS.split()}
_country_keys: dict[int, str | None] = {}
_AREA = "area"  # _ZoneLane.keys: the type's key is its number's area's (not a TIMEZONE_DATA key: no digits)
_LONGEST = 24  # digits: longer ones are no lane's (and not worth a cache entry)
_lanes: dict[tuple[str, int], _ZoneLane | None] = {}  # (first 3 digits, length) → its lane; None: zone_key
_area_lengths: dict[int, tuple[int, ...]] = {}  # calling code → lengths of the data's keys it may use


def library_zones(phone: str) -> tuple[str, ...]:
    """The reference: the library's zones of `+<digits>` (a leading `+` is allowed), () where it has none
    or cannot parse the number."""
    digits = phone.lstrip("+")
    if not (digits.isascii() and digits.isdigit()):
        return ()
    try:
        number = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return ()
    zones = tuple(time_zones_for_number(number))
    return () if UNKNOWN_TIMEZONE in zones else zones


def zones_of(phone: str) -> tuple[str, ...]:
    """`library_zones(phone)`, fast."""
    key = zone_key(phone)
    return () if key is None else TIMEZONE_DATA[key]


def zone_key(phone: str) -> str | None:
    """The TIMEZONE_DATA key whose zones are `library_zones(phone)`; None when that is ()."""
    digits = phone.lstrip("+")
    if not (digits.isascii() and digits.isdigit()):
        return None
    found = plain_number_match(digits)
    if found is None:
        return _library_key(digits)
    code, pattern = found
    if pattern is None:  # invalid: number_type is UNKNOWN
        return None
    # A "mobile" match is MOBILE (phone_fast: a region whose fixed-line and mobile patterns are the same
    # matches "fixed_line" first); FIXED_LINE and FIXED_LINE_OR_MOBILE are both geographical.
    return _key(digits, code, _PATTERN_TYPES[pattern])


def zone_keys(phones: Sequence[str]) -> list[str | None]:
    """`zone_key` of each phone, ~1.5× faster for a batch: the numbers of a lane (phone_fast.lane: one
    country and length; a list's numbers are mostly a few) are judged by the lane's one pattern, and
    their type's key is looked up once per lane; anything else goes through `zone_key`."""
    keys: list[str | None] = []
    append = keys.append
    for phone in phones:
        digits = phone.lstrip("+")
        if not (digits.isascii() and digits.isdigit() and len(digits) <= _LONGEST):
            append(zone_key(digits))
            continue
        try:
            found = _lanes[digits[:3], len(digits)]
        except KeyError:
            found = _lanes[digits[:3], len(digits)] = _zone_lane(digits[:3], len(digits))
        if found is None:
            append(zone_key(digits))
            continue
        nsn = digits[found.size :]
        if (found.national_prefix is not None and found.national_prefix.match(nsn)) or (
            found.leading is not None and not found.leading.match(nsn)
        ):
            append(zone_key(digits))  # a national prefix the library may strip, or another region's
            continue
        match = None if found.matcher is None else found.matcher.fullmatch(nsn)
        if match is None:
            append(None if found.only else zone_key(digits))  # invalid, or maybe another region's
            continue
        key = found.keys[match.lastgroup or ""]
        append(_area_key(digits, found.code) if key is _AREA else key)
    return keys


@dataclass(frozen=True, slots=True)
class _ZoneLane(Lane):
    """A lane with the key of each number type its pattern names: the country's, or _AREA for the
    geographical types (the key of the number's area)."""

    keys: dict[str, str | None]


def _zone_lane(start: str, length: int) -> _ZoneLane | None:
    found = lane(start, length)
    if found is None:
        return None
    keys = {
        name: _AREA if is_number_type_geographical(kind, found.code) else _country_level(found.code)
        for name, kind in _PATTERN_TYPES.items()
    }
    return _ZoneLane(
        found.code, found.size, found.national_prefix, found.leading, found.matcher, found.only, keys
    )


def _library_key(digits: str) -> str | None:
    """`zone_key` for what phone_fast does not model: parsed, typed and formatted by the library."""
    try:
        number = phonenumbers.parse("+" + digits)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)[1:]
    return _key(e164, number.country_code or 0, phonenumbers.number_type(number))


def _key(e164: str, code: int, kind: int) -> str | None:
    if kind == PhoneNumberType.UNKNOWN:
        return None
    if not is_number_type_geographical(kind, code):
        return _country_level(code)
    return _area_key(e164, code)


def _country_level(code: int) -> str | None:
    if code not in _country_keys:
        _country_keys[code] = _known(_country_key(str(code)))
    return _country_keys[code]


def _area_key(e164: str, code: int) -> str | None:
    lengths = _area_lengths.get(code) or _lengths_for(code)
    for length in lengths:
        prefix = e164[:length]
        if prefix in TIMEZONE_DATA:
            return _known(prefix)
    return None


def _country_key(code: str) -> str | None:
    """phonenumbers.timezone._country_level_time_zones_for_number's loop, as written there."""
    for length in range(TIMEZONE_LONGEST_PREFIX, 0, -1):
        prefix = code[: 1 + length]
        if prefix in TIMEZONE_DATA:
            return prefix
    return None


def _lengths_for(code: int) -> tuple[int, ...]:
    """Longest first, the lengths of the keys a number of this calling code can start with (keys that
    extend the code, and shorter ones it extends); the loop then skips lengths with no key."""
    text = str(code)
    lengths = {
        len(key)
        for key in TIMEZONE_DATA
        if len(key) <= TIMEZONE_LONGEST_PREFIX and (key.startswith(text) or text.startswith(key))
    }
    _area_lengths[code] = found = tuple(sorted(lengths, reverse=True)) or (0,)
    return found


def _known(key: str | None) -> str | None:
    """None for an entry that is the unknown zone (library_zones gives () for it)."""
    return None if key is None or UNKNOWN_TIMEZONE in TIMEZONE_DATA[key] else key
