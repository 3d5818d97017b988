"""Flow A: create a client list from a file — channel → format help → upload → summary → consent →
name → created.

Thin on purpose: the upload pipeline lives in new_list_upload, the pending import in storage.imports.
FSM data holds ids only (channel, list_id, file_name); the validated rows are the stage in the
database, so every button keeps working after a restart. Buttons carry their stage's id: a button of a
replaced or cancelled import answers "no longer pending" instead of acting on the wrong one.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import BufferedInputFile, CallbackQuery, FSInputFile, Message

from handlers import keyboards, texts
from handlers.callbacks import MenuAction, MenuCb, NewListAction, NewListCb
from handlers.filters import is_flow_input, protect
from handlers.new_list_report import write_stage_report
from handlers.new_list_upload import ImportJobs, Upload, check_upload, tell_interrupted
from handlers.states import NewListStates
from sheets.samples import sample_csv, sample_xlsx
from storage.imports import ImportsRepo, StageGone
from storage.lists import MAX_NAME_LENGTH, ClientList, NameTaken, tidy_name
from storage.users import Role
from validators.channels import CHANNELS

logger = logging.getLogger(__name__)

router = protect(Router(name=__name__), Role.OUTBOUND_MANAGER)
# Included before the global /cancel (handlers.start), so /cancel also discards the pending import.
cancel_router = Router(name=f"{__name__}.cancel")

# Steps where a document is taken as the file to check: a corrected file sent at the summary, at consent
# or at naming replaces the pending import (its old buttons become stale) instead of being ignored.
_TAKES_FILE = (
    NewListStates.waiting_file,
    NewListStates.reviewing,
    NewListStates.consent,
    NewListStates.naming,
)


# --- start, cancel -----------------------------------------------------------------------------


@cancel_router.message(Command("cancel"), StateFilter(NewListStates))
async def cancel_command(
    message: Message, state: FSMContext, imports: ImportsRepo, import_jobs: ImportJobs
) -> None:
    assert message.from_user is not None
    await _drop(message.from_user.id, state, imports, import_jobs)
    await message.answer(texts.NL_CANCELLED, reply_markup=keyboards.main_menu())


@router.message(Command("new"))
@router.message(F.text == texts.MENU_NEW_LIST)
async def new_list(
    message: Message, state: FSMContext, imports: ImportsRepo, import_jobs: ImportJobs
) -> None:
    assert message.from_user is not None
    await _drop(message.from_user.id, state, imports, import_jobs)
    await state.set_state(NewListStates.choosing_channel)
    await message.answer(texts.NL_CHOOSE_CHANNEL, reply_markup=keyboards.nl_channels(list(CHANNELS)))


@router.callback_query(MenuCb.filter(F.action == MenuAction.NEW_LIST))
async def new_list_button(
    query: CallbackQuery, state: FSMContext, imports: ImportsRepo, import_jobs: ImportJobs, bot: Bot
) -> None:
    await _drop(query.from_user.id, state, imports, import_jobs)
    await state.set_state(NewListStates.choosing_channel)
    await query.answer()
    await bot.send_message(
        query.from_user.id, texts.NL_CHOOSE_CHANNEL, reply_markup=keyboards.nl_channels(list(CHANNELS))
    )


async def _drop(user_id: int, state: FSMContext, imports: ImportsRepo, jobs: ImportJobs) -> None:
    jobs.cancel(user_id)
    await imports.discard(user_id)
    await state.clear()


# --- channel and format help -----------------------------------------------------------------


@router.callback_query(NewListCb.filter(F.action == NewListAction.CHANNEL))
async def choose_channel(
    query: CallbackQuery, callback_data: NewListCb, state: FSMContext, import_jobs: ImportJobs, bot: Bot
) -> None:
    current = await state.get_state()
    if callback_data.channel not in CHANNELS or current not in (
        NewListStates.choosing_channel.state,
        NewListStates.waiting_file.state,
    ):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await state.set_state(NewListStates.waiting_file)
    await state.set_data({"channel": callback_data.channel})
    await query.answer(texts.nl_channel_button(callback_data.channel))
    await bot.send_message(
        query.from_user.id,
        texts.nl_format_help(callback_data.channel, import_jobs.config.max_file_mb),
        reply_markup=keyboards.nl_samples(callback_data.channel),
    )


@router.callback_query(NewListCb.filter(F.action.in_({NewListAction.SAMPLE_XLSX, NewListAction.SAMPLE_CSV})))
async def send_sample(query: CallbackQuery, callback_data: NewListCb, bot: Bot) -> None:
    channel = callback_data.channel
    if channel not in CHANNELS:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    if callback_data.action is NewListAction.SAMPLE_XLSX:
        data, name = sample_xlsx(channel), f"sample_{channel}.xlsx"
    else:
        data, name = sample_csv(channel), f"sample_{channel}.csv"
    await bot.send_document(query.from_user.id, BufferedInputFile(data, filename=name))


@router.message(NewListStates.choosing_channel, is_flow_input)
async def choosing_channel_other(message: Message) -> None:
    await message.answer(texts.NL_CHOOSE_CHANNEL_HINT)


# --- upload ------------------------------------------------------------------------------------


@router.message(StateFilter(*_TAKES_FILE), F.document)
async def on_document(
    message: Message, state: FSMContext, bot: Bot, imports: ImportsRepo, import_jobs: ImportJobs
) -> None:
    assert message.from_user is not None
    assert message.document is not None
    document = message.document
    data = await state.get_data()
    channel = str(data.get("channel", ""))
    if channel not in CHANNELS:  # defensive: state without data
        await state.set_state(NewListStates.choosing_channel)
        await message.answer(texts.NL_CHOOSE_CHANNEL, reply_markup=keyboards.nl_channels(list(CHANNELS)))
        return
    upload = Upload(
        owner_id=message.from_user.id,
        chat_id=message.chat.id,
        channel=channel,
        file_id=document.file_id,
        file_unique_id=document.file_unique_id,
        file_name=document.file_name or "file",
        file_size=document.file_size,
    )
    await _check(bot, upload, state, imports, import_jobs)


async def _check(
    bot: Bot,
    upload: Upload,
    state: FSMContext,
    imports: ImportsRepo,
    jobs: ImportJobs,
    status: Message | None = None,
) -> None:
    async def claim(list_id: int) -> bool:
        """Still waiting for this file? Then the conversation moves on to its summary."""
        data = await state.get_data()
        if (
            await state.get_state() not in {s.state for s in _TAKES_FILE}
            or data.get("channel") != upload.channel
        ):
            return False
        await state.set_state(NewListStates.reviewing)
        await state.set_data({"channel": upload.channel, "list_id": list_id, "file_name": upload.file_name})
        return True

    await check_upload(bot, upload, imports=imports, jobs=jobs, claim=claim, status=status)


@router.message(NewListStates.waiting_file, is_flow_input)
async def waiting_file_other(message: Message) -> None:
    await message.answer(texts.NL_SEND_DOCUMENT)


@router.message(NewListStates.reviewing, is_flow_input)
async def reviewing_other(message: Message) -> None:
    await message.answer(texts.NL_REVIEW_HINT)


# --- summary buttons ---------------------------------------------------------------------------


async def _stage_of(
    query: CallbackQuery, callback_data: NewListCb, imports: ImportsRepo, jobs: ImportJobs
) -> ClientList | None:
    """The button's stage (waiting while its rows are still being saved), or None after alerting."""
    await jobs.wait_saved(query.from_user.id, callback_data.list_id)
    stage = await imports.get_stage(query.from_user.id, callback_data.list_id)
    if stage is None:
        await query.answer(texts.NL_STAGE_GONE_ALERT, show_alert=True)
    return stage


