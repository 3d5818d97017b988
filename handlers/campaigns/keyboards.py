"""Keyboards of `/campaigns`."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.campaigns import texts
from handlers.campaigns.callbacks import CampaignAction, CampaignCb
from i18n import tr
from storage.campaigns import Campaign


def campaigns_page(campaigns: tuple[Campaign, ...]) -> InlineKeyboardMarkup:
    """One Remove button per campaign, then Add."""
    builder = InlineKeyboardBuilder()
    for campaign in campaigns:
        builder.button(
            text=texts.btn_remove(campaign.name),
            callback_data=CampaignCb(action=CampaignAction.REMOVE, campaign_id=campaign.id),
        )
    builder.button(text=tr("btn-add-campaign"), callback_data=CampaignCb(action=CampaignAction.ADD))
    builder.adjust(1)
    return builder.as_markup()


def default_host(host: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=texts.btn_use_host(host), callback_data=CampaignCb(action=CampaignAction.DEFAULT_HOST)
    )
    return builder.as_markup()


def confirm_remove(campaign_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=tr("btn-confirm-remove"),
        callback_data=CampaignCb(action=CampaignAction.CONFIRM_REMOVE, campaign_id=campaign_id),
    )
    builder.button(
        text=tr("btn-cancel-remove"),
        callback_data=CampaignCb(action=CampaignAction.CANCEL_REMOVE, campaign_id=campaign_id),
    )
    return builder.as_markup()
