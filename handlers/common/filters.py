"""Role checks and the filter every flow's catch-all needs so that commands and menu buttons work in
every state, in every language: a menu button matches its text in any locale (the keyboard a user
has may be older than their last /language).

The user's roles are read once per update by an outer middleware (bot.middlewares.Identity) and
reach filters and handlers as `roles`; a revoke applies at the next event, old buttons included.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from i18n import every_locale
from storage.users import Role

MENU_KEYS = ("menu-new-list", "menu-lists", "menu-clients")
MENU_BUTTONS = frozenset().union(*(every_locale(key) for key in MENU_KEYS))


def menu_button(key: str) -> frozenset[str]:
    """The texts of main-menu button `key` in every locale: `F.text.in_(menu_button("menu-lists"))`.

    Computed from the catalog when the router is built (aiogram-i18n's LazyFilter resolves only at
    the dispatcher's start-up and only for top-level filters of the dispatcher's own routers)."""
    return every_locale(key)


def is_command_or_menu(message: Message) -> bool:
    """A command (`/…`) or a main-menu button: it belongs to its own feature in every state."""
    text = message.text or ""
    return text.startswith("/") or text in MENU_BUTTONS


def is_flow_input(message: Message) -> bool:
    """What a flow step may treat as its answer: anything but a command or a main-menu button.

    Put it on every state catch-all (`router.message.register(step_other, MyFlow.step, is_flow_input)`),
    so that a manager in the middle of one flow who taps another menu button or sends a command reaches
    that feature instead of hearing "please send X", whatever order the routers are included in.
    """
    return not is_command_or_menu(message)


class RoleFilter(Filter):
    """Passes when the event's user has `role` (admins have every role).

    Put it on both `router.message` and `router.callback_query` of a protected router. Events it
    rejects fall through to the fallback router, which answers "no access" (alert for buttons).
    """

    def __init__(self, role: Role) -> None:
        self.role = role

    async def __call__(self, event: Message | CallbackQuery, roles: frozenset[Role] = frozenset()) -> bool:
        return self.role in roles


def protect(router: Router, role: Role) -> Router:
    """Require `role` for every message and callback query of `router` (and its sub-routers)."""
    router.message.filter(RoleFilter(role))
    router.callback_query.filter(RoleFilter(role))
    return router
