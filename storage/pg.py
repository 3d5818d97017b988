"""PostgreSQL behind the same repositories (DATABASE_URL=postgresql://…), through an asyncpg pool.

Why writes are still serialized: the repositories were written for SQLite, where `BEGIN IMMEDIATE`
makes every write transaction run alone, and some of them read, decide and write (a list name that
must be free, the next batch of a push). Each write transaction here takes one transaction-scoped
advisory lock first, so that stays true across every instance that shares the database; reads never
wait for it. Writes are short by design (rows are staged in chunks), so one lock costs little.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import asyncpg

from storage.db import DatabaseUnavailable, MigrationError, settle
from storage.sql import Dialect
from storage.upkeep import Upkeep

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
PG_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgresql"
WRITE_LOCK = 0x636C_6973_7473  # pg_advisory_xact_lock key of the write transactions ("clists")
MIGRATION_LOCK = WRITE_LOCK + 1
POOL_SIZE = 10
COMMAND_TIMEOUT = 60.0  # seconds; a statement that takes longer is a defect, not load
_ROWS = re.compile(r"^\s*(SELECT|WITH|VALUES)\b|\bRETURNING\b", re.IGNORECASE)
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class PgUnavailable(DatabaseUnavailable):
    """PostgreSQL cannot be reached, or refuses us (wrong database, password, no permission)."""


@lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …`; a `?` inside a quoted literal stays."""
    out: list[str] = []
    number = 0
    quote = ""
    for char in sql:
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "?":
            number += 1
            out.append(f"${number}")
            continue
        out.append(char)
    return "".join(out)


def _affected(status: str) -> int:
    """Rows an INSERT/UPDATE/DELETE touched, from asyncpg's status line ("UPDATE 3", "INSERT 0 1")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else -1


class PgCursor:
    """The rows of one statement, fetched at once (the repositories read whole results on SQLite too;
    the big ones, exports and reports, are paged by key)."""

    def __init__(self, rows: Sequence[asyncpg.Record], rowcount: int) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    async def fetchone(self) -> asyncpg.Record | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[asyncpg.Record]:
        rest = list(self._rows[self._next :])
        self._next = len(self._rows)
        return rest

    def __aiter__(self) -> AsyncIterator[asyncpg.Record]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[asyncpg.Record]:
        while (row := await self.fetchone()) is not None:
            yield row


async def _run(conn: asyncpg.Connection, sql: str, parameters: Iterable[Any] | None) -> PgCursor:
    query = numbered(sql)
    args = tuple(parameters or ())
    if _ROWS.search(sql):
        rows = await conn.fetch(query, *args)
        return PgCursor(rows, len(rows))
    return PgCursor((), _affected(await conn.execute(query, *args)))


class PgStatement:
    """Awaitable and async context manager, like aiosqlite's `execute()` result."""

    def __init__(self, work: Awaitable[PgCursor]) -> None:
        self._work = work

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return self._work.__await__()

    async def __aenter__(self) -> PgCursor:
        return await self._work

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        return None


