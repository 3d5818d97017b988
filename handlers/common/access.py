"""Access requests: a stranger's no-access answer with their Telegram ID and the request to the admins,
and the admins' one-tap answers (Grant manager / Ignore)."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InaccessibleMessage, Message

from handlers.common import keyboards, texts
from handlers.common.callbacks import AccessAction, AccessCb
from handlers.common.notify import notify, send_in_their_language
from i18n import tr
from storage.users import RequestOutcome, UsersRepo

logger = logging.getLogger(__name__)


async def start_without_access(message: Message, state: FSMContext) -> None:
    assert message.from_user is not None
    await state.clear()
    await message.answer(texts.no_access(message.from_user.id), reply_markup=keyboards.request_access())


async def request_access(query: CallbackQuery, bot: Bot, users: UsersRepo) -> None:
    user_id = query.from_user.id
    outcome = await users.request_access(user_id)
    if outcome is RequestOutcome.HAS_ACCESS:
        await query.answer(tr("request-has-access"), show_alert=True)
        return
    if outcome is RequestOutcome.ALREADY_PENDING:
        await query.answer(tr("request-already-pending"), show_alert=True)
        return

    record = await users.get(user_id)
    delivered = 0
    for admin_id in await users.admins():
        try:  # each admin in their own language
            await send_in_their_language(
                bot,
                users,
                admin_id,
                lambda: texts.access_request_for_admin(record, user_id),
                lambda: keyboards.access_decision(user_id),
            )
        except TelegramAPIError as exc:  # the admin never opened the bot, or blocked it
            logger.warning("Could not notify admin %s of access request: %s", admin_id, exc)
        else:
            delivered += 1
    if delivered == 0:
        await users.withdraw_request(user_id)
        await query.answer(tr("request-no-admins"), show_alert=True)
        return
    await query.answer(tr("request-answer"))
    if query.message is not None:
        await bot.edit_message_text(
            texts.no_access_request_sent(user_id),
            chat_id=query.message.chat.id,
            message_id=query.message.message_id,
        )


async def decide_request(query: CallbackQuery, callback_data: AccessCb, bot: Bot, users: UsersRepo) -> None:
    user_id = callback_data.user_id
    grant = callback_data.action is AccessAction.GRANT
    record = await users.get(user_id)
    if not await users.decide_request(user_id, grant=grant, by=query.from_user.id):
        request = await users.get_request(user_id)
        status = request.status.value if request else "withdrawn"
        await query.answer(texts.request_already_decided(status), show_alert=True)
        if query.message is not None and not isinstance(query.message, InaccessibleMessage):
            await query.message.edit_reply_markup(reply_markup=None)
        return
    admin = query.from_user.full_name
    if grant:
        text = texts.access_granted_by_admin(record, user_id, admin)
        await notify(bot, users, user_id, lambda: tr("access-granted-to-user"), with_menu=True)
    else:
        text = texts.access_ignored_by_admin(record, user_id, admin)
        await notify(bot, users, user_id, lambda: tr("access-declined-to-user"))
    await query.answer()
    if query.message is not None and not isinstance(query.message, InaccessibleMessage):
        await query.message.edit_text(text)
