"""Reads that a cancellation cannot leave open.

aiosqlite runs each statement in its connection's thread. A task cancelled while it awaits `execute()`
stops waiting, but the statement still runs and its cursor, never closed, keeps the statement active:
SQLite then holds that read transaction open, and every later SELECT on the connection sees the
snapshot of that moment (WAL), not later commits. A cancelled read (a shutdown, /cancel, a hung
request given up) made the bot read old data until the next restart. Here an abandoned query's cursor
is closed as soon as its statement returns, and the next query waits for that first.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable
from types import TracebackType
from typing import Any

import aiosqlite


class Reader:
    """The read connection; `async with reader.execute(sql, params) as cursor:` as with aiosqlite."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection
        self._abandoned: set[asyncio.Task[None]] = set()

    def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> Query:
        return Query(self, sql, parameters)

    async def fetch_all(self, sql: str, parameters: Iterable[Any] | None = None) -> list[Any]:
        """Every row of one query in one trip to the connection's thread (execute, fetch and close are
        three): what a push's batch of rows is read with. The statement runs to its end there, so a
        cancelled caller leaves no read transaction open."""
        await self.settled()
        pending = asyncio.ensure_future(self.connection.execute_fetchall(sql, parameters))
        try:
            return list(await asyncio.shield(pending))
        except asyncio.CancelledError:
            self.abandon(pending)
            raise

    async def close(self) -> None:
        await self.settled()
        await self.connection.close()

    async def settled(self) -> None:
        """Wait until every abandoned query's cursor is closed."""
        while self._abandoned:
            await asyncio.wait(set(self._abandoned))

    def abandon(self, pending: asyncio.Future[Any]) -> None:
        """`pending` (a statement or a close) goes on without its caller; later queries wait for it."""
        task = asyncio.ensure_future(_close_when_done(pending))
        self._abandoned.add(task)
        task.add_done_callback(self._abandoned.discard)


class Query:
    def __init__(self, reader: Reader, sql: str, parameters: Iterable[Any] | None) -> None:
        self._reader = reader
        self._sql = sql
        self._parameters = parameters
        self._cursor: aiosqlite.Cursor | None = None

    async def __aenter__(self) -> aiosqlite.Cursor:
        await self._reader.settled()
        pending = asyncio.ensure_future(self._reader.connection.execute(self._sql, self._parameters))
        try:
            self._cursor = await asyncio.shield(pending)
        except asyncio.CancelledError:
            self._reader.abandon(pending)
            raise
        return self._cursor

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._cursor is not None:
            closing = asyncio.ensure_future(self._cursor.close())
            try:
                await asyncio.shield(closing)
            except asyncio.CancelledError:
                self._reader.abandon(closing)
                raise


async def _close_when_done(pending: asyncio.Future[Any]) -> None:
    with contextlib.suppress(Exception, asyncio.CancelledError):
        result = await pending
        if isinstance(result, aiosqlite.Cursor):
            await result.close()
