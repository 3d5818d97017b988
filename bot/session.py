"""The Bot API session: aiogram's AiohttpSession with a getUpdates timeout that fits long polling.

aiogram's polling gives getUpdates `session.timeout + polling_timeout` seconds (60 + 10 by default):
a getUpdates that hangs (a stalled connection, a proxy that never answers) left every user
unanswered for over a minute. Here getUpdates is given up `POLL_MARGIN_SECONDS` after Telegram
should have answered (its own `timeout`, the long poll), and polling retries at once; every other
request keeps the session's timeout (uploads of large lists need it).

It also keeps the classes aiogram reads answers with alive (see `check_response`).
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

POLLING_TIMEOUT_SECONDS = 10  # dp.start_polling(polling_timeout=…): how long Telegram holds a getUpdates
POLL_MARGIN_SECONDS = 5.0  # network and server latency on top of the long poll

# Response[<result type>] per result type; a few dozen at most (one per kind of Bot API result).
_ANSWER_MODELS: dict[Any, type[Response[Any]]] = {}


class TelegramSession(AiohttpSession):
    """AiohttpSession whose getUpdates times out `poll_margin` seconds after its long poll ends."""

    def __init__(self, *, poll_margin: float = POLL_MARGIN_SECONDS, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.poll_margin = poll_margin

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        if isinstance(method, GetUpdates):
            # aiohttp takes seconds as a float; aiogram's annotation says int.
            timeout = (method.timeout or 0) + self.poll_margin  # type: ignore[assignment]
        return await super().make_request(bot, method, timeout)

    def check_response(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        status_code: int,
        content: str,
    ) -> Response[TelegramType]:
        """aiogram's check, with the answer's class held here: pydantic builds `Response[Message]` and
        the like on first use (~4 ms each) and keeps them only weakly, so any garbage collection between
        two calls dropped them and the next call built its class again. During a push, when the bot
        allocates fast and collects often, that was most Bot API calls."""
        returning = method.__returning__
        if returning not in _ANSWER_MODELS:
            _ANSWER_MODELS[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)
