"""Handling updates so that none is lost, whoever delivers them (long polling or a webhook).

An update counts as done for Telegram only once its handler finished, or once it is parked in the
database: a handler still running after PARK_AFTER seconds is parked (one short write), so the poll's
offset can move on, or the webhook request can be answered, without waiting for slow work. A parked
update left by a stop or a crash is handled again at the next start (`replay`); fast handlers, nearly
all, cost no write.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.types import Update

from services import metrics
from storage.parked_updates import ParkedUpdates

logger = logging.getLogger(__name__)

PARK_AFTER = 0.05  # a handler still running after this long is parked


class UpdateRunner:
    """One task per update; knows which are running, parked, replayed and cut."""

    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        parking: ParkedUpdates,
        *,
        on_done: Callable[[int], None] | None = None,
    ) -> None:
        self.dp = dp
        self.bot = bot
        self.parking = parking
        self.on_done = on_done  # called with the id of each update whose handler ended (not cut)
        self.running: dict[int, asyncio.Task[Any]] = {}
        self._updates: dict[int, Update] = {}  # of the running handlers, to park them
        self._started: dict[int, float] = {}
        self.parked: set[int] = set()  # in the database: Telegram may forget them
        self.replayed: set[int] = set()  # parked by an earlier process, handled again at this start
        self.cut: set[int] = set()  # cancelled before they finished, not parked: never confirmed

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
            self.replayed.add(update_id)
            self.parked.add(update_id)
            self.launch(update)
            count += 1
        if count:
            logger.info("Handling %d update(s) again that a stop or a crash cut off", count)
        return count

    def launch(self, update: Update) -> asyncio.Task[Any]:
        task = asyncio.create_task(self._handle(update), name=f"update:{update.update_id}")
        self.running[update.update_id] = task
        self._updates[update.update_id] = update
        self._started[update.update_id] = time.monotonic()
        return task

    async def _handle(self, update: Update) -> None:
        update_id = update.update_id
        cut = failed = False
        started = time.monotonic()
        try:
            await self.dp.feed_update(self.bot, update)
        except asyncio.CancelledError:
            cut = True  # a parked one stays in the database; another one is not confirmed
            if update_id not in self.parked:
                self.cut.add(update_id)
            raise
        except Exception:
            failed = True
            logger.exception("Update %s was not handled", update_id)
        finally:
            try:
                if not cut and update_id in self.parked:
                    with contextlib.suppress(Exception):  # at worst handled once more after a restart
                        await asyncio.shield(self.parking.unpark(update_id))
                    self.parked.discard(update_id)
                    self.replayed.discard(update_id)
            finally:
                del self.running[update_id]
                del self._updates[update_id]
                del self._started[update_id]
                if not cut:
                    _count(update, time.monotonic() - started, failed)
                    if self.on_done is not None:
                        self.on_done(update_id)

    def holding(self) -> list[asyncio.Task[Any]]:
        """Running handlers that are not parked: Telegram must not forget their updates yet."""
        return [task for uid, task in self.running.items() if uid not in self.parked]

    async def park_slow(self, only: Iterable[int] | None = None) -> bool:
        """Park the unparked handlers running for PARK_AFTER or longer (of `only`, if given).
        False when parking failed (then their updates must stay unconfirmed)."""
        now = time.monotonic()
        wanted = None if only is None else set(only)
        slow = [
            (uid, update)
            for uid, update in self._updates.items()
            if uid not in self.parked
            and (wanted is None or uid in wanted)
            and now - self._started[uid] >= PARK_AFTER
        ]
        if not slow:
            return True
        try:
            await self.parking.park(
                [(uid, update.model_dump_json(exclude_unset=True)) for uid, update in slow]
            )
        except Exception as exc:
            logger.warning("Could not park %d update(s): %s: %s", len(slow), type(exc).__name__, exc)
            return False
        # A handler that ended while the rows were written found nothing to unpark: remove its row now,
        # or the next start would handle its update once more.
        ended = [uid for uid, _ in slow if uid not in self.running]
        self.parked.update(uid for uid, _ in slow if uid in self.running)
        metrics.PARKED.inc(len(slow))
        for uid in ended:
            with contextlib.suppress(Exception):  # at worst handled once more after a restart
                await self.parking.unpark(uid)
        logger.info("Parked %d slow update(s): %s", len(slow), [uid for uid, _ in slow])
        return True

    async def drain(self, timeout: float) -> int:  # noqa: ASYNC109
        """Wait for running handlers; cancel those still running after `timeout` (parked ones are
        handled again from the database at the next start, others delivered again by Telegram).
        Returns how many were cut."""
        if not self.running:
            return 0
        logger.info("Waiting for %d handler(s) to finish", len(self.running))
        _, pending = await asyncio.wait(list(self.running.values()), timeout=max(timeout, 0))
        for task in pending:
            task.cancel()
        if pending:
            logger.warning("%d handler(s) cut at shutdown; their updates will be handled again", len(pending))
            await asyncio.wait(pending, timeout=2.0)
        return len(pending)


def _count(update: Update, seconds: float, failed: bool) -> None:
    try:
        kind = update.event_type
    except Exception:  # an update of a type this aiogram does not know
        kind = "unknown"
    metrics.UPDATES.labels(kind, "error" if failed else "ok").inc()
    metrics.UPDATE_SECONDS.observe(seconds)
