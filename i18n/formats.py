"""Numbers, dates and country names as the reader writes them (CLDR data through Babel).

Russian: `1 234 567`, `01.09.2026`, «Германия»; English: `1,234,567`, ISO dates `2026-09-01`, "Germany".
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from babel import Locale
from babel.numbers import format_decimal

_DATE = {"ru": "%d.%m.%Y", "en": "%Y-%m-%d"}


def number(locale: str, value: int | float) -> str:
    return str(format_decimal(value, locale=locale))


def day(locale: str, value: date) -> str:
    return value.strftime(_DATE.get(locale, _DATE["en"]))


def moment(locale: str, value: datetime) -> str:
    """A date with hours and minutes, in the zone `value` carries."""
    return f"{day(locale, value)} {value:%H:%M}"


def country(locale: str, region: str) -> str:
    """The country's name in the reader's language; the code itself where CLDR has no name."""
    return _territories(locale).get(region.upper(), region)


@functools.cache
def _territories(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).territories)