class PgConnection:
    """The connection inside one write transaction."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.raw = conn

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> PgStatement:
        return PgStatement(_run(self.raw, sql, parameters))

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> PgCursor:
        rows = [tuple(p) for p in parameters]
        if rows:
            await self.raw.executemany(numbered(sql), rows)
        return PgCursor((), -1)

    async def execute_fetchall(
        self, sql: str, parameters: Iterable[Any] | None = None
    ) -> list[asyncpg.Record]:
        return list(await self.raw.fetch(numbered(sql), *tuple(parameters or ())))

    async def copy(self, table: str, columns: Sequence[str], records: Iterable[Sequence[Any]]) -> None:
        """Bulk load with COPY (binary): the staging of a big file, ~5x faster than INSERTs."""
        await self.raw.copy_records_to_table(table, columns=list(columns), records=records)


class PgReadQuery:
    def __init__(self, pool: asyncpg.Pool, sql: str, parameters: Iterable[Any] | None) -> None:
        self._pool = pool
        self._sql = sql
        self._parameters = parameters

    async def __aenter__(self) -> PgCursor:
        async with self._pool.acquire() as conn:
            return await _run(conn, self._sql, self._parameters)

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        return None


class PgReader:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> PgReadQuery:
        return PgReadQuery(self._pool, sql, parameters)

    async def fetch_all(self, sql: str, parameters: Iterable[Any] | None = None) -> list[Any]:
        async with self._pool.acquire() as conn:
            return list(await conn.fetch(numbered(sql), *tuple(parameters or ())))


class PgDatabase:
    """Open with `await PgDatabase.open(url)`; the same contract as storage.db.Database."""

    dialect: Dialect = "postgresql"

    def __init__(self, url: str, pool: asyncpg.Pool) -> None:
        self.url = url
        self._pool = pool
        self._reader = PgReader(pool)
        self._write_lock = asyncio.Lock()  # this instance's writers queue here, not on the pool
        self._closed = False
        self.transactions = 0
        self._upkeep = Upkeep()

    @property
    def reader(self) -> PgReader:
        return self._reader

    @classmethod
    async def open(
        cls, url: str, *, migrate: bool = False, server_settings: dict[str, str] | None = None
    ) -> PgDatabase:
        """Connect; `migrate` applies pending migrations, otherwise a schema behind the code is an
        error that names the command to run (several instances must not migrate at once on start)."""
        try:
            pool = await asyncpg.create_pool(
                url,
                min_size=1,
                max_size=POOL_SIZE,
                command_timeout=COMMAND_TIMEOUT,
                server_settings=server_settings,
            )
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            raise PgUnavailable(f"cannot connect to PostgreSQL: {exc}") from exc
        db = cls(url, pool)
        try:
            if migrate:
                await db.migrate()
            else:
                current, latest = await db.schema_version(), pg_migrations()[-1][0]
                if current != latest:
                    raise MigrationError(
                        f"the PostgreSQL schema is at version {current}, this code needs {latest}:"
                        " run `python -m bot migrate` first"
                    )
        except BaseException:
            await pool.close()
            raise
        return db

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgConnection]:
        """One write transaction, alone among every instance's (see the module's docstring).

        Cancellation-safe like SQLite's: BEGIN, COMMIT and ROLLBACK are each awaited to their end.
        """
        async with self._write_lock:
            if self._closed:
                raise RuntimeError("database is closed")
            self.transactions += 1
            async with self._pool.acquire() as conn:
                try:
                    await settle(self._begin(conn))
                    yield PgConnection(conn)
                except BaseException:
                    await settle(_rollback(conn))
                    raise
                try:
                    await settle(conn.execute("COMMIT"))
                except BaseException:
                    await settle(_rollback(conn))
                    raise

    async def write(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        """One statement as its own transaction (under the same lock as any other write)."""
        async with self.transaction() as conn:
            return list(await conn.execute_fetchall(sql, parameters))

    async def _begin(self, conn: asyncpg.Connection) -> None:
        await conn.execute("BEGIN")
        await conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    async def schema_version(self) -> int:
        async with self._pool.acquire() as conn:
            exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
            if not exists:
                return 0
            return int(await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_version"))

    async def migrate(self) -> int:
        """Apply pending migrations, each in its own transaction; safe when several run at once."""
        migrations = pg_migrations()
        latest = migrations[-1][0]
        async with self._pool.acquire() as conn:
            for version, path in migrations:
                async with conn.transaction():
                    await conn.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version"
                        " (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                    )
                    done = await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_version")
                    if done > latest:
                        raise MigrationError(
                            f"database schema version {done} is newer than this code knows ({latest})"
                        )
                    if version <= done:
                        continue
                    await conn.execute(path.read_text(encoding="utf-8"))
                    await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", version)
                    logger.info("Applied migration %s (postgresql)", path.name)
        return await self.schema_version()

    def in_background(self, work: Callable[[], Awaitable[None]], name: str) -> None:
        self._upkeep.start(work, name)

    async def reclaim(self) -> bool:
        """Nothing to do: PostgreSQL's autovacuum gives deleted rows' space back."""
        return True

    def reclaim_later(self) -> None:
        """Nothing to do: PostgreSQL's autovacuum gives deleted rows' space back."""

    async def idle(self) -> None:
        await self._upkeep.idle()

    async def close(self) -> None:
        if self._closed:
            return
        await self._upkeep.cut()
        async with self._write_lock:
            self._closed = True
            await self._pool.close()


async def _rollback(conn: asyncpg.Connection) -> None:
    try:
        await conn.execute("ROLLBACK")
    except (asyncpg.PostgresError, OSError):
        logger.exception("Rollback of the write transaction failed")


def pg_migrations() -> list[tuple[int, Path]]:
    """PostgreSQL's migrations: the baseline (the whole schema of SQLite's versions 1-10, as
    PostgreSQL spells it), then one file per later version: `postgresql/NNNN_*.sql` where the
    engines need different SQL, else the shared `NNNN_*.sql` (which must then suit both)."""
    own = {int(p.name[:4]): p for p in PG_MIGRATIONS_DIR.glob("*.sql") if _MIGRATION_NAME.match(p.name)}
    shared = {int(p.name[:4]): p for p in MIGRATIONS_DIR.glob("*.sql") if _MIGRATION_NAME.match(p.name)}
    baseline = min(own)
    found: list[tuple[int, Path]] = [(baseline, own[baseline])]
    for version in range(baseline + 1, max(shared) + 1):
        path = own.get(version) or shared.get(version)
        if path is None:
            raise MigrationError(f"no migration {version:04d} for postgresql")
        found.append((version, path))
    return found
