"""➕ Add, first steps: the campaign's name, then its host (the default one from CALLS_API_URL as a
button). FSM data: `name` and `host` only."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers.campaigns import keyboards, texts
from handlers.campaigns.states import AddCampaign
from i18n import tr
from services.calls_api import normalize_host
from storage.campaigns import CampaignsRepo
from storage.lists import BadName, checked_name
from storage.names import name_key


async def start_add(query: CallbackQuery, state: FSMContext) -> None:
    await query.answer()
    await state.clear()
    await state.set_state(AddCampaign.name)
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, tr("ask-campaign-name"))


async def typed_name(
    message: Message, state: FSMContext, campaigns: CampaignsRepo, calls_api_url: str = ""
) -> None:
    try:
        name = checked_name(message.text or "")
    except BadName:
        await message.answer(texts.bad_name())
        return
    if any(name_key(c.name) == name_key(name) for c in await campaigns.list()):
        await message.answer(texts.name_taken(name))
        return
    await state.update_data(name=name)
    await state.set_state(AddCampaign.host)
    markup = keyboards.default_host(calls_api_url) if calls_api_url else None
    await message.answer(texts.ask_host(name, calls_api_url), reply_markup=markup)


async def name_expected(message: Message) -> None:
    await message.answer(tr("campaign-name-expected"))


async def chose_default_host(query: CallbackQuery, state: FSMContext, calls_api_url: str = "") -> None:
    if not calls_api_url:
        await query.answer(tr("host-expected"), show_alert=True)
        return
    await query.answer()
    await state.update_data(host=normalize_host(calls_api_url))
    await state.set_state(AddCampaign.token)
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, texts.ask_token(normalize_host(calls_api_url)))


async def typed_host(message: Message, state: FSMContext) -> None:
    try:
        host = normalize_host(message.text or "")
    except ValueError:
        await message.answer(tr("bad-host"))
        return
    await state.update_data(host=host)
    await state.set_state(AddCampaign.token)
    await message.answer(texts.ask_token(host))


async def host_expected(message: Message) -> None:
    await message.answer(tr("host-expected"))
