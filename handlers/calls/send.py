"""Send a telephony list to a call campaign: campaign → call window → attempts → confirmation → the
push (services.pushes) runs in the background and shows itself in one message.

Every step checks that its button belongs to the conversation's list and step: an old button answers
"no longer active". The push's progress message is sent before the push is stored, so a restart can
tell its manager where it stopped; the push itself resumes with its idempotence keys.
"""

from __future__ import annotations

import logging
import time

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import CallbackQuery, FSInputFile, Message

from handlers.calls import keyboards, texts
from handlers.calls.callbacks import SendCb
from handlers.calls.states import SendFlow
from handlers.calls.view import PushMessage
from handlers.common.apology import apologise_to
from i18n import current_locale, tr
from services.background import Background
from services.files import safe_file_name
from services.push_preview import count_zone_sources
from services.push_reports import rejected_report
from services.push_types import PushBusy, Stopping, StopReason, ZoneCounts, push_options
from services.pushes import PushRunner
from storage.campaigns import CampaignsRepo
from storage.lists import ClientList, ListsRepo
from storage.push_models import Push, PushStatus
from storage.pushes import PushesRepo
from validators.call_window import CallWindow, WindowPreset, WindowProblem, parse_window, preset_window
from validators.channels import CHANNELS

logger = logging.getLogger(__name__)
COUNTING_EDIT_SECONDS = 1.0  # a confirmation's count (services.push_preview) shows progress after this


async def _at(state: FSMContext, step: State, list_id: int) -> bool:
    return await state.get_state() == step.state and (await state.get_data()).get("list_id") == list_id


async def _edit(query: CallbackQuery, text: str, markup: object = None) -> None:
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]


async def start(
    query: CallbackQuery, callback_data: SendCb, state: FSMContext, lists: ListsRepo, campaigns: CampaignsRepo
) -> None:
    item = await lists.get_ready(callback_data.list_id)
    if item is None:
        await query.answer(tr("list-gone"), show_alert=True)
        return
    channel = CHANNELS.get(item.channel)
    if channel is None or not channel.is_call:
        await query.answer(tr("not-a-call-list"), show_alert=True)
        return
    await query.answer()
    active = await campaigns.list()
    if not active:
        if query.bot is not None:
            await query.bot.send_message(query.from_user.id, tr("no-campaigns"))
        return
    await state.set_state(SendFlow.campaign)
    await state.set_data({"list_id": item.id})
    if query.bot is not None:
        await query.bot.send_message(
            query.from_user.id,
            texts.choose_campaign(item.name, item.row_count),
            reply_markup=keyboards.campaigns(item.id, list(active)),
        )


async def chose_campaign(
    query: CallbackQuery, callback_data: SendCb, state: FSMContext, campaigns: CampaignsRepo
) -> None:
    campaign = await campaigns.get_active(callback_data.value)
    if not await _at(state, SendFlow.campaign, callback_data.list_id) or campaign is None:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer()
    await state.set_state(SendFlow.window)
    await state.update_data(campaign_id=campaign.id, campaign=campaign.name)
    await _edit(query, texts.choose_window(campaign.name), keyboards.windows(callback_data.list_id))


async def chose_window(query: CallbackQuery, callback_data: SendCb, state: FSMContext) -> None:
    if not await _at(state, SendFlow.window, callback_data.list_id) or not (
        0 <= callback_data.value < len(keyboards.WINDOWS)
    ):
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer()
    preset = keyboards.WINDOWS[callback_data.value]
    if preset is WindowPreset.CUSTOM:
        await state.set_state(SendFlow.typed_window)
        await _edit(query, tr("type-window"))
        return
    window = preset_window(preset)
    await _ask_attempts(state, window)
    await _edit(
        query, texts.choose_attempts(texts.window_text(window)), keyboards.attempts(callback_data.list_id)
    )


