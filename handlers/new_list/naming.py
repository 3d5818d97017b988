"""Consent (I confirm), then the list's name (suggested or typed), then the list is created."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.common import keyboards as common_kb
from handlers.common import texts as common
from handlers.lists.keyboards import list_actions
from handlers.new_list import keyboards, texts
from handlers.new_list.callbacks import NewListCb
from handlers.new_list.review import stage_to_act_on
from handlers.new_list.states import NewListStates
from handlers.new_list.steps import default_name, drop_buttons, remember
from services.imports import ImportJobs
from storage.imports import ImportsRepo, StageGone
from storage.lists import MAX_NAME_LENGTH, ClientList, NameTaken, tidy_name

logger = logging.getLogger(__name__)


async def confirm(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
) -> None:
    stage = await stage_to_act_on(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    await query.answer()
    await remember(state, NewListStates.naming, stage)
    await drop_buttons(query)
    default = default_name(stage)
    await bot.send_message(
        query.from_user.id,
        texts.nl_ask_name(default),
        reply_markup=keyboards.nl_default_name(stage.id, default),
    )


async def consent_other(message: Message) -> None:
    await message.answer(texts.NL_CONSENT_HINT)


async def use_default_name(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
) -> None:
    data = await state.get_data()
    if await state.get_state() != NewListStates.naming.state or data.get("list_id") != callback_data.list_id:
        await query.answer(common.STALE_BUTTON, show_alert=True)
        return
    stage = await stage_to_act_on(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    await query.answer()
    await create(bot, query.from_user.id, stage, default_name(stage), state, imports)


async def typed_name(
    message: Message, state: FSMContext, bot: Bot, imports: ImportsRepo, import_jobs: ImportJobs
) -> None:
    assert message.from_user is not None
    assert message.text is not None
    if import_jobs.busy(message.from_user.id):  # a newer file is being checked: it will replace this one
        await message.answer(texts.NL_BUSY_ALERT)
        return
    name = tidy_name(message.text)
    if not name:
        await message.answer(common.NAME_EMPTY)
        return
    if len(name) > MAX_NAME_LENGTH:
        await message.answer(common.name_too_long(len(name)))
        return
    list_id = int((await state.get_data()).get("list_id", 0))
    stage = await imports.get_stage(message.from_user.id, list_id)
    if stage is None:
        await state.clear()
        await message.answer(texts.NL_STAGE_GONE, reply_markup=common_kb.main_menu())
        return
    await create(bot, message.from_user.id, stage, name, state, imports)


async def naming_other(message: Message) -> None:
    await message.answer(texts.NL_NAME_HINT)


async def create(
    bot: Bot, user_id: int, stage: ClientList, name: str, state: FSMContext, imports: ImportsRepo
) -> None:
    try:
        created = await imports.create(user_id, stage.id, name)
    except NameTaken:
        await bot.send_message(user_id, common.name_taken(name))
        return
    except StageGone:
        await state.clear()
        await bot.send_message(user_id, texts.NL_STAGE_GONE, reply_markup=common_kb.main_menu())
        return
    await state.clear()
    logger.info("User %s created list %s (%d rows)", user_id, created.id, created.row_count)
    await bot.send_message(
        user_id,
        texts.nl_created(name, created.row_count, created.channel),
        reply_markup=list_actions(created.id),
    )
