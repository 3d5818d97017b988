"""Long polling that never loses an update: an update is confirmed to Telegram only once its handler
has finished.

Why not aiogram's `start_polling`: it confirms a batch (the next getUpdates' offset) as soon as the
batch is handed to handler tasks, so an update whose handler a stop or a crash cut off is gone for
good. Here the offset never passes an update whose handler still runs: after a kill -9 or a shutdown
that had to cut a handler, Telegram delivers that update again at the next start. Update ids only
grow, so an update below the highest one started was started already: when it comes again (its
handler, or an older one's, was still running when the poll went out) it is skipped.
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

logger = logging.getLogger(__name__)

REQUEST_MARGIN = 10  # seconds more before our side gives up on a hung getUpdates (bot.session: 5)
BUSY_PAUSE = 0.2  # between polls that return only updates still being handled
BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # after failed polls


class Poller:
    def __init__(self, dp: Dispatcher, bot: Bot, *, polling_timeout: int = POLLING_TIMEOUT_SECONDS) -> None:
        self.dp = dp
        self.bot = bot
        self.polling_timeout = polling_timeout
        self._running: dict[int, asyncio.Task[Any]] = {}
        self._cut: set[int] = set()  # handlers cancelled before they finished: never confirmed
        self._next = 0  # one more than the highest update id started
        self._confirmed = 0  # the offset Telegram was last given

    @property
    def offset(self) -> int:
        """Telegram may forget every update below this: all of them finished."""
        unfinished = self._running.keys() | self._cut
        return min(unfinished) if unfinished else self._next

    @property
    def running(self) -> int:
        return len(self._running)

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and start a task per new update until `stop` is set."""
        allowed = self.dp.resolve_used_update_types()
        failures = 0
        while not stop.is_set():
            request = GetUpdates(
                offset=self.offset or None, timeout=self.polling_timeout, allowed_updates=allowed
            )
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
            self._confirmed = request.offset or 0
            fresh = [u for u in updates if u.update_id >= self._next]
            for update in fresh:
                self._start(update)
            if not fresh and self._running:
                # Telegram answers at once with the updates still being handled: wait a little.
                await asyncio.wait(
                    list(self._running.values()), timeout=BUSY_PAUSE, return_when=asyncio.FIRST_COMPLETED
                )

    def _start(self, update: Update) -> None:
        self._next = max(self._next, update.update_id + 1)
        task = asyncio.create_task(self._handle(update), name=f"update:{update.update_id}")
        self._running[update.update_id] = task

    async def _handle(self, update: Update) -> None:
        try:
            await self.dp.feed_update(self.bot, update)
        except asyncio.CancelledError:
            self._cut.add(update.update_id)  # Telegram must deliver it again
            raise
        except Exception:
            logger.exception("Update %s was not handled", update.update_id)
        finally:
            del self._running[update.update_id]

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109
        """Wait for running handlers; cancel those still running after `timeout` (they are not
        confirmed, so Telegram delivers them again at the next start). Returns how many were cut."""
        if not self._running:
            return 0
        logger.info("Waiting for %d handler(s) to finish", len(self._running))
        _, pending = await asyncio.wait(list(self._running.values()), timeout=max(timeout, 0))
        for task in pending:
            task.cancel()
        if pending:
            logger.warning(
                "%d handler(s) cut at shutdown; Telegram will deliver their updates again", len(pending)
            )
            await asyncio.wait(pending, timeout=2.0)
        return len(pending)

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
