"""Flow C: `/lists` (and the menu) → a page of lists → a list's card → Download / Delete.

Every button re-reads the list: lists can be deleted by another manager at any moment, so an old
button answers "this list no longer exists" instead of failing. Pages are edited in place.
"""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from handlers import keyboards, texts
from handlers.callbacks import ListAction, ListCb, MenuAction, MenuCb
from handlers.filters import protect
from handlers.lists_export import ListExporter
from storage.lists import ClientList, ListsRepo
from storage.users import Role, UsersRepo

logger = logging.getLogger(__name__)

router = protect(Router(name=__name__), Role.OUTBOUND_MANAGER)

PER_PAGE = 8


async def render_page(lists: ListsRepo, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    found = await lists.page(page, PER_PAGE)
    if not found.total:
        return texts.LISTS_EMPTY, None
    entries = [
        (item.id, texts.list_button(item.name, item.channel, item.row_count, item.created_at))
        for item in found.items
    ]
    return (
        texts.lists_page(found.total, found.page, found.pages),
        keyboards.lists_page(entries, found.page, found.pages),
    )


async def render_card(users: UsersRepo, item: ClientList) -> str:
    creator = texts.user_label(await users.get(item.owner_id), item.owner_id)
    return texts.list_card(item.name, item.channel, item.row_count, item.source, creator, item.created_at)


async def show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the pressed message; a message too old to edit gets a fresh one instead."""
    if isinstance(query.message, Message):
        await query.message.edit_text(text, reply_markup=markup)
    elif query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


@router.message(Command("lists"))
@router.message(F.text == texts.MENU_LISTS)
async def lists_command(message: Message, lists: ListsRepo) -> None:
    text, markup = await render_page(lists, 0)
    await message.answer(text, reply_markup=markup)


@router.callback_query(MenuCb.filter(F.action == MenuAction.LISTS))
async def lists_menu_button(query: CallbackQuery, lists: ListsRepo) -> None:
    await query.answer()
    text, markup = await render_page(lists, 0)
    if query.bot is not None:
        await query.bot.send_message(query.from_user.id, text, reply_markup=markup)


@router.callback_query(ListCb.filter(F.action == ListAction.PAGE))
async def turn_page(query: CallbackQuery, callback_data: ListCb, lists: ListsRepo) -> None:
    await query.answer()
    await show(query, *await render_page(lists, callback_data.page))


@router.callback_query(ListCb.filter(F.action.in_({ListAction.OPEN, ListAction.CANCEL_DELETE})))
async def open_card(query: CallbackQuery, callback_data: ListCb, lists: ListsRepo, users: UsersRepo) -> None:
    item = await lists.get_ready(callback_data.list_id)
    if item is None:
        await query.answer(texts.LIST_GONE, show_alert=True)
        return
    await query.answer()
    await show(query, await render_card(users, item), keyboards.list_card(item.id, callback_data.page))


@router.callback_query(ListCb.filter(F.action == ListAction.DOWNLOAD))
async def download(
    query: CallbackQuery, callback_data: ListCb, bot: Bot, lists: ListsRepo, exporter: ListExporter
) -> None:
    if await lists.get_ready(callback_data.list_id) is None:
        await query.answer(texts.LIST_GONE, show_alert=True)
        return
    # Answered before the (possibly long) first build; the exporter re-checks the list under its lock.
    await query.answer(texts.DOWNLOAD_ANSWER)
    user_id = query.from_user.id
    if not await exporter.send(bot, user_id, callback_data.list_id, user_id):
        await bot.send_message(user_id, texts.LIST_GONE)


@router.callback_query(ListCb.filter(F.action == ListAction.DELETE))
async def ask_delete(query: CallbackQuery, callback_data: ListCb, lists: ListsRepo) -> None:
    item = await lists.get_ready(callback_data.list_id)
    if item is None:
        await query.answer(texts.LIST_GONE, show_alert=True)
        return
    await query.answer()
    text = texts.confirm_delete(item.name, item.row_count)
    await show(query, text, keyboards.confirm_delete(item.id, callback_data.page))


@router.callback_query(ListCb.filter(F.action == ListAction.CONFIRM_DELETE))
async def confirm_delete(query: CallbackQuery, callback_data: ListCb, lists: ListsRepo) -> None:
    gone = await lists.delete(callback_data.list_id, user_id=query.from_user.id)
    if gone is None:
        await query.answer(texts.LIST_GONE, show_alert=True)
        return
    logger.info("List %s (%s rows) deleted by %s", gone.id, gone.row_count, query.from_user.id)
    await query.answer(texts.DELETED_ANSWER)
    text = texts.list_deleted(gone.name, gone.row_count)
    await show(query, text, keyboards.back_to_lists(callback_data.page))
