"""A Bot session that records every API call and answers with plausible canned results.

It refuses what Telegram refuses (tests/fakebot/rules.py: texts, captions, callback answers, reply
markup, "message is not modified" for messages it has seen) with Telegram's TelegramBadRequest, and
file names that aiohttp refuses before anything is sent with aiohttp's own ValueError.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramBadRequest
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
from aiogram.types import Chat, InputFile, Message, User
from aiohttp import FormData

from tests.fakebot import rules

BOT_USER = User(id=42, is_bot=True, first_name="Client lists", username="clientlists_test_bot")

ErrorFactory = Callable[[TelegramMethod[Any]], Exception]


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self._message_ids = itertools.count(1000)
        self._errors: list[tuple[type[TelegramMethod[Any]], ErrorFactory]] = []
        # (chat_id, message_id) -> (visible text, text as sent, inline markup) of messages seen
        self._shown: dict[tuple[str, str], tuple[str, str, Any]] = {}

    def fail(self, method: type[TelegramMethod[Any]], error: ErrorFactory, times: int = 1) -> None:
        """The next `times` calls of `method` raise `error(method)`."""
        self._errors.extend([(method, error)] * times)

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        values = self._wire(bot, method)  # aiohttp's ValueError: nothing is sent
        self.requests.append(method)
        for i, (kind, factory) in enumerate(self._errors):
            if isinstance(method, kind):
                del self._errors[i]
                raise factory(method)
        try:
            self._check(method, values)
        except rules.BadRequest as exc:
            raise TelegramBadRequest(method=method, message=exc.description) from None
        result = self._result(method)
        if isinstance(method, SendMessage) and isinstance(result, Message):
            self._shown[(str(values["chat_id"]), str(result.message_id))] = self._content(values)
        return result  # type: ignore[no-any-return]

    def _wire(self, bot: Bot, method: TelegramMethod[Any]) -> dict[str, Any]:
        """The form fields AiohttpSession.build_form_data would send (files checked by aiohttp)."""
        files: dict[str, InputFile] = {}
        values: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if prepared:
                values[key] = prepared
        form = FormData(quote_fields=False)
        for key, file in files.items():
            form.add_field(key, b"", filename=file.filename or key)
        return values

    @staticmethod
    def _content(values: dict[str, Any]) -> tuple[str, str, Any]:
        markup = rules.reply_markup(values.get("reply_markup"))
        inline = markup if markup and "inline_keyboard" in markup else None
        text = values.get("text") or ""
        return rules.formatted_text(text, values.get("parse_mode")), text, inline

    def _check(self, method: TelegramMethod[Any], values: dict[str, Any]) -> None:
        """Raise rules.BadRequest where Telegram would refuse `method`."""
        rules.reply_markup(values.get("reply_markup"))
        if isinstance(method, SendMessage):
            rules.formatted_text(values.get("text"), values.get("parse_mode"))
        elif "caption" in type(method).model_fields:
            rules.formatted_text(values.get("caption"), values.get("parse_mode"), caption=True)
        if isinstance(method, AnswerCallbackQuery):
            rules.callback_answer_text(values.get("text"))
        if isinstance(method, EditMessageText | EditMessageReplyMarkup) and "inline_message_id" not in values:
            key = (str(values.get("chat_id", "")), str(values.get("message_id", "")))
            before = self._shown.get(key)
            if isinstance(method, EditMessageText):
                after = self._content(values)
            else:
                markup = rules.reply_markup(values.get("reply_markup"))
                after = (*before[:2], markup) if before else ("", "", markup)
            if before == after:
                raise rules.BadRequest(rules.NOT_MODIFIED)
            self._shown[key] = after

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
