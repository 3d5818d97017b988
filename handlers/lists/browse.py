"""`/lists` (and the menu) → a page of lists → a list's card.

Every button re-reads the list: lists can be deleted by another manager at any moment, so an old
button answers "this list no longer exists" instead of failing. Pages are edited in place.
"""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from handlers.common import texts as common
from handlers.lists import keyboards, texts
from handlers.lists.callbacks import ListCb
from i18n import tr
from storage.lists import ClientList, ListsRepo
from storage.push_models import Push
from storage.pushes import PushesRepo
from storage.users import UsersRepo
from validators.channels import CHANNELS

PER_PAGE = 8
SENT_ON_CARD = 5  # the latest pushes of a telephony list shown on its card


async def render_page(lists: ListsRepo, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    found = await lists.page(page, PER_PAGE)
    if not found.total:
        return tr("lists-empty"), None
    entries = [
        (item.id, texts.list_button(item.name, item.channel, item.row_count, item.created_at))
        for item in found.items
    ]
    return (
        texts.lists_page(found.total, found.page, found.pages),
        keyboards.lists_page(entries, found.page, found.pages),
    )


async def render_card(users: UsersRepo, item: ClientList, sent: list[Push] | None = None) -> str:
    creator = common.user_label(await users.get(item.owner_id), item.owner_id)
    card = texts.list_card(item.name, item.channel, item.row_count, item.source, creator, item.created_at)
    lines = [
        texts.list_sent(p.campaign_name, p.created_at, p.status.value, p.done, p.accepted) for p in sent or []
    ]
    return card + ("\n\n" + "\n".join(lines) if lines else "")


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message; a message too old to edit gets a fresh one instead."""
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)
    elif query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


async def lists_command(message: Message, lists: ListsRepo) -> None:
    text, markup = await render_page(lists, 0)
    await message.answer(text, reply_markup=markup)


async def lists_menu_button(query: CallbackQuery, lists: ListsRepo) -> None:
    await query.answer()
    text, markup = await render_page(lists, 0)
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


async def turn_page(query: CallbackQuery, callback_data: ListCb, lists: ListsRepo) -> None:
    await query.answer()
    await show(query, *await render_page(lists, callback_data.page))


async def open_card(
    query: CallbackQuery, callback_data: ListCb, lists: ListsRepo, users: UsersRepo, pushes: PushesRepo
) -> None:
    item = await lists.get_ready(callback_data.list_id)
    if item is None:
        await query.answer(tr("list-gone"), show_alert=True)
        return
    await query.answer()
    channel = CHANNELS.get(item.channel)
    can_call = channel is not None and channel.is_call
    sent = await pushes.of_list(item.id, SENT_ON_CARD) if can_call else []
    last = sent[0].id if sent else None
    markup = keyboards.list_card(item.id, callback_data.page, can_call=can_call, last_push=last)
    await show(query, await render_card(users, item, sent), markup)
