"""A fake Telegram Bot API server and test users that talk to the bot through it.

async with FakeTelegram() as tg:        # aiohttp on 127.0.0.1, random port; tg.base_url
    alice = tg.user(42, username="alice", first_name="Alice")
    await alice.send_text("/start")
    reply = await alice.next_message()
"""

from tests.fakebot.client import FakeUser
from tests.fakebot.models import ApiCall, BotMessage, Button, CallbackAnswer, FileRecord
from tests.fakebot.server import BOT_ID, TOKEN, FakeTelegram

__all__ = [
    "BOT_ID",
    "TOKEN",
    "ApiCall",
    "BotMessage",
    "Button",
    "CallbackAnswer",
    "FakeTelegram",
    "FakeUser",
    "FileRecord",
]
