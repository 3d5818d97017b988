"""Callback data of the menu, access requests, /grant and /language: short prefixes, ids only (64 bytes).

Callback data comes back from the client and can be forged: every id is bounded here, so a value
out of range makes the button's filter not match (the fallback answers "no longer active") instead of
reaching SQLite (OverflowError) or giving a role to user 0.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from storage.users import MAX_USER_ID

DB_ID_MAX = 2**63 - 1  # SQLite's INTEGER

Id = Annotated[int, Field(ge=0, le=DB_ID_MAX, strict=False)]
"""A database id, a page or an index; 0 where a button carries none."""
UserId = Annotated[int, Field(gt=0, lt=MAX_USER_ID)]
"""A Telegram user id (positive, at most 52 bits)."""
OptionalUserId = Annotated[int, Field(ge=0, lt=MAX_USER_ID)]
"""A Telegram user id, or 0 where the button carries none."""


class AccessAction(StrEnum):
    REQUEST = "req"
    GRANT = "ok"
    IGNORE = "no"


class AccessCb(CallbackData, prefix="acc"):
    """REQUEST carries no user (0); GRANT and IGNORE the requesting user."""

    action: AccessAction
    user_id: OptionalUserId = 0


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
    user_id: UserId
    role: RoleChoice


class LanguageCb(CallbackData, prefix="lang"):
    """/language's buttons; a locale the bot does not have makes the filter not match."""

    locale: Literal["en", "ru"]
