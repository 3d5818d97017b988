"""Flood control (429 "retry after N"): wait as Telegram asks within a time budget, never apologise."""

import asyncio
import logging
import time

import pytest
from aiogram import Bot, F
from aiogram.exceptions import TelegramRetryAfter
from aiogram.filters import Command
from aiogram.methods import AnswerCallbackQuery, SendMessage, TelegramMethod
from aiogram.types import CallbackQuery, Message

from bot.middlewares import RetryAfter
from i18n import tr
from tests.handlers.conftest import MANAGER, Harness
from tests.handlers.conftest import texts as sent
from tests.handlers.recording import RecordingSession


def flood(seconds: int):
    def make(method: TelegramMethod[object]) -> Exception:
        return TelegramRetryAfter(method=method, message=f"Too Many Requests: retry after {seconds}",
                                  retry_after=seconds)  # fmt: skip

    return make


def set_flood_wait_budget(bot: Bot, seconds: float) -> None:
    """As FLOOD_WAIT_SECONDS would: the budget of the RetryAfter that create_bot put on the session."""
    (retry,) = [m for m in bot.session.middleware if isinstance(m, RetryAfter)]
    retry.budget = seconds


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


def make_bot(session: RecordingSession, budget: float) -> Bot:
    session.middleware(RetryAfter(budget))
    return Bot("42:TEST-token", session=session)


async def test_waits_as_often_as_telegram_asks_within_the_budget(harness: Harness) -> None:
    harness.session.fail(SendMessage, flood(0), times=10)  # retry_after 0 (tests only) waits 0.1 s
    started = time.monotonic()
    await harness.bot.send_message(5, "hello")  # the Bot as create_bot makes it
    assert len(harness.session.take()) == 11  # ten refusals, then sent (3 retries gave up at the 4th)
    assert 1.0 <= time.monotonic() - started < 3


async def test_past_the_budget_the_request_is_dropped_and_logged(
    session: RecordingSession, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(session, budget=0.35)
    session.fail(SendMessage, flood(0), times=10)
    with caplog.at_level(logging.WARNING, "bot.middlewares"), pytest.raises(TelegramRetryAfter):
        await bot.send_message(5, "hello")
    assert len(session.take()) == 4  # waits of 0.1 s while the total stays within 0.35 s
    assert "Flood control: dropped SendMessage to chat 5 after 4 tries" in caplog.text


async def test_a_chat_under_flood_control_gets_nothing_until_telegram_allows_it(
    session: RecordingSession, caplog: pytest.LogCaptureFixture
) -> None:
    bot = make_bot(session, budget=2)
    session.fail(SendMessage, flood(3))
    with pytest.raises(TelegramRetryAfter):  # 3 s is over the budget: no wait at all
        await bot.send_message(5, "reply")
    assert len(session.take()) == 1
    with caplog.at_level(logging.WARNING, "bot.middlewares"), pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(5, "the apology")  # Telegram would refuse it: not even sent
    assert session.take() == []
    assert info.value.retry_after == 3
    assert "without sending it" in caplog.text
    await bot.send_message(6, "another chat")  # other chats are not held up
    assert len(session.take()) == 1


async def test_a_chat_under_flood_control_waits_when_the_budget_allows(session: RecordingSession) -> None:
    bot = make_bot(session, budget=5)
    session.fail(SendMessage, flood(1))
    first = asyncio.create_task(bot.send_message(5, "first"))
    await asyncio.sleep(0.2)  # the first got its 429 and waits 1 s
    started = time.monotonic()
    await bot.send_message(5, "second")  # waits for the same window instead of earning another 429
    await first
    assert time.monotonic() - started >= 0.7
    assert sorted(r.text for r in session.take() if isinstance(r, SendMessage)) == [
        "first",
        "first",
        "second",
    ]


async def test_a_handler_under_flood_control_never_apologises(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    async def reply(message: Message) -> None:
        await message.answer("the answer")

    harness.dp.message.register(reply, Command("ping"))
    set_flood_wait_budget(harness.bot, 1)
    harness.session.fail(SendMessage, flood(30))
    with caplog.at_level(logging.WARNING):
        calls = await harness.send(MANAGER, "/ping")
    assert [c.text for c in calls if isinstance(c, SendMessage)] == ["the answer"]  # refused; no apology sent
    assert "dropped SendMessage to chat 55" in caplog.text


async def test_flood_control_on_a_callback_answer_never_apologises(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    async def tap(query: CallbackQuery) -> None:
        await query.answer("Done")

    harness.dp.callback_query.register(tap, F.data == "tap")
    set_flood_wait_budget(harness.bot, 1)
    harness.session.fail(AnswerCallbackQuery, flood(30))
    with caplog.at_level(logging.WARNING):
        calls = await harness.press(MANAGER, "tap")
    assert tr("apology") not in sent(calls)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
