"""aiogram FSM storage on the bot's SQLite database, so conversations survive restarts.

State and data are stored as text and JSON (never pickle). An in-memory write-through cache answers
reads and skips writes that would change nothing: an idle `/start` or `/cancel` (which clear an already
empty state) costs no write, so it is never queued behind another user's long import transaction.

Updates of one user run concurrently (a button press while a file is being checked), and every
operation here is a read-modify-write of the (state, data) pair across an await: a per-key lock makes
each one atomic, so a concurrent `set_state` and `set_data` cannot undo each other, and the cache can
never keep a value read from the database while that key's write was committing.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from storage.locks import KeyedLocks
from storage.sql import Database

_EMPTY = "{}"


def _state_name(state: StateType) -> str | None:
    return state.state if isinstance(state, State) else state


def _dump(data: Mapping[str, Any]) -> str:
    try:
        return json.dumps(dict(data), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    except TypeError as exc:
        raise TypeError(f"FSM data must be JSON-serializable: {exc}") from exc


def _parse(data: str) -> dict[str, Any]:
    loaded = json.loads(data)
    return loaded if isinstance(loaded, dict) else {}


class SQLiteStorage(BaseStorage):
    def __init__(
        self, db: Database, *, key_builder: KeyBuilder | None = None, cache_size: int = 10_000
    ) -> None:
        self._db = db
        self._keys = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._cache: OrderedDict[str, tuple[str | None, str]] = OrderedDict()
        self._cache_size = cache_size
        self._lock: KeyedLocks[str] = KeyedLocks()  # one per key in use

    async def _load(self, key: str) -> tuple[str | None, str]:
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        async with self._db.reader.execute("SELECT state, data FROM fsm WHERE key = ?", (key,)) as cur:
            row = await cur.fetchone()
        value: tuple[str | None, str] = (None, _EMPTY) if row is None else (row["state"], row["data"])
        self._remember(key, value)
        return value

    def _remember(self, key: str, value: tuple[str | None, str]) -> None:
        self._cache[key] = value
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def _store(self, key: str, value: tuple[str | None, str]) -> None:
        if await self._load(key) == value:
            return
        state, data = value
        # Drop the cache entry first: if the write fails, the next read goes to the database.
        self._cache.pop(key, None)
        async with self._db.transaction() as conn:
            if state is None and data == _EMPTY:
                await conn.execute("DELETE FROM fsm WHERE key = ?", (key,))
            else:
                await conn.execute(
                    "INSERT INTO fsm (key, state, data) VALUES (?, ?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET state = excluded.state, data = excluded.data",
                    (key, state, data),
                )
        self._remember(key, value)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        k = self._keys.build(key)
        async with self._lock(k):
            _, data = await self._load(k)
            await self._store(k, (_state_name(state), data))

    async def get_state(self, key: StorageKey) -> str | None:
        k = self._keys.build(key)
        async with self._lock(k):
            state, _ = await self._load(k)
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        k = self._keys.build(key)
        async with self._lock(k):
            state, _ = await self._load(k)
            await self._store(k, (state, _dump(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        k = self._keys.build(key)
        async with self._lock(k):
            _, data = await self._load(k)
        return _parse(data)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        """Like dict.update, atomically: two concurrent updates of one user both land."""
        k = self._keys.build(key)
        async with self._lock(k):
            state, current = await self._load(k)
            merged = _parse(current)
            merged.update(data)
            await self._store(k, (state, _dump(merged)))
        return merged.copy()

    async def close(self) -> None:
        """The database is owned (and closed) by the application, not by the storage."""
        self._cache.clear()
