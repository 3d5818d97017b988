"""One SQLite database, two connections: a reader for SELECTs and a serialized writer.

Why two: with WAL, readers never wait for the writer, so a long import transaction does not delay
other users' answers. Why a lock around the writer: a single aiosqlite connection shared by concurrent
handlers would commit each other's half-done work; `transaction()` makes every write an explicit,
isolated `BEGIN IMMEDIATE … COMMIT` (or ROLLBACK on any exception, including cancellation: a
cancelled task never leaves the writer inside a transaction, see `settle`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import sqlite3
import stat
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from storage.legacy_words import column_labels, problem_code
from storage.names import name_key, tidy_name
from storage.reader import Reader
from storage.sql import Dialect
from storage.upkeep import Upkeep

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
CHECKPOINT_WAIT_MS = 1_000  # how long a reclaim's checkpoint waits for readers of an older snapshot
INCREMENTAL = 2  # PRAGMA auto_vacuum: free pages are kept until `PRAGMA incremental_vacuum`
VACUUM_SLICE = 2_048  # pages (8 MiB) released per write-lock hold by `Database.reclaim`
WAL_SIZE_LIMIT = 32 * 1024 * 1024  # bytes the WAL file is cut back to when it restarts
SECURE_DELETE = "ON"  # deleted rows are overwritten with zeros (see reclaim for the WAL)
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
T = TypeVar("T")


class MigrationError(RuntimeError):
    """The migrations directory or the database's schema version is inconsistent."""


class DatabaseUnavailable(RuntimeError):
    """The database file cannot be created or opened (a directory, no permission, not SQLite)."""


def list_migrations(directory: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    """Migration files as (version, path), in order; versions must be 1, 2, 3, … without gaps."""
    found: list[tuple[int, Path]] = []
    for path in directory.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"bad migration file name: {path.name} (expected NNNN_name.sql)")
        found.append((int(match.group(1)), path))
    found.sort()
    for expected, (version, path) in enumerate(found, start=1):
        if version != expected:
            raise MigrationError(f"migration {path.name}: expected version {expected:04d}")
    return found


async def _connect(path: str) -> aiosqlite.Connection:
    # isolation_level=None: autocommit; transactions are always explicit.
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = aiosqlite.Row
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await conn.execute("PRAGMA foreign_keys = ON")
    return conn


