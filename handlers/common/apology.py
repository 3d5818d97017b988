"""The short apology for work that failed in the background (no update's error handler sees it)."""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from i18n import current_locale, speaking, tr
from services.background import OnError


def apologise_to(bot: Bot, chat_id: int) -> OnError:
    """An apology in the language spoken when the work was started (the user's)."""
    locale = current_locale()

    async def apologise(exc: BaseException) -> None:
        with speaking(locale), contextlib.suppress(TelegramAPIError):
            await bot.send_message(chat_id, tr("apology"))

    return apologise
