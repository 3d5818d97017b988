"""Messages to someone other than the sender (a user whose access changed): they may never have
opened the bot, or blocked it; that must not fail the admin's action."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from handlers.common import keyboards

logger = logging.getLogger(__name__)


async def notify(bot: Bot, user_id: int, text: str, *, with_menu: bool = False) -> None:
    """Tell a user about a change of their access; failures are logged, never raised."""
    try:
        markup = keyboards.main_menu() if with_menu else None
        await bot.send_message(user_id, text, reply_markup=markup)
    except TelegramAPIError as exc:
        logger.info("Could not notify user %s: %s", user_id, exc)
