"""Every word a user reads comes from the locale files: handlers send no literal text, and every key
the code asks for exists (in every locale: test_locales checks parity)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from i18n import catalog

ROOT = Path(__file__).resolve().parent.parent
# Bot API calls that show text to a user, and the parameters that carry it.
SENDING = {
    "answer",
    "reply",
    "edit_text",
    "edit_caption",
    "send_message",
    "edit_message_text",
    "edit_message_caption",
    "answer_callback_query",
    "answer_document",
    "send_document",
    "button",
}
TEXT_KEYWORDS = {"text", "caption", "input_field_placeholder"}
TEXT_CALLS = {"tr", "every_locale", "menu_button"}


def _literal(node: ast.AST) -> bool:
    """A string written in the code with at least one letter (symbols such as ‹ › alone are fine)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_literal(value) for value in node.values)
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) or _literal(node.orelse)
    return False


def _calls(package: str) -> Iterator[tuple[Path, ast.Call]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                yield path, node


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    if isinstance(call.func, ast.Name):
        return call.func.id
    return None


def literal_lines(source: str) -> list[int]:
    """Lines where a call that shows text gets a literal one (any positional argument: the text is
    the first of `answer`, the second of `send_message`; or a text keyword)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node) in SENDING:
            args = [*node.args, *(k.value for k in node.keywords if k.arg in TEXT_KEYWORDS)]
            found += [node.lineno for arg in args if _literal(arg)]
    return found


def test_handlers_send_no_literal_text() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "handlers").rglob("*.py"))
        for line in literal_lines(path.read_text(encoding="utf-8"))
    ]
    assert wrong == []


def test_the_check_finds_a_literal() -> None:
    """The walk above must see what it is meant to forbid, and let through what it allows."""
    source = (
        "async def h(message, bot, query, builder):\n"
        '    await message.answer(f"Hi {1}")\n'
        '    await bot.send_message(1, "Hi")\n'
        '    await query.answer(text="Done", show_alert=True)\n'
        '    builder.button(text="‹", callback_data="x")\n'
        '    await message.answer(tr("hi"))\n'
        '    await message.answer(texts.hello(name) + "\\n\\n" + tr("bye"))\n'
    )
    assert literal_lines(source) == [2, 3, 4]


def test_every_key_the_code_asks_for_exists() -> None:
    missing = []
    for package in ("handlers", "bot", "services"):
        for path, call in _calls(package):
            if _name(call) not in TEXT_CALLS or not call.args:
                continue
            key = call.args[0]
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                continue
            if not all(catalog().has(locale, key.value) for locale in catalog().locales):
                missing.append(f"{path.relative_to(ROOT)}:{call.lineno} {key.value}")
    assert missing == []


def test_russian_client_counts_and_dates() -> None:
    from handlers.common.texts import clients_count, list_date
    from i18n import speaking

    with speaking("ru"):
        counts = [clients_count(n) for n in (1, 2, 5, 11, 21, 1234567)]
        assert list_date("2026-09-01T10:03:00+00:00") == "01.09.2026"
        assert list_date("2026-09-01T10:03:00+00:00", with_time=True) == "01.09.2026 10:03 UTC"
    assert counts == [
        "1 клиент",
        "2 клиента",
        "5 клиентов",
        "11 клиентов",
        "21 клиент",
        "1\u00a0234\u00a0567 клиентов",
    ]
    assert [clients_count(n) for n in (1, 2, 1234567)] == ["1 client", "2 clients", "1,234,567 clients"]
    assert list_date("2026-09-01T10:03:00+00:00") == "2026-09-01"
