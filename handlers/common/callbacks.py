"""Callback data of the menu, access requests and /grant: short prefixes, ids only (64 bytes)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData


class AccessAction(StrEnum):
    REQUEST = "req"
    GRANT = "ok"
    IGNORE = "no"


class AccessCb(CallbackData, prefix="acc"):
    action: AccessAction
    user_id: int = 0


class MenuAction(StrEnum):
    NEW_LIST = "new"
    LISTS = "lists"
    CLIENTS = "clients"


class MenuCb(CallbackData, prefix="m"):
    """Inline twin of the main menu; each feature handles its action together with its command."""

    action: MenuAction


class RoleChoice(StrEnum):
    MANAGER = "m"
    ADMIN = "a"


class GrantRoleCb(CallbackData, prefix="gr"):
    user_id: int
    role: RoleChoice
