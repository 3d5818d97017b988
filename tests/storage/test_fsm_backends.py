"""Both homes of conversation state (bot.state): the database, always; Redis when TEST_REDIS_URL is set
(`.ci/run` sets it). Same contract: a step survives a new process, one user's concurrent updates all
land under the event isolation, clearing removes it, and users do not see each other's state."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey
from pydantic import SecretStr

from bot.settings import Settings
from bot.state import conversation_state
from storage.db import Database

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")


class Flow(StatesGroup):
    one = State()
    two = State()


Factory = Callable[[], tuple[BaseStorage, BaseEventIsolation]]


@pytest.fixture(params=["database", "redis"])
async def backend(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Factory]:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's checkout
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15); .ci/run sets it")
    db = await Database.open(tmp_path / "bot.db")
    opened: list[tuple[BaseStorage, BaseEventIsolation]] = []
    settings = Settings(
        bot_token=SecretStr("1:x"), redis_url=SecretStr(REDIS_URL if request.param == "redis" else "")
    )

    def make() -> tuple[BaseStorage, BaseEventIsolation]:
        pair = conversation_state(settings, db)
        opened.append(pair)
        return pair

    try:
        yield make
    finally:
        for storage, isolation in opened:
            await storage.close()
            await isolation.close()
        await db.close()


def key() -> StorageKey:
    """A user of its own per test: runs against one Redis never see each other's keys."""
    user = uuid.uuid4().int % 2**40 + 1
    return StorageKey(bot_id=1, chat_id=user, user_id=user)


async def test_a_step_survives_a_new_process(backend: Factory) -> None:
    storage, _ = backend()
    alice = key()
    await storage.set_state(alice, Flow.one)
    await storage.set_data(alice, {"list_id": 5, "name": "Ünïcode «список»"})
    again, _ = backend()
    assert await again.get_state(alice) == "Flow:one"
    assert await again.get_data(alice) == {"list_id": 5, "name": "Ünïcode «список»"}


async def test_users_do_not_share_state_and_clearing_removes_it(backend: Factory) -> None:
    storage, _ = backend()
    alice, bob = key(), key()
    await storage.set_state(alice, Flow.two)
    await storage.set_data(alice, {"a": 1})
    assert await storage.get_state(bob) is None
    assert await storage.get_data(bob) == {}
    await storage.set_state(alice, None)
    await storage.set_data(alice, {})
    again, _ = backend()
    assert await again.get_state(alice) is None
    assert await again.get_data(alice) == {}


async def test_one_users_concurrent_updates_all_land_under_the_isolation(backend: Factory) -> None:
    """What the dispatcher does with a user's updates: each under the isolation lock of its key."""
    storage, isolation = backend()
    alice = key()

    async def update(n: int) -> None:
        async with isolation.lock(alice):
            await storage.update_data(alice, {f"k{n}": n})

    await asyncio.gather(*(update(n) for n in range(20)))
    assert await storage.get_data(alice) == {f"k{n}": n for n in range(20)}


async def test_two_instances_take_turns_for_one_user(backend: Factory) -> None:
    """Two processes (two storages and isolations on one home): a user's updates still run one at a
    time. In-process isolation cannot do that across processes; Redis does."""
    first_storage, first = backend()
    second_storage, second = backend()
    if type(first).__name__ == "SimpleEventIsolation":
        pytest.skip("the database's isolation is per process: several instances need REDIS_URL")
    alice = key()
    inside = 0
    most = 0

    async def update(isolation: BaseEventIsolation, storage: BaseStorage, n: int) -> None:
        nonlocal inside, most
        async with isolation.lock(alice):
            inside += 1
            most = max(most, inside)
            data = await storage.get_data(alice)
            await asyncio.sleep(0.01)
            await storage.set_data(alice, {**data, f"k{n}": n})
            inside -= 1

    pairs = [(first, first_storage), (second, second_storage)]
    await asyncio.gather(*(update(*pairs[n % 2], n) for n in range(10)))
    assert most == 1
    assert await first_storage.get_data(alice) == {f"k{n}": n for n in range(10)}
