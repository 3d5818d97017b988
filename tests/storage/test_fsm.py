import asyncio

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey

from storage.db import Database
from storage.fsm import SQLiteStorage

KEY = StorageKey(bot_id=1, chat_id=10, user_id=10)


class Flow(StatesGroup):
    one = State()


async def test_state_and_data_survive_a_new_storage(db: Database) -> None:
    storage = SQLiteStorage(db)
    await storage.set_state(KEY, Flow.one)
    await storage.set_data(KEY, {"user_id": 5, "name": "Ünïcode"})
    restarted = SQLiteStorage(db)
    assert await restarted.get_state(KEY) == "Flow:one"
    assert await restarted.get_data(KEY) == {"user_id": 5, "name": "Ünïcode"}


async def test_unchanged_values_are_not_rewritten(db: Database) -> None:
    storage = SQLiteStorage(db)
    await storage.set_state(KEY, None)
    await storage.set_data(KEY, {})
    assert db.transactions == 0
    await storage.set_state(KEY, Flow.one)
    assert db.transactions == 1
    await storage.set_state(KEY, Flow.one)
    await storage.update_data(KEY, {})
    assert db.transactions == 1
    await SQLiteStorage(db).set_state(KEY, Flow.one)  # after a restart: read, equal, not written
    assert db.transactions == 1


async def test_clearing_deletes_the_row(db: Database) -> None:
    storage = SQLiteStorage(db)
    await storage.set_state(KEY, Flow.one)
    await storage.set_state(KEY, None)
    async with db.reader.execute("SELECT count(*) FROM fsm") as cur:
        assert (await cur.fetchone())[0] == 0  # type: ignore[index]


async def test_non_json_data_is_refused(db: Database) -> None:
    storage = SQLiteStorage(db)
    with pytest.raises(TypeError, match="JSON"):
        await storage.set_data(KEY, {"x": object()})
    assert await storage.get_data(KEY) == {}


async def test_concurrent_updates_of_one_user_all_land(db: Database) -> None:
    """A button press and a message of one user run at once: neither may undo the other's write."""
    storage = SQLiteStorage(db)
    await asyncio.gather(storage.set_state(KEY, Flow.one), storage.set_data(KEY, {"a": 1}))
    await asyncio.gather(*(storage.update_data(KEY, {f"k{i}": i}) for i in range(5)))
    expected = {"a": 1} | {f"k{i}": i for i in range(5)}
    assert await storage.get_state(KEY) == "Flow:one"
    assert await storage.get_data(KEY) == expected
    restarted = SQLiteStorage(db)  # and the database agrees with the cache
    assert await restarted.get_state(KEY) == "Flow:one"
    assert await restarted.get_data(KEY) == expected
