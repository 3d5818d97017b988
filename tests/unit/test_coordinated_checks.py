"""Flow A's checks on two instances sharing one database and one Redis (services.imports with
services.coordination_redis): a cancel reaches the instance running the check, also one sent before
the check started; a start-up reports only checks whose instance died. Skipped without TEST_REDIS_URL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.imports import ImportConfig, ImportJobs
from storage.db import Database
from storage.import_checks import ImportChecksRepo
from tests.unit.test_coordination import Make, redis_instances

OWNER = 42


@pytest.fixture
async def make() -> AsyncIterator[Make]:
    async with redis_instances() as make:
        yield make


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "bot.db")
    yield database
    await database.close()


def instance(db: Database, make: Make) -> ImportJobs:
    return ImportJobs(ImportConfig(), ImportChecksRepo(db), make())


async def _check(jobs: ImportJobs, seen: int | None, inside: asyncio.Event) -> None:
    """A check that runs until it is cancelled."""
    async with jobs.track(OWNER, seen):
        inside.set()
        await asyncio.sleep(30)


async def test_a_cancel_sent_by_instance_b_stops_the_check_running_on_instance_a(
    db: Database, make: Make
) -> None:
    a, b = instance(db, make), instance(db, make)
    inside = asyncio.Event()
    check = asyncio.create_task(_check(a, await a.seen(OWNER), inside))
    await asyncio.wait_for(inside.wait(), 2)
    await b.cancel(OWNER)  # /cancel landed on the other instance
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(check, 2)


async def test_a_cancel_sent_before_the_check_started_is_not_lost(db: Database, make: Make) -> None:
    a, b = instance(db, make), instance(db, make)
    seen = await a.seen(OWNER)  # the file is taken on A; its check starts in the background
    await b.cancel(OWNER)  # /cancel on B first
    inside = asyncio.Event()
    check = asyncio.create_task(_check(a, seen, inside))
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(check, 2)


async def test_a_newer_check_on_instance_b_stops_the_older_one_on_instance_a(
    db: Database, make: Make
) -> None:
    a, b = instance(db, make), instance(db, make)
    first, second = asyncio.Event(), asyncio.Event()
    older = asyncio.create_task(_check(a, await a.seen(OWNER), first))
    await asyncio.wait_for(first.wait(), 2)
    newer = asyncio.create_task(_check(b, await b.seen(OWNER), second))
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(older, 2)
    await asyncio.wait_for(second.wait(), 2)
    assert not newer.done()
    newer.cancel()


async def test_a_start_up_reports_only_checks_whose_instance_died(db: Database, make: Make) -> None:
    a, b, c = instance(db, make), instance(db, make), instance(db, make)
    await a.started(OWNER, OWNER, 100, "alive.xlsx")  # A runs this check: its lease is renewed
    await a.started(OWNER + 1, OWNER + 1, 200, "dead.xlsx")
    dead = a._leases.pop((OWNER + 1, 200))
    dead.heartbeat.cancel()  # type: ignore[attr-defined]  # A froze for this one: no renewal
    assert await b.others_checking()
    await asyncio.sleep(0.8)  # past the TTL (0.6 s): the live lease was renewed, the other expired

    reported = await b.interrupted()  # B starts up
    assert [(r.owner_id, r.message_id) for r in reported] == [(OWNER + 1, 200)]
    assert await c.interrupted() == []  # C starting at the same time does not tell the manager twice
    await a.ended(OWNER, 100)
    await b.ended(OWNER + 1, 200)
    assert not await b.others_checking()
