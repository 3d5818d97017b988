"""Slow database upkeep that runs after the caller returns (purges, giving space back), for both engines.

Why tracked tasks: a handler must not wait seconds for a purge, yet a shutdown must be able to wait for
the upkeep or cut it (what it leaves behind is hidden, and the start-up clean-up finishes it).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)


class Upkeep:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, work: Callable[[], Awaitable[None]], name: str) -> None:
        """Run `work` in the background; a failure is logged, never raised."""

        async def run() -> None:
            try:
                await work()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Database upkeep %s failed", name, exc_info=True)

        task = asyncio.create_task(run(), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def running(self, name: str) -> bool:
        return any(task.get_name() == name for task in self._tasks)

    async def idle(self) -> None:
        """Until every piece of upkeep is done (tests, and a shutdown that has time for it)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def cut(self) -> None:
        """Cancel what still runs and wait for it to end."""
        for task in list(self._tasks):
            task.cancel()
        await self.idle()
