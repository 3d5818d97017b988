"""A Bot session that records every API call and answers with plausible canned results."""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Message, User

BOT_USER = User(id=42, is_bot=True, first_name="Client lists", username="clientlists_test_bot")

ErrorFactory = Callable[[TelegramMethod[Any]], Exception]


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self._message_ids = itertools.count(1000)
        self._errors: list[tuple[type[TelegramMethod[Any]], ErrorFactory]] = []

    def fail(self, method: type[TelegramMethod[Any]], error: ErrorFactory, times: int = 1) -> None:
        """The next `times` calls of `method` raise `error(method)`."""
        self._errors.extend([(method, error)] * times)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        self.requests.append(method)
        for i, (kind, factory) in enumerate(self._errors):
            if isinstance(method, kind):
                del self._errors[i]
                raise factory(method)
        return self._result(method)  # type: ignore[no-any-return]

    def _result(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, SendMessage | SendDocument):
            chat_id = int(method.chat_id)
            return Message(
                message_id=next(self._message_ids),
                date=datetime.now(UTC),
                chat=Chat(id=chat_id, type="private"),
                from_user=BOT_USER,
                text=getattr(method, "text", None),
            )
        if isinstance(method, EditMessageText | EditMessageReplyMarkup | AnswerCallbackQuery):
            return True
        return True

    async def close(self) -> None:
        pass

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        raise NotImplementedError("downloads are tested end to end")
        yield b""  # pragma: no cover

    # --- inspection --------------------------------------------------------------------------

    def take(self) -> list[TelegramMethod[Any]]:
        taken, self.requests = self.requests, []
        return taken

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            r.text
            for r in self.requests
            if isinstance(r, SendMessage) and (chat_id is None or int(r.chat_id) == chat_id)
        ]
