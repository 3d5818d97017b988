"""The fake refuses what Telegram refuses, with Telegram's error texts (tests/fakebot/rules.py)."""

import json

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from tests.fakebot import TOKEN, FakeTelegram
from tests.fakebot.html import EntityParseError, parse_html
from tests.fakebot.rules import BadRequest, formatted_text, reply_markup, utf16_len

EMOJI = "\U0001f600"  # two UTF-16 code units


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>Bold</b> &amp; co", "Bold & co"),
        ("&lt;tag&gt; &quot;q&quot; &#65;&#x42;", '<tag> "q" AB'),
        ("&nbsp;&copy; &unknown; & alone", "&nbsp;&copy; &unknown; & alone"),  # only 4 named entities
        ('<a href="https://example.com/?a=1&amp;b=2">link</a>', "link"),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', "xy"),
        ('<pre><code class="language-python">x = 1</code></pre>', "x = 1"),
        ("<blockquote expandable>q</blockquote>", "q"),
        ("<B>upper</B>", "upper"),
        ("a > b", "a > b"),
    ],
)
def test_html_accepted(html: str, plain: str) -> None:
    assert parse_html(html) == plain


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("1<2 and 3>2", 'Unsupported start tag "2" at byte offset 1'),
        ("1<2", "Unclosed start tag at byte offset 1"),
        ("Name: <unescaped>", 'Unsupported start tag "unescaped" at byte offset 6'),
        ("line<br>next", 'Unsupported start tag "br" at byte offset 4'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
        ("<!-- note -->", 'Unsupported start tag "!--" at byte offset 0'),
        ("é<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b", "Unclosed start tag at byte offset 0"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ('<a href="x>y', "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b =x>", 'Empty attribute name in the tag "b" at byte offset 0'),
        ("<a href=x!>y</a>", "Unexpected end of name token at byte offset 8"),
        ("<tg-emoji emoji-id=abc>☺</tg-emoji>", "Invalid custom emoji identifier specified"),
        ("&#xD800;", "Text contains invalid Unicode characters"),
    ],
)
def test_html_refused_like_tdlib(html: str, error: str) -> None:
    with pytest.raises(EntityParseError) as info:
        parse_html(html)
    assert str(info.value).startswith(error)


def test_text_length_counts_visible_utf16_after_trimming() -> None:
    assert utf16_len(EMOJI * 3) == 6
    assert formatted_text("x" * 4096, None) == "x" * 4096
    assert formatted_text("<b>" + "x" * 4096 + "</b>", "HTML") == "x" * 4096  # tags do not count
    assert formatted_text("\n\n  " + "x" * 4096 + "  \n", None) == "x" * 4096  # trimmed first
    with pytest.raises(BadRequest, match=r"^Bad Request: message is too long$"):
        formatted_text("x" * 4097, None)
    with pytest.raises(BadRequest, match="message is too long"):
        formatted_text(EMOJI * 2049, None)  # 2049 characters, 4098 UTF-16 units
    assert formatted_text("&amp;" * 4096, "HTML") == "&" * 4096
    with pytest.raises(BadRequest, match="message caption is too long"):
        formatted_text(EMOJI * 513, None, caption=True)
    assert formatted_text("c" * 1024, None, caption=True) == "c" * 1024


def test_empty_texts() -> None:
    with pytest.raises(BadRequest, match=r"^Bad Request: message text is empty$"):
        formatted_text("", "HTML")
    with pytest.raises(BadRequest, match=r"^Bad Request: text must be non-empty$"):
        formatted_text(" \n ", None)
    with pytest.raises(BadRequest, match="text must be non-empty"):
        formatted_text("<b> </b>", "HTML")
    assert formatted_text("", "HTML", caption=True) == ""  # an empty caption is fine
    with pytest.raises(BadRequest, match=r"^Bad Request: can't parse entities: Unsupported start tag"):
        formatted_text("a < b", "HTML")
    assert formatted_text("a < b", None) == "a < b"


def button(text: str = "A", **kind: object) -> dict[str, object]:
    return {"text": text, **(kind or {"callback_data": "cb"})}


