"""Delete: ask (Yes, delete / Cancel), then remove the list with its audit event in one transaction."""

from __future__ import annotations

import logging

from aiogram.types import CallbackQuery

from handlers.lists import keyboards, texts
from handlers.lists.browse import show
from handlers.lists.callbacks import ListCb
from i18n import tr
from storage.lists import ListsRepo

logger = logging.getLogger(__name__)


async def ask_delete(query: CallbackQuery, callback_data: ListCb, lists: ListsRepo) -> None:
    item = await lists.get_ready(callback_data.list_id)
    if item is None:
        await query.answer(tr("list-gone"), show_alert=True)
        return
    await query.answer()
    text = texts.confirm_delete(item.name, item.row_count)
    await show(query, text, keyboards.confirm_delete(item.id, callback_data.page))


async def confirm_delete(query: CallbackQuery, callback_data: ListCb, lists: ListsRepo) -> None:
    gone = await lists.delete(callback_data.list_id, user_id=query.from_user.id)
    if gone is None:
        await query.answer(tr("list-gone"), show_alert=True)
        return
    logger.info("List %s (%s rows) deleted by %s", gone.id, gone.row_count, query.from_user.id)
    await query.answer(tr("deleted-answer"))
    text = texts.list_deleted(gone.name, gone.row_count)
    await show(query, text, keyboards.back_to_lists(callback_data.page))
