"""Both coordinators (services.coordination): in memory always, Redis when TEST_REDIS_URL is set. Each
Redis test has its own key prefix and removes only its own keys."""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Callable

import pytest
import redis.asyncio as redis

from services.coordination import Coordinator, InProcess
from services.coordination_redis import RedisCoordinator

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
NO_REDIS = "TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/14); .ci/run sets it"

Make = Callable[[], Coordinator]


async def _flush(prefix: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        async for key in client.scan_iter(match=f"{prefix}:*"):
            await client.delete(key)
    finally:
        await client.aclose()


@contextlib.asynccontextmanager
async def redis_instances() -> AsyncIterator[Make]:
    """Coordinators of several instances on one Redis (short TTL: expiry within a test)."""
    if not REDIS_URL:
        pytest.skip(NO_REDIS)
    prefix = f"test-coord-{uuid.uuid4().hex[:8]}"
    made: list[RedisCoordinator] = []

    def make() -> Coordinator:
        made.append(RedisCoordinator.from_url(REDIS_URL, prefix=prefix, lease_ttl=0.6, poll_every=0.2))
        return made[-1]

    try:
        yield make
    finally:
        for coordinator in made:
            await coordinator.close()
        await _flush(prefix)


@pytest.fixture
async def redis_pair() -> AsyncIterator[Make]:
    async with redis_instances() as make:
        yield make


@pytest.fixture(params=["memory", "redis"])
async def one(request: pytest.FixtureRequest) -> AsyncIterator[Coordinator]:
    if request.param == "memory":
        yield InProcess()
        return
    async with redis_instances() as make:
        yield make()


async def test_a_lease_is_held_once_until_released(one: Coordinator) -> None:
    lease = await one.acquire("push:1:2")
    assert lease is not None
    assert await one.acquire("push:1:2") is None
    assert await one.held("push:1:2")
    assert await one.any_held("push:")
    assert not await one.any_held("check-run:")
    await lease.release()
    await lease.release()  # idempotent
    assert not await one.held("push:1:2")
    again = await one.acquire("push:1:2")
    assert again is not None
    await again.release()


async def test_a_bump_fires_the_watchers_of_older_generations_once(one: Coordinator) -> None:
    seen = await one.generation("check:7")
    fired: list[str] = []
    once = asyncio.Event()

    def fire() -> None:
        fired.append("a")
        once.set()

    unwatch = await one.watch("check:7", seen, fire)
    await one.bump("check:7")
    await asyncio.wait_for(once.wait(), 2)
    await one.bump("check:7")
    await asyncio.sleep(0.3)
    assert fired == ["a"]
    unwatch()


async def test_a_bump_before_the_watch_fires_it_at_once(one: Coordinator) -> None:
    seen = await one.generation("check:8")
    await one.bump("check:8")  # a cancel that came before the work started
    fired: list[bool] = []
    await one.watch("check:8", seen, lambda: fired.append(True))
    assert fired == [True]


async def test_the_lock_is_exclusive(one: Coordinator) -> None:
    inside = 0
    most = 0

    async def work() -> None:
        nonlocal inside, most
        async with one.lock("export:1"):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.05)
            inside -= 1

    await asyncio.gather(*(work() for _ in range(4)))
    assert most == 1


async def test_redis_a_bump_on_one_instance_reaches_a_watcher_on_another(redis_pair: Make) -> None:
    a, b = redis_pair(), redis_pair()
    fired = asyncio.Event()
    await a.watch("check:9", await a.generation("check:9"), fired.set)
    await b.bump("check:9")
    await asyncio.wait_for(fired.wait(), 2)


async def test_redis_a_live_lease_is_renewed_past_its_ttl_and_excludes_others(redis_pair: Make) -> None:
    a, b = redis_pair(), redis_pair()
    lease = await a.acquire("push:3:4")
    assert lease is not None
    await asyncio.sleep(1.5)  # 2.5 TTLs: alive only by its heartbeat
    assert await b.held("push:3:4")
    assert await b.acquire("push:3:4") is None
    assert not lease.lost.is_set()
    await lease.release()
    assert await b.acquire("push:3:4") is not None


async def test_redis_a_dead_instances_lease_expires_and_is_taken_over(redis_pair: Make) -> None:
    a, b = redis_pair(), redis_pair()
    lost: list[bool] = []
    lease = await a.acquire("push:5:6", on_lost=lambda: lost.append(True))
    assert lease is not None
    assert isinstance(a, RedisCoordinator)
    heartbeat = lease.heartbeat  # type: ignore[attr-defined]
    heartbeat.cancel()  # the instance froze or was killed: no renewal any more
    await asyncio.sleep(0.8)
    assert not await b.held("push:5:6")
    taken = await b.acquire("push:5:6")
    assert taken is not None
    await lease.release()  # the late owner's release must not free the new holder's lease
    assert await b.held("push:5:6")


async def test_redis_a_lease_taken_over_is_declared_lost_by_its_old_heartbeat(redis_pair: Make) -> None:
    a = redis_pair()
    assert isinstance(a, RedisCoordinator)
    lost = asyncio.Event()
    lease = await a.acquire("push:7:8", on_lost=lost.set)
    assert lease is not None
    client = redis.Redis.from_url(REDIS_URL)
    try:
        await client.set(a._key("lease", "push:7:8"), "someone-else")
    finally:
        await client.aclose()
    await asyncio.wait_for(lost.wait(), 2)
    assert lease.lost.is_set()


async def test_redis_mark_once_lets_one_instance_act(redis_pair: Make) -> None:
    a, b = redis_pair(), redis_pair()
    assert await a.mark_once("check-reap:1:2")
    assert not await b.mark_once("check-reap:1:2")


async def test_redis_the_lock_is_exclusive_across_instances(redis_pair: Make) -> None:
    """What ListExporter relies on: one build of a list at a time, whichever instance asks."""
    a, b = redis_pair(), redis_pair()
    inside = 0
    most = 0

    async def work(one: Coordinator) -> None:
        nonlocal inside, most
        async with one.lock("export:2"):
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0.05)
            inside -= 1

    await asyncio.gather(*(work(one) for one in (a, b, a, b)))
    assert most == 1
