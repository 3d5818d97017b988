"""A getUpdates that never answers costs polling_timeout + a margin, not aiogram's 60 s + polling_timeout."""

import asyncio
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot.session import POLL_MARGIN_SECONDS, TelegramSession
from tests.fakebot import TOKEN, FakeTelegram


async def answers_after_a_hung_poll(session: BaseSession, tg: FakeTelegram) -> float:
    """Seconds from a user's message to the bot's answer when the first getUpdates hangs."""
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer("pong")

    bot = Bot(TOKEN, session=session)
    alice = tg.user(1)
    tg.hang_next("getUpdates")
    polling = asyncio.create_task(dp.start_polling(bot, polling_timeout=1, handle_signals=False))
    try:
        await tg.wait_for(lambda: tg.calls_of("getUpdates"), 5, "the first getUpdates")
        sent = await alice.send_text("ping")
        reply = await alice.next_message(timeout=15)
        assert reply.text == "pong"
        return float(reply.at - sent.at)
    finally:
        await dp.stop_polling()
        await polling
        await session.close()


async def test_a_hung_get_updates_is_given_up_after_the_long_poll_and_a_margin() -> None:
    async with FakeTelegram() as tg:
        session = TelegramSession(api=TelegramAPIServer.from_base(tg.base_url), poll_margin=1)
        assert session.timeout == 60  # every other request keeps aiogram's timeout
        elapsed = await answers_after_a_hung_poll(session, tg)
    # polling_timeout 1 + margin 1 + aiogram's first back-off (1 s ± jitter), then the update
    assert elapsed < 5, elapsed


async def test_aiogram_alone_waits_the_session_timeout_plus_the_poll() -> None:
    """Why TelegramSession exists: the same hang with AiohttpSession(timeout=5) costs 5 + 1 s."""
    async with FakeTelegram() as tg:
        session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url), timeout=5)
        elapsed = await answers_after_a_hung_poll(session, tg)
    assert elapsed > 6, elapsed


def test_margin_default() -> None:
    assert TelegramSession().poll_margin == POLL_MARGIN_SECONDS == pytest.approx(5.0)


async def test_answering_a_button_press_twice_is_not_an_error() -> None:
    """An update handled again after a crash answers its button press a second time: Telegram refuses
    ('query is too old'), and the handler must go on rather than end in the apology."""
    from aiogram.exceptions import TelegramBadRequest
    from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

    from bot.middlewares import IgnoreNotModified

    async with FakeTelegram() as tg:
        session = TelegramSession(api=TelegramAPIServer.from_base(tg.base_url))
        bot = Bot(TOKEN, session=session)
        try:
            alice = tg.user(1)
            await alice.send_text("hi")
            markup = InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="Yes", callback_data="y")]]
            )
            await bot.send_message(1, "Choose", reply_markup=markup)
            await alice.next_message()
            query_id = await alice.press("Yes")
            await bot.answer_callback_query(query_id)
            with pytest.raises(TelegramBadRequest, match="query is too old"):
                await bot.answer_callback_query(query_id)
            session.middleware(IgnoreNotModified())
            assert await bot.answer_callback_query(query_id) is True
        finally:
            await bot.session.close()


async def test_the_answer_models_outlive_a_garbage_collection() -> None:
    """aiogram reads every answer with pydantic's `Response[<the method's result>]`, a class pydantic
    builds on first use (~4 ms) and keeps only weakly: a collection between two calls dropped it, and
    each Bot API call after one paid for building it again (during a push, nearly every call)."""
    import gc
    import weakref

    from aiogram.methods import GetMe, SendMessage
    from aiogram.methods.base import Response

    async with FakeTelegram() as tg:
        session = TelegramSession(api=TelegramAPIServer.from_base(tg.base_url))
        bot = Bot(TOKEN, session=session)
        try:
            await tg.user(1).send_text("hi")
            await bot.send_message(1, "hello")
            await bot.get_me()
            results: list[Any] = [SendMessage.__returning__, GetMe.__returning__]
            models = [weakref.ref(Response[result]) for result in results]  # type: ignore[valid-type]
            gc.collect()
            assert all(model() is not None for model in models), "the next call would build it again"
        finally:
            await bot.session.close()
