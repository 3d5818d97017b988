"""Callback data of flow C (the lists page and a list's card); also on the buttons under a list
that flows A and B just created."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.callbacks import Id


class ListAction(StrEnum):
    PAGE = "p"
    OPEN = "o"
    DOWNLOAD = "d"
    DELETE = "x"
    CONFIRM_DELETE = "y"
    CANCEL_DELETE = "n"


class ListCb(CallbackData, prefix="l"):
    """`page` lets Back return to the page the card was opened from."""

    action: ListAction
    list_id: Id = 0
    page: Id = 0
