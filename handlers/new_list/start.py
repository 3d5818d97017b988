"""/new (and the menu): drop any pending import, choose the channel, see the format and the samples;
/cancel in flow A also throws the pending import away."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message, ReplyKeyboardRemove

from handlers.common import keyboards as common_kb
from handlers.common import texts as common
from handlers.new_list import keyboards, texts
from handlers.new_list.callbacks import NewListAction, NewListCb
from handlers.new_list.states import NewListStates
from i18n import current_locale, tr
from services.imports import ImportJobs
from services.samples import sample_csv, sample_xlsx
from storage.imports import ImportsRepo
from storage.users import Role
from validators.channels import CHANNELS


async def cancel_command(
    message: Message,
    state: FSMContext,
    imports: ImportsRepo,
    import_jobs: ImportJobs,
    roles: frozenset[Role],
) -> None:
    """Anyone in flow A (also a manager revoked meanwhile) can throw the pending import away; only
    managers get the menu back."""
    assert message.from_user is not None
    await drop_pending(message.from_user.id, state, imports, import_jobs)
    manager = Role.OUTBOUND_MANAGER in roles
    await message.answer(
        tr("nl-cancelled"), reply_markup=common_kb.main_menu() if manager else ReplyKeyboardRemove()
    )


async def new_list(
    message: Message, state: FSMContext, imports: ImportsRepo, import_jobs: ImportJobs
) -> None:
    assert message.from_user is not None
    await drop_pending(message.from_user.id, state, imports, import_jobs)
    await state.set_state(NewListStates.choosing_channel)
    await message.answer(tr("nl-choose-channel"), reply_markup=keyboards.nl_channels(list(CHANNELS)))


async def new_list_button(
    query: CallbackQuery, state: FSMContext, imports: ImportsRepo, import_jobs: ImportJobs, bot: Bot
) -> None:
    await drop_pending(query.from_user.id, state, imports, import_jobs)
    await state.set_state(NewListStates.choosing_channel)
    await query.answer()
    await bot.send_message(
        query.from_user.id, tr("nl-choose-channel"), reply_markup=keyboards.nl_channels(list(CHANNELS))
    )


async def drop_pending(user_id: int, state: FSMContext, imports: ImportsRepo, jobs: ImportJobs) -> None:
    await jobs.cancel(user_id)
    await imports.discard(user_id)
    await state.clear()


async def choose_channel(
    query: CallbackQuery, callback_data: NewListCb, state: FSMContext, import_jobs: ImportJobs, bot: Bot
) -> None:
    current = await state.get_state()
    if callback_data.channel not in CHANNELS or current not in (
        NewListStates.choosing_channel.state,
        NewListStates.waiting_file.state,
    ):
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await state.set_state(NewListStates.waiting_file)
    await state.set_data({"channel": callback_data.channel})
    await query.answer(common.channel_label(callback_data.channel))
    await bot.send_message(
        query.from_user.id,
        texts.nl_format_help(callback_data.channel, import_jobs.config.max_file_mb),
        reply_markup=keyboards.nl_samples(callback_data.channel),
    )


async def send_sample(query: CallbackQuery, callback_data: NewListCb, bot: Bot) -> None:
    channel = callback_data.channel
    if channel not in CHANNELS:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer()
    locale = current_locale()
    if callback_data.action is NewListAction.SAMPLE_XLSX:
        data, name = sample_xlsx(channel, locale), f"sample_{channel}.xlsx"
    else:
        data, name = sample_csv(channel, locale), f"sample_{channel}.csv"
    await bot.send_document(query.from_user.id, BufferedInputFile(data, filename=name))


async def choosing_channel_other(message: Message) -> None:
    await message.answer(tr("nl-choose-channel-hint"))
