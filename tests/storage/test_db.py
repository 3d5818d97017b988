import asyncio
import contextlib
import random
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from storage.db import Database, MigrationError, list_migrations
from tests.storage.cancelling import CancelAt


async def count(db: Database, table: str) -> int:
    async with db.reader.execute(f"SELECT count(*) FROM {table}") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.sqlite_only("user_version and PRAGMAs")
async def test_migrations_set_user_version_and_pragmas(db: Database) -> None:
    assert await db.schema_version() == len(list_migrations())
    async with db.reader.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
    async with db.reader.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1  # type: ignore[index]
    writer = {
        name: (await db._writer.execute_fetchall(f"PRAGMA {name}"))[0][0]  # type: ignore[index]
        for name in ("secure_delete", "journal_size_limit", "auto_vacuum", "busy_timeout")
    }
    assert writer == {
        "secure_delete": 1,
        "journal_size_limit": 32 * 1024 * 1024,
        "auto_vacuum": 2,
        "busy_timeout": 10_000,
    }


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


# --- cancellation at every await point of a transaction -------------------------------------------


async def _pair(db: Database, tag: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO fsm (key, data) VALUES (?, '{}')", (f"{tag}-a",))
        await conn.execute("INSERT INTO fsm (key, data) VALUES (?, '{}')", (f"{tag}-b",))


async def _keys(db: Database) -> set[str]:
    async with db.reader.execute("SELECT key FROM fsm") as cur:
        return {str(row[0]) for row in await cur.fetchall()}


@pytest.mark.sqlite_only(
    "cancels inside aiosqlite's writer thread (tests/storage/test_pg_driver.py does it for asyncpg)"
)
async def test_a_transaction_cancelled_at_any_await_point_leaves_the_writer_clean(db: Database) -> None:
    """BEGIN, each statement, COMMIT: cancelled there, the pair is saved whole or not at all, and the
    next transaction works (a BEGIN finishing after the cancel used to leave the writer inside it)."""
    points = 4  # BEGIN, two INSERTs, COMMIT
    outcomes: dict[int, set[str]] = {}
    for iteration in range(80):
        target = iteration % (points + 1) + 1  # the last one is past the end: no cancellation
        lag = 0.002 if iteration % 4 >= 2 else 0.0
        hook = CancelAt(db, target, lag, inner=iteration % 8 >= 4)
        tag = f"t{iteration}"
        task = hook.victim = asyncio.create_task(_pair(db, tag))
        try:
            await task
            outcome = "done"
        except asyncio.CancelledError:
            outcome = "cancelled"
        finally:
            hook.remove()
        await _pair(db, f"after{iteration}")  # the next transaction works
        keys = await _keys(db)
        saved = {k for k in keys if k.startswith(f"{tag}-")}
        assert saved in (set(), {f"{tag}-a", f"{tag}-b"}), (target, lag, outcome, saved)
        assert {f"after{iteration}-a", f"after{iteration}-b"} <= keys
        assert not db._writer.in_transaction
        outcomes.setdefault(target, set()).add(outcome)
    assert outcomes[points + 1] == {"done"}
    assert all(outcomes[t] == {"cancelled"} for t in range(1, points + 1)), outcomes


@pytest.mark.sqlite_only(
    "cancels inside aiosqlite's writer thread (tests/storage/test_pg_driver.py does it for asyncpg)"
)
async def test_transactions_cancelled_at_random_moments_never_break_the_writer(db: Database) -> None:
    rng = random.Random(10)
    for iteration in range(150):
        task = asyncio.create_task(_pair(db, f"r{iteration}"))
        await asyncio.sleep(rng.uniform(0, 0.002))
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    await _pair(db, "last")
    keys = await _keys(db)
    for iteration in range(150):
        saved = {k for k in keys if k.startswith(f"r{iteration}-")}
        assert saved in (set(), {f"r{iteration}-a", f"r{iteration}-b"})
    assert {"last-a", "last-b"} <= keys
    assert not db._writer.in_transaction


@pytest.mark.sqlite_only("aiosqlite's writer connection")
async def test_a_writer_left_inside_a_transaction_is_healed(db: Database) -> None:
    await db._writer.execute("BEGIN IMMEDIATE")  # what a lost BEGIN leaves behind
    await db._writer.execute("INSERT INTO fsm (key, data) VALUES ('stray', '{}')")
    await _pair(db, "next")
    assert await _keys(db) == {"next-a", "next-b"}


@pytest.mark.sqlite_only("a deferred foreign key made to fail with PRAGMA")
async def test_a_failing_commit_is_rolled_back(db: Database) -> None:
    """A deferred foreign key fails at COMMIT: the writer must not stay inside the transaction."""

    async def orphan_role() -> None:
        async with db.transaction() as conn:
            await conn.execute("PRAGMA defer_foreign_keys = ON")
            await conn.execute(
                "INSERT INTO user_roles (user_id, role, granted_at) VALUES (404, 'ADMIN', 'x')"
            )

    with pytest.raises(sqlite3.IntegrityError):
        await orphan_role()
    assert not db._writer.in_transaction
    await _pair(db, "ok")
    assert await _keys(db) == {"ok-a", "ok-b"}


@pytest.mark.sqlite_only("the WAL")
async def test_reclaim_gives_up_the_wal_quickly_while_a_reader_holds_an_old_snapshot(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO fsm (key, data) VALUES ('a', '{}')")
    report = sqlite3.connect(db.path)  # e.g. the error report being streamed
    try:
        report.execute("BEGIN")
        report.execute("SELECT count(*) FROM fsm").fetchone()
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('b', '{}')")
        started = asyncio.get_running_loop().time()
        assert await db.reclaim() is False
        assert asyncio.get_running_loop().time() - started < 3
    finally:
        report.close()
    assert await db.reclaim() is True
    assert db.path.with_name(db.path.name + "-wal").stat().st_size == 0
    rows = await db._writer.execute_fetchall("PRAGMA busy_timeout")
    assert next(iter(rows))[0] == 10_000  # the short wait was only for the checkpoint


async def _cancelled_read_leaves_no_old_snapshot(
    db: Database, rows: int, read: Callable[[], Awaitable[object]], cancel_after: int
) -> None:
    """`rows` rows, `read` cancelled after `cancel_after` steps, then a write: later reads see it."""
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO fsm (key, data) VALUES (?, '{}')", [(f"k{i}",) for i in range(rows)]
        )
    task = asyncio.ensure_future(read())
    for _ in range(cancel_after):
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO fsm (key, data) VALUES ('new', '{}')")
    assert await count(db, "fsm") == rows + 1


@pytest.mark.parametrize("cancel_after", [0, 1, 2, 3])
async def test_a_cancelled_read_does_not_leave_the_reader_on_an_old_snapshot(
    db: Database, cancel_after: int
) -> None:
    """A read cancelled while its statement runs kept SQLite's read transaction open (its cursor was
    never closed): every later read saw the data of that moment. Cancelled at each step of the read."""

    async def read() -> None:
        async with db.reader.execute("SELECT key FROM fsm") as cursor:
            await cursor.fetchone()
            await asyncio.sleep(10)

    await _cancelled_read_leaves_no_old_snapshot(db, 2000, read, cancel_after)


async def test_fetch_all_reads_every_row_in_order(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO fsm (key, data) VALUES (?, ?)", [(f"k{i:04d}", str(i)) for i in range(1500)]
        )
    rows = await db.reader.fetch_all("SELECT key, data FROM fsm WHERE key >= ? ORDER BY key", ("k0500",))
    assert [tuple(row) for row in rows] == [(f"k{i:04d}", str(i)) for i in range(500, 1500)]
    assert await db.reader.fetch_all("SELECT key FROM fsm WHERE key = ?", ("none",)) == []


@pytest.mark.parametrize("cancel_after", [0, 1, 2, 3])
async def test_a_cancelled_fetch_all_does_not_leave_the_reader_on_an_old_snapshot(
    db: Database, cancel_after: int
) -> None:
    def read() -> Awaitable[list[object]]:
        return db.reader.fetch_all("SELECT a.key FROM fsm a, fsm b WHERE b.key IN ('k1', 'k2', 'k3')")

    await _cancelled_read_leaves_no_old_snapshot(db, 20_000, read, cancel_after)


async def test_write_runs_one_statement_as_its_own_transaction(db: Database) -> None:
    rows = await db.write("INSERT INTO fsm (key, data) VALUES (?, ?) RETURNING key, data", ("w1", "{}"))
    assert [tuple(row) for row in rows] == [("w1", "{}")]
    assert await _keys(db) == {"w1"}  # committed: the reader sees it
    assert await db.write("UPDATE fsm SET data = '[]' WHERE key = ?", ("none",)) == []
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        await db.write("INSERT INTO fsm (key, data) VALUES (?, '{}'), (?, '{}')", ("w2", "w1"))
    assert await _keys(db) == {"w1"}  # the failed statement left nothing, not even its first row
    async with db.transaction() as conn:  # the writer is free for the next transaction
        await conn.execute("INSERT INTO fsm (key, data) VALUES ('w3', '{}')")
    assert await _keys(db) == {"w1", "w3"}


async def test_a_write_waits_for_the_transaction_under_way(db: Database) -> None:
    entered, release = asyncio.Event(), asyncio.Event()

    async def long_transaction() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('first', '{}')")
            entered.set()
            await release.wait()

    first = asyncio.create_task(long_transaction())
    await entered.wait()
    second = asyncio.create_task(db.write("UPDATE fsm SET data = 'seen' WHERE key = 'first' RETURNING key"))
    await asyncio.sleep(0.05)
    assert not second.done()
    release.set()
    await first
    assert [tuple(row) for row in await second] == [("first",)]


@pytest.mark.sqlite_only("cancels inside aiosqlite's writer thread")
async def test_a_cancelled_write_is_saved_whole_or_not_and_leaves_the_writer_clean(db: Database) -> None:
    rng = random.Random(11)
    for iteration in range(100):
        statement = "INSERT INTO fsm (key, data) VALUES (?, '{}'), (?, '{}')"
        task = asyncio.create_task(db.write(statement, (f"c{iteration}-a", f"c{iteration}-b")))
        await asyncio.sleep(rng.uniform(0, 0.002))
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert not db._writer.in_transaction
    await db.write("INSERT INTO fsm (key, data) VALUES ('last', '{}')")
    keys = await _keys(db)
    for iteration in range(100):
        assert {k for k in keys if k.startswith(f"c{iteration}-")} in (
            set(),
            {f"c{iteration}-a", f"c{iteration}-b"},
        )
    assert "last" in keys
