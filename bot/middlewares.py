"""Update middlewares (private chats only, remember users, the user's roles)
and request middlewares on the Bot session (bounded retry on flood control, idempotent edits)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

from aiogram import BaseMiddleware, Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter
from aiogram.methods import EditMessageCaption, EditMessageReplyMarkup, EditMessageText, TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Chat, TelegramObject, User

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
    """Keep users' id, username and name in the database; writes only when one of them changed."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        users: UsersRepo | None = data.get("users")
        if user is not None and users is not None and not user.is_bot:
            try:
                await users.seen(user.id, user.username, user.full_name)
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


class RetryAfter(BaseRequestMiddleware):
    """Retry a request refused by flood control (429), at most `max_retries` times."""

    def __init__(self, max_retries: int = 3, max_delay: float = 60.0) -> None:
        self.max_retries = max_retries
        self.max_delay = max_delay

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        attempt = 0
        while True:
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                attempt += 1
                if attempt > self.max_retries or exc.retry_after > self.max_delay:
                    raise
                logger.warning(
                    "Flood control on %s: retry %d/%d in %ss",
                    type(method).__name__,
                    attempt,
                    self.max_retries,
                    exc.retry_after,
                )
                await asyncio.sleep(exc.retry_after)


EDIT_METHODS = (EditMessageText, EditMessageReplyMarkup, EditMessageCaption)


class IgnoreNotModified(BaseRequestMiddleware):
    """Editing a message to exactly what it shows is a no-op, not an error (returns True)."""

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
            raise
