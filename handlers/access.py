"""Strangers: the no-access answer with their Telegram ID and the access request to the admins."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from handlers import keyboards, texts
from handlers.callbacks import AccessAction, AccessCb
from storage.users import RequestOutcome, UsersRepo

logger = logging.getLogger(__name__)

router = Router(name=__name__)


@router.message(CommandStart(), F.from_user)
async def start_without_access(message: Message, state: FSMContext) -> None:
    assert message.from_user is not None
    await state.clear()
    await message.answer(texts.no_access(message.from_user.id), reply_markup=keyboards.request_access())


@router.callback_query(AccessCb.filter(F.action == AccessAction.REQUEST))
async def request_access(query: CallbackQuery, bot: Bot, users: UsersRepo) -> None:
    user_id = query.from_user.id
    outcome = await users.request_access(user_id)
    if outcome is RequestOutcome.HAS_ACCESS:
        await query.answer(texts.REQUEST_HAS_ACCESS, show_alert=True)
        return
    if outcome is RequestOutcome.ALREADY_PENDING:
        await query.answer(texts.REQUEST_ALREADY_PENDING, show_alert=True)
        return

    record = await users.get(user_id)
    text = texts.access_request_for_admin(record, user_id)
    delivered = 0
    for admin_id in await users.admins():
        try:
            await bot.send_message(admin_id, text, reply_markup=keyboards.access_decision(user_id))
        except TelegramAPIError as exc:  # the admin never opened the bot, or blocked it
            logger.warning("Could not notify admin %s of access request: %s", admin_id, exc)
        else:
            delivered += 1
    if delivered == 0:
        await users.withdraw_request(user_id)
        await query.answer(texts.REQUEST_NO_ADMINS, show_alert=True)
        return
    await query.answer(texts.REQUEST_ANSWER)
    if query.message is not None:
        await bot.edit_message_text(
            texts.no_access(user_id) + "\n\n" + texts.REQUEST_SENT,
            chat_id=query.message.chat.id,
            message_id=query.message.message_id,
        )
