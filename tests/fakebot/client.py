"""The test-user side: a person in a private chat with the bot.

Every `send_*`/`press` returns the update's timestamp source (the user's message or the query id),
and every bot message carries `at` (time.monotonic()), so latency = reply.at - sent.at.
"""

from __future__ import annotations

import asyncio
import itertools
import mimetypes
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.fakebot.models import BotMessage, CallbackAnswer, FileRecord

if TYPE_CHECKING:
    from tests.fakebot.server import FakeTelegram

_PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
_group_ids = itertools.count(1)


class FakeUser:
    def __init__(
        self,
        server: FakeTelegram,
        user_id: int,
        username: str | None,
        first_name: str,
        last_name: str | None,
        language_code: str,
    ) -> None:
        self.server = server
        self.id = user_id
        self.username = username
        self.first_name = first_name
        self.last_name = last_name
        self.language_code = language_code
        self.inbox: list[BotMessage] = []  # every bot message to this user, in order
        self._cursor = 0
        self.last_callback_answer: CallbackAnswer | None = None

    # --- identity ------------------------------------------------------------------------------

    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        data["language_code"] = self.language_code
        return data

    def chat_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data

    def block_bot(self) -> None:
        """From now on the bot gets 403 Forbidden when writing to this user."""
        self.server.blocked_by.add(self.id)

    # --- sending -------------------------------------------------------------------------------

    async def _send(self, chat: dict[str, Any], **fields: Any) -> BotMessage:
        self.server.register_chat(chat)
        self.server.blocked_by.discard(self.id)
        message = BotMessage(
            chat_id=chat["id"],
            message_id=self.server.next_message_id(chat["id"]),
            from_bot=False,
            date=int(time.time()),
            at=time.monotonic(),
            **fields,
        )
        self.server.store(message)
        payload = self.server.message_json(message)
        payload["from"] = self.json()
        if message.text and message.text.startswith("/"):
            command = message.text.split()[0]
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self.server.push_update("message", payload)
        return message

    async def send_text(self, text: str) -> BotMessage:
        """Send a text (or a /command) to the bot."""
        return await self._send(self.chat_json(), text=text)

    async def upload_document(
        self,
        content: Path | str | bytes | None,
        file_name: str | None = None,
        mime_type: str | None = None,
        declared_size: int | None = None,
        caption: str | None = None,
    ) -> BotMessage:
        """Send a document. `declared_size` is the file_size the bot sees (e.g. 21 MB with few bytes)."""
        if isinstance(content, str | Path):
            path = Path(content)
            data = await asyncio.to_thread(path.read_bytes)
            file_name = file_name or path.name
        else:
            data = content or b""
        file_name = file_name or "file.bin"
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        record = self.server.new_file(
            data, file_name=file_name, mime_type=mime, declared_size=declared_size, kind="document"
        )
        return await self._send(self.chat_json(), document=self.server.document_json(record), caption=caption)

    async def send_photo(self, caption: str | None = None) -> BotMessage:
        record = self.server.new_file(
            _PNG_1PX, file_name=None, mime_type="image/png", declared_size=None, kind="photo"
        )
        size = {"file_id": record.file_id, "file_unique_id": record.file_unique_id, "width": 1, "height": 1,
                "file_size": record.file_size}  # fmt: skip
        return await self._send(self.chat_json(), photo=[size], caption=caption)

    async def send_sticker(self) -> BotMessage:
        record = self.server.new_file(
            b"RIFF-webp", file_name=None, mime_type="image/webp", declared_size=None, kind="sticker"
        )
        sticker = {
            "file_id": record.file_id,
            "file_unique_id": record.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
        }
        return await self._send(self.chat_json(), sticker=sticker)

    async def send_in_group(
        self, text: str, *, chat_id: int | None = None, chat_type: str = "group", title: str = "Team chat"
    ) -> BotMessage:
        """Send a message in a group/supergroup/channel chat the bot is in."""
        cid = chat_id if chat_id is not None else -(1_000_000 + next(_group_ids))
        return await self._send({"id": cid, "type": chat_type, "title": title}, text=text)

    def find_button_message(self, button_text: str) -> BotMessage | None:
        for message in reversed(self.server.bot_messages(self.id)):
            if not message.deleted and message.button(button_text) is not None:
                return message
        return None

    async def press(self, button_text: str, *, message: BotMessage | None = None) -> str:
        """Press an inline button by its text (on `message`, or the latest bot message that has it).

        Falls back to a reply-keyboard button of the same text (sent as a text message).
        Returns the callback query id (or "" for a reply-keyboard press).
        """
        target = message or self.find_button_message(button_text)
        button = target.button(button_text) if target is not None else None
        if target is None or button is None:
            if button_text in self.current_reply_keyboard():
                await self.send_text(button_text)
                return ""
            raise AssertionError(f"no button {button_text!r}; latest buttons: {self._describe_buttons()}")
        if button.callback_data is None:
            raise AssertionError(f"button {button_text!r} has no callback_data (url={button.url!r})")
        return await self.press_data(button.callback_data, target)

    async def press_data(self, callback_data: str, message: BotMessage) -> str:
        """Send a callback query with arbitrary data from `message` (e.g. a forged or old button)."""
        query_id = self.server.new_query_id(self.id)
        payload = {
            "id": query_id,
            "from": self.json(),
            "message": self.server.message_json(message),
            "chat_instance": f"ci{message.chat_id}",
            "data": callback_data,
        }
        await self.server.push_update("callback_query", payload)
        return query_id

    def current_reply_keyboard(self) -> list[str]:
        for message in reversed(self.server.bot_messages(self.id)):
            if message.removes_keyboard:
                return []
            if message.reply_buttons:
                return message.reply_buttons
        return []

    def _describe_buttons(self) -> str:
        latest = [m for m in self.server.bot_messages(self.id) if m.buttons][-3:]
        inline = "; ".join(f"#{m.message_id}: {m.buttons}" for m in latest) or "none"
        return f"inline {inline}; reply keyboard {self.current_reply_keyboard()}"

    # --- receiving -----------------------------------------------------------------------------

    def deliver(self, message: BotMessage) -> None:
        self.inbox.append(message)

    def _recent(self) -> str:
        return " | ".join(repr(m.shown[:120]) for m in self.inbox[-5:]) or "nothing"

    async def next_message(self, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """The next bot message to this user that the test has not taken yet."""
        await self.server.wait_for(
            lambda: len(self.inbox) > self._cursor,
            timeout,
            f"a message to user {self.id} (recent: {self._recent()})",
        )
        message = self.inbox[self._cursor]
        self._cursor += 1
        return message

    async def next_document(self, timeout: float = 10.0) -> BotMessage:  # noqa: ASYNC109
        """Skip ahead to the next bot message with a document."""
        while True:
            message = await self.next_message(timeout)
            if message.document is not None:
                return message

    async def next_text(self, fragment: str, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Skip ahead to the next bot message whose text contains `fragment`."""
        while True:
            message = await self.next_message(timeout)
            if fragment in message.shown:
                return message

    def pending(self) -> list[BotMessage]:
        """Bot messages not taken yet."""
        return self.inbox[self._cursor :]

    def skip_pending(self) -> None:
        self._cursor = len(self.inbox)

    async def expect_no_message(self, within: float = 0.5) -> None:
        start = len(self.inbox)
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            await self._sleep(0.05)
            if len(self.inbox) > start:
                raise AssertionError(f"unexpected message: {self.inbox[start].shown!r}")

    async def wait_edit(self, message_id: int, predicate: Any = None, timeout: float = 5.0) -> BotMessage:  # noqa: ASYNC109
        """Wait until message `message_id` is edited (and `predicate(message)` holds, if given)."""
        message = self.server.message(self.id, message_id)
        version = message.version

        def ready() -> bool:
            if predicate is None:
                return message.version > version
            return bool(predicate(message))

        await self.server.wait_for(ready, timeout, f"an edit of message {message_id} (now {message.shown!r})")
        return message

    async def callback_answer(self, query_id: str, timeout: float = 5.0) -> CallbackAnswer:  # noqa: ASYNC109
        """Wait for the bot to answer the callback query."""
        answer: CallbackAnswer = await self.server.wait_for(
            lambda: self.server.callback_answers.get(query_id),
            timeout,
            f"an answer to callback query {query_id}",
        )
        self.last_callback_answer = answer
        return answer

    async def download(self, message: BotMessage) -> bytes:
        """The bytes of a document the bot sent."""
        assert message.document is not None, f"message {message.message_id} has no document"
        record: FileRecord = self.server.files[message.document["file_id"]]
        return record.content

    @staticmethod
    async def _sleep(seconds: float) -> None:
        await asyncio.sleep(seconds)
