"""Callback data of flow D (sending a list to a call campaign): ids and small choices only."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.callbacks import Id
from services.campaign_status import Control


class SendAction(StrEnum):
    START = "s"  # from the list's card
    CAMPAIGN = "c"  # value: campaign id
    WINDOW = "w"  # value: index in keyboards.WINDOWS (the last one: typed)
    ATTEMPTS = "a"  # value: 1..3
    CONFIRM = "y"
    CANCEL = "x"
    REJECTED = "r"  # value: push id (its rejected numbers as XLSX)
    STOP_PUSH = "sp"  # value: push id (cancel the sending: no further batch)
    RESUME_PUSH = "rp"  # value: push id (an interrupted push goes on now)


class SendCb(CallbackData, prefix="cs"):
    action: SendAction
    list_id: Id = 0
    value: Id = 0


class CampaignAction(StrEnum):
    STATUS = "s"
    ASK = "a"  # pause / resume / stop: asks first
    DO = "d"  # confirmed
    OUTCOMES = "o"  # per-number outcomes as XLSX


class CampaignCb(CallbackData, prefix="cc"):
    """The campaign a push went to, reached through the push (its id), so old buttons re-check it."""

    action: CampaignAction
    push_id: Id = 0
    control: Control | None = None
