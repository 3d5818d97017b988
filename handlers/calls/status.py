"""📊 Campaign status of a list's latest push: the campaign's state and how its calls went (asked from
the platform in the background), pause / resume / stop with a confirmation, and the per-number
outcomes as an XLSX."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.types import CallbackQuery, FSInputFile, Message

from handlers.calls import keyboards, texts
from handlers.calls.callbacks import CampaignCb
from handlers.common.apology import apologise_to
from i18n import current_locale, tr
from services.background import Background
from services.calls_types import BadToken, CallsApiUnavailable, CampaignClosed
from services.campaign_status import CampaignGone, control, outcomes, outcomes_report
from services.files import safe_file_name
from storage.audit import AuditRepo
from storage.campaigns import CampaignsRepo
from storage.lists import ListsRepo
from storage.push_models import Push
from storage.pushes import PushesRepo

logger = logging.getLogger(__name__)


async def _push_of(query: CallbackQuery, callback_data: CampaignCb, pushes: PushesRepo) -> Push | None:
    push = await pushes.get(callback_data.push_id)
    if push is None:
        await query.answer(tr("stale-button"), show_alert=True)
    return push


def _failure(exc: Exception) -> str | None:
    """The manager's words for what the platform (or the bot) said; None: not ours to explain."""
    if isinstance(exc, CampaignGone):
        return tr("campaign-removed-from-bot")
    if isinstance(exc, BadToken):
        return texts.platform_error("bad_token")
    if isinstance(exc, CampaignClosed):
        return texts.platform_error("closed")
    if isinstance(exc, CallsApiUnavailable):
        return texts.platform_error("unavailable")
    return None


def _spawn(
    background: Background, bot: Bot, user_id: int, name: str, work: Callable[[], Awaitable[None]]
) -> None:
    """Ask the platform in the background: its known failures become a clear message, the rest an
    apology."""
    background.spawn(_guarded(bot, user_id, work), name=name, on_error=apologise_to(bot, user_id))


async def _guarded(bot: Bot, chat_id: int, work: Callable[[], Awaitable[None]]) -> None:
    try:
        await work()
    except Exception as exc:
        text = _failure(exc)
        if text is None:
            raise
        logger.info("Campaign request failed: %s", type(exc).__name__)
        await bot.send_message(chat_id, text)


async def show_status(
    query: CallbackQuery,
    callback_data: CampaignCb,
    bot: Bot,
    pushes: PushesRepo,
    campaigns: CampaignsRepo,
    lists: ListsRepo,
    background: Background,
) -> None:
    push = await _push_of(query, callback_data, pushes)
    if push is None:
        return
    await query.answer(tr("asking-platform"))
    user_id = query.from_user.id
    item = await lists.get_ready(push.list_id)
    message = query.message if isinstance(query.message, Message) else None

    async def ask() -> None:
        found = await outcomes(pushes, campaigns, push)
        counts = {outcome.value: count for outcome, count in found.counts.items()}
        text = texts.campaign_status(push.campaign_name, found.state_raw, item.name if item else None, counts)
        markup = keyboards.status(push.id, found.state_raw)
        if message is not None and message.text and message.text.startswith("📊"):
            await bot.edit_message_text(
                text, chat_id=user_id, message_id=message.message_id, reply_markup=markup
            )
        else:
            await bot.send_message(user_id, text, reply_markup=markup)

    _spawn(background, bot, user_id, f"status:{push.id}", ask)


async def ask_control(query: CallbackQuery, callback_data: CampaignCb, pushes: PushesRepo) -> None:
    push = await _push_of(query, callback_data, pushes)
    if push is None:
        return
    if callback_data.control is None:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            texts.ask_control(callback_data.control.value, push.campaign_name),
            reply_markup=keyboards.ask_control(push.id, callback_data.control),
        )


async def do_control(
    query: CallbackQuery,
    callback_data: CampaignCb,
    bot: Bot,
    pushes: PushesRepo,
    campaigns: CampaignsRepo,
    lists: ListsRepo,
    audit: AuditRepo,
    background: Background,
) -> None:
    push = await _push_of(query, callback_data, pushes)
    action = callback_data.control
    if push is None:
        return
    if action is None:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer(tr("asking-platform"))
    user_id = query.from_user.id
    item = await lists.get_ready(push.list_id)
    message_id = query.message.message_id if isinstance(query.message, Message) else None

    async def act() -> None:
        await control(campaigns, audit, push, action, user_id=user_id, list_name=item.name if item else None)
        logger.info("User %s: %s campaign %s (push %s)", user_id, action.value, push.campaign_id, push.id)
        text = texts.control_done(action.value, push.campaign_name)
        if message_id is not None:
            await bot.edit_message_text(text, chat_id=user_id, message_id=message_id)
        else:
            await bot.send_message(user_id, text)

    _spawn(background, bot, user_id, f"control:{push.id}", act)


async def send_outcomes(
    query: CallbackQuery,
    callback_data: CampaignCb,
    bot: Bot,
    pushes: PushesRepo,
    campaigns: CampaignsRepo,
    lists: ListsRepo,
    background: Background,
) -> None:
    push = await _push_of(query, callback_data, pushes)
    if push is None:
        return
    await query.answer(tr("asking-platform"))
    user_id = query.from_user.id
    item = await lists.get_ready(push.list_id)
    name = item.name if item else None

    async def send() -> None:
        found = await outcomes(pushes, campaigns, push)
        file_name = safe_file_name(f"outcomes_{name or 'list'}", suffix=".xlsx", fallback="outcomes")
        locale = current_locale()
        async with outcomes_report(found.reports, file_name, locale=locale) as path:
            caption = texts.outcomes_caption(name, push.campaign_name, len(found.reports))
            await bot.send_document(user_id, FSInputFile(path, filename=path.name), caption=caption)

    _spawn(background, bot, user_id, f"outcomes:{push.id}", send)
