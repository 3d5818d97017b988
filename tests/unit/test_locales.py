"""Every text exists in every locale with the same placeables, and Russian plurals follow CLDR."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fluent.syntax import ast, parse
from fluent.syntax.visitor import Visitor

from i18n import LOCALES, Catalog, catalog, locale_for
from i18n.catalog import LOCALES_DIR


class _Placeables(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def _messages(locale: str) -> Iterator[tuple[str, str, ast.Message]]:
    for path in sorted((LOCALES_DIR / locale).glob("*.ftl")):
        resource = parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: cannot parse {junk[0].content!r}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                yield path.name, entry.id.name, entry


def _placeables(message: ast.Message) -> set[str]:
    visitor = _Placeables()
    visitor.visit(message)
    return visitor.names


def test_every_key_is_in_every_locale_in_the_same_file_with_the_same_placeables() -> None:
    found = {
        locale: {key: (file, _placeables(m)) for file, key, m in _messages(locale)} for locale in LOCALES
    }
    english = found["en"]
    assert english, "no English texts found"
    for locale in LOCALES:
        assert found[locale].keys() == english.keys(), f"{locale}: keys differ from en"
        for key, (file, names) in english.items():
            assert found[locale][key] == (file, names), f"{locale}: {key}"


def test_no_key_is_defined_twice() -> None:
    for locale in LOCALES:
        keys = [key for _file, key, _message in _messages(locale)]
        assert len(keys) == len(set(keys)), f"{locale}: {sorted(k for k in keys if keys.count(k) > 1)}"


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, "1 клиент"), (2, "2 клиента"), (5, "5 клиентов"), (11, "11 клиентов"), (21, "21 клиент")],
)
def test_russian_plurals_follow_cldr(tmp_path: Path, count: int, expected: str) -> None:
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "t.ftl").write_text(
        "n = { $count ->\n    [one] { $count } клиент\n    [few] { $count } клиента\n"
        "   *[many] { $count } клиентов\n}\n",
        encoding="utf-8",
    )
    assert Catalog.load(tmp_path, ("ru",)).text("ru", "n", count=count) == expected


def test_russian_numbers_are_grouped_with_spaces(tmp_path: Path) -> None:
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "t.ftl").write_text("n = { $count }\n", encoding="utf-8")
    assert Catalog.load(tmp_path, ("ru",)).text("ru", "n", count=1234567) == "1\u00a0234\u00a0567"


@pytest.mark.parametrize(
    ("code", "locale"), [("ru", "ru"), ("ru-RU", "ru"), ("en", "en"), ("uk", "en"), (None, "en"), ("", "en")]
)
def test_telegram_language_code_picks_a_locale(code: str | None, locale: str) -> None:
    assert locale_for(code) == locale


def test_the_installed_catalog_names_each_language_in_itself() -> None:
    assert catalog().text("en", "language-name") == "English"
    assert catalog().text("ru", "language-name") == "Русский"


def test_formats_follow_the_readers_locale() -> None:
    from datetime import date, datetime

    from i18n import formats

    assert formats.number("ru", 1234567) == "1\u00a0234\u00a0567"
    assert formats.number("en", 1234567) == "1,234,567"
    assert formats.day("ru", date(2026, 9, 1)) == "01.09.2026"
    assert formats.day("en", date(2026, 9, 1)) == "2026-09-01"
    assert formats.moment("ru", datetime(2026, 9, 1, 14, 5)) == "01.09.2026 14:05"
    assert formats.country("ru", "DE") == "Германия"
    assert formats.country("en", "de") == "Germany"
    assert formats.country("en", "XX") == "XX"
