"""Create: the suggested or a typed name, then the matching clients become a ready list."""

from __future__ import annotations

import datetime as dt
import logging

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.clients import keyboards as kb
from handlers.clients import texts
from handlers.clients.states import ClientsFlow
from handlers.clients.view import FilterState, current, default_list_name, query_message
from handlers.common import texts as common
from handlers.lists.keyboards import list_actions
from i18n import tr
from services.client_lists import NoClients, create_list
from storage.clients import ClientsRepo
from storage.lists import MAX_NAME_LENGTH, BadName, ListsRepo, NameTaken, tidy_name

logger = logging.getLogger(__name__)


async def ask_name(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    if (flt := await current(query, state)) is None:
        return
    if await clients.count(flt.query()) == 0:
        await query.answer(tr("cl-empty-alert"), show_alert=True)
        return
    project = await clients.project_name(flt.project_id) or ""
    name = default_list_name(project, flt, dt.datetime.now(dt.UTC).date())
    await state.set_state(ClientsFlow.name)
    await state.update_data(default_name=name)
    await query.answer()
    if (message := query_message(query)) is not None:
        await message.answer(texts.cl_name_prompt(), reply_markup=kb.default_name(name))


async def chose_default_name(
    query: CallbackQuery, state: FSMContext, clients: ClientsRepo, lists: ListsRepo
) -> None:
    name = (await state.get_data()).get("default_name")
    message = query_message(query)
    if not isinstance(name, str) or message is None:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer(tr("cl-creating"))
    await message.edit_reply_markup(reply_markup=None)
    await create(message, query.from_user.id, name, state, clients, lists)


async def typed_name(message: Message, state: FSMContext, clients: ClientsRepo, lists: ListsRepo) -> None:
    assert message.text is not None
    assert message.from_user is not None
    name = tidy_name(message.text)
    if not name:
        await message.answer(common.name_empty())
    elif len(name) > MAX_NAME_LENGTH:
        await message.answer(common.name_too_long(len(name)))
    else:
        await create(message, message.from_user.id, name, state, clients, lists)


async def name_expected(message: Message) -> None:
    await message.answer(tr("cl-type-name"))


async def create(
    message: Message, user_id: int, name: str, state: FSMContext, clients: ClientsRepo, lists: ListsRepo
) -> None:
    data = await state.get_data()
    flt = FilterState.from_data(data)
    if flt is None:
        await state.clear()
        await message.answer(tr("cl-gone"))
        return
    if await lists.name_taken(name):  # before the (possibly long) select
        await message.answer(common.name_taken(name))
        return
    project = await clients.project_name(flt.project_id) or ""
    label = await clients.label(flt.label_id) if flt.label_id is not None else None
    selection = flt.selection(project, label.name if label else None)
    try:
        created = await create_list(clients, lists, selection, name=name, owner_id=user_id)
    except NameTaken:
        await message.answer(common.name_taken(name))
        return
    except BadName:
        await message.answer(common.name_empty())
        return
    except NoClients:
        await state.clear()
        await message.answer(tr("cl-gone"))
        return
    await state.clear()
    logger.info("User %s created list %s from %s clients", user_id, created.id, created.row_count)
    await message.answer(
        texts.cl_created(name, created.row_count, flt.channel, project), reply_markup=list_actions(created.id)
    )


async def stale(query: CallbackQuery) -> None:
    """A button of a finished or cancelled /clients conversation."""
    await query.answer(tr("stale-button"), show_alert=True)