async def _stage_to_act_on(
    query: CallbackQuery, callback_data: NewListCb, imports: ImportsRepo, jobs: ImportJobs
) -> ClientList | None:
    """Like `_stage_of`, but refused while a newer file is being checked: it will replace this stage."""
    if jobs.busy(query.from_user.id):
        await query.answer(texts.NL_BUSY_ALERT, show_alert=True)
        return None
    return await _stage_of(query, callback_data, imports, jobs)


@router.callback_query(NewListCb.filter(F.action == NewListAction.REPORT))
async def view_failed_rows(
    query: CallbackQuery, callback_data: NewListCb, bot: Bot, imports: ImportsRepo, import_jobs: ImportJobs
) -> None:
    stage = await _stage_of(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    await query.answer(texts.NL_REPORT_ANSWER)
    file_name = str(stage.source.get("file_name") or "file")
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        path = Path(folder) / f"failed_rows_{Path(file_name).stem[:60] or 'file'}.xlsx"
        await write_stage_report(imports, stage, path)
        await bot.send_document(
            query.from_user.id,
            FSInputFile(path, filename=path.name),
            caption=texts.nl_report_caption(file_name),
        )


@router.callback_query(NewListCb.filter(F.action == NewListAction.FIX))
async def apply_fixes(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
) -> None:
    stage = await _stage_to_act_on(query, callback_data, imports, import_jobs)
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
    )
    status = query.message if isinstance(query.message, Message) else None
    await _check(bot, upload, state, imports, import_jobs, status=status)


