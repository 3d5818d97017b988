"""Unexpected errors: one apology, a logged traceback, and the bot keeps serving."""

import logging

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.methods import EditMessageText, TelegramMethod
from aiogram.types import Message

from i18n import tr
from storage.users import Role
from tests.handlers.conftest import ADMIN_ID, MANAGER, Harness
from tests.handlers.conftest import texts as sent


async def test_raising_handler_apologises_logs_and_bot_keeps_serving(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(message: Message) -> None:
        raise RuntimeError("kaboom")

    harness.dp.message.register(boom, Command("boom"))
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    with caplog.at_level(logging.ERROR):
        calls = await harness.send(MANAGER, "/boom")
    assert sent(calls) == [tr("apology")]
    records = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(records) == 1
    assert records[0].exc_info is not None
    assert "kaboom" in caplog.text
    assert "Traceback" in caplog.text
    assert "Update" in records[0].getMessage()

    (start,) = sent(await harness.send(MANAGER, "/start"))
    assert "client lists" in start


async def test_not_modified_is_ignored(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    def not_modified(method: TelegramMethod[object]) -> Exception:
        return TelegramBadRequest(method=method, message="Bad Request: message is not modified: same")

    async def edit_twice(message: Message) -> None:
        harness.session.fail(EditMessageText, not_modified)
        await harness.bot.edit_message_text("same", chat_id=message.chat.id, message_id=1)
        await message.answer("after the edit")

    harness.dp.message.register(edit_twice, Command("edit"))
    with caplog.at_level(logging.ERROR):
        assert sent(await harness.send(MANAGER, "/edit")) == ["after the edit"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
