"""The fake server speaks the protocol as aiogram uses it: checked with a real aiogram Bot in process."""

import asyncio
import io
import json

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from tests.fakebot import TOKEN, FakeTelegram


@pytest.fixture
async def tg():
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot(tg: FakeTelegram):
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    yield bot
    await session.close()


def keyboard(*texts: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=t, callback_data=f"cb:{t}") for t in texts]]
    )


async def test_get_updates_long_poll_returns_promptly_and_confirms_by_offset(
    tg: FakeTelegram, bot: Bot
) -> None:
    alice = tg.user(1, username="alice")
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.05)
    await alice.send_text("/start")
    updates = await asyncio.wait_for(poll, 2)
    assert [u.message.text for u in updates if u.message] == ["/start"]
    assert updates[0].message
    assert updates[0].message.from_user
    assert updates[0].message.from_user.username == "alice"
    assert len(await bot.get_updates(timeout=0)) == 1  # not confirmed yet
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == []


async def test_messages_edits_and_not_modified(tg: FakeTelegram, bot: Bot) -> None:
    alice = tg.user(1)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(1, "hi")
    await alice.send_text("hello")
    sent = await bot.send_message(1, "<b>Bold</b> &amp; co", reply_markup=keyboard("A", "B"))
    received = await alice.next_message()
    assert (received.text, received.buttons) == ("Bold & co", ["A", "B"])
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("<b>Bold</b> &amp; co", chat_id=1, message_id=sent.message_id,
                                    reply_markup=keyboard("A", "B"))  # fmt: skip
    await bot.edit_message_text("Progress 50%", chat_id=1, message_id=sent.message_id)
    edited = await alice.wait_edit(sent.message_id, lambda m: m.text == "Progress 50%")
    assert edited.buttons == []  # reply_markup omitted: the keyboard is gone
    assert edited.edits == ["Bold & co"]
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(1, "Name: <unescaped>")
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.send_message(1, "x" * 4097)
    assert await bot.delete_message(1, sent.message_id)
    alice.block_bot()
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(1, "still there?")


async def test_callback_queries_are_answered_once(tg: FakeTelegram, bot: Bot) -> None:
    alice = tg.user(1)
    await alice.send_text("hi")
    await bot.send_message(1, "Choose", reply_markup=keyboard("Yes", "No"))
    await alice.next_message()
    query_id = await alice.press("Yes")
    updates = await bot.get_updates(timeout=0)
    assert updates[-1].callback_query
    assert updates[-1].callback_query.data == "cb:Yes"
    await bot.answer_callback_query(query_id, text="Done", show_alert=True)
    answer = await alice.callback_answer(query_id)
    assert (answer.text, answer.show_alert) == ("Done", True)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(AssertionError, match="no button 'Maybe'"):
        await alice.press("Maybe")


async def test_documents_upload_download_and_resend_by_file_id(tg: FakeTelegram, bot: Bot) -> None:
    alice = tg.user(1)
    sent_by_user = await alice.upload_document(b"phone\n447400123456\n", "list.csv")
    assert sent_by_user.document
    assert sent_by_user.document["mime_type"] == "text/csv"
    file = await bot.get_file(sent_by_user.document["file_id"])
    buffer = io.BytesIO()
    await bot.download(file, destination=buffer)
    assert buffer.getvalue() == b"phone\n447400123456\n"

    big = await alice.upload_document(b"tiny", "huge.xlsx", declared_size=21 * 1024 * 1024)
    assert big.document
    assert big.document["file_size"] == 21 * 1024 * 1024
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big.document["file_id"])

    uploaded = await bot.send_document(
        1, BufferedInputFile(b"PK\x03\x04data", "My list.xlsx"), caption="<b>Ready</b>"
    )
    received = await alice.next_document()
    assert received.file_name == "My list.xlsx"
    assert received.caption == "Ready"
    assert await alice.download(received) == b"PK\x03\x04data"
    assert uploaded.document is not None
    again = await bot.send_document(1, uploaded.document.file_id)
    resent = await alice.next_document()
    assert resent.sent_by_file_id
    assert again.document
    assert again.document.file_unique_id == uploaded.document.file_unique_id
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(1, "no-such-file-id")


