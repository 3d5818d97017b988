"""One catalog of Fluent messages per locale, loaded once, usable from any thread.

Handlers get their texts through aiogram-i18n; code that runs outside an update (background pushes,
start-up notices, files built in a thread, an admin notified in their own language) asks this catalog
with an explicit locale.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
LOCALES = ("en", "ru")
DEFAULT_LOCALE = "en"


def locale_for(language_code: str | None) -> str:
    """Telegram's `language_code` → a locale of ours: ru* is Russian, anything else English."""
    if language_code and language_code.lower().split("-")[0] == "ru":
        return "ru"
    return DEFAULT_LOCALE


class MissingText(KeyError):
    """A key that a locale lacks: a programming error the parity test catches before release."""


class Catalog:
    def __init__(self, bundles: Mapping[str, FluentBundle], sources: Mapping[str, list[ast.Resource]]):
        self._bundles = dict(bundles)
        self._sources = dict(sources)

    @classmethod
    def load(cls, root: Path = LOCALES_DIR, locales: tuple[str, ...] = LOCALES) -> Catalog:
        bundles: dict[str, FluentBundle] = {}
        sources: dict[str, list[ast.Resource]] = {}
        for locale in locales:
            # No bidi isolation marks: Telegram shows them as noise around every placeable.
            bundle = FluentBundle([locale], use_isolating=False)
            resources = [
                FluentResource(path.read_text(encoding="utf-8"))
                for path in sorted((root / locale).glob("*.ftl"))
            ]
            for resource in resources:
                bundle.add_resource(resource)
            bundles[locale] = bundle
            sources[locale] = resources
        return cls(bundles, sources)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._bundles)

    def text(self, locale: str, key: str, /, **params: Any) -> str:
        bundle = self._bundles.get(locale) or self._bundles[DEFAULT_LOCALE]
        if not bundle.has_message(key):
            raise MissingText(f"{key} ({locale})")
        message = bundle.get_message(key)
        if message.value is None:
            raise MissingText(f"{key} ({locale}) has no value")
        text, errors = bundle.format_pattern(message.value, params)
        if errors:
            raise MissingText(f"{key} ({locale}): {errors[0]}")
        return str(text)

    def has(self, locale: str, key: str) -> bool:
        bundle = self._bundles.get(locale)
        return bundle is not None and bundle.has_message(key)

    def keys(self, locale: str) -> Iterator[str]:
        for resource in self._sources.get(locale, []):
            for entry in resource.body:
                if isinstance(entry, ast.Message):
                    yield entry.id.name


@functools.cache
def catalog() -> Catalog:
    """The catalog of the installed locales, loaded at first use."""
    return Catalog.load()
