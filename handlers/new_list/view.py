"""The one message that shows a check: received, queued, progress (edited at most every ~2 s),
then the summary with its buttons, or the refusal. services.checks.CheckView in flow A's words."""

from __future__ import annotations

import logging
import time
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardMarkup, Message

from handlers.new_list import keyboards, texts
from i18n import current_locale, tr
from services.checks import Example, stage_examples
from services.wording import problem_text, sheet_error_text
from sheets.errors import SheetError
from storage.imports import ImportsRepo
from storage.lists import ClientList

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 2.0  # seconds between progress edits (Telegram rate limits edits)


def render_summary(
    summary: dict[str, Any], channel: str, list_id: int, examples: list[Example], *, same_file: bool = False
) -> tuple[str, InlineKeyboardMarkup]:
    fixes = 0 if summary.get("fixes_applied") else int(summary.get("suggestions", 0))
    markup = keyboards.nl_summary(
        list_id,
        valid=int(summary["valid"]),
        problems=int(summary["invalid"]) + int(summary["duplicates"]),
        fixes=fixes,
    )
    locale = current_locale()
    shown = [(p.row_number, p.column, problem_text(locale, p), p.suggestion) for p in examples]
    return texts.nl_summary({**summary, "same_file": same_file}, channel, shown), markup


async def render_stage_summary(imports: ImportsRepo, stage: ClientList) -> tuple[str, InlineKeyboardMarkup]:
    """The summary of a stored stage (shown again when a step has to be re-shown)."""
    examples = await stage_examples(imports, stage)
    return render_summary(stage.summary or {}, stage.channel, stage.id, examples)


class StatusView:
    """Edits one message in place; a message that can't be edited (deleted, too old) gets a new one."""

    def __init__(
        self, bot: Bot, chat_id: int, file_name: str, channel: str, message: Message | None = None
    ) -> None:
        self._bot = bot
        self._chat_id = chat_id
        self._file_name = file_name
        self._channel = channel
        self._message_id = message.message_id if message is not None else None
        self._summary_shown = False
        self._last = time.monotonic()

    async def received(self) -> int:
        await self._show(texts.nl_received(self._file_name))
        assert self._message_id is not None
        return self._message_id

    async def queued(self) -> None:
        await self._show(texts.nl_queued(self._file_name))

    async def progress(self, rows_done: int, fraction: float | None) -> None:
        if time.monotonic() - self._last < PROGRESS_EVERY:
            return
        try:
            await self._show(texts.nl_progress(self._file_name, rows_done, fraction))
        except TelegramAPIError as exc:  # progress is a courtesy: never stop a check for it
            logger.info("Progress edit failed: %s", exc)

    async def too_big(self, size_bytes: int, max_mb: int) -> None:
        await self._show(texts.nl_too_big(size_bytes, max_mb))

    async def download_failed(self) -> None:
        await self._show(tr("nl-download-failed"))

    async def refused(self, error: SheetError) -> None:
        locale = current_locale()
        await self._show(texts.nl_refused(sheet_error_text(locale, error)))

    async def summary(
        self, list_id: int, summary: dict[str, Any], examples: list[Example], *, same_file: bool = False
    ) -> None:
        await self._show(*render_summary(summary, self._channel, list_id, examples, same_file=same_file))
        self._summary_shown = True

    async def stopped(self) -> None:
        """Stopped by /cancel or a newer file. A summary already shown stays: its buttons answer "no
        longer pending", and the newer file's summary (or the cancel) comes in its own message."""
        if not self._summary_shown:
            await self._show(tr("nl-check-stopped"))

    async def interrupted(self) -> None:
        await self._show(texts.nl_check_interrupted(self._file_name))

    async def failed(self) -> None:
        await self._show(texts.nl_check_failed(self._file_name))

    async def _show(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        self._last = time.monotonic()
        if self._message_id is not None:
            try:
                await self._bot.edit_message_text(
                    text, chat_id=self._chat_id, message_id=self._message_id, reply_markup=markup
                )
                return
            except TelegramAPIError as exc:  # deleted by the user, too old…: send a new one
                logger.info("Could not edit the status message: %s", exc)
        sent = await self._bot.send_message(self._chat_id, text, reply_markup=markup)
        self._message_id = sent.message_id
