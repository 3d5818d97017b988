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
    await set_commands(harness.bot, harness.dp["settings"])
    calls = [c for c in harness.session.take() if isinstance(c, SetMyCommands)]
    default = next(c for c in calls if isinstance(c.scope, BotCommandScopeDefault))
    admin = next(c for c in calls if isinstance(c.scope, BotCommandScopeChat) and c.scope.chat_id == ADMIN_ID)
    handled = handled_commands(harness.dp) | {"start"}
    assert {c.command for c in admin.commands} == handled
    for everyday in ("start", "help", "cancel", "new", "lists", "clients"):
        assert everyday in {c.command for c in default.commands}
