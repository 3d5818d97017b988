"""The command menu (setMyCommands) lists every command the routers answer."""

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.methods import SetMyCommands
from aiogram.types import BotCommandScopeChat, BotCommandScopeDefault

from bot.app import set_commands
from tests.handlers.conftest import ADMIN_ID, Harness


def handled_commands(router: Router) -> set[str]:
    found: set[str] = set()
    for handler in router.message.handlers:
        for flt in handler.filters or ():
            if isinstance(flt.callback, Command) and not isinstance(flt.callback, CommandStart):
                found.update(c for c in flt.callback.commands if isinstance(c, str))
    for sub in router.sub_routers:
        found |= handled_commands(sub)
    return found


async def test_command_menu_lists_every_handled_command(harness: Harness) -> None:
    harness.session.take()
    await set_commands(harness.bot, harness.dp["settings"], harness.users)
    calls = [c for c in harness.session.take() if isinstance(c, SetMyCommands)]
    default = next(
        c for c in calls if isinstance(c.scope, BotCommandScopeDefault) and c.language_code is None
    )
    admin = next(c for c in calls if isinstance(c.scope, BotCommandScopeChat) and c.scope.chat_id == ADMIN_ID)
    handled = handled_commands(harness.dp) | {"start"}
    assert {c.command for c in admin.commands} == handled
    for everyday in ("start", "help", "cancel", "new", "lists", "clients"):
        assert everyday in {c.command for c in default.commands}


async def test_command_menu_in_russian_for_russian_clients(harness: Harness) -> None:
    harness.session.take()
    await set_commands(harness.bot, harness.dp["settings"], harness.users)
    calls = [c for c in harness.session.take() if isinstance(c, SetMyCommands)]
    by_language = {c.language_code: c for c in calls if isinstance(c.scope, BotCommandScopeDefault)}
    assert set(by_language) == {None, "ru"}
    russian = {c.command: c.description for c in by_language["ru"].commands}
    english = {c.command: c.description for c in by_language[None].commands}
    assert russian.keys() == english.keys()
    assert russian["lists"] == "Просмотр, скачивание и удаление списков"
    assert english["lists"] == "Browse, download and delete lists"
    assert "language" in russian


async def test_admin_commands_in_the_admins_stored_language(harness: Harness) -> None:
    await harness.users.set_language(ADMIN_ID, "ru")
    harness.session.take()
    await set_commands(harness.bot, harness.dp["settings"], harness.users)
    calls = [c for c in harness.session.take() if isinstance(c, SetMyCommands)]
    admin = next(c for c in calls if isinstance(c.scope, BotCommandScopeChat))
    assert {c.command: c.description for c in admin.commands}["users"] == "У кого есть доступ"
