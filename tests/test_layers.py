"""The layer rule of docs/architecture.md, enforced: imports point downward only.

bot → handlers → services → (validators, sheets, storage); validators and sheets import neither
aiogram nor storage; services use aiogram only to download or send a file; handlers stay thin
(no SQL, threads, processes or temporary files); no module outside tests grows past 400 lines.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "services", "storage", "sheets", "validators", "i18n")

# What each layer must not import (package names of this project, and third-party modules).
FORBIDDEN: dict[str, set[str]] = {
    "validators": {"aiogram", "storage", "sheets", "services", "handlers", "bot", "aiosqlite", "i18n"},
    "sheets": {"aiogram", "storage", "services", "handlers", "bot", "aiosqlite", "i18n"},
    "storage": {"sheets", "services", "handlers", "bot", "i18n"},
    # Texts: pure, rendered at the edge (handlers, and services that build files or background messages).
    "i18n": {"aiogram", "aiosqlite", "storage", "sheets", "validators", "services", "handlers", "bot"},
    "services": {"handlers", "bot"},
    "handlers": {"bot", "sqlite3", "aiosqlite", "tempfile", "threading", "multiprocessing", "concurrent"},
    "bot": set(),
}
# aiogram names a service may use: the Bot to download or send files, its errors, the file to send.
SERVICES_AIOGRAM = {
    "aiogram": {"Bot"},
    "aiogram.exceptions": {"TelegramAPIError", "TelegramBadRequest", "ClientDecodeError"},
    "aiogram.types": {"FSInputFile", "Message"},
    "aiogram.utils.chat_action": {"ChatActionSender"},
}
# storage's one aiogram use: the FSM storage adapter.
STORAGE_AIOGRAM = {"storage/fsm.py"}
MAX_LINES = 400
FILE_IO = {"open", "write_bytes", "write_text", "read_bytes", "read_text", "unlink"}


def modules(package: str) -> Iterator[Path]:
    yield from sorted((ROOT / package).rglob("*.py"))


def imports(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(module, names) of every import, including those inside functions."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, [alias.name for alias in node.names]


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_downward(package: str) -> None:
    wrong = []
    for path in modules(package):
        rel = path.relative_to(ROOT).as_posix()
        for module, names in imports(path):
            top = module.split(".")[0]
            if top in FORBIDDEN[package]:
                if top == "aiogram" and rel in STORAGE_AIOGRAM and module.startswith("aiogram.fsm"):
                    continue
                wrong.append(f"{rel}: import {module}")
            if package == "services" and top == "aiogram":
                allowed = SERVICES_AIOGRAM.get(module, set())
                wrong += [f"{rel}: from {module} import {n}" for n in names if n not in allowed]
    assert wrong == []


def test_handler_modules_do_no_file_io() -> None:
    """Files are written and read by services and sheets; handlers only send what they are given."""
    wrong = []
    for path in modules("handlers"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr in FILE_IO:
                wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}()")
    assert wrong == []


def test_no_module_is_too_long() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): lines
        for package in (*PACKAGES, "bench")
        for path in modules(package)
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_package_says_what_lives_there() -> None:
    undocumented = [
        init.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for init in (ROOT / package).rglob("__init__.py")
        if ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) is None
    ]
    assert undocumented == []


def test_callback_prefixes_are_unique() -> None:
    """Each feature keeps its CallbackData in its own package: one prefix must never mean two things."""
    import importlib

    from aiogram.filters.callback_data import CallbackData

    prefixes: dict[str, str] = {}
    for path in sorted((ROOT / "handlers").rglob("callbacks.py")):
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, CallbackData) and value is not CallbackData:
                owner = prefixes.setdefault(value.__prefix__, value.__qualname__)
                assert owner == value.__qualname__, (
                    f"prefix {value.__prefix__!r}: {owner} and {value.__qualname__}"
                )
    assert len(prefixes) == 10
