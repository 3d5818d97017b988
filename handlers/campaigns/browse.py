"""`/campaigns`: the connected call campaigns, a Remove button for each and ➕ Add."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from handlers.campaigns import keyboards, texts
from i18n import tr
from storage.campaigns import CampaignsRepo


async def render(campaigns: CampaignsRepo) -> tuple[str, InlineKeyboardMarkup]:
    found = await campaigns.list()
    text = texts.campaigns_page(found) if found else tr("campaigns-empty")
    return text, keyboards.campaigns_page(found)


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message; a message too old to edit gets a fresh one instead."""
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)
    elif query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


async def campaigns_command(message: Message, campaigns: CampaignsRepo) -> None:
    text, markup = await render(campaigns)
    await message.answer(text, reply_markup=markup)
