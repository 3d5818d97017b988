"""A push's one progress message: services.push_types.PushView in flow D's words, edited at most every
~2 s, then the summary or why it stopped, in the language of the manager who started it."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup

from handlers.calls import keyboards, texts
from i18n import current_locale, speaking
from services.push_types import PushSummary, StopReason

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0


class PushMessage:
    def __init__(
        self,
        bot: Bot,
        chat_id: int,
        message_id: int,
        list_name: str | None,
        campaign: str,
        list_id: int = 0,
        push_id: int = 0,
        locale: str | None = None,
    ) -> None:
        """`locale`: the manager's; by default the one being spoken now (the handler's)."""
        self._locale = locale or current_locale()
        self._bot = bot
        self._chat_id = chat_id
        self._message_id = message_id
        self._list_name = list_name
        self._campaign = campaign
        self._list_id = list_id
        self._push_id = push_id
        self._last = 0.0
        self._sent = 0
        self._total = 0

    async def progress(self, sent: int, total: int) -> None:
        self._sent, self._total = sent, total
        if time.monotonic() - self._last < PROGRESS_EVERY:
            return
        with speaking(self._locale):
            markup = keyboards.running(self._list_id, self._push_id) if self._push_id else None
            text = texts.progress(self._list_name, self._campaign, sent, total)
        await self._show(text, markup)

    async def done(self, summary: PushSummary) -> None:
        with speaking(self._locale):
            markup = keyboards.rejected(self._list_id, summary.push_id) if summary.rejections_stored else None
            text = texts.done(self._list_name, summary)
        await self._show(text, markup)

    async def stopped(self, reason_code: StopReason, params: Mapping[str, Any]) -> None:
        with speaking(self._locale):
            text = texts.stopped(self._list_name, reason_code, params, self._sent)
        await self._show(text)

    async def interrupted(self) -> None:
        with speaking(self._locale):
            markup = keyboards.interrupted(self._list_id, self._push_id) if self._push_id else None
            text = texts.interrupted(self._list_name, self._sent, self._total)
        await self._show(text, markup)

    @property
    def message_id(self) -> int:
        return self._message_id

    async def _show(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        self._last = time.monotonic()
        try:
            await self._bot.edit_message_text(
                text, chat_id=self._chat_id, message_id=self._message_id, reply_markup=markup
            )
            return
        except TelegramAPIError as exc:  # deleted or too old: a new message, which later edits use
            logger.info("Could not edit the push message: %s", exc)
        sent = await self._bot.send_message(self._chat_id, text, reply_markup=markup)
        self._message_id = sent.message_id
