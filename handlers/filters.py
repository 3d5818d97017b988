"""Role checks, read from the database on every event so a revoke applies at once (old buttons too)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

from storage.users import Role, UsersRepo


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
