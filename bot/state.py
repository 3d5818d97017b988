"""Where conversation state lives and how one user's updates are kept in order.

Default: the bot's database (storage.fsm.SQLiteStorage) and an in-process lock per user
(SimpleEventIsolation) — right for one process. With REDIS_URL: aiogram's RedisStorage and
RedisEventIsolation, so that several instances behind one webhook share each user's step and still
handle one update of a user at a time. The Redis URL may carry a password: it is a secret setting and
never logged.
"""

from __future__ import annotations

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisStorage

from bot.settings import Settings
from storage.fsm import SQLiteStorage
from storage.sql import Database

KEY_PREFIX = "clientlists"  # several bots may share one Redis database


def conversation_state(settings: Settings, db: Database) -> tuple[BaseStorage, BaseEventIsolation]:
    url = settings.redis_url.get_secret_value()
    if not url:
        return SQLiteStorage(db), SimpleEventIsolation()
    storage = RedisStorage.from_url(url, key_builder=DefaultKeyBuilder(prefix=KEY_PREFIX, with_bot_id=True))
    return storage, storage.create_isolation()
