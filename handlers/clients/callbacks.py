"""Callback data of flow B (/clients). Ids only: search texts and label names stay in FSM data and
the database."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.callbacks import Id


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
    action: ClientsAction
    id: Id = 0
