import asyncio
from pathlib import Path

import pytest

from storage.db import Database, MigrationError, list_migrations


async def count(db: Database, table: str) -> int:
    async with db.reader.execute(f"SELECT count(*) FROM {table}") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_migrations_set_user_version_and_pragmas(db: Database) -> None:
    assert await db.schema_version() == len(list_migrations())
    async with db.reader.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
    async with db.reader.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1  # type: ignore[index]


async def test_reopen_does_not_reapply_migrations(tmp_path: Path) -> None:
    first = await Database.open(tmp_path / "x.db")
    await first.close()
    second = await Database.open(tmp_path / "x.db")
    assert await second.schema_version() == len(list_migrations())
    await second.close()


async def test_concurrent_transactions_do_not_commit_each_others_work(db: Database) -> None:
    """A fails after B ran in between its statements: B's row stays, none of A's."""
    a_inserted = asyncio.Event()
    b_done = asyncio.Event()

    async def a() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('a1', '{}')")
            a_inserted.set()
            await asyncio.sleep(0.05)  # B tries to run now, and must wait
            assert not b_done.is_set()
            raise RuntimeError("A fails")

    async def b() -> None:
        await a_inserted.wait()
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('b1', '{}')")
        b_done.set()

    results = await asyncio.gather(a(), b(), return_exceptions=True)
    assert isinstance(results[0], RuntimeError)
    assert results[1] is None
    async with db.reader.execute("SELECT key FROM fsm ORDER BY key") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["b1"]


async def test_failing_transaction_leaves_nothing(db: Database) -> None:
    async def failing() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('x', '{}')")
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('y', '{}')")
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        await failing()
    assert await count(db, "fsm") == 0
    async with db.transaction() as conn:  # the writer is usable afterwards
        await conn.execute("INSERT INTO fsm (key, data) VALUES ('z', '{}')")
    assert await count(db, "fsm") == 1


async def test_cancelled_transaction_rolls_back(db: Database) -> None:
    started = asyncio.Event()

    async def slow() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('c', '{}')")
            started.set()
            await asyncio.sleep(10)

    task = asyncio.create_task(slow())
    await started.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await count(db, "fsm") == 0


async def test_reader_not_blocked_by_open_write_transaction(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO fsm (key, data) VALUES ('w', '{}')")
        # The reader sees the last committed state at once (WAL), not the uncommitted row.
        assert await asyncio.wait_for(count(db, "fsm"), 1) == 0
    assert await count(db, "fsm") == 1


async def test_failing_migration_is_rolled_back(tmp_path: Path) -> None:
    migrations = tmp_path / "migrations"
    migrations.mkdir()
    (migrations / "0001_a.sql").write_text("CREATE TABLE a (x INTEGER);")
    (migrations / "0002_b.sql").write_text("CREATE TABLE b (x INTEGER); INSERT INTO nope VALUES (1);")
    with pytest.raises(Exception, match="nope"):
        await Database.open(tmp_path / "m.db", migrations_dir=migrations)
    (migrations / "0002_b.sql").write_text("CREATE TABLE b (x INTEGER);")
    db = await Database.open(tmp_path / "m.db", migrations_dir=migrations)
    assert await db.schema_version() == 2
    await db.close()


def test_migration_names_must_be_consecutive(tmp_path: Path) -> None:
    (tmp_path / "0001_a.sql").write_text("")
    (tmp_path / "0003_c.sql").write_text("")
    with pytest.raises(MigrationError, match="expected version 0002"):
        list_migrations(tmp_path)