async def test_photo_sticker_group_and_injected_flood_control(tg: FakeTelegram, bot: Bot) -> None:
    alice = tg.user(1)
    await alice.send_photo()
    await alice.send_sticker()
    await alice.send_in_group("hi all", chat_type="supergroup")
    updates = await bot.get_updates(timeout=0)
    assert updates[0].message
    assert updates[0].message.photo
    assert updates[1].message
    assert updates[1].message.sticker
    assert updates[2].message
    assert updates[2].message.chat.type == "supergroup"
    tg.fail_next("sendMessage", retry_after=3)
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(1, "hi")
    assert info.value.retry_after == 3
    await bot.send_message(1, "hi")
    assert [c.ok for c in tg.calls_of("sendMessage")] == [False, True]


async def test_injected_proxy_page_hang_and_failed_download(tg: FakeTelegram, bot: Bot) -> None:
    alice = tg.user(1)
    sent = await alice.upload_document(b"phone\n447400123456\n", "list.csv")
    assert sent.document
    file_id = sent.document["file_id"]

    # A proxy's 502 page is not JSON: aiogram cannot decode it (ClientDecodeError, not a TelegramAPIError).
    tg.fail_next_with_page("getFile")
    with pytest.raises(ClientDecodeError, match="Failed to decode object") as decode:
        await bot.get_file(file_id)
    assert not isinstance(decode.value, TelegramAPIError)
    assert isinstance(decode.value.original, json.JSONDecodeError)
    assert "502 Bad Gateway" in str(decode.value.data)
    assert tg.calls_of("getFile")[-1].error == "HTTP 502 page"

    # A failed download is aiohttp's ClientResponseError; its text quotes the URL, token included.
    file = await bot.get_file(file_id)
    tg.fail_downloads(503)
    with pytest.raises(aiohttp.ClientResponseError) as failed:
        await bot.download(file, destination=io.BytesIO())
    assert failed.value.status == 503
    assert f"/file/bot{TOKEN}/" in str(failed.value)
    buffer = io.BytesIO()
    await bot.download(file, destination=buffer)
    assert buffer.getvalue() == b"phone\n447400123456\n"

    # A hung request is cut by the request timeout only.
    tg.hang_next("getUpdates")
    started = asyncio.get_running_loop().time()
    with pytest.raises(TelegramNetworkError, match="Request timeout error"):
        await bot.get_updates(timeout=0, request_timeout=1)
    assert asyncio.get_running_loop().time() - started < 3
    assert tg.calls_of("getUpdates")[-1].error == "hung"
    assert await bot.get_updates(timeout=0) != []


async def test_set_my_commands_per_language_and_refusals_like_telegram(tg: FakeTelegram, bot: Bot) -> None:
    from aiogram.types import BotCommand, BotCommandScopeDefault

    english = [BotCommand(command="lists", description="Lists")]
    russian = [BotCommand(command="lists", description="Списки")]
    assert await bot.set_my_commands(english, scope=BotCommandScopeDefault())
    assert await bot.set_my_commands(russian, scope=BotCommandScopeDefault(), language_code="ru")
    stored = {json.loads(key)["language_code"]: value for key, value in tg.commands.items()}
    assert stored == {
        "": [{"command": "lists", "description": "Lists"}],
        "ru": [{"command": "lists", "description": "Списки"}],
    }
    with pytest.raises(TelegramBadRequest, match="language code"):
        await bot.set_my_commands(russian, language_code="rus")
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])
    with pytest.raises(TelegramBadRequest, match="DESCRIPTION"):
        await bot.set_my_commands([BotCommand(command="ok", description="x" * 257)])
