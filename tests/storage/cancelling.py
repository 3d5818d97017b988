"""Cancel a task at a chosen statement of the database writer (tests of cancellation safety)."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from storage.db import Database


class CancelAt:
    """Cancels a task while the `target`-th statement sent to the writer thread is awaited.

    The victim is the task running the transaction, or (`inner`) whichever task awaits the statement.
    aiosqlite runs a statement in its thread even when the awaiting task is cancelled; `lag` delays the
    statement there, so it completes only after the cancellation was seen (the race of /cancel).
    """

    def __init__(self, db: Database, target: int, lag: float, *, inner: bool) -> None:
        self.calls = 0
        self.target = target
        self.lag = lag
        self.inner = inner
        self.victim: asyncio.Task[Any] | None = None
        self._conn = db._writer
        self._original = self._conn._execute
        self._conn._execute = self._execute  # type: ignore[method-assign]

    def remove(self) -> None:
        self._conn._execute = self._original  # type: ignore[method-assign]

    async def _execute(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls == self.target:
            victim = asyncio.current_task() if self.inner else self.victim
            assert victim is not None
            asyncio.get_running_loop().call_soon(victim.cancel)
            if self.lag:

                def late(*a: Any, **kw: Any) -> Any:
                    time.sleep(self.lag)
                    return fn(*a, **kw)

                return await self._original(late, *args, **kwargs)
        return await self._original(fn, *args, **kwargs)