async def typed_window(message: Message, state: FSMContext) -> None:
    assert message.text is not None
    parsed = parse_window(message.text)
    if isinstance(parsed, WindowProblem):
        await message.answer(texts.bad_window(parsed))
        return
    await _ask_attempts(state, parsed)
    list_id = int((await state.get_data()).get("list_id", 0))
    await message.answer(
        texts.choose_attempts(texts.window_text(parsed)), reply_markup=keyboards.attempts(list_id)
    )


async def _ask_attempts(state: FSMContext, window: CallWindow) -> None:
    await state.set_state(SendFlow.attempts)
    await state.update_data(window=window.to_json())


async def chose_attempts(
    query: CallbackQuery,
    callback_data: SendCb,
    state: FSMContext,
    lists: ListsRepo,
    pushes: PushesRepo,
) -> None:
    if (
        not await _at(state, SendFlow.attempts, callback_data.list_id)
        or callback_data.value not in keyboards.ATTEMPTS
    ):
        await query.answer(tr("stale-button"), show_alert=True)
        return
    item = await lists.get_ready(callback_data.list_id)
    if item is None:
        await state.clear()
        await query.answer(tr("list-gone"), show_alert=True)
        return
    await query.answer()
    zones = await _count_zones(query, item, lists)
    await state.set_state(SendFlow.confirm)
    await state.update_data(attempts=callback_data.value)
    data = await state.get_data()
    before = await pushes.last_sent(item.id, int(data["campaign_id"]))
    window = texts.window_text(CallWindow.from_json(data["window"]))
    text = texts.confirm(
        item.name, item.row_count, str(data["campaign"]), window, callback_data.value, before, zones
    )
    await _edit(query, text, keyboards.confirm(item.id, again=before is not None))


async def _count_zones(query: CallbackQuery, item: ClientList, lists: ListsRepo) -> ZoneCounts:
    """Counted in the service's threads (the loop stays free); a long count shows its progress."""
    shown = time.monotonic()

    async def progress(done: int) -> None:
        nonlocal shown
        if time.monotonic() - shown >= COUNTING_EDIT_SECONDS and done < item.row_count:
            shown = time.monotonic()
            await _edit(query, texts.counting(item.name, done, item.row_count))

    return await count_zone_sources(lists, item, on_progress=progress)


async def confirmed(
    query: CallbackQuery,
    callback_data: SendCb,
    state: FSMContext,
    bot: Bot,
    lists: ListsRepo,
    campaigns: CampaignsRepo,
    pushes: PushesRepo,
    push_runner: PushRunner,
) -> None:
    if not await _at(state, SendFlow.confirm, callback_data.list_id):
        await query.answer(tr("stale-button"), show_alert=True)  # also a second tap
        return
    data = await state.get_data()
    item = await lists.get_ready(callback_data.list_id)
    campaign = await campaigns.get_active(int(data.get("campaign_id", 0)))
    if item is None or campaign is None:
        await state.clear()
        await query.answer(tr("list-gone") if item is None else tr("stale-button"), show_alert=True)
        return
    if await push_runner.busy_for(item.id, campaign.id):  # here or on another instance
        await query.answer(tr("push-busy"), show_alert=True)
        return
    await query.answer()
    await state.clear()
    await _edit(query, query.message.html_text if isinstance(query.message, Message) else "")
    options = push_options(CallWindow.from_json(data["window"]), int(data["attempts"]), texts.RETRY_MINUTES)
    await _push(bot, query.from_user.id, item, campaign.id, campaign.name, options, pushes, push_runner)


async def _push(
    bot: Bot,
    user_id: int,
    item: ClientList,
    campaign_id: int,
    campaign_name: str,
    options: dict[str, object],
    pushes: PushesRepo,
    runner: PushRunner,
) -> None:
    status = await bot.send_message(user_id, texts.progress(item.name, campaign_name, 0, item.row_count))
    push = await pushes.create(
        list_id=item.id,
        campaign_id=campaign_id,
        options=dict(options),
        created_by=user_id,
        batch_size=runner.config.batch_size,
        chat_id=user_id,
        message_id=status.message_id,
    )
    view = PushMessage(bot, user_id, status.message_id, item.name, campaign_name, item.id, push.id)
    try:
        await runner.start(push.id, view)
    except PushBusy:
        await pushes.finish(push.id, PushStatus.CANCELLED, error="busy")
        await bot.edit_message_text(tr("push-busy"), chat_id=user_id, message_id=status.message_id)
    except Stopping:  # stored as pending: it runs at the next start
        await bot.edit_message_text(tr("push-restarting"), chat_id=user_id, message_id=status.message_id)
    logger.info("User %s sends list %s to campaign %s (push %s)", user_id, item.id, campaign_id, push.id)


