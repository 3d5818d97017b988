"""/clients (and the menu): the project (skipped when there is one), then the channel with its count."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.clients import keyboards as kb
from handlers.clients import texts
from handlers.clients.callbacks import ClientsCb
from handlers.clients.states import ClientsFlow
from handlers.clients.view import FilterState, channel_ids, query_message, render
from handlers.common import texts as common
from i18n import tr
from storage.clients import ClientsRepo


async def start_command(message: Message, state: FSMContext, clients: ClientsRepo) -> None:
    await begin(message, state, clients)


async def start_button(query: CallbackQuery, state: FSMContext, clients: ClientsRepo) -> None:
    await query.answer()
    if (message := query_message(query)) is not None:
        await begin(message, state, clients)


async def begin(message: Message, state: FSMContext, clients: ClientsRepo) -> None:
    await state.clear()
    projects = await clients.projects()
    if not projects:
        await message.answer(tr("cl-no-clients"))
    elif len(projects) == 1:
        await show_channels(message, state, clients, projects[0].id, projects[0].name, edit=False)
    else:
        await state.set_state(ClientsFlow.project)
        await message.answer(tr("cl-choose-project"), reply_markup=kb.projects(projects))


async def show_channels(
    message: Message, state: FSMContext, clients: ClientsRepo, project_id: int, project: str, *, edit: bool
) -> None:
    counts = await clients.channel_counts(project_id)
    items = [(i, common.channel_label(c), counts[c]) for i, c in enumerate(channel_ids()) if counts.get(c)]
    await state.set_state(ClientsFlow.channel)
    await state.set_data({"project_id": project_id})
    text, markup = texts.cl_choose_channel(project), kb.channels(items)
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


async def chose_project(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    name = await clients.project_name(callback_data.id)
    message = query_message(query)
    if name is None or message is None:
        await query.answer(tr("stale-button"), show_alert=True)
        return
    await query.answer()
    await show_channels(message, state, clients, callback_data.id, name, edit=True)


async def chose_channel(
    query: CallbackQuery, callback_data: ClientsCb, state: FSMContext, clients: ClientsRepo
) -> None:
    ids = channel_ids()
    project_id = (await state.get_data()).get("project_id")
    message = query_message(query)
    if message is None or project_id is None or not 0 <= callback_data.id < len(ids):
        await query.answer(tr("stale-button"), show_alert=True)
        return
    flt = FilterState(project_id=project_id, channel=ids[callback_data.id], msg=message.message_id)
    await state.set_state(ClientsFlow.filters)
    await state.set_data(flt.to_data())
    await query.answer()
    text, markup = await render(clients, flt)
    await message.edit_text(text, reply_markup=markup)


async def project_expected(message: Message) -> None:
    await message.answer(tr("cl-use-project-buttons"))


async def channel_expected(message: Message) -> None:
    await message.answer(tr("cl-use-channel-buttons"))
