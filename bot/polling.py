"""Long polling that never loses an update: Telegram is told an update is done (the next getUpdates'
offset passes it) only once its handler finished, or once the update is parked in the database.

Why not aiogram's `start_polling`: it confirms a batch as soon as the batch is handed to handler
tasks, so an update whose handler a stop or a crash cut off is gone for good. Here the offset never
passes an update that is neither finished nor parked: after a kill -9, or a shutdown that had to cut a
handler, Telegram delivers that update again, and a parked one is handled again from the database.

Why parking: while the offset waits for a handler, every poll comes back at once with that update, so
one slow handler (a button that waits for rows being saved, a hung request) would hold the polls of
every user back. A handler still running after PARK_AFTER seconds is parked (one short write); fast
handlers, nearly all, cost no write. Update ids only grow: an update below the highest one started
was started already and is skipped when it comes again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update

from bot.session import POLLING_TIMEOUT_SECONDS
from storage.parked_updates import ParkedUpdates

logger = logging.getLogger(__name__)

REQUEST_MARGIN = 10  # seconds more before our side gives up on a hung getUpdates (bot.session: 5)
PARK_AFTER = 0.05  # a handler still running after this long is parked, and the polls go on
BACKOFF = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)  # after failed polls


class Poller:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        parking: ParkedUpdates,
        *,
        polling_timeout: int = POLLING_TIMEOUT_SECONDS,
    ) -> None:
        self.dp = dp
        self.bot = bot
        self.parking = parking
        self.polling_timeout = polling_timeout
        self._running: dict[int, asyncio.Task[Any]] = {}
        self._updates: dict[int, Update] = {}  # of the running handlers, to park them
        self._started: dict[int, float] = {}
        self._parked: set[int] = set()  # in the database: the offset may pass them
        self._replayed: set[int] = set()  # parked by an earlier process, handled again at this start
        self._cut: set[int] = set()  # cancelled before they finished, not parked: never confirmed
        self._next = 0  # one more than the highest update id received from Telegram
        self._confirmed = 0  # the offset Telegram was last given

    @property
    def offset(self) -> int:
        """Telegram may forget every update below this: each finished or is parked."""
        unfinished = (self._running.keys() - self._parked) | self._cut
        return min(unfinished) if unfinished else self._next

    @property
    def running(self) -> int:
        return len(self._running)

    async def replay(self) -> int:
        """Start the updates an earlier process parked and never finished; returns how many."""
        count = 0
        for update_id, payload in await self.parking.leftovers():
            try:
                update = Update.model_validate_json(payload)
            except ValueError:
                logger.warning("Parked update %s is not readable; dropped", update_id)
                await self.parking.unpark(update_id)
                continue
            self._replayed.add(update_id)
            self._parked.add(update_id)
            self._launch(update)
            count += 1
        if count:
            logger.info("Handling %d update(s) again that a stop or a crash cut off", count)
        return count

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
            fresh = [u for u in updates if u.update_id >= self._next and u.update_id not in self._replayed]
            for update in updates:
                self._next = max(self._next, update.update_id + 1)
            for update in fresh:
                self._launch(update)
            if not fresh and self.offset == offset:
                # Telegram answered at once with updates still being handled: give them a moment to
                # end, then park those that are slow, so that the next poll waits for new updates.
                await self._settle_or_park()

    def _launch(self, update: Update) -> None:
        task = asyncio.create_task(self._handle(update), name=f"update:{update.update_id}")
        self._running[update.update_id] = task
        self._updates[update.update_id] = update
        self._started[update.update_id] = time.monotonic()

    async def _handle(self, update: Update) -> None:
        update_id = update.update_id
        cut = False
        try:
            await self.dp.feed_update(self.bot, update)
        except asyncio.CancelledError:
            cut = True  # a parked one stays in the database; another one is not confirmed
            if update_id not in self._parked:
                self._cut.add(update_id)
            raise
        except Exception:
            logger.exception("Update %s was not handled", update_id)
        finally:
            try:
                if not cut and update_id in self._parked:
                    with contextlib.suppress(Exception):  # at worst handled once more after a restart
                        await asyncio.shield(self.parking.unpark(update_id))
                    self._parked.discard(update_id)
                    self._replayed.discard(update_id)
            finally:
                del self._running[update_id]
                del self._updates[update_id]
                del self._started[update_id]

    async def _settle_or_park(self) -> None:
        holding = [task for uid, task in self._running.items() if uid not in self._parked]
        if not holding:
            return
        await asyncio.wait(holding, timeout=PARK_AFTER, return_when=asyncio.FIRST_COMPLETED)
        now = time.monotonic()
        slow = [
            (uid, update)
            for uid, update in self._updates.items()
            if uid not in self._parked and now - self._started[uid] >= PARK_AFTER
        ]
        if not slow:
            return
        try:
            await self.parking.park(
                [(uid, update.model_dump_json(exclude_unset=True)) for uid, update in slow]
            )
        except Exception as exc:  # the offset then waits for them, as without parking
            logger.warning("Could not park %d update(s): %s: %s", len(slow), type(exc).__name__, exc)
            await asyncio.wait(holding, timeout=0.2, return_when=asyncio.FIRST_COMPLETED)
            return
        self._parked.update(uid for uid, _ in slow if uid in self._running)
        logger.info("Parked %d slow update(s): %s", len(slow), [uid for uid, _ in slow])
        # A handler that ended while its update was being written down did not unpark it (it was not
        # in _parked yet): without this the next start would handle that update a second time.
        for uid in [uid for uid, _ in slow if uid not in self._running]:
            with contextlib.suppress(Exception):  # at worst handled once more after a restart
                await self.parking.unpark(uid)

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109
        """Wait for running handlers; cancel those still running after `timeout` (parked ones are
        handled again from the database at the next start, others delivered again by Telegram).
        Returns how many were cut."""
        if not self._running:
            return 0
        logger.info("Waiting for %d handler(s) to finish", len(self._running))
        _, pending = await asyncio.wait(list(self._running.values()), timeout=max(timeout, 0))
        for task in pending:
            task.cancel()
        if pending:
            logger.warning("%d handler(s) cut at shutdown; their updates will be handled again", len(pending))
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
