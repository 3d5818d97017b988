"""The locale of the text being written now, as a context variable.

An update's middleware sets it to the user's stored locale, so handlers, keyboards and texts call
`tr(key, ...)` without passing the locale around; background tasks started by a handler copy the
context and keep speaking the user's language. Code that writes to someone else (an admin, a
manager whose push resumed at start-up) says whom it speaks to: `with speaking(locale): ...`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from i18n.catalog import DEFAULT_LOCALE, LOCALES, catalog

_current: ContextVar[str] = ContextVar("i18n_locale", default=DEFAULT_LOCALE)


def current_locale() -> str:
    return _current.get()


@contextmanager
def speaking(locale: str | None) -> Iterator[str]:
    """Texts inside the block are in `locale` (unknown or None: the default)."""
    chosen = locale if locale in LOCALES else DEFAULT_LOCALE
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def tr(key: str, /, **params: Any) -> str:
    """The text `key` in the current locale."""
    return catalog().text(_current.get(), key, **params)


def every_locale(key: str, /, **params: Any) -> frozenset[str]:
    """The text `key` in every locale: what a filter accepts for a button of any language."""
    return frozenset(catalog().text(locale, key, **params) for locale in LOCALES)