@pytest.mark.parametrize(
    ("markup", "error"),
    [
        ("{not json", "can't parse reply keyboard markup JSON object"),
        ("[]", "object expected as reply markup"),
        ({"inline_keyboard": [button()]}, 'field "inline_keyboard" of the InlineKeyboardMarkup must be'),
        ({"inline_keyboard": [["A"]]}, "can't parse inline keyboard button: InlineKeyboardButton must be an"),
        ({"inline_keyboard": [[{"callback_data": "x"}]]}, 'button: Can\'t find field "text"'),
        ({"inline_keyboard": [[{"text": "A"}]]}, "Text buttons are unallowed in the inline keyboard"),
        ({"inline_keyboard": [[button(callback_data="")]]}, "Text buttons are unallowed"),
        ({"inline_keyboard": [[button("")]]}, "inline keyboard button text must be non-empty"),
        ({"inline_keyboard": [[button(callback_data="é" * 33)]]}, "BUTTON_DATA_INVALID"),  # 66 bytes
        ({"inline_keyboard": [[button()] * 8] * 13}, "reply markup is too long"),  # 104 buttons
        ({"keyboard": [{"text": "x"}]}, 'field "keyboard" must be an Array of Arrays'),
        ({"keyboard": [[1]]}, "can't parse keyboard button: KeyboardButton must be a String or an Object"),
    ],
)  # fmt: skip
def test_reply_markup_refused(markup: object, error: str) -> None:
    with pytest.raises(BadRequest) as info:
        reply_markup(markup)
    assert info.value.description.startswith("Bad Request: ")
    assert error in info.value.description


def test_reply_markup_accepted() -> None:
    assert reply_markup(None) is None
    full = {"inline_keyboard": [[button(callback_data="é" * 32)] * 10] * 10}  # 100 buttons, 64-byte data
    assert reply_markup(json.dumps(full)) == full
    assert reply_markup({"inline_keyboard": [[button(url="https://example.com")]]})
    assert reply_markup({"keyboard": [["New list", {"text": "Lists"}]], "resize_keyboard": True})
    assert reply_markup({"remove_keyboard": True}) == {"remove_keyboard": True}


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


async def test_server_answers_with_telegrams_error_shape(tg: FakeTelegram, bot: Bot) -> None:
    alice = tg.user(1)
    await alice.send_text("hi")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(1, EMOJI * 2049)
    with pytest.raises(TelegramBadRequest, match='can\'t parse entities: Unsupported start tag ""'):
        await bot.send_message(1, "1 < 2")
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(1, BufferedInputFile(b"x", "a.csv"), caption="c" * 1025)
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(
            1, "x", reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="A", callback_data="d" * 65)]]
            )
        )  # fmt: skip
    sent = await bot.send_message(1, "  <b>Hi</b> \n")
    assert (await alice.next_message()).text == "Hi"
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("  <b>Hi</b> \n", chat_id=1, message_id=sent.message_id)
    query = await alice.press_data("x", tg.message(1, sent.message_id))
    with pytest.raises(TelegramBadRequest, match=r"MESSAGE_TOO_LONG"):
        await bot.answer_callback_query(query, text="y" * 201)
    failed = [c for c in tg.calls if not c.ok]
    assert [c.error for c in failed][:2] == [
        "Bad Request: message is too long",
        'Bad Request: can\'t parse entities: Unsupported start tag "" at byte offset 2',
    ]
    assert isinstance(bot.session, AiohttpSession)
    raw = await bot.session.create_session()
    async with raw.post(f"{tg.base_url}/bot{TOKEN}/sendMessage", data={"chat_id": "1", "text": ""}) as resp:
        assert resp.status == 400
        assert await resp.json() == {
            "ok": False,
            "error_code": 400,
            "description": "Bad Request: message text is empty",
        }


async def test_control_characters_in_a_file_name_never_leave_the_bot(tg: FakeTelegram, bot: Bot) -> None:
    """aiohttp refuses them while building the request: a ValueError, not a TelegramAPIError."""
    alice = tg.user(1)
    await alice.send_text("hi")
    with pytest.raises(ValueError, match="Forbidden control character"):
        await bot.send_document(1, BufferedInputFile(b"x", "list\n1.xlsx"))
    assert tg.calls_of("sendDocument") == []
    await bot.send_document(1, BufferedInputFile(b"x", "tab\tand emoji \U0001f600.xlsx"))  # allowed
    assert (await alice.next_document()).file_name == "tab\tand emoji \U0001f600.xlsx"
