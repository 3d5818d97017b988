"""Remove: ask (Yes, remove / Cancel), then `CampaignsRepo.remove`, which also cancels the campaign's
unfinished pushes; a running push runner (when there is one) is told to stop their tasks."""

from __future__ import annotations

import logging

from aiogram.types import CallbackQuery

from handlers.campaigns import keyboards, texts
from handlers.campaigns.browse import render, show
from handlers.campaigns.callbacks import CampaignCb
from i18n import tr
from services.pushes import PushRunner
from storage.campaigns import CampaignsRepo

logger = logging.getLogger(__name__)


async def ask_remove(query: CallbackQuery, callback_data: CampaignCb, campaigns: CampaignsRepo) -> None:
    campaign = await campaigns.get_active(callback_data.campaign_id)
    if campaign is None:
        await query.answer(tr("campaign-gone"), show_alert=True)
        return
    await query.answer()
    await show(query, texts.confirm_remove(campaign), keyboards.confirm_remove(campaign.id))


async def confirm_remove(
    query: CallbackQuery,
    callback_data: CampaignCb,
    campaigns: CampaignsRepo,
    push_runner: PushRunner | None = None,
) -> None:
    removal = await campaigns.remove(callback_data.campaign_id, user_id=query.from_user.id)
    if removal is None:
        await query.answer(tr("campaign-gone"), show_alert=True)
        return
    if removal.cancelled_pushes and push_runner is not None:
        push_runner.campaign_removed(removal.cancelled_pushes)
    logger.info(
        "Campaign %s removed by %s (%d pushes cancelled)",
        removal.campaign.id, query.from_user.id, len(removal.cancelled_pushes),
    )  # fmt: skip
    await query.answer(tr("removed-answer"))
    text, markup = await render(campaigns)
    await show(query, texts.removed(removal.campaign, len(removal.cancelled_pushes)) + "\n\n" + text, markup)


async def cancel_remove(query: CallbackQuery, campaigns: CampaignsRepo) -> None:
    await query.answer()
    await show(query, *await render(campaigns))
