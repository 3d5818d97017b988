"""Every CallbackData of the bot: short prefixes, ids only (Telegram allows 64 bytes), str enums."""

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


class ListAction(StrEnum):
    PAGE = "p"
    OPEN = "o"
    DOWNLOAD = "d"
    DELETE = "x"
    CONFIRM_DELETE = "y"
    CANCEL_DELETE = "n"


class ListCb(CallbackData, prefix="l"):
    """Buttons of the lists page and of a list's card (flow C); `page` lets Back return to it."""

    action: ListAction
    list_id: int = 0
    page: int = 0


class NewListAction(StrEnum):
    CHANNEL = "ch"
    SAMPLE_XLSX = "sx"
    SAMPLE_CSV = "sc"
    REPORT = "r"
    FIX = "f"
    ACCEPT = "a"
    CANCEL = "x"
    CONFIRM = "y"
    DEFAULT_NAME = "n"


class NewListCb(CallbackData, prefix="nl"):
    """Flow A (list from a file). `list_id` is the pending import the button belongs to, so buttons of
    a replaced or cancelled import are recognised as stale; `channel` is a catalog id."""

    action: NewListAction
    list_id: int = 0
    channel: str = ""


class ClientsAction(StrEnum):
    PROJECT = "p"  # id: project id
    CHANNEL = "c"  # id: index in validators.channels.CHANNELS
    PERIOD = "t"  # id: days, 0 = all time
    DATES = "d"
    SEARCH = "s"
    CLEAR_SEARCH = "S"
    LABEL = "l"  # id: label id (toggles)
    RESET = "r"
    CREATE = "ok"
    DEFAULT_NAME = "n"


class ClientsCb(CallbackData, prefix="cl"):
    """Flow B (/clients). Ids only: search texts and label names stay in FSM data / the database."""

    action: ClientsAction
    id: int = 0