@router.callback_query(NewListCb.filter(F.action == NewListAction.ACCEPT))
async def accept(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
) -> None:
    stage = await _stage_to_act_on(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    valid = int((stage.summary or {}).get("valid", stage.row_count))
    if not valid:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    await _remember(state, NewListStates.consent, stage)
    await _drop_buttons(query)
    await bot.send_message(
        query.from_user.id,
        texts.nl_consent(stage.channel, valid),
        reply_markup=keyboards.nl_consent(stage.id),
    )


@router.callback_query(NewListCb.filter(F.action == NewListAction.CANCEL))
async def cancel_button(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
) -> None:
    import_jobs.cancel(query.from_user.id)
    await imports.discard(query.from_user.id, callback_data.list_id)
    data = await state.get_data()
    if await state.get_state() in {s.state for s in NewListStates} and data.get("list_id") in (
        None,
        callback_data.list_id,
    ):
        await state.clear()
    await query.answer(texts.NL_CANCELLED_ANSWER)
    if isinstance(query.message, Message):
        await query.message.edit_text(texts.NL_CANCELLED, reply_markup=None)


# --- consent and name --------------------------------------------------------------------------


@router.callback_query(NewListCb.filter(F.action == NewListAction.CONFIRM))
async def confirm(
    query: CallbackQuery,
    callback_data: NewListCb,
    state: FSMContext,
    bot: Bot,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
) -> None:
    stage = await _stage_to_act_on(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    await query.answer()
    await _remember(state, NewListStates.naming, stage)
    await _drop_buttons(query)
    default = default_name(stage)
    await bot.send_message(
        query.from_user.id,
        texts.nl_ask_name(default),
        reply_markup=keyboards.nl_default_name(stage.id, default),
    )


@router.message(NewListStates.consent, is_flow_input)
async def consent_other(message: Message) -> None:
    await message.answer(texts.NL_CONSENT_HINT)


@router.callback_query(NewListCb.filter(F.action == NewListAction.DEFAULT_NAME))
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
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    stage = await _stage_to_act_on(query, callback_data, imports, import_jobs)
    if stage is None:
        return
    await query.answer()
    await _create(bot, query.from_user.id, stage, default_name(stage), state, imports)


@router.message(NewListStates.naming, F.text, is_flow_input)
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
        await message.answer(texts.NL_NAME_EMPTY)
        return
    if len(name) > MAX_NAME_LENGTH:
        await message.answer(texts.nl_name_too_long(len(name)))
        return
    list_id = int((await state.get_data()).get("list_id", 0))
    stage = await imports.get_stage(message.from_user.id, list_id)
    if stage is None:
        await state.clear()
        await message.answer(texts.NL_STAGE_GONE, reply_markup=keyboards.main_menu())
        return
    await _create(bot, message.from_user.id, stage, name, state, imports)


@router.message(NewListStates.naming, is_flow_input)
async def naming_other(message: Message) -> None:
    await message.answer(texts.NL_NAME_HINT)


async def _create(
    bot: Bot, user_id: int, stage: ClientList, name: str, state: FSMContext, imports: ImportsRepo
) -> None:
    try:
        created = await imports.create(user_id, stage.id, name)
    except NameTaken:
        await bot.send_message(user_id, texts.nl_name_taken(name))
        return
    except StageGone:
        await state.clear()
        await bot.send_message(user_id, texts.NL_STAGE_GONE, reply_markup=keyboards.main_menu())
        return
    await state.clear()
    logger.info("User %s created list %s (%d rows)", user_id, created.id, created.row_count)
    await bot.send_message(
        user_id,
        texts.nl_created(name, created.row_count, created.channel),
        reply_markup=keyboards.nl_created(created.id),
    )


def default_name(stage: ClientList) -> str:
    """The uploaded file's name without its extension, whitespace collapsed, at most 100 characters."""
    stem = Path(str(stage.source.get("file_name") or "")).stem
    name = " ".join("".join(ch for ch in stem if ch.isprintable()).split())[:MAX_NAME_LENGTH].strip()
    return name or texts.NL_DEFAULT_NAME


async def _remember(state: FSMContext, step: State, stage: ClientList) -> None:
    await state.set_state(step)
    await state.set_data(
        {"channel": stage.channel, "list_id": stage.id, "file_name": str(stage.source.get("file_name") or "")}
    )


async def _drop_buttons(query: CallbackQuery) -> None:
    """Buttons of a step that is done go away (a second tap can't repeat it)."""
    if isinstance(query.message, Message):
        try:
            await query.message.edit_reply_markup(reply_markup=None)
        except TelegramAPIError:  # an old message: harmless
            logger.debug("Could not remove buttons", exc_info=True)


# --- start-up: stale stages ----------------------------------------------------------------------


@router.startup()
async def on_startup(bot: Bot, dispatcher: Dispatcher, imports: ImportsRepo, import_jobs: ImportJobs) -> None:
    """No check can be running yet: every 'loading' stage is an orphan of a previous process, and every
    recorded check was cut off by its stop. Their managers are told to send the file again, before
    polling: a file they send next is checked by this process."""
    await imports.cleanup(import_jobs.config.stage_ttl, orphans=True)
    for check in await tell_interrupted(bot, import_jobs.checks):
        await _back_to_waiting_file(bot, dispatcher, imports, check.chat_id, check.owner_id)
    import_jobs.start_janitor(imports)


async def _back_to_waiting_file(
    bot: Bot, dispatcher: Dispatcher, imports: ImportsRepo, chat_id: int, user_id: int
) -> None:
    """A manager whose summary was shown but whose rows were not all saved is at a step of a stage
    that is gone: back to "send the file" (a document is taken at every file step anyway)."""
    key = StorageKey(bot_id=bot.id, chat_id=chat_id, user_id=user_id)
    state = FSMContext(storage=dispatcher.storage, key=key)
    try:
        data = await state.get_data()
        if await state.get_state() in {s.state for s in _TAKES_FILE[1:]} and (
            await imports.get_stage(user_id, int(data.get("list_id", 0))) is None
        ):
            await state.set_state(NewListStates.waiting_file)
            await state.set_data({"channel": data.get("channel")})
    except Exception:  # the document is accepted in those steps anyway
        logger.warning("Could not reset the flow of user %s", user_id, exc_info=True)


@router.shutdown()
async def on_shutdown(import_jobs: ImportJobs) -> None:
    await import_jobs.stop()


__all__ = ["cancel_router", "default_name", "router"]
