"""Long polling that never loses an update: Telegram is told an update is done (the next getUpdates'
offset passes it) only once its handler finished, or once the update is parked in the database
(bot.updates).

Why not aiogram's `start_polling`: it confirms a batch as soon as the batch is handed to handler
tasks, so an update whose handler a stop or a crash cut off is gone for good. Here the offset never
passes an update that is neither finished nor parked: after a kill -9, or a shutdown that had to cut a
handler, Telegram delivers that update again, and a parked one is handled again from the database.
While the offset waits for a handler, every poll comes back at once with that update, so a slow one
is parked and the polls go on. Update ids only grow: an update below the highest one started was
started already and is skipped when it comes again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update

from bot.session import POLLING_TIMEOUT_SECONDS
from bot.updates import PARK_AFTER, UpdateRunner
from storage.parked_updates import ParkedUpdates

logger = logging.getLogger(__name__)

REQUEST_MARGIN = 10  # seconds more before our side gives up on a hung getUpdates (bot.session: 5)
BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # after failed polls

__all__ = ["PARK_AFTER", "Poller"]


class Poller:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        parking: ParkedUpdates,
        *,
        polling_timeout: int = POLLING_TIMEOUT_SECONDS,
        runner: UpdateRunner | None = None,
    ) -> None:
        self.dp = dp
        self.bot = bot
        self.runner = runner or UpdateRunner(dp, bot, parking)
        self.polling_timeout = polling_timeout
        self._next = 0  # one more than the highest update id received from Telegram
        self._confirmed = 0  # the offset Telegram was last given

    @property
    def offset(self) -> int:
        """Telegram may forget every update below this: each finished or is parked."""
        runner = self.runner
        unfinished = (runner.running.keys() - runner.parked) | runner.cut
        return min(unfinished) if unfinished else self._next

    @property
    def running(self) -> int:
        return len(self.runner.running)

    async def replay(self) -> int:
        """Start the updates an earlier process parked and never finished; returns how many."""
        return await self.runner.replay()

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and start a task per new update until `stop` is set."""
        allowed = self.dp.resolve_used_update_types()
        failures = 0
        while not stop.is_set():
            offset = self.offset
            request = GetUpdates(offset=offset or None, timeout=self.polling_timeout, allowed_updates=allowed)
            try:
                updates = await _unless_stopped(
                    self.bot(request, request_timeout=self.polling_timeout + REQUEST_MARGIN), stop
                )
            except Exception as exc:  # network, 5xx, a proxy's HTML page…: keep polling
                delay = BACKOFF[min(failures, len(BACKOFF) - 1)]
                failures += 1
                logger.warning(
                    "Failed to fetch updates (%s: %s); retrying in %.1f s", type(exc).__name__, exc, delay
                )
                await _sleep_unless(stop, delay)
                continue
            if updates is None:  # stopped while waiting
                return
            if failures:
                logger.info("Fetching updates again after %d failure(s)", failures)
                failures = 0
            self._confirmed = offset
            started = self._start(updates)
            if not started and self.offset == offset:
                # Telegram answered at once with updates still being handled: give them a moment to
                # end, then park those that are slow, so that the next poll waits for new updates.
                await self._settle_or_park()

    def _start(self, updates: list[Update]) -> bool:
        """Launch the updates not started yet; whether there were any."""
        replayed = self.runner.replayed
        fresh = [u for u in updates if u.update_id >= self._next and u.update_id not in replayed]
        for update in updates:
            self._next = max(self._next, update.update_id + 1)
        for update in fresh:
            self.runner.launch(update)
        return bool(fresh)

    async def _settle_or_park(self) -> None:
        holding = self.runner.holding()
        if not holding:
            return
        await asyncio.wait(holding, timeout=PARK_AFTER, return_when=asyncio.FIRST_COMPLETED)
        if not await self.runner.park_slow():  # the offset then waits for them, as without parking
            await asyncio.wait(holding, timeout=0.2, return_when=asyncio.FIRST_COMPLETED)

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109
        """See UpdateRunner.drain."""
        return await self.runner.drain(timeout)

    async def confirm(self, timeout: float = 3.0) -> None:  # noqa: ASYNC109
        """Tell Telegram which updates are done (a getUpdates that takes nothing new), so finished
        ones are not delivered again after the restart."""
        offset = self.offset
        if offset <= self._confirmed:
            return
        try:
            await asyncio.wait_for(self.bot(GetUpdates(offset=offset, limit=1, timeout=0)), timeout)
        except Exception as exc:  # the next start may then answer a finished update once more
            logger.warning("Could not confirm handled updates: %s: %s", type(exc).__name__, exc)
        else:
            self._confirmed = offset


async def _unless_stopped(work: Any, stop: asyncio.Event) -> Any:
    """The result of `work`, or None when `stop` is set first (then `work` is cancelled)."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if task.done():
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task
    return None


async def _sleep_unless(stop: asyncio.Event, delay: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), delay)
