"""The errors handler: whatever a handler did not turn into a clear reply is logged with its update,
and the user gets a short apology (an answered button, then a message). Never a traceback in a chat.

"message is not modified" is not an error (the bot edited a message to what it already showed).
"""

from __future__ import annotations

import contextlib
import logging

from aiogram import Bot
from aiogram.dispatcher.middlewares.user_context import UserContextMiddleware
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest, TelegramRetryAfter
from aiogram.types import ErrorEvent

from i18n import locale_for, speaking, tr
from services import metrics
from storage.users import UsersRepo

logger = logging.getLogger(__name__)


def is_not_modified(exc: BaseException) -> bool:
    return isinstance(exc, TelegramBadRequest) and "message is not modified" in exc.message


async def _language(users: UsersRepo | None, user_id: int) -> str | None:
    """The stored language; None when unknown or unreadable (the apology must still go out)."""
    try:
        return await users.language(user_id) if users is not None else None
    except Exception:
        logger.warning("Could not read the language of %s", user_id, exc_info=True)
        return None


async def on_error(event: ErrorEvent, bot: Bot, users: UsersRepo | None = None) -> bool:
    exc = event.exception
    update = event.update
    if is_not_modified(exc):
        logger.debug("Update %s: message is not modified (ignored)", update.update_id)
        return True
    if isinstance(exc, TelegramRetryAfter):  # flood control outlasted its budget: an apology would be too
        logger.warning(
            "Update %s: dropped under flood control (retry after %s s)", update.update_id, exc.retry_after
        )
        return True
    logger.error(
        "Update %s (%s) failed: %s: %s",
        update.update_id,
        update.event_type,
        type(exc).__name__,
        exc,
        exc_info=exc,
    )
    metrics.HANDLER_ERRORS.labels(type(exc).__name__).inc()
    context = UserContextMiddleware.resolve_event_context(update)
    if update.callback_query is not None:
        with contextlib.suppress(TelegramAPIError):  # already answered by the handler, or too old
            await bot.answer_callback_query(update.callback_query.id)
    if context.chat is not None and context.chat.type == "private":
        try:  # the error handler runs outside the update's language middleware: ask for it again
            stored = await _language(users, context.chat.id)
            with speaking(stored or locale_for(context.user.language_code if context.user else None)):
                apology = tr("apology")
            await bot.send_message(context.chat.id, apology)
        except TelegramAPIError as send_exc:
            logger.warning("Update %s: could not send the error reply: %s", update.update_id, send_exc)
    return True
