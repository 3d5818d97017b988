"""Callback data of `/campaigns`: short prefix, a bounded campaign id (0 where a button carries none)."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from handlers.common.callbacks import Id


class CampaignAction(StrEnum):
    ADD = "a"
    DEFAULT_HOST = "h"
    REMOVE = "x"
    CONFIRM_REMOVE = "y"
    CANCEL_REMOVE = "n"


class CampaignCb(CallbackData, prefix="cp"):
    action: CampaignAction
    campaign_id: Id = 0
