"""Flow B: `/clients` → project → channel → filters (count updated live) → name → a ready list.

Thin: the filter state lives in FSM data as ids and values (see `handlers.clients_view`), counting and
selecting are `ClientsRepo` queries on the same WHERE clause, and the list is stored by `ListsRepo`.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers import clients_keyboards as kb
from handlers import texts
from handlers.callbacks import ClientsAction, ClientsCb, MenuAction, MenuCb
from handlers.clients_view import (
    FilterState,
    channel_ids,
    default_list_name,
    list_columns,
    list_rows,
    render,
    source,
)
from handlers.filters import protect
from handlers.states import ClientsFlow
from storage.clients import ClientsRepo
from storage.lists import MAX_NAME_LENGTH, ListsRepo, NameTaken, tidy_name
from storage.users import Role
from validators.activity import is_backwards_range, parse_date_range

logger = logging.getLogger(__name__)

router = protect(Router(name=__name__), Role.OUTBOUND_MANAGER)

MAX_SEARCH = 100
DAY = 86_400
# The name step keeps the filter buttons alive: changing a filter goes back to the filters step.
IN_FILTERS = StateFilter(ClientsFlow.filters, ClientsFlow.dates, ClientsFlow.search, ClientsFlow.name)


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


# --- start: project and channel -------------------------------------------------------------


@router.message(Command("clients"))
@router.message(F.text == texts.MENU_CLIENTS)
async def start_command(message: Message, state: FSMContext, clients: ClientsRepo) -> None:
    await begin(message, state, clients)


@router.callback_query(MenuCb.filter(F.action == MenuAction.CLIENTS))
async def start_button(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    await query.answer()
    if (message := _message(query)) is not None:
        await begin(message, state, clients)


async def begin(message: Message, state: FSMContext, clients: ClientsRepo) -> None:
    await state.clear()
    projects = await clients.projects()
    if not projects:
        await message.answer(texts.CL_NO_CLIENTS)
    elif len(projects) == 1:
        await show_channels(message, state, clients, projects[0].id, projects[0].name, edit=False)
    else:
        await state.set_state(ClientsFlow.project)
        await message.answer(texts.CL_CHOOSE_PROJECT, reply_markup=kb.projects(projects))


async def show_channels(
    message: Message, state: FSMContext, clients: ClientsRepo, project_id: int, project: str, *, edit: bool
) -> None:
    counts = await clients.channel_counts(project_id)
    items = [(i, texts.cl_channel_label(c), counts[c]) for i, c in enumerate(channel_ids()) if counts.get(c)]
    await state.set_state(ClientsFlow.channel)
    await state.set_data({"project_id": project_id})
    text, markup = texts.cl_choose_channel(project), kb.channels(items)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


@router.callback_query(ClientsFlow.project, ClientsCb.filter(F.action == ClientsAction.PROJECT))
async def chose_project(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    name = await clients.project_name(callback_data.id)
    message = _message(query)
    if name is None or message is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer()
    await show_channels(message, state, clients, callback_data.id, name, edit=True)


@router.callback_query(ClientsFlow.channel, ClientsCb.filter(F.action == ClientsAction.CHANNEL))
async def chose_channel(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    ids = channel_ids()
    project_id = (await state.get_data()).get("project_id")
    message = _message(query)
    if message is None or project_id is None or not 0 <= callback_data.id < len(ids):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    flt = FilterState(project_id=project_id, channel=ids[callback_data.id], msg=message.message_id)
    await state.set_state(ClientsFlow.filters)
    await state.set_data(flt.to_data())
    await query.answer()
    text, markup = await render(clients, flt)
    await message.edit_text(text, reply_markup=markup)


@router.message(ClientsFlow.project)
async def project_expected(message: Message) -> None:
    await message.answer(texts.CL_USE_PROJECT_BUTTONS)


@router.message(ClientsFlow.channel)
async def channel_expected(message: Message) -> None:
    await message.answer(texts.CL_USE_CHANNEL_BUTTONS)


# --- filters --------------------------------------------------------------------------------


async def update_filters(
    query: CallbackQuery, state: FSMContext, clients: ClientsRepo, flt: FilterState, answer: str | None = None
) -> None:
    """Save the filters and edit the filters message (the one the button is on) in place."""
    await state.set_state(ClientsFlow.filters)
    await state.set_data(flt.to_data())
    await query.answer(answer)
    if (message := _message(query)) is not None:
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


async def current(query: CallbackQuery, state: FSMContext) -> FilterState | None:
    flt = FilterState.from_data(await state.get_data())
    if flt is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
    return flt


@router.callback_query(IN_FILTERS, ClientsCb.filter(F.action == ClientsAction.PERIOD))
async def set_period(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    if (flt := await current(query, state)) is None:
        return
    days = callback_data.id if callback_data.id in kb.PERIODS else 0
    since = int(time.time()) - days * DAY if days else None
    await update_filters(query, state, clients, flt.replace(days=days, since=since, until=None, custom=None))


@router.callback_query(IN_FILTERS, ClientsCb.filter(F.action == ClientsAction.DATES))
async def ask_dates(query: CallbackQuery, state: FSMContext) -> None:
    if await current(query, state) is None:
        return
    await state.set_state(ClientsFlow.dates)
    await query.answer()
    if (message := _message(query)) is not None:
        await message.answer(texts.CL_DATES_PROMPT)


@router.callback_query(IN_FILTERS, ClientsCb.filter(F.action == ClientsAction.SEARCH))
async def ask_search(query: CallbackQuery, state: FSMContext) -> None:
    if await current(query, state) is None:
        return
    await state.set_state(ClientsFlow.search)
    await query.answer()
    if (message := _message(query)) is not None:
        await message.answer(texts.CL_SEARCH_PROMPT)


@router.callback_query(IN_FILTERS, ClientsCb.filter(F.action == ClientsAction.CLEAR_SEARCH))
async def clear_search(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    if (flt := await current(query, state)) is not None:
        await update_filters(query, state, clients, flt.replace(search=None))


@router.callback_query(IN_FILTERS, ClientsCb.filter(F.action == ClientsAction.LABEL))
async def toggle_label(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    if (flt := await current(query, state)) is None:
        return
    if callback_data.id not in {label.id for label in await clients.labels(flt.project_id, flt.channel)}:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    label_id = None if flt.label_id == callback_data.id else callback_data.id
    await update_filters(query, state, clients, flt.replace(label_id=label_id))


@router.callback_query(IN_FILTERS, ClientsCb.filter(F.action == ClientsAction.RESET))
async def reset(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    if (flt := await current(query, state)) is not None:
        fresh = FilterState(project_id=flt.project_id, channel=flt.channel, msg=flt.msg)
        await update_filters(query, state, clients, fresh)


@router.message(ClientsFlow.dates, F.text)
async def typed_dates(message: Message, bot: Bot, state: FSMContext, clients: ClientsRepo) -> None:
    assert message.text is not None
    flt = FilterState.from_data(await state.get_data())
    dates = parse_date_range(message.text)
    if flt is None:
        await state.clear()
        await message.answer(texts.CL_GONE)
    elif dates is None:
        backwards = is_backwards_range(message.text)
        await message.answer(texts.CL_DATES_BACKWARDS if backwards else texts.cl_bad_dates(message.text))
    elif dates.first > (today := dt.datetime.now(dt.UTC).date()):
        await message.answer(texts.cl_dates_future(today.strftime("%d.%m.%Y")))
    else:
        custom = dates.first.strftime("%d.%m.%Y")
        if dates.last != dates.first:
            custom += "–" + dates.last.strftime("%d.%m.%Y")
        flt = flt.replace(days=None, since=dates.since, until=dates.until, custom=custom)
        await redraw_from_text(message, bot, state, clients, flt)


@router.message(ClientsFlow.filters, F.text)
@router.message(ClientsFlow.search, F.text)
async def typed_search(message: Message, bot: Bot, state: FSMContext, clients: ClientsRepo) -> None:
    assert message.text is not None
    flt = FilterState.from_data(await state.get_data())
    search = " ".join(message.text.split())
    if flt is None:
        await state.clear()
        await message.answer(texts.CL_GONE)
    elif len(search) > MAX_SEARCH:
        await message.answer(texts.CL_SEARCH_TOO_LONG)
    elif not search or search.startswith("/"):
        await message.answer(texts.CL_USE_FILTER_BUTTONS)
    else:
        await redraw_from_text(message, bot, state, clients, flt.replace(search=search))


@router.message(ClientsFlow.dates)
async def dates_expected(message: Message) -> None:
    await message.answer(texts.CL_DATES_PROMPT)


@router.message(ClientsFlow.filters)
@router.message(ClientsFlow.search)
async def filters_expected(message: Message) -> None:
    await message.answer(texts.CL_USE_FILTER_BUTTONS)


# --- create ---------------------------------------------------------------------------------


@router.callback_query(IN_FILTERS, ClientsCb.filter(F.action == ClientsAction.CREATE))
async def ask_name(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    if (flt := await current(query, state)) is None:
        return
    if await clients.count(flt.query()) == 0:
        await query.answer(texts.CL_EMPTY_ALERT, show_alert=True)
        return
    project = await clients.project_name(flt.project_id) or ""
    name = default_list_name(project, flt, dt.datetime.now(dt.UTC).date())
    await state.set_state(ClientsFlow.name)
    await state.update_data(default_name=name)
    await query.answer()
    if (message := _message(query)) is not None:
        await message.answer(texts.CL_NAME_PROMPT, reply_markup=kb.default_name(name))


@router.callback_query(ClientsFlow.name, ClientsCb.filter(F.action == ClientsAction.DEFAULT_NAME))
async def chose_default_name(
    query: CallbackQuery, state: FSMContext, clients: ClientsRepo, lists: ListsRepo
) -> None:
    name = (await state.get_data()).get("default_name")
    message = _message(query)
    if not isinstance(name, str) or message is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer(texts.CL_CREATING)
    await message.edit_reply_markup(reply_markup=None)
    await create(message, query.from_user.id, name, state, clients, lists)


@router.message(ClientsFlow.name, F.text)
async def typed_name(message: Message, state: FSMContext, clients: ClientsRepo, lists: ListsRepo) -> None:
    assert message.text is not None
    assert message.from_user is not None
    name = tidy_name(message.text)
    if not name:
        await message.answer(texts.CL_NAME_EMPTY)
    elif name.startswith("/"):  # a command nobody handled (e.g. a manager's /audit), not a name
        await message.answer(texts.CL_TYPE_NAME)
    elif len(name) > MAX_NAME_LENGTH:
        await message.answer(texts.cl_name_too_long(len(name)))
    else:
        await create(message, message.from_user.id, name, state, clients, lists)


@router.message(ClientsFlow.name)
async def name_expected(message: Message) -> None:
    await message.answer(texts.CL_TYPE_NAME)


async def create(
    message: Message, user_id: int, name: str, state: FSMContext, clients: ClientsRepo, lists: ListsRepo
) -> None:
    data = await state.get_data()
    flt = FilterState.from_data(data)
    if flt is None:
        await state.clear()
        await message.answer(texts.CL_GONE)
        return
    if await lists.name_taken(name):
        await message.answer(texts.cl_name_taken(name))
        return
    rows = await clients.select(flt.query())
    if not rows:
        await state.clear()
        await message.answer(texts.CL_GONE)
        return
    project = await clients.project_name(flt.project_id) or ""
    label = await clients.label(flt.label_id) if flt.label_id is not None else None
    try:
        created = await lists.create_ready(
            name=name,
            channel=flt.channel,
            columns=list_columns(flt.channel),
            rows=list_rows(rows),
            source=source(project, flt, label.name if label else None, len(rows)),
            owner_id=user_id,
        )
    except NameTaken:
        await message.answer(texts.cl_name_taken(name))
        return
    await state.clear()
    logger.info("User %s created list %s from %s clients", user_id, created.id, created.row_count)
    await message.answer(
        texts.cl_created(name, created.row_count, flt.channel, project), reply_markup=kb.created(created.id)
    )


@router.callback_query(ClientsCb.filter())
async def stale(query: CallbackQuery) -> None:
    """A button of a finished or cancelled /clients conversation."""
    await query.answer(texts.STALE_BUTTON, show_alert=True)