class Database:
    """Open with `await Database.open(path)`; write only through `async with db.transaction()`."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path, reader: aiosqlite.Connection, writer: aiosqlite.Connection) -> None:
        self.path = path
        self.reader = Reader(reader)  # a cancelled read never leaves it on an old snapshot
        self._writer = writer
        self._write_lock = asyncio.Lock()
        self._closed = False
        self.transactions = 0  # write transactions started; lets tests prove a path needs no write
        self._upkeep = Upkeep()
        self._reclaim_again = False

    @classmethod
    async def open(cls, path: Path | str, *, migrations_dir: Path = MIGRATIONS_DIR) -> Database:
        path = Path(path)
        if path.is_dir():  # checked here: aiosqlite's failed connect leaves its thread racing shutdown
            raise DatabaseUnavailable(f"cannot open the database {path}: it is a directory")
        try:
            _create_private(path)
            writer = await _connect(str(path))
        except (OSError, sqlite3.Error) as exc:
            raise DatabaseUnavailable(f"cannot open the database {path}: {exc}") from exc
        try:
            try:
                if await _pragma(writer, "page_count") == 0:  # a new file: free now, a VACUUM later
                    await writer.execute("PRAGMA auto_vacuum = INCREMENTAL")
                await writer.execute("PRAGMA journal_mode = WAL")
                await writer.execute("PRAGMA synchronous = NORMAL")
                await writer.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
                await writer.execute(f"PRAGMA secure_delete = {SECURE_DELETE}")
            except sqlite3.Error as exc:
                raise DatabaseUnavailable(f"cannot use the database {path}: {exc}") from exc
            # Python functions that migrations may call (0006 re-tidies list names, 0010 turns the
            # failed rows' sentences into codes).
            await writer.create_function("app_tidy_name", 1, tidy_name, deterministic=True)
            await writer.create_function("app_name_key", 1, name_key, deterministic=True)
            await writer.create_function("app_problem_code", 4, problem_code, deterministic=True)
            await writer.create_function("app_column_labels", 4, column_labels, deterministic=True)
            await _migrate(writer, migrations_dir)
            await _use_incremental_vacuum(writer, path)
            reader = await _connect(str(path))
            _make_private(path)  # a -wal or -shm left world-readable by an older version
        except BaseException:
            await writer.close()
            raise
        return cls(path, reader, writer)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Serialized write transaction: commit on success, rollback on any exception.

        Cancellation-safe: BEGIN, COMMIT and ROLLBACK are each awaited to their end (`settle`) even
        when the task is cancelled meanwhile, so the lock is never released while the writer is inside
        a transaction (aiosqlite runs a statement in its thread whatever happens to the awaiting task).
        """
        async with self._write_lock:
            if self._closed:
                raise RuntimeError("database is closed")
            self.transactions += 1
            try:
                await settle(self._begin())
                yield self._writer
            except BaseException:
                await settle(self._rollback())
                raise
            await settle(self._commit())

    async def write(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        """One statement as its own transaction, in one trip to the writer's thread (a transaction()
        takes three: BEGIN, the statement, COMMIT); its RETURNING rows. Serialized with transactions and
        awaited to its end like them: SQLite runs a single statement atomically in autocommit mode."""
        async with self._write_lock:
            if self._closed:
                raise RuntimeError("database is closed")
            self.transactions += 1
            await settle(self._heal())
            return list(await settle(self._writer.execute_fetchall(sql, parameters)))

    async def _begin(self) -> None:
        await self._heal()
        await self._writer.execute("BEGIN IMMEDIATE")

    async def _heal(self) -> None:
        if self._writer.in_transaction:  # never expected: heal rather than fail every write from now on
            logger.error("The database writer was left inside a transaction; rolling it back")
            await self._writer.rollback()

    async def _commit(self) -> None:
        try:
            await self._writer.commit()
        except BaseException:  # e.g. a deferred constraint: the transaction is still open
            await self._rollback()
            raise

    async def _rollback(self) -> None:
        """Roll back whatever is open. Not `if in_transaction`: read here, that could miss a BEGIN still
        queued in the writer's thread; sqlite3's rollback() checks in that thread, after it (and is a
        no-op when a failed BEGIN opened nothing)."""
        try:
            await self._writer.rollback()
        except sqlite3.Error:  # the next transaction's `_begin` tries again
            logger.exception("Rollback of the write transaction failed")

    async def reclaim(self) -> bool:
        """Give the pages freed by a big delete back to the file system, then move the WAL into the
        database and truncate it: the file shrinks, and deleted rows are left in neither file.

        The vacuum runs in slices (the write lock is released between them, like the purges), so other
        users' writes interleave. Returns False when a reader kept the WAL from being truncated (the
        next reclaim, or the last connection's close, does it).
        """
        previous = None
        while True:
            async with self._write_lock:
                if self._closed:
                    return False
                free = await settle(self._vacuum_slice())
            if free == 0 or free == previous:  # done, or auto_vacuum is off (conversion failed)
                break
            previous = free
        async with self._write_lock:
            if self._closed:
                return False
            return await settle(self._checkpoint())

    async def _vacuum_slice(self) -> int:
        """Release up to VACUUM_SLICE free pages; how many are left."""
        await self._writer.execute_fetchall(f"PRAGMA incremental_vacuum({VACUUM_SLICE})")
        return await _pragma(self._writer, "freelist_count")

    async def _checkpoint(self) -> bool:
        # A short wait: readers that hold an old snapshot (a report being written) make it busy, and
        # every write waits meanwhile.
        await self._writer.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
        try:
            rows = await self._writer.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            await self._writer.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        busy = bool(next(iter(rows))[0])
        if busy:
            logger.info("WAL checkpoint incomplete: a reader holds an older snapshot")
        return not busy

    async def schema_version(self) -> int:
        async with self.reader.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0

    def in_background(self, work: Callable[[], Awaitable[None]], name: str) -> None:
        """Run slow upkeep (purging a cancelled import, giving space back) after the caller returns, so
        no handler waits seconds for it. A failure is logged; `close()` cuts what is still running: what
        it leaves behind is hidden, and the start-up clean-up finishes it."""
        self._upkeep.start(work, name)

    def reclaim_later(self) -> None:
        """`reclaim()` in the background; calls that come while one runs make it run once more."""
        if self._upkeep.running("reclaim"):
            self._reclaim_again = True
            return

        async def reclaim_until_asked_no_more() -> None:
            while True:
                self._reclaim_again = False
                await self.reclaim()
                if not self._reclaim_again:
                    return

        self.in_background(reclaim_until_asked_no_more, "reclaim")

    async def idle(self) -> None:
        """Until the background upkeep is done (tests, and a shutdown that has time for it)."""
        await self._upkeep.idle()

    async def close(self) -> None:
        if self._closed:
            return
        await self._upkeep.cut()
        async with self._write_lock:
            self._closed = True
            await self.reader.close()
            await self._writer.close()


async def settle(aw: Awaitable[T]) -> T:
    """Await `aw` to its end even if the calling task is cancelled meanwhile; then re-raise that.

    `asyncio.shield` alone returns at once on cancellation and lets the work finish unobserved; here
    the caller resumes only when the statement (and whatever cleanup `aw` does) is over.
    """
    task = asyncio.ensure_future(aw)
    interrupted: asyncio.CancelledError | None = None
    while not task.done():
        try:
            await asyncio.wait({task})
        except asyncio.CancelledError as exc:
            interrupted = exc
    if interrupted is not None:
        if not task.cancelled() and task.exception() is not None:
            logger.warning("Failed while cancelled: %r", task.exception())
        raise interrupted
    return task.result()


def _companions(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _create_private(path: Path) -> None:
    """Missing directories are created 0700, a missing database file 0600; an existing one is made
    0600. SQLite gives the -wal and -shm files it creates the mode of the database file."""
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))  # an empty file is a new database
    _make_private(path)


