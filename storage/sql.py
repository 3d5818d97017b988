"""What the repositories need of a database, whichever engine is behind it.

Why protocols and not SQLAlchemy: the repositories are written in plain SQL that both SQLite and
PostgreSQL accept (`?` placeholders, `ON CONFLICT`, `RETURNING`, `IS DISTINCT FROM`); the PostgreSQL
driver (storage.pg) numbers the placeholders and runs it through asyncpg. The few places where the
engines really differ (text search, string aggregation, bulk loading) ask `db.dialect`.
aiosqlite's own connection and cursor satisfy these protocols unchanged.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterable
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal, Protocol

Dialect = Literal["sqlite", "postgresql"]


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    async def fetchone(self) -> Any: ...

    async def fetchall(self) -> Iterable[Any]: ...

    def __aiter__(self) -> AsyncIterator[Any]: ...


class Statement(Protocol):
    """A statement being run: `await` it for its cursor, or `async with` it."""

    def __await__(self) -> Generator[Any, None, Cursor]: ...

    async def __aenter__(self) -> Cursor: ...

    async def __aexit__(self, kind: Any, error: Any, trace: Any) -> Any: ...


class Connection(Protocol):
    """The connection a write transaction hands out (`async with db.transaction() as conn`)."""

    @property
    def execute(self) -> Callable[..., Statement]: ...

    @property
    def executemany(self) -> Callable[..., Awaitable[Any]]: ...

    @property
    def execute_fetchall(self) -> Callable[..., Awaitable[Iterable[Any]]]: ...


class ReadQuery(Protocol):
    async def __aenter__(self) -> Cursor: ...

    async def __aexit__(self, kind: Any, error: Any, trace: Any) -> Any: ...


class Reader(Protocol):
    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> ReadQuery: ...

    async def fetch_all(self, sql: str, parameters: Iterable[Any] | None = None) -> list[Any]:
        """Every row of one query, in one round trip."""


class Database(Protocol):
    """One database: SELECTs through `reader`, every write inside `transaction()` or one `write()`."""

    dialect: Dialect
    transactions: int

    @property
    def reader(self) -> Reader: ...

    def transaction(self) -> AbstractAsyncContextManager[Connection]: ...

    async def write(self, sql: str, parameters: Iterable[Any] = ()) -> list[Any]:
        """One statement as its own write transaction, in as few round trips as the engine allows."""

    async def schema_version(self) -> int: ...

    def in_background(self, work: Callable[[], Awaitable[None]], name: str) -> None: ...

    async def reclaim(self) -> bool: ...

    def reclaim_later(self) -> None: ...

    async def idle(self) -> None: ...

    async def close(self) -> None: ...
