"""Long work that a handler starts and does not wait for (a file check, an export, a report).

Why: updates of one user are handled one at a time (the dispatcher's event isolation), so a handler
that waited for a 3-second check would make the user's /cancel wait for it too. Why tracked: the
shutdown stops taking updates, then gives this work a bounded grace to finish and cuts the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

logger = logging.getLogger(__name__)

OnError = Callable[[BaseException], Awaitable[None]]


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self.stopping = False

    def spawn(
        self, work: Coroutine[Any, Any, Any], *, name: str, on_error: OnError | None = None
    ) -> asyncio.Task[Any]:
        """Run `work` in its own task; an exception is logged and handed to `on_error` (an apology)."""
        task = asyncio.create_task(self._run(work, name, on_error), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    @property
    def running(self) -> int:
        return len(self._tasks)

    async def idle(self) -> None:
        """Until nothing runs (tests; also what a shutdown waits for)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def stop(self, grace: float) -> None:
        """Let running work finish for `grace` seconds, then cancel what is left and wait for it."""
        self.stopping = True
        if not self._tasks:
            return
        logger.info("Waiting up to %.1f s for %d background task(s)", grace, len(self._tasks))
        _, pending = await asyncio.wait(list(self._tasks), timeout=max(grace, 0))
        for task in pending:
            logger.warning("Cancelling background task %s at shutdown", task.get_name())
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=2.0)

    @staticmethod
    async def _run(work: Coroutine[Any, Any, Any], name: str, on_error: OnError | None) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            logger.error("Background task %s failed: %s: %s", name, type(exc).__name__, exc, exc_info=exc)
            if on_error is not None:
                with contextlib.suppress(Exception):
                    await on_error(exc)