def _make_private(path: Path) -> None:
    for file in _companions(path):
        try:
            if file.exists() and stat.S_IMODE(file.stat().st_mode) & 0o077:
                file.chmod(0o600)
        except OSError as exc:  # not our file: say so, but a start-up must not fail for it
            logger.warning("Could not make %s private (chmod 600): %s", file, exc)


async def _pragma(conn: aiosqlite.Connection, name: str) -> int:
    rows = await conn.execute_fetchall(f"PRAGMA {name}")
    return int(next(iter(rows))[0])


async def _use_incremental_vacuum(conn: aiosqlite.Connection, path: Path) -> None:
    """Switch a database created without auto_vacuum: that needs one VACUUM (it rewrites the whole
    file, once). A failure (e.g. no disk space for the copy) is logged; the bot runs on without it."""
    if await _pragma(conn, "auto_vacuum") == INCREMENTAL:
        return
    logger.info("Rebuilding %s once, to give the space of deleted data back to the disk", path)
    started = time.monotonic()
    try:
        await conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        await conn.execute("VACUUM")
        await conn.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        logger.warning("Could not switch %s to incremental vacuum: %s", path, exc)
        return
    logger.info("Rebuilt %s in %.1f s", path, time.monotonic() - started)


async def _migrate(conn: aiosqlite.Connection, directory: Path) -> None:
    """Apply pending migrations, each in its own transaction together with its user_version bump."""
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    current = int(row[0]) if row else 0
    migrations = list_migrations(directory)
    if current > len(migrations):
        raise MigrationError(
            f"database schema version {current} is newer than this code knows ({len(migrations)})"
        )
    for version, path in migrations[current:]:
        sql = path.read_text(encoding="utf-8")
        # executescript runs statements outside Python's transaction handling, so the BEGIN and
        # COMMIT are part of the script; on failure we roll back what the script started.
        script = f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version = {version};\nCOMMIT;"
        try:
            await conn.executescript(script)
        except Exception:
            if conn.in_transaction:
                await conn.rollback()
            raise
        logger.info("Applied migration %s", path.name)
