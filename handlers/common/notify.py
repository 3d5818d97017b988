"""Messages to someone other than the sender (a user whose access changed, the admins): in the
recipient's own language (stored with them; English for someone never seen). They may never have
opened the bot, or blocked it; that must not fail the admin's action."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup

from handlers.common import keyboards
from i18n import speaking
from storage.users import UsersRepo

logger = logging.getLogger(__name__)

Render = Callable[[], str]


async def send_in_their_language(
    bot: Bot,
    users: UsersRepo,
    user_id: int,
    render: Render,
    markup: Callable[[], InlineKeyboardMarkup | ReplyKeyboardMarkup | None] = lambda: None,
) -> None:
    """Render `render()` and `markup()` in `user_id`'s language and send them; raises what Telegram raises."""
    with speaking(await users.language(user_id)):
        text, reply_markup = render(), markup()
    await bot.send_message(user_id, text, reply_markup=reply_markup)


async def notify(
    bot: Bot, users: UsersRepo, user_id: int, render: Render, *, with_menu: bool = False
) -> None:
    """Tell a user about a change of their access; failures are logged, never raised."""
    try:
        await send_in_their_language(
            bot, users, user_id, render, keyboards.main_menu if with_menu else lambda: None
        )
    except TelegramAPIError as exc:
        logger.info("Could not notify user %s: %s", user_id, exc)