async def cancel(query: CallbackQuery, callback_data: SendCb, state: FSMContext) -> None:
    if (await state.get_data()).get("list_id") == callback_data.list_id:
        await state.clear()
    await query.answer()
    await _edit(query, tr("send-cancelled"))


async def use_buttons(message: Message) -> None:
    await message.answer(tr("use-buttons"))


async def stale(query: CallbackQuery) -> None:
    await query.answer(tr("stale-button"), show_alert=True)


async def _push_of(query: CallbackQuery, callback_data: SendCb, pushes: PushesRepo) -> Push | None:
    """The push a button names, if it is this list's; else the tap is answered as stale."""
    push = await pushes.get(callback_data.value)
    if push is None or push.list_id != callback_data.list_id:
        await query.answer(tr("stale-button"), show_alert=True)
        return None
    return push


async def rejected_numbers(
    query: CallbackQuery,
    callback_data: SendCb,
    bot: Bot,
    lists: ListsRepo,
    pushes: PushesRepo,
    background: Background,
) -> None:
    push = await _push_of(query, callback_data, pushes)
    if push is None:
        return
    await query.answer(tr("rejected-answer"))
    item = await lists.get_ready(push.list_id)
    name = item.name if item else None
    user_id = query.from_user.id

    async def send() -> None:
        file_name = safe_file_name(f"rejected_{name or 'list'}", suffix=".xlsx", fallback="rejected")
        locale = current_locale()
        async with rejected_report(pushes, push.id, file_name, locale=locale) as path:
            caption = texts.rejected_caption(name, push.campaign_name, push.rejections_stored)
            await bot.send_document(user_id, FSInputFile(path, filename=path.name), caption=caption)

    background.spawn(send(), name=f"rejected:{push.id}", on_error=apologise_to(bot, user_id))


async def stop_push(
    query: CallbackQuery,
    callback_data: SendCb,
    lists: ListsRepo,
    pushes: PushesRepo,
    push_runner: PushRunner,
) -> None:
    push = await _push_of(query, callback_data, pushes)
    if push is None:
        return
    running = push_runner.running(push.id)
    if not await push_runner.cancel(push.id):
        await query.answer(tr("push-finished"), show_alert=True)
        return
    await query.answer()
    if not running and isinstance(query.message, Message):  # a run says "stopped" itself when it ends
        item = await lists.get_ready(push.list_id)
        text = texts.stopped(item.name if item else None, StopReason.CANCELLED, {}, push.done)
        await query.message.edit_text(text)


async def resume_push(
    query: CallbackQuery,
    callback_data: SendCb,
    bot: Bot,
    lists: ListsRepo,
    pushes: PushesRepo,
    push_runner: PushRunner,
) -> None:
    push = await _push_of(query, callback_data, pushes)
    if push is None:
        return
    item = await lists.get_ready(push.list_id)
    message_id = query.message.message_id if isinstance(query.message, Message) else None
    if message_id is None:
        sent = await bot.send_message(query.from_user.id, texts.resuming(item.name if item else None))
        message_id = sent.message_id
    view = PushMessage(
        bot,
        query.from_user.id,
        message_id,
        item.name if item else None,
        push.campaign_name,
        push.list_id,
        push.id,
    )
    try:
        started = await push_runner.start(push.id, view)
    except PushBusy:
        await query.answer(tr("push-busy"), show_alert=True)
        return
    except Stopping:
        await query.answer(tr("push-restarting"), show_alert=True)
        return
    await query.answer(None if started else tr("push-finished"), show_alert=not started)
