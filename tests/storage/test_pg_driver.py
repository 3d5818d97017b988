"""The PostgreSQL driver (storage.pg): what the repositories' tests cannot show on their own."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any

import asyncpg
import pytest

from storage.db import DatabaseUnavailable, MigrationError
from storage.pg import PgDatabase, _affected, numbered, pg_migrations
from tests.pg import PG_URL, fresh_pg, fresh_schema


def _first(row: Any) -> Any:
    assert row is not None
    return row[0]


def test_placeholders_are_numbered_outside_quoted_literals() -> None:
    assert numbered("SELECT ? WHERE a = '?' AND b = ? AND c = \"?x\"") == (
        "SELECT $1 WHERE a = '?' AND b = $2 AND c = \"?x\""
    )
    assert numbered("UPDATE t SET a = 'it''s ?' WHERE id = ?") == "UPDATE t SET a = 'it''s ?' WHERE id = $1"


def test_affected_rows_come_from_the_status_line() -> None:
    assert (_affected("UPDATE 3"), _affected("INSERT 0 1"), _affected("CREATE TABLE")) == (3, 1, -1)


def test_the_baseline_is_followed_by_every_later_version() -> None:
    versions = [version for version, _ in pg_migrations()]
    assert versions == list(range(versions[0], versions[0] + len(versions)))
    assert pg_migrations()[0][1].name == "0010_baseline.sql"


async def test_write_transactions_cancelled_at_random_moments_leave_pairs_whole() -> None:
    """Each transaction writes two rows; cancelled anywhere (BEGIN, a statement, COMMIT), either both
    rows are there or neither, and the pool's connections stay usable."""
    rng = random.Random(7)
    async with fresh_pg() as db:

        async def pair(n: int) -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO fsm (key, data) VALUES (?, '{}')", (f"{n}a",))
                await asyncio.sleep(0)
                await conn.execute("INSERT INTO fsm (key, data) VALUES (?, '{}')", (f"{n}b",))

        for n in range(60):
            task = asyncio.create_task(pair(n))
            await asyncio.sleep(rng.random() * 0.004)
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        async with db.reader.execute("SELECT key FROM fsm") as cur:
            keys = {row[0] for row in await cur.fetchall()}
        assert all((f"{n}a" in keys) == (f"{n}b" in keys) for n in range(60))
        await pair(1000)  # the writer still works
        async with db.reader.execute("SELECT count(*) FROM fsm WHERE key LIKE '1000%'") as cur:
            assert _first(await cur.fetchone()) == 2


async def test_write_transactions_of_two_instances_take_turns() -> None:
    """As SQLite's BEGIN IMMEDIATE: a read-decide-write of one instance never interleaves another's."""
    async with fresh_schema() as path:
        settings = {"search_path": path}
        first = await PgDatabase.open(PG_URL, migrate=True, server_settings=settings)
        second = await PgDatabase.open(PG_URL, server_settings=settings)
        try:
            held = asyncio.Event()
            committed_at = 0.0

            async def slow() -> None:
                nonlocal committed_at
                async with first.transaction() as conn:
                    await conn.execute("INSERT INTO fsm (key, data) VALUES ('slow', '{}')")
                    held.set()
                    await asyncio.sleep(0.3)
                committed_at = time.monotonic()

            task = asyncio.create_task(slow())
            await held.wait()
            async with second.transaction() as conn:
                started_at = time.monotonic()
                async with conn.execute("SELECT count(*) FROM fsm WHERE key = 'slow'") as cur:
                    seen = _first(await cur.fetchone())
            await task
            assert seen == 1  # it began after the other's COMMIT, so it sees the row
            assert started_at >= committed_at - 0.05
        finally:
            await first.close()
            await second.close()


async def test_instances_migrating_at_once_apply_each_version_once() -> None:
    async with fresh_schema() as path:
        settings = {"search_path": path}
        opened = await asyncio.gather(
            *(PgDatabase.open(PG_URL, migrate=True, server_settings=settings) for _ in range(3))
        )
        try:
            async with opened[0].reader.execute("SELECT version FROM schema_version ORDER BY version") as cur:
                versions = [row[0] for row in await cur.fetchall()]
            assert versions == [version for version, _ in pg_migrations()]
        finally:
            for db in opened:
                await db.close()


async def test_an_instance_does_not_start_on_a_schema_behind_the_code() -> None:
    async with fresh_schema() as path:
        with pytest.raises(MigrationError, match="python -m bot migrate"):
            await PgDatabase.open(PG_URL, server_settings={"search_path": path})


async def test_a_schema_newer_than_the_code_is_refused() -> None:
    async with fresh_pg() as db:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO schema_version (version) VALUES (999)")
        with pytest.raises(MigrationError, match="newer"):
            await db.migrate()


async def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        await PgDatabase.open("postgresql://bot:s3cret-pw@127.0.0.1:1/clientlists")
    assert "cannot connect to PostgreSQL" in str(caught.value)
    assert "s3cret-pw" not in str(caught.value)


async def test_a_statement_error_leaves_the_transaction_rolled_back() -> None:
    async with fresh_pg() as db:

        async def twice() -> None:
            async with db.transaction() as conn:
                await conn.execute("INSERT INTO fsm (key, data) VALUES ('x', '{}')")
                await conn.execute("INSERT INTO fsm (key, data) VALUES ('x', '{}')")

        with pytest.raises(asyncpg.UniqueViolationError):
            await twice()
        async with db.reader.execute("SELECT count(*) FROM fsm") as cur:
            assert _first(await cur.fetchone()) == 0
