"""A deterministic, realistic call list for benchmarks and the phone equivalence test.

~430k rows (about 20 MB as UTF-8 CSV): Phone, First name, Last name, City, GMT_ZONE, Priority. Numbers are
real-plan numbers of several countries (phonenumbers' example numbers with randomized subscriber digits,
kept only when valid), some written with formatting or as numeric cells; ~3% of rows are invalid in
varied ways and ~2% are exact copies of an earlier row.
"""

from __future__ import annotations

import random

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from validators.phone_fast import is_valid_digits

__all__ = ["HEADER", "generate_rows"]

HEADER = ["Phone", "First name", "Last name", "City", "GMT_ZONE", "Priority"]

_LATIN_FIRST = [
    "James",
    "Mary",
    "John",
    "Linda",
    "Oliver",
    "Emma",
    "Lukas",
    "Mia",
    "Luca",
    "Giulia",
    "Hugo",
    "Léa",
]
_LATIN_LAST = [
    "Smith",
    "Johnson",
    "Brown",
    "Taylor",
    "Müller",
    "Schmidt",
    "Rossi",
    "Bianchi",
    "Martin",
    "Bernard",
]
_CYRILLIC_FIRST = [
    "Иван",
    "Анна",
    "Дмитрий",
    "Мария",
    "Алексей",
    "Елена",
    "Сергей",
    "Ольга",
    "Айгерим",
    "Нурлан",
]
_CYRILLIC_LAST = ["Иванов", "Петрова", "Попов", "Орлова", "Ахметов", "Ким", "Лебедь", "Сокол"]
# region: (weight, cities, timezone spellings, Cyrillic names)
_COUNTRIES: dict[str, tuple[int, list[str], list[str], bool]] = {
    "RU": (
        34,
        ["Москва", "Казань", "Омск", "Тверь"],
        ["+03:00", "UTC+3", "Europe/Moscow"],
        True,
    ),
    "KZ": (8, ["Алматы", "Астана"], ["+05:00", "+5", "Asia/Almaty"], True),
    "US": (
        16,
        ["Austin", "Boston", "Dallas", "Miami"],
        ["-05:00", "-06:00", "GMT-8", "America/Chicago"],
        False,
    ),
    "GB": (8, ["London", "Leeds", "Bristol"], ["+00:00", "UTC", "Europe/London"], False),
    "DE": (8, ["Berlin", "München", "Hamburg"], ["+01:00", "+1", "Europe/Berlin"], False),
    "FR": (6, ["Paris", "Lyon", "Nantes"], ["+01:00", "UTC+1"], False),
    "IT": (6, ["Roma", "Milano", "Napoli"], ["+01:00", "Europe/Rome"], False),
    "IN": (8, ["Mumbai", "Delhi", "Pune"], ["+05:30", "Asia/Kolkata"], False),
    "BR": (6, ["Recife", "Natal"], ["-03:00", "UTC-3"], False),
}
_INVALID_SHARE = 0.03
_DUPLICATE_SHARE = 0.02


def generate_rows(n: int = 430_000, seed: int = 1) -> list[list[str]]:
    """Header row + `n` data rows, identical for the same arguments."""
    rnd = random.Random(seed)
    templates = {region: _templates(region) for region in _COUNTRIES}
    regions = list(_COUNTRIES)
    weights = [spec[0] for spec in _COUNTRIES.values()]
    rows = [list(HEADER)]
    for _ in range(n):
        roll = rnd.random()
        if roll < _DUPLICATE_SHARE and len(rows) > 1:
            rows.append(list(rows[rnd.randrange(1, len(rows))]))
            continue
        region = rnd.choices(regions, weights)[0]
        _, cities, zones, cyrillic = _COUNTRIES[region]
        phone = _valid_number(rnd, templates[region])
        row = [
            _spelled(rnd, phone),
            rnd.choice(_CYRILLIC_FIRST if cyrillic else _LATIN_FIRST),
            rnd.choice(_CYRILLIC_LAST if cyrillic else _LATIN_LAST),
            rnd.choice(cities),
            rnd.choice(zones) if rnd.random() < 0.6 else "",
            str(rnd.randint(0, 100)) if rnd.random() < 0.5 else "",
        ]
        if roll > 1 - _INVALID_SHARE:
            _spoil(rnd, row, phone)
        rows.append(row)
    return rows


def _templates(region: str) -> list[str]:
    templates = []
    for kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE):
        number = phonenumbers.example_number_for_type(region, kind)
        if number is not None:
            templates.append(phonenumbers.format_number(number, PhoneNumberFormat.E164).lstrip("+"))
    return templates


def _valid_number(rnd: random.Random, templates: list[str]) -> str:
    """A template with its last 6 digits randomized, retried until valid in the numbering plan."""
    while True:
        template = rnd.choice(templates)
        number = template[:-6] + f"{rnd.randrange(10**6):06d}"
        if is_valid_digits(number):
            return number


def _spelled(rnd: random.Random, phone: str) -> str:
    """Mostly plain digits; some as numeric cells (.0) or with +, spaces, dashes and brackets."""
    roll = rnd.random()
    if roll < 0.05:
        return phone + ".0"
    if roll < 0.08:
        return "+" + phone
    if roll < 0.10:
        return f"+{phone[:-10]} ({phone[-10:-7]}) {phone[-7:-4]}-{phone[-4:-2]}-{phone[-2:]}"
    return phone


def _spoil(rnd: random.Random, row: list[str], phone: str) -> None:
    """Make one field invalid in one of the ways real files are."""
    kind = rnd.randrange(10)
    if kind == 0:
        row[0] = f"1267{rnd.randrange(10**7):07d}"  # the platform docs' style: US exchange starting with 1
    elif kind == 1:
        row[0] = phone[:-3]  # too short
    elif kind == 2:
        row[0] = phone + f"{rnd.randrange(100):02d}"  # too long
    elif kind == 3:
        row[0] = rnd.choice(["n/a", "нет", "unknown", "+7 916 ABC-12-34"])
    elif kind == 4:
        row[0] = f"{int(phone):.5E}".replace("E+0", "E+")  # Excel's 1.26712E+10
    elif kind == 5:
        row[0] = "999" + phone[3:]  # no such country code
    elif kind == 6:
        row[0] = "8" + f"9{rnd.randrange(10**9):09d}"  # Russian national prefix 8
    elif kind == 7:
        row[0] = ""
    elif kind == 8:
        row[4] = rnd.choice(["+15:00", "Mars/Olympus", "MSK+1"])
    else:
        row[5] = rnd.choice(["high", "150", "-1", "2.5"])
