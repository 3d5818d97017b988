"""What Telegram refuses, shared by the fake Bot API server and the handler tests' recording session.

Every check raises `BadRequest` whose `description` is Telegram's own ("Bad Request: …", the Bot API
lower-cases the first letter of tdlib's message unless it is an UPPER_CASE server code). Sources:
tdlib's parse_html and fix_formatted_text (td/telegram/MessageEntity.cpp), the Bot API server's
reply-markup parsing (telegram-bot-api/Client.cpp) and the server limits the Bot API documents
(text 1-4096 characters, caption 0-1024, callback answer 0-200, callback_data 1-64 bytes) or that bots
meet in practice (100 inline buttons: "reply markup is too long").
"""

from __future__ import annotations

import json
from typing import Any

from tests.fakebot.html import EntityParseError, parse_html

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_BUTTONS = 100
MAX_RAW_TEXT_BYTES = 1 << 15  # the Bot API refuses longer `text` before parsing it
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same as a "
    "current content and reply markup of the message"
)
# Inline button kinds besides url and callback_data (telegram-bot-api: get_inline_keyboard_button_type).
_OTHER_BUTTON_TYPES = ("callback_game", "pay", "switch_inline_query", "switch_inline_query_chosen_chat",
                       "switch_inline_query_current_chat", "login_url", "web_app", "copy_text")  # fmt: skip


class BadRequest(Exception):
    """Telegram's HTTP 400; `description` is the whole "Bad Request: …" string."""

    def __init__(self, message: str) -> None:
        self.description = f"Bad Request: {message}"
        super().__init__(self.description)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units: what Telegram's limits and entity offsets count."""
    return len(text.encode("utf-16-le")) // 2


def clean(text: str) -> str:
    """tdlib's clean_input_string: control characters become spaces, \\r goes, U+2028..U+202E go."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\r" or 0x2028 <= code <= 0x202E:
            continue
        out.append(" " if code < 32 and ch != "\n" else ch)
    return "".join(out)


def trim(text: str) -> str:
    """fix_formatted_text: trailing whitespace and leading spaces/newlines are dropped."""
    return text.rstrip().lstrip(" \n")


def formatted_text(text: str | None, parse_mode: str | None, *, caption: bool = False) -> str:
    """The text a user sees; raises BadRequest exactly where Telegram does."""
    raw = text or ""
    if not caption and not raw:
        raise BadRequest("message text is empty")
    if len(raw.encode()) > MAX_RAW_TEXT_BYTES:
        raise BadRequest("text is too long")
    mode = (parse_mode or "").lower()
    if raw and mode not in ("", "none"):
        if mode != "html":
            raise BadRequest(f"the fake Bot API implements HTML only, not parse_mode {parse_mode!r}")
        try:
            raw = parse_html(raw)
        except EntityParseError as exc:
            raise BadRequest(f"can't parse entities: {exc}") from None
    visible = trim(clean(raw))
    if not visible and not caption:
        raise BadRequest("text must be non-empty")
    if caption and utf16_len(visible) > MAX_CAPTION:
        raise BadRequest("message caption is too long")
    if not caption and utf16_len(visible) > MAX_TEXT:
        raise BadRequest("message is too long")
    return visible


def callback_answer_text(text: str | None) -> str | None:
    if text is not None and utf16_len(text) > MAX_CALLBACK_ANSWER:
        raise BadRequest("MESSAGE_TOO_LONG")
    return text


def reply_markup(value: Any) -> dict[str, Any] | None:
    """Parse and check `reply_markup` (a JSON string or already decoded); None when absent."""
    if value is None or value == "":
        return None
    if isinstance(value, str | bytes):
        try:
            value = json.loads(value)
        except ValueError:
            raise BadRequest("can't parse reply keyboard markup JSON object") from None
    if not isinstance(value, dict):
        raise BadRequest("object expected as reply markup")
    if "keyboard" in value:
        _reply_keyboard(value["keyboard"])
    if "inline_keyboard" in value:
        _inline_keyboard(value["inline_keyboard"])
    return value


def _reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest('field "keyboard" must be an Array of Arrays')
    for row in rows:
        for button in row:
            if isinstance(button, str):
                continue
            if not isinstance(button, dict):
                raise BadRequest("can't parse keyboard button: KeyboardButton must be a String or an Object")
            _text_field(button, "can't parse keyboard button")


def _inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise BadRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    count = 0
    for row in rows:
        for button in row:
            what = "can't parse inline keyboard button"
            if not isinstance(button, dict):
                raise BadRequest(f"{what}: InlineKeyboardButton must be an Object")
            text = _text_field(button, what)
            data = button.get("callback_data")
            if data is not None and not isinstance(data, str):
                raise BadRequest(f'{what}: Field "callback_data" must be of type String')
            if not button.get("url") and not data and not any(k in button for k in _OTHER_BUTTON_TYPES):
                raise BadRequest(f"{what}: Text buttons are unallowed in the inline keyboard")
            if not text:
                # Real Telegram drops such a button without a word (tdlib skips empty texts), so the user
                # never sees it; the fake refuses it so that a test notices.
                raise BadRequest("inline keyboard button text must be non-empty")
            if data and len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
                raise BadRequest("BUTTON_DATA_INVALID")
            count += 1
    if count > MAX_INLINE_BUTTONS:
        raise BadRequest("reply markup is too long")


def _text_field(button: dict[str, Any], what: str) -> str:
    if "text" not in button:
        raise BadRequest(f'{what}: Can\'t find field "text"')
    text = button["text"]
    if not isinstance(text, str):
        raise BadRequest(f'{what}: Field "text" must be of type String')
    return text
