"""Consent (I confirm), then the list's name (suggested or typed), then the list is created.

Typed text is taken as the name only once the name prompt is recorded as shown (see steps.py);
otherwise the prompt is shown again. A name typed for a stage that became a list meanwhile (a crash
between creating it and saying so) gets the "created" message again instead of "no longer pending".
"""

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
from handlers.new_list.review import show_consent, stage_to_act_on
from handlers.new_list.states import NewListStates
from handlers.new_list.steps import at_step, default_name, drop_buttons, mark_shown, remember
from i18n import tr
from services.imports import ImportJobs
from storage.imports import ImportsRepo, StageGone
from storage.lists import MAX_NAME_LENGTH, BadName, ClientList, ListsRepo, NameTaken, tidy_name

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
    at_naming, shown = await at_step(state, NewListStates.naming, stage.id)
    if at_naming and shown:  # a second tap: the name prompt is already on screen
        return
    await show_name_prompt(bot, query.from_user.id, state, stage)
    await drop_buttons(query)


async def show_name_prompt(bot: Bot, chat_id: int, state: FSMContext, stage: ClientList) -> None:
    default = default_name(stage)
    await remember(state, NewListStates.naming, stage)
    await bot.send_message(
        chat_id, texts.nl_ask_name(default), reply_markup=keyboards.nl_default_name(stage.id, default)
    )
    await mark_shown(state, NewListStates.naming)


async def consent_other(message: Message, state: FSMContext, bot: Bot, imports: ImportsRepo) -> None:
    """At consent: the hint, or (the prompt was never shown: a crash) the consent prompt again."""
    assert message.from_user is not None
    list_id = int((await state.get_data()).get("list_id", 0))
    _, shown = await at_step(state, NewListStates.consent, list_id)
    stage = None if shown else await imports.get_stage(message.from_user.id, list_id)
    if stage is not None:
        await show_consent(bot, message.chat.id, state, stage)
    else:
        await message.answer(tr("nl-consent-hint"))


async def use_default_name(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
    lists: ListsRepo,
) -> None:
    at_naming, _ = await at_step(state, NewListStates.naming, callback_data.list_id)
    if not at_naming:  # also a second tap after the list was created
        await query.answer(tr("stale-button"), show_alert=True)
        return
    stage = await stage_to_act_on(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    await query.answer()
    await create(bot, query.from_user.id, stage, default_name(stage), state, imports, lists)


async def typed_name(
    message: Message,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
    lists: ListsRepo,
) -> None:
    assert message.from_user is not None
    assert message.text is not None
    user_id = message.from_user.id
    if import_jobs.busy(user_id):  # a newer file is being checked: it will replace this one
        await message.answer(tr("nl-busy-alert"))
        return
    list_id = int((await state.get_data()).get("list_id", 0))
    stage = await imports.get_stage(user_id, list_id)
    if stage is None:
        await stage_gone(bot, user_id, list_id, state, lists)
        return
    _, shown = await at_step(state, NewListStates.naming, list_id)
    if not shown:  # the prompt never reached the chat (a crash): this text was not meant as a name
        await show_name_prompt(bot, message.chat.id, state, stage)
        return
    name = tidy_name(message.text)
    if not name:
        await message.answer(common.name_empty())
        return
    if len(name) > MAX_NAME_LENGTH:
        await message.answer(common.name_too_long(len(name)))
        return
    await create(bot, user_id, stage, name, state, imports, lists)


async def naming_other(message: Message) -> None:
    await message.answer(tr("nl-name-hint"))


async def create(
    bot: Bot,
    user_id: int,
    stage: ClientList,
    name: str,
    state: FSMContext,
    imports: ImportsRepo,
    lists: ListsRepo,
) -> None:
    try:
        created = await imports.create(user_id, stage.id, name)
    except NameTaken:
        await bot.send_message(user_id, common.name_taken(name))
        return
    except BadName:  # nothing visible left once stored names are tidied
        await bot.send_message(user_id, common.name_empty())
        return
    except StageGone:
        await stage_gone(bot, user_id, stage.id, state, lists)
        return
    await state.clear()
    logger.info("User %s created list %s (%d rows)", user_id, created.id, created.row_count)
    await tell_created(bot, user_id, created)


async def tell_created(bot: Bot, user_id: int, created: ClientList) -> None:
    await bot.send_message(
        user_id,
        texts.nl_created(created.name or "", created.row_count, created.channel),
        reply_markup=list_actions(created.id),
    )


async def stage_gone(bot: Bot, user_id: int, list_id: int, state: FSMContext, lists: ListsRepo) -> None:
    """The pending import is no longer there: it became this manager's list (say so again), or it was
    cancelled, replaced or expired."""
    await state.clear()
    made = await lists.get_ready(list_id) if list_id else None
    if made is not None and made.owner_id == user_id:
        await tell_created(bot, user_id, made)
    else:
        await bot.send_message(user_id, tr("nl-stage-gone"), reply_markup=common_kb.main_menu())
