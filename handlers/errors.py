"""The errors handler: domain errors become a clear reply, anything else is logged and apologised for.

"message is not modified" is not an error (the bot edited a message to what it already showed).
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import ErrorEvent

from handlers import texts

logger = logging.getLogger(__name__)

router = Router(name=__name__)


class UserFacingError(Exception):
    """Raise from a handler to answer the user with `text` (HTML) instead of an apology."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def is_not_modified(exc: BaseException) -> bool:
    return isinstance(exc, TelegramBadRequest) and "message is not modified" in exc.message


@router.errors()
async def on_error(event: ErrorEvent, bot: Bot) -> bool:
    exc = event.exception
    update = event.update
    if is_not_modified(exc):
        logger.debug("Update %s: message is not modified (ignored)", update.update_id)
        return True
    if isinstance(exc, UserFacingError):
        text = exc.text
    else:
        logger.error(
            "Update %s (%s) failed: %s: %s",
            update.update_id,
            update.event_type,
            type(exc).__name__,
            exc,
            exc_info=exc,
        )
        text = texts.APOLOGY
    context = UserContextMiddleware.resolve_event_context(update)
    if update.callback_query is not None:
        domain = isinstance(exc, UserFacingError)
        try:
            await bot.answer_callback_query(
                update.callback_query.id, text=text if domain else None, show_alert=domain
            )
        except TelegramAPIError:  # already answered by the handler, or too old
            pass
        else:
            if domain:
                return True
    if context.chat is not None and context.chat.type == "private":
        try:
            await bot.send_message(context.chat.id, text)
        except TelegramAPIError as send_exc:
            logger.warning("Update %s: could not send the error reply: %s", update.update_id, send_exc)
    return True
