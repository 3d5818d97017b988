"""In-process handler tests: the real Dispatcher (routers, middlewares, SQLite storage) fed with
updates through `Dispatcher.feed_update`; the Bot's session records calls instead of sending them."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery, SendMessage, TelegramMethod
from aiogram.types import CallbackQuery, Chat, Message, Update, User

from bot.app import create_bot, create_dispatcher
from bot.settings import Settings
from storage.db import Database
from storage.users import UsersRepo
from tests.handlers.recording import BOT_USER, RecordingSession

ADMIN_ID = 1
TOKEN = "42:TEST-token"


@dataclass
class Person:
    id: int
    first_name: str = "Test"
    username: str | None = None
    language_code: str | None = None

    def user(self) -> User:
        return User(
            id=self.id,
            is_bot=False,
            first_name=self.first_name,
            username=self.username,
            language_code=self.language_code,
        )

    def chat(self) -> Chat:
        return Chat(id=self.id, type="private", first_name=self.first_name, username=self.username)


class Harness:
    def __init__(self, dp: Dispatcher, bot: Bot, session: RecordingSession, db: Database) -> None:
        self.dp = dp
        self.bot = bot
        self.session = session
        self.db = db
        self.users: UsersRepo = dp["users"]
        self._ids = itertools.count(1)

    async def feed(self, update: Update, *, settle: bool = True) -> list[TelegramMethod[Any]]:
        """Process one update; return the API calls it made (with `settle`, also those of the
        background work it started: a check, an export, a report)."""
        self.session.take()
        await self.dp.feed_update(self.bot, update)
        if settle:
            await self.dp["background"].idle()
        return self.session.take()

    def message_update(self, person: Person, text: str, chat: Chat | None = None) -> Update:
        message = Message(
            message_id=next(self._ids),
            date=datetime.now(UTC),
            chat=chat or person.chat(),
            from_user=person.user(),
            text=text,
        )
        return Update(update_id=next(self._ids), message=message)

    async def send(self, person: Person, text: str, chat: Chat | None = None) -> list[TelegramMethod[Any]]:
        return await self.feed(self.message_update(person, text, chat))

    async def press(self, person: Person, data: str, message_id: int = 500) -> list[TelegramMethod[Any]]:
        message = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=person.chat(),
            from_user=BOT_USER,
            text="(an earlier bot message)",
        )
        query = CallbackQuery(
            id=str(next(self._ids)), from_user=person.user(), chat_instance="ci", message=message, data=data
        )
        return await self.feed(Update(update_id=next(self._ids), callback_query=query))


def texts(calls: list[TelegramMethod[Any]], chat_id: int | None = None) -> list[str]:
    return [
        c.text for c in calls if isinstance(c, SendMessage) and (chat_id is None or int(c.chat_id) == chat_id)
    ]


def answers(calls: list[TelegramMethod[Any]]) -> list[AnswerCallbackQuery]:
    return [c for c in calls if isinstance(c, AnswerCallbackQuery)]


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "admin_ids": (ADMIN_ID,),
        "database_url": f"sqlite:///{tmp_path / 'bot.db'}",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
async def harness(tmp_path: Path) -> AsyncIterator[Harness]:
    settings = make_settings(tmp_path)
    db = await Database.open(settings.database_path)
    dp = create_dispatcher(settings, db)
    users: UsersRepo = dp["users"]
    await users.bootstrap_admins()
    session = RecordingSession()
    bot = create_bot(settings, session=session)
    try:
        yield Harness(dp, bot, session, db)
    finally:
        await db.close()


ADMIN = Person(ADMIN_ID, "Ada", "ada")
STRANGER = Person(77, "Sam", "sam")
MANAGER = Person(55, "Max", "max")
