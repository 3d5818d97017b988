"""Texts in the reader's language (English and Russian).

The core speaks codes; the edge (handlers, services that build files or background messages) renders
them here. Fluent files under `locales/<locale>/` hold every text; CLDR plural rules and number formats
come with fluent.runtime (Babel). Pure: no aiogram, no storage.
"""

from i18n.catalog import DEFAULT_LOCALE, LOCALES, Catalog, catalog, locale_for
from i18n.context import current_locale, every_locale, speaking, tr

__all__ = [
    "DEFAULT_LOCALE",
    "LOCALES",
    "Catalog",
    "catalog",
    "current_locale",
    "every_locale",
    "locale_for",
    "speaking",
    "tr",
]
