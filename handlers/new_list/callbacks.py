"""Callback data of flow A (a list from a file)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

from handlers.common.callbacks import Id

MAX_CHANNEL_ID = 16  # catalog ids are short words


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
    """`list_id` is the pending import the button belongs to, so buttons of a replaced or cancelled
    import are recognised as stale; `channel` is a catalog id."""

    action: NewListAction
    list_id: Id = 0
    channel: Annotated[str, Field(max_length=MAX_CHANNEL_ID)] = ""
