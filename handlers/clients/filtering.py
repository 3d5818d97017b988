"""The filters step: period presets, typed dates, search, labels, reset; the count updates live and
the filters message is edited in place."""

from __future__ import annotations

import datetime as dt
import logging
import time

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.clients import keyboards as kb
from handlers.clients import texts
from handlers.clients.callbacks import ClientsCb
from handlers.clients.states import ClientsFlow
from handlers.clients.view import FilterState, current, query_message, render
from i18n import tr
from storage.clients import ClientsRepo
from validators.activity import is_backwards_range, parse_date_range

logger = logging.getLogger(__name__)

MAX_SEARCH = 100
DAY = 86_400


async def update_filters(
    query: CallbackQuery, state: FSMContext, clients: ClientsRepo, flt: FilterState, answer: str | None = None
) -> None:
    """Save the filters and edit the filters message (the one the button is on) in place."""
    await state.set_state(ClientsFlow.filters)
    await state.set_data(flt.to_data())
    await query.answer(answer)
    if (message := query_message(query)) is not None:
        text, markup = await render(clients, flt)
        await message.edit_text(text, reply_markup=markup)


async def redraw_from_text(
    message: Message, bot: Bot, state: FSMContext, clients: ClientsRepo, flt: FilterState
) -> None:
    """After typed input: edit the filters message above; if it is gone, send a fresh one.

    Saved before the edit: updates run concurrently, and a button pressed right after the edit
    appears must already see the new filters.
    """
    await state.set_state(ClientsFlow.filters)
    await state.set_data(flt.to_data())
    text, markup = await render(clients, flt)
    try:
        await bot.edit_message_text(text, chat_id=message.chat.id, message_id=flt.msg, reply_markup=markup)
    except TelegramBadRequest as exc:
        logger.info("Filters message %s not editable (%s); sending a new one", flt.msg, exc)
        sent = await message.answer(text, reply_markup=markup)
        await state.set_data(flt.replace(msg=sent.message_id).to_data())


async def set_period(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    if (flt := await current(query, state)) is None:
        return
    days = callback_data.id if callback_data.id in kb.PERIODS else 0
    since = int(time.time()) - days * DAY if days else None
    await update_filters(query, state, clients, flt.replace(days=days, since=since, until=None, custom=None))


async def ask_dates(query: CallbackQuery, state: FSMContext) -> None:
    if await current(query, state) is None:
        return
    await state.set_state(ClientsFlow.dates)
    await query.answer()
    if (message := query_message(query)) is not None:
        await message.answer(tr("cl-dates-prompt"))


async def ask_search(query: CallbackQuery, state: FSMContext) -> None:
    if await current(query, state) is None:
        return
    await state.set_state(ClientsFlow.search)
    await query.answer()
    if (message := query_message(query)) is not None:
        await message.answer(tr("cl-search-prompt"))


async def clear_search(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    if (flt := await current(query, state)) is not None:
        await update_filters(query, state, clients, flt.replace(search=None))


async def toggle_label(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    if (flt := await current(query, state)) is None:
        return
    if callback_data.id not in {label.id for label in await clients.labels(flt.project_id, flt.channel)}:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    label_id = None if flt.label_id == callback_data.id else callback_data.id
    await update_filters(query, state, clients, flt.replace(label_id=label_id))


async def reset(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    if (flt := await current(query, state)) is not None:
        fresh = FilterState(project_id=flt.project_id, channel=flt.channel, msg=flt.msg)
        await update_filters(query, state, clients, fresh)


async def typed_dates(message: Message, bot: Bot, state: FSMContext, clients: ClientsRepo) -> None:
    assert message.text is not None
    flt = FilterState.from_data(await state.get_data())
    dates = parse_date_range(message.text)
    if flt is None:
        await state.clear()
        await message.answer(tr("cl-gone"))
    elif dates is None:
        backwards = is_backwards_range(message.text)
        await message.answer(tr("cl-dates-backwards") if backwards else texts.cl_bad_dates(message.text))
    elif dates.first > (today := dt.datetime.now(dt.UTC).date()):
        await message.answer(texts.cl_dates_future(today.strftime("%d.%m.%Y")))
    else:
        custom = dates.first.strftime("%d.%m.%Y")
        if dates.last != dates.first:
            custom += "–" + dates.last.strftime("%d.%m.%Y")
        flt = flt.replace(days=None, since=dates.since, until=dates.until, custom=custom)
        await redraw_from_text(message, bot, state, clients, flt)


async def typed_search(message: Message, bot: Bot, state: FSMContext, clients: ClientsRepo) -> None:
    assert message.text is not None
    flt = FilterState.from_data(await state.get_data())
    search = " ".join(message.text.split())
    if flt is None:
        await state.clear()
        await message.answer(tr("cl-gone"))
    elif len(search) > MAX_SEARCH:
        await message.answer(texts.cl_search_too_long(MAX_SEARCH))
    elif not search:
        await message.answer(tr("cl-use-filter-buttons"))
    else:
        await redraw_from_text(message, bot, state, clients, flt.replace(search=search))


async def dates_expected(message: Message) -> None:
    await message.answer(tr("cl-dates-prompt"))


async def filters_expected(message: Message) -> None:
    await message.answer(tr("cl-use-filter-buttons"))
