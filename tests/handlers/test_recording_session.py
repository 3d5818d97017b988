"""The handler tests' recording session refuses what Telegram (or aiohttp) refuses."""

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageReplyMarkup, EditMessageText, SendMessage
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from tests.handlers.recording import RecordingSession


@pytest.fixture
def session() -> RecordingSession:
    return RecordingSession()


@pytest.fixture
def bot(session: RecordingSession) -> Bot:
    return Bot("42:TEST-token", session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def keyboard(*data: str, text: str = "A") -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=d) for d in data]]
    )


async def test_texts(bot: Bot, session: RecordingSession) -> None:
    await bot.send_message(5, "<b>" + "x" * 4096 + "</b>")
    with pytest.raises(
        TelegramBadRequest, match=r"^Telegram server says - Bad Request: message is too long$"
    ):
        await bot.send_message(5, "\U0001f600" * 2049)
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(5, "Name: <unescaped>")
    await bot.send_message(5, "Name: <unescaped>", parse_mode=None)
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(5, "")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(5, "file-id", caption="c" * 1025)
    with pytest.raises(TelegramBadRequest, match="MESSAGE_TOO_LONG"):
        await bot.answer_callback_query("1", text="y" * 201)
    assert len(session.take()) == 7  # refused requests were sent all the same


async def test_reply_markup(bot: Bot, session: RecordingSession) -> None:
    await bot.send_message(5, "ok", reply_markup=keyboard("d" * 64))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(5, "x", reply_markup=keyboard("d" * 65))
    with pytest.raises(TelegramBadRequest, match="reply markup is too long"):
        await bot.send_message(5, "x", reply_markup=keyboard(*[str(i) for i in range(101)]))
    with pytest.raises(TelegramBadRequest, match="button text must be non-empty"):
        await bot.send_message(5, "x", reply_markup=keyboard("d", text=""))
    with pytest.raises(TelegramBadRequest, match="Text buttons are unallowed"):
        await bot.edit_message_reply_markup(
            chat_id=5, message_id=1, reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="A")]]
            )
        )  # fmt: skip


async def test_file_names_with_control_characters_fail_in_aiohttp(
    bot: Bot, session: RecordingSession
) -> None:
    with pytest.raises(ValueError, match="Forbidden control character"):
        await bot.send_document(5, BufferedInputFile(b"x", "a\nb.xlsx"))
    assert session.take() == []  # never sent
    await bot.send_document(5, BufferedInputFile(b"x", "a\tb \U0001f600.xlsx"))


async def test_edits_to_the_same_content_are_not_modified(bot: Bot, session: RecordingSession) -> None:
    sent = await bot.send_message(5, "Progress 10%", reply_markup=keyboard("stop"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Progress 10%", chat_id=5, message_id=sent.message_id,
                                    reply_markup=keyboard("stop"))  # fmt: skip
    await bot.edit_message_text("Progress 10%", chat_id=5, message_id=sent.message_id)  # keyboard goes
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=5, message_id=sent.message_id)
    await bot.edit_message_text("Progress 50%", chat_id=5, message_id=sent.message_id)
    await bot.edit_message_text("Done", chat_id=5, message_id=999)  # not seen before: accepted
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Done", chat_id=5, message_id=999)
    kinds = [type(r) for r in session.take()]
    assert (
        kinds
        == [SendMessage, EditMessageText, EditMessageText, EditMessageReplyMarkup] + [EditMessageText] * 3
    )
