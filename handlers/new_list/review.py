"""The summary's buttons: View failed rows, Apply suggested fixes, Add only valid rows, Cancel import.

Buttons carry their stage's id and wait while its rows are still being saved; a button of a replaced
or cancelled import answers "no longer pending" instead of acting on the wrong one, and a step's
button acts once (a second tap of a step already shown only answers the tap).
"""

from __future__ import annotations

from pathlib import Path

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.types import CallbackQuery, FSInputFile, Message

from handlers.common.apology import apologise_to
from handlers.new_list import keyboards, texts
from handlers.new_list.callbacks import NewListCb
from handlers.new_list.states import NewListStates
from handlers.new_list.steps import at_step, drop_buttons, mark_shown, remember
from handlers.new_list.upload import start_check
from i18n import current_locale, tr
from services.background import Background
from services.checks import Upload
from services.files import safe_file_name
from services.imports import ImportJobs
from services.reports import stage_report
from storage.imports import ImportsRepo
from storage.lists import ClientList


async def stage_of(
    query: CallbackQuery, callback_data: NewListCb, imports: ImportsRepo, jobs: ImportJobs
) -> ClientList | None:
    """The button's stage (waiting while its rows are still being saved), or None after alerting."""
    stage = await jobs.saved_stage(imports, query.from_user.id, callback_data.list_id)
    if stage is None:
        await query.answer(tr("nl-stage-gone-alert"), show_alert=True)
    return stage


async def stage_to_act_on(
    query: CallbackQuery, callback_data: NewListCb, imports: ImportsRepo, jobs: ImportJobs
) -> ClientList | None:
    """Like `stage_of`, but refused while a newer file is being checked: it will replace this stage."""
    if jobs.busy(query.from_user.id):
        await query.answer(tr("nl-busy-alert"), show_alert=True)
        return None
    return await stage_of(query, callback_data, imports, jobs)


async def view_failed_rows(
    query: CallbackQuery,
    callback_data: NewListCb,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
    background: Background,
) -> None:
    stage = await stage_of(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    await query.answer(tr("nl-report-answer"))
    user_id = query.from_user.id
    background.spawn(
        send_report(bot, user_id, imports, stage),
        name=f"report:{user_id}",
        on_error=apologise_to(bot, user_id),
    )


async def send_report(bot: Bot, chat_id: int, imports: ImportsRepo, stage: ClientList) -> None:
    file_name = str(stage.source.get("file_name") or "file")
    stem = f"failed_rows_{Path(file_name).stem[:60]}"
    report_name = safe_file_name(stem, suffix=".xlsx", fallback="failed_rows")
    locale = current_locale()
    async with stage_report(imports, stage, report_name, locale=locale) as path:
        await bot.send_document(
            chat_id, FSInputFile(path, filename=path.name), caption=texts.nl_report_caption(file_name)
        )


async def apply_fixes(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
    background: Background,
    isolation: BaseEventIsolation,
) -> None:
    stage = await stage_to_act_on(query, callback_data, imports, import_jobs)
    if stage is None or stage.file_id is None or stage.file_unique_id is None:
        return
    await query.answer()
    await state.set_state(NewListStates.reviewing)
    file_name = str(stage.source.get("file_name") or "file")
    await state.set_data({"channel": stage.channel, "list_id": stage.id, "file_name": file_name})
    upload = Upload(
        owner_id=query.from_user.id,
        chat_id=query.from_user.id,
        channel=stage.channel,
        file_id=stage.file_id,
        file_unique_id=stage.file_unique_id,
        file_name=file_name,
        file_size=None,
        apply_fixes=True,
        cancels_seen=await import_jobs.seen(query.from_user.id),
    )
    status = query.message if isinstance(query.message, Message) else None
    start_check(bot, upload, state, imports, import_jobs, background, isolation, status=status)


async def accept(
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
    valid = int((stage.summary or {}).get("valid", stage.row_count))
    if not valid:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer()
    at_consent, shown = await at_step(state, NewListStates.consent, stage.id)
    at_naming, _ = await at_step(state, NewListStates.naming, stage.id)
    if (at_consent and shown) or at_naming:  # a second tap: the step after is already on screen
        return
    await show_consent(bot, query.from_user.id, state, stage)
    await drop_buttons(query)


async def show_consent(bot: Bot, chat_id: int, state: FSMContext, stage: ClientList) -> None:
    valid = int((stage.summary or {}).get("valid", stage.row_count))
    await remember(state, NewListStates.consent, stage)
    await bot.send_message(
        chat_id, texts.nl_consent(stage.channel, valid), reply_markup=keyboards.nl_consent(stage.id)
    )
    await mark_shown(state, NewListStates.consent)


async def cancel_button(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
) -> None:
    await query.answer(tr("nl-cancelled-answer"))  # before the discard: a big stage takes a second or two
    await import_jobs.cancel(query.from_user.id)
    await imports.discard(query.from_user.id, callback_data.list_id)
    data = await state.get_data()
    if await state.get_state() in {s.state for s in NewListStates} and data.get("list_id") in (
        None,
        callback_data.list_id,
    ):
        await state.clear()
    if isinstance(query.message, Message):
        await query.message.edit_text(tr("nl-cancelled"), reply_markup=None)
