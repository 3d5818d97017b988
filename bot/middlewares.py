"""Update middlewares (private chats only, remember users, the user's roles) and request middlewares
on the Bot session (flood control waits within a time budget, idempotent edits)."""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageCaption,
    EditMessageReplyMarkup,
    EditMessageText,
    TelegramMethod,
)
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Chat, TelegramObject, User

from i18n import locale_for
from storage.users import Role, UsersRepo

logger = logging.getLogger(__name__)

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class PrivateChatsOnly(BaseMiddleware):
    """Drop every update that happens in a group, supergroup or channel: the bot answers nothing there."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        if chat is not None and chat.type != "private":
            logger.debug("Ignoring an update from %s chat %s", chat.type, chat.id)
            return None
        return await handler(event, data)


class RememberUsers(BaseMiddleware):
    """Keep users' id, username and name in the database; writes only when one of them changed.

    The language of the first contact comes from Telegram's language_code (ru* → ru, else en)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        users: UsersRepo | None = data.get("users")
        if user is not None and users is not None and not user.is_bot:
            try:
                await users.seen(user.id, user.username, user.full_name, locale_for(user.language_code))
            except Exception:  # remembering a name must never cost the user an answer
                logger.warning("Could not remember user %s", user.id, exc_info=True)
        return await handler(event, data)


class Identity(BaseMiddleware):
    """The user's roles, read once per update and given to filters and handlers as `roles`.

    Read afresh for every update, so a revoke takes effect at the user's next event, old buttons too.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        users: UsersRepo | None = data.get("users")
        roles: frozenset[Role] = frozenset()
        if user is not None and users is not None and not user.is_bot:
            roles = await users.roles(user.id)
        data["roles"] = roles
        return await handler(event, data)


FLOOD_WAIT_SECONDS = 60.0  # Settings.flood_wait_seconds' default
MIN_RETRY_DELAY = 0.1  # Telegram's retry_after is at least 1 s; a 0 (tests) must not spin
_MAX_TRACKED_CHATS = 10_000


class RetryAfter(BaseRequestMiddleware):
    """Honour flood control (429 "retry after N") within a time budget per request, not a count.

    A request waits as long as Telegram asks, again and again, while its total time stays within
    `budget` seconds. Past that it is dropped: logged, and TelegramRetryAfter raised to the handler.
    Telegram refuses everything to that chat until the wait is over, so requests to it in the meantime
    (the error handler's apology among them) wait too, or are dropped without being sent when the wait
    exceeds their budget: the user gets nothing rather than an apology minutes late.
    """

    def __init__(self, budget: float = FLOOD_WAIT_SECONDS) -> None:
        self.budget = budget
        self._not_before: dict[str, float] = {}  # chat id -> loop time Telegram accepts requests again

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        loop = asyncio.get_running_loop()
        chat = _chat_of(method)
        started = loop.time()
        tries = 0
        while True:
            blocked = self._not_before.get(chat, 0.0) - loop.time() if chat is not None else 0.0
            if blocked > 0:
                if loop.time() - started + blocked > self.budget:
                    logger.warning(
                        "Flood control: dropped %s to chat %s without sending it (Telegram refuses it "
                        "for %.0f s more, over the %.0f s budget)",
                        type(method).__name__,
                        chat,
                        blocked,
                        self.budget,
                    )
                    raise TelegramRetryAfter(
                        method=method,
                        message=f"Too Many Requests: retry after {math.ceil(blocked)} (not sent)",
                        retry_after=math.ceil(blocked),
                    )
                await asyncio.sleep(blocked)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                tries += 1
                delay = max(float(exc.retry_after), MIN_RETRY_DELAY)
                if chat is not None:
                    self._block(chat, loop.time() + delay, loop.time())
                spent = loop.time() - started
                if spent + delay > self.budget:
                    logger.warning(
                        "Flood control: dropped %s%s after %d tries in %.0f s (Telegram asks to wait %s s "
                        "more, over the %.0f s budget)",
                        type(method).__name__,
                        "" if chat is None else f" to chat {chat}",
                        tries,
                        spent,
                        exc.retry_after,
                        self.budget,
                    )
                    raise
                logger.warning(
                    "Flood control on %s%s: retry %d in %s s",
                    type(method).__name__,
                    "" if chat is None else f" to chat {chat}",
                    tries,
                    exc.retry_after,
                )
                await asyncio.sleep(delay)

    def _block(self, chat: str, until: float, now: float) -> None:
        if len(self._not_before) >= _MAX_TRACKED_CHATS:
            self._not_before = {c: t for c, t in self._not_before.items() if t > now}
        self._not_before[chat] = max(until, self._not_before.get(chat, 0.0))


def _chat_of(method: TelegramMethod[Any]) -> str | None:
    chat_id = getattr(method, "chat_id", None)
    return None if chat_id is None else str(chat_id)


EDIT_METHODS = (EditMessageText, EditMessageReplyMarkup, EditMessageCaption)


class IgnoreNotModified(BaseRequestMiddleware):
    """Refusals that change nothing for the user are not errors (returns True): editing a message to
    exactly what it shows, and answering a button press Telegram no longer waits for (too old, or
    answered already: an update handled again after a crash or a restart). Either would otherwise
    abort the handler and send the apology."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramBadRequest as exc:
            if isinstance(method, EDIT_METHODS) and "message is not modified" in exc.message:
                # The session returns the bare result; an edit's result may be `True`.
                return cast(Response[TelegramType], True)
            if isinstance(method, AnswerCallbackQuery) and "query is too old" in exc.message:
                logger.info(
                    "Button press %s no longer answerable (%s)", method.callback_query_id, exc.message
                )
                return cast(Response[TelegramType], True)
            raise
