"""What the fake server records: messages (with their edits), files, callback answers, API calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass
class FileRecord:
    file_id: str
    file_unique_id: str
    content: bytes
    file_size: int  # as declared to the bot (may differ from len(content) on purpose)
    file_name: str | None = None
    mime_type: str | None = None
    file_path: str = ""


@dataclass
class BotMessage:
    """A message in a chat: sent by the bot (`from_bot`) or by a test user. Edits update it in place."""

    chat_id: int
    message_id: int
    from_bot: bool
    date: int
    at: float  # time.monotonic() when it was sent
    text: str | None = None  # plain text as the user sees it (HTML tags removed, entities decoded)
    html: str | None = None  # what the bot sent, before parsing
    caption: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    sticker: dict[str, Any] | None = None
    sent_by_file_id: bool = False  # sendDocument reused an existing file_id instead of uploading
    version: int = 0
    edited_at: float | None = None
    edits: list[str | None] = field(default_factory=list)  # earlier texts, oldest first
    deleted: bool = False

    @property
    def inline_keyboard(self) -> list[list[Button]]:
        markup = self.reply_markup or {}
        return [
            [Button(b.get("text", ""), b.get("callback_data"), b.get("url")) for b in row]
            for row in markup.get("inline_keyboard", [])
        ]

    @property
    def buttons(self) -> list[str]:
        """Inline button texts, row by row."""
        return [b.text for row in self.inline_keyboard for b in row]

    def button(self, text: str) -> Button | None:
        return next((b for row in self.inline_keyboard for b in row if b.text == text), None)

    @property
    def reply_buttons(self) -> list[str]:
        """Texts of a reply keyboard sent with this message (empty for inline or none)."""
        markup = self.reply_markup or {}
        return [
            b if isinstance(b, str) else b.get("text", "") for row in markup.get("keyboard", []) for b in row
        ]

    @property
    def removes_keyboard(self) -> bool:
        return bool((self.reply_markup or {}).get("remove_keyboard"))

    @property
    def file_name(self) -> str | None:
        return None if self.document is None else self.document.get("file_name")

    @property
    def shown(self) -> str:
        """Text or caption, whichever the message has."""
        return self.text if self.text is not None else (self.caption or "")


@dataclass
class CallbackAnswer:
    callback_query_id: str
    user_id: int
    text: str | None
    show_alert: bool
    at: float


@dataclass
class ApiCall:
    method: str  # as the bot wrote it, e.g. "sendMessage"
    params: dict[str, Any]  # decoded: JSON fields parsed, uploaded files replaced by "<file name>"
    at: float
    ok: bool = True
    error: str | None = None
    files: list[str] = field(default_factory=list)  # names of multipart file fields uploaded
