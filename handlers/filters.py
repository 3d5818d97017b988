"""Role checks, read from the database on every event so a revoke applies at once (old buttons too),
and the filter every flow's catch-all needs so that commands and menu buttons work in every state."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from handlers import texts
from storage.users import Role, UsersRepo

MENU_BUTTONS = frozenset({texts.MENU_NEW_LIST, texts.MENU_LISTS, texts.MENU_CLIENTS})


def is_command_or_menu(message: Message) -> bool:
    """A command (`/…`) or a main-menu button: it belongs to its own feature in every state."""
    text = message.text or ""
    return text.startswith("/") or text in MENU_BUTTONS


def is_flow_input(message: Message) -> bool:
    """What a flow step may treat as its answer: anything but a command or a main-menu button.

    Put it on every state catch-all (`@router.message(MyFlow.step, is_flow_input)`), so that a
    manager in the middle of one flow who taps another menu button or sends a command reaches that
    feature instead of hearing "please send X" — whatever order the routers are included in.
    """
    return not is_command_or_menu(message)


class RoleFilter(Filter):
    """Passes when the event's user has `role` (admins have every role).

    Put it on both `router.message` and `router.callback_query` of a protected router. Events it
    rejects fall through to the fallback router, which answers "no access" (alert for buttons).
    """

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(self, event: Message | CallbackQuery, users: UsersRepo) -> bool:
        if event.from_user is None:
            return False
        return await users.has_role(event.from_user.id, self.role)


def protect(router: Router, role: Role) -> Router:
    """Require `role` for every message and callback query of `router`."""
    router.message.filter(RoleFilter(role))
    router.callback_query.filter(RoleFilter(role))
    return router
