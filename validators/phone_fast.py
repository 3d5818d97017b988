"""`is_valid_number(parse("+" + digits))` without parsing: phonenumbers' metadata compiled per country code.

Why: the library costs ~15 µs a number (it builds a PhoneNumber, strips prefixes, recompiles patterns);
a 430k-row list spends most of its time there. For a plain string of ASCII digits almost all of that
work is fixed, so this module replays only what decides validity:

1. the country code is the first 1–3 digits found in COUNTRY_CODE_TO_REGION_CODE (never starts with 0);
2. the national significant number (NSN) is the rest; leading zeros survive the library's round trip
   through `italian_leading_zero`, so the NSN string is used as is;
3. the region is chosen exactly like `_region_code_for_number_from_list` (leading digits, else the first
   region for which the number is valid);
4. valid means: the length is a possible length of the general description and the NSN fully matches the
   general pattern and at least one number type (lengths checked per type).

Anything the shortcut does not model goes to the real library: non-ASCII or non-digit input, lengths
outside the library's NSN bounds, and NSNs at whose start the country's `national_prefix_for_parsing`
matches (the library may then strip a national prefix), unless the library would keep the NSN whole
(`_keeps_nsn`: e.g. Russia's 8 in +7 812 …, +7 800 …, which otherwise cost ~20 µs a number). The
equivalence is proven by tests/unit/test_phone_equivalence.py and pinned by `phonenumbers>=9.0,<10` in
pyproject.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneMetadata, PhoneNumberDesc, PhoneNumberType
from phonenumbers.phonenumberutil import COUNTRY_CODE_TO_REGION_CODE

__all__ = [
    "Lane",
    "is_valid_digits",
    "is_valid_plain_digits",
    "lane",
    "library_is_valid_digits",
    "plain_number_match",
    "plain_number_type",
    "warm_up",
]

# The number types `_number_type_helper` tries; a number is valid when any of them matches.
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)
# The number type of each alternative; the first that matches wins, in `_number_type_helper`'s order.
_GROUP_TYPES: dict[str, int] = {name: getattr(PhoneNumberType, name.upper()) for name in _TYPES}
_MIN_NSN = 2  # phonenumberutil._MIN_LENGTH_FOR_NSN
_MAX_NSN = 17  # phonenumberutil._MAX_LENGTH_FOR_NSN

_Matcher = re.Pattern[str] | None  # "general pattern AND any type pattern" for one NSN length; None: invalid


class _Matchers(dict[int, _Matcher]):
    """Per-length matchers of one region, compiled on first use: a file only needs a few of them, and
    compiling every length of every region costs ~0.3 s, paid again by every sandboxed child process."""

    def __init__(self, metadata: PhoneMetadata) -> None:
        super().__init__()
        self.metadata = metadata

    def __missing__(self, length: int) -> _Matcher:
        matcher = self[length] = _compile_length(self.metadata, length)
        return matcher


@dataclass(frozen=True, slots=True)
class _Country:
    code: int  # the country calling code
    size: int  # digits in the country calling code
    national_prefix: re.Pattern[str] | None  # when it matches the NSN start, ask the library…
    general: re.Pattern[str] | None  # …unless `_keeps_nsn`: the main region's general pattern,
    transforms: bool  # and whether it has a national_prefix_transform_rule
    single: _Matchers | None  # the only region of a single-region country code
    regions: tuple[tuple[re.Pattern[str] | None, _Matchers], ...]  # (leading digits, matchers), in order


_NO_COUNTRY = _Country(0, 0, None, None, False, None, ())
_COUNTRY_CODES = frozenset(str(code) for code in COUNTRY_CODE_TO_REGION_CODE)
_by_code: dict[str, _Country] = {}
_by_prefix: dict[str, _Country] = {}  # first three digits → their country (or _NO_COUNTRY)


def library_is_valid_digits(digits: str) -> bool:
    """The reference verdict: what `is_valid_digits` must always equal."""
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse("+" + digits)))
    except phonenumbers.NumberParseException:
        return False


def is_valid_digits(digits: str) -> bool:
    """True when `+<digits>` is a valid number; same verdict as `library_is_valid_digits`."""
    if digits.isascii() and digits.isdigit():
        return is_valid_plain_digits(digits)
    return library_is_valid_digits(digits)


def is_valid_plain_digits(digits: str) -> bool:
    """`is_valid_digits` for plain ASCII digit strings; False for anything else (bulk validation's shortcut:
    a formatted number is not "already normalized", even when the library would accept it)."""
    if not (digits.isascii() and digits.isdigit()):
        return False
    found = _match(digits)
    if found is None:
        return library_is_valid_digits(digits)
    return found[2] is not None


def plain_number_type(digits: str) -> tuple[int, int] | None:
    """(calling code, `number_type(parse("+" + digits))`) for a plain ASCII digit string the shortcut
    models, whose E.164 digits are then `digits` itself; `(0, UNKNOWN)` where the library raises on the
    country code; None where only the library can tell (then ask it). Time zones use it: the type
    decides between the number's area and its whole country (phonenumbers.timezone)."""
    if not (digits.isascii() and digits.isdigit()):
        return None
    found = _match(digits)
    if found is None:
        return None
    country, metadata, match = found
    if match is None or metadata is None:
        return country.code, PhoneNumberType.UNKNOWN
    kind = _GROUP_TYPES[match.lastgroup or ""]
    if kind == PhoneNumberType.FIXED_LINE and (  # as `_number_type_helper`: a fixed line, also mobile?
        metadata.same_mobile_and_fixed_line_pattern or _matches(metadata.mobile, match.string)
    ):
        return country.code, PhoneNumberType.FIXED_LINE_OR_MOBILE
    return country.code, kind


