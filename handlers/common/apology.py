"""The short apology for work that failed in the background (no update's error handler sees it)."""

from __future__ import annotations

import contextlib

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError

from handlers.common import texts
from services.background import OnError


def apologise_to(bot: Bot, chat_id: int) -> OnError:
    async def apologise(exc: BaseException) -> None:
        with contextlib.suppress(TelegramAPIError):
            await bot.send_message(chat_id, texts.APOLOGY)

    return apologise