def plain_number_match(digits: str) -> tuple[int, str | None] | None:
    """(calling code, the name in `_TYPES` of the first number type whose pattern the number matches, e.g.
    "mobile"; None for an invalid number) where `plain_number_type` answers. Cheaper: a fixed line is not
    checked against the mobile pattern too (time zones treat both types alike)."""
    if not (digits.isascii() and digits.isdigit()):
        return None
    found = _match(digits)
    if found is None:
        return None
    return found[0].code, None if found[2] is None else found[2].lastgroup


@dataclass(frozen=True, slots=True)
class Lane:
    """How `_match` judges the plain numbers of one first-three-digits and length whose NSN the country's
    national prefix does not match at its start (else: ask `plain_number_match`). The region that
    `_match` tries first decides: the only one; or the first, for NSNs its `leading` digits match (others:
    ask); or the first without leading digits, for NSNs its pattern matches (others may be another
    region's: ask, unless `only`). Its `matcher` (None: no number is valid) gives the type."""

    code: int
    size: int  # digits of the calling code: the NSN is number[size:]
    national_prefix: re.Pattern[str] | None
    leading: re.Pattern[str] | None
    matcher: _Matcher
    only: bool  # a number the matcher does not match is invalid


def lane(start: str, length: int) -> Lane | None:
    """The lane of numbers of `length` ASCII digits starting with the 3 digits `start`; None where
    `_match` judges them otherwise (no country, lengths it leaves to the library, a first region
    without leading digits and without a pattern of that length)."""
    if not 3 <= length <= 3 + _MAX_NSN:
        return None
    country = _by_prefix.get(start) or _resolve(start)
    nsn_length = length - country.size
    if country is _NO_COUNTRY or nsn_length < _MIN_NSN:
        return None
    code, size, national_prefix = country.code, country.size, country.national_prefix
    if country.single is not None:
        return Lane(code, size, national_prefix, None, country.single[nsn_length], True)
    leading, matchers = country.regions[0]
    matcher = matchers[nsn_length]
    if leading is not None:
        return Lane(code, size, national_prefix, leading, matcher, True)
    if matcher is None:
        return None
    return Lane(code, size, national_prefix, None, matcher, False)


_Found = tuple[_Country, PhoneMetadata | None, re.Match[str] | None]  # metadata: set with a match


def _match(digits: str) -> _Found | None:
    """The country of plain `digits`, the region metadata that judges it and the match of its NSN
    (None: invalid); None: ask the library."""
    if not 3 <= len(digits) <= 3 + _MAX_NSN:
        return None
    country = _by_prefix.get(digits[:3]) or _resolve(digits[:3])
    if country is _NO_COUNTRY:
        return country, None, None  # the library raises INVALID_COUNTRY_CODE
    nsn = digits[country.size :]
    if len(nsn) < _MIN_NSN:
        return None
    if country.national_prefix is not None:
        prefix = country.national_prefix.match(nsn)
        # An empty match that captured nothing strips nothing (Argentina's optional prefix).
        strips = prefix is not None and (prefix.end() or prefix.lastindex is not None)
        if strips and prefix is not None and not _keeps_nsn(country, prefix, nsn):
            return None
    if country.single is not None:
        matcher = country.single[len(nsn)]
        return country, country.single.metadata, None if matcher is None else matcher.fullmatch(nsn)
    for leading, matchers in country.regions:
        matcher = matchers[len(nsn)]
        if leading is not None:
            if leading.match(nsn):
                return country, matchers.metadata, None if matcher is None else matcher.fullmatch(nsn)
        elif matcher is not None:
            match = matcher.fullmatch(nsn)
            if match is not None:
                return country, matchers.metadata, match
    return country, None, None


def _keeps_nsn(country: _Country, prefix: re.Match[str], nsn: str) -> bool:
    """True where `_maybe_strip_national_prefix_carrier_code` returns the NSN unchanged although the
    national prefix matched its start: without a transform rule (or its last group empty), an NSN that
    fits the general pattern is kept when what follows the prefix does not. Then parsing is as if the
    prefix had not matched, and the shortcut holds. Anything else (a transform): ask the library."""
    if country.general is None:
        return False
    if country.transforms:
        groups = prefix.re.groups
        if groups == 0 or prefix.group(groups) is not None:
            return False
    return (
        country.general.fullmatch(nsn) is not None and country.general.fullmatch(nsn[prefix.end() :]) is None
    )


def _matches(desc: PhoneNumberDesc | None, nsn: str) -> bool:
    """`_is_number_matching_desc`: the desc's lengths (when it names any), then its whole pattern."""
    if desc is None or not desc.national_number_pattern:
        return False
    if desc.possible_length and len(nsn) not in desc.possible_length:
        return False
    return re.fullmatch(desc.national_number_pattern, nsn) is not None


def warm_up() -> None:
    """Compile everything now (e.g. in a child process before timing-sensitive work)."""
    for number in range(1000):
        country = _resolve(f"{number:03d}")
        tables = [country.single] if country.single is not None else [table for _, table in country.regions]
        for matchers in tables:
            for length in range(_MIN_NSN, _MAX_NSN + 1):
                matchers[length]  # compiles through __missing__


def _resolve(prefix: str) -> _Country:
    """The country of a 3-digit prefix: its shortest leading part that is a calling code, as the library."""
    code = next((prefix[:size] for size in (1, 2, 3) if prefix[:size] in _COUNTRY_CODES), None)
    country = _NO_COUNTRY if code is None else (_by_code.get(code) or _compile_country(code))
    _by_prefix[prefix] = country
    return country


def _compile_country(code: str) -> _Country:
    calling_code = int(code)
    regions = COUNTRY_CODE_TO_REGION_CODE[calling_code]
    main = PhoneMetadata.metadata_for_region_or_calling_code(calling_code, regions[0])
    assert main is not None, f"no metadata for +{code}"
    prefix = main.national_prefix_for_parsing
    national_prefix = re.compile(prefix) if prefix else None
    pattern = main.general_desc.national_number_pattern if main.general_desc is not None else None
    general = re.compile(pattern) if pattern else None
    transforms = bool(main.national_prefix_transform_rule)
    if len(regions) == 1:
        country = _Country(calling_code, len(code), national_prefix, general, transforms, _Matchers(main), ())
    else:
        chosen = []
        for region in regions:
            # `_region_code_for_number_from_list` looks regions up by code and skips missing metadata.
            metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
            if metadata is None:
                continue
            leading = re.compile(metadata.leading_digits) if metadata.leading_digits is not None else None
            chosen.append((leading, _Matchers(metadata)))
        country = _Country(calling_code, len(code), national_prefix, general, transforms, None, tuple(chosen))
    _by_code[code] = country
    return country


def _compile_length(metadata: PhoneMetadata, length: int) -> _Matcher:
    """The general pattern as a lookahead, then the number types whose possible lengths allow `length`."""
    general = metadata.general_desc
    if general is None or not general.national_number_pattern:
        return None
    if general.possible_length and length not in general.possible_length:
        return None
    alternatives = []
    for name in _TYPES:
        desc = getattr(metadata, name)
        if desc is None or not desc.national_number_pattern:
            continue
        if desc.possible_length and length not in desc.possible_length:
            continue
        alternatives.append(f"(?P<{name}>{desc.national_number_pattern})")  # named: the type that matched
    if not alternatives:
        return None
    return re.compile(f"(?=(?:{general.national_number_pattern})\\Z)(?:{'|'.join(alternatives)})")
