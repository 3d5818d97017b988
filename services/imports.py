"""Flow A's bookkeeping: how many checks run, whose check is running or saving, and the janitor.

Why it exists apart from the pipeline (services.checks): these are the per-process facts that the
handlers of several steps ask about (is a newer file being checked? are this stage's rows saved
yet?), and the shutdown needs one place to stop them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from services import metrics
from services.coordination import Coordinator, InProcess, Lease
from services.health import sandbox_reads
from sheets.model import SandboxLimits
from storage.import_checks import ImportCheck, ImportChecksRepo
from storage.imports import ImportsRepo
from storage.lists import ClientList

logger = logging.getLogger(__name__)

JANITOR_EVERY = 3600.0  # seconds between stale-stage clean-ups
SAVE_WAIT = 60.0  # seconds a button waits for a stage's rows being saved (the longest save: ~10 s)
SAVE_POLL = 0.05  # seconds between looks at a stage another instance saves
OnDead = Callable[[ImportCheck], Awaitable[None]]


def _cancels(owner_id: int) -> str:
    return f"check-cancel:{owner_id}"  # bumped by /cancel, /new, the Cancel button


def _checks(owner_id: int) -> str:
    return f"check:{owner_id}"  # bumped by every check that starts: the older ones stop


def _lease(owner_id: int, message_id: int) -> str:
    return f"check-run:{owner_id}:{message_id}"  # held while the check shown there runs


@dataclass(frozen=True, slots=True)
class ImportConfig:
    """The settings flow A needs (built from bot.settings.Settings by the composition root)."""

    max_file_mb: int = 20
    limits: SandboxLimits = field(default_factory=SandboxLimits)
    default_region: str | None = None
    max_concurrent: int = 2
    stage_ttl: timedelta = timedelta(hours=24)

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


class Stopping(Exception):
    """The bot is shutting down: no new check starts (a queued one is told to send the file again)."""


class ImportJobs:
    """Per-dispatcher bookkeeping of running checks and the stale-stage janitor.

    A check has two phases: checking (download + validation, holding one of N slots) and saving (the
    summary is already shown while the rows are written). Buttons pressed while saving wait for it.

    Across instances (`coordinator`, services.coordination): a cancel or a newer check of the same
    manager is a bump that stops the check wherever it runs, and a running check holds a lease, so a
    start-up elsewhere reports only checks whose instance died.
    """

    def __init__(
        self, config: ImportConfig, checks: ImportChecksRepo, coordinator: Coordinator | None = None
    ) -> None:
        self.config = config
        self.checks = checks
        self.coordinator: Coordinator = coordinator or InProcess()
        self._leases: dict[tuple[int, int], Lease] = {}
        self._reaper: asyncio.Task[None] | None = None
        self.stopping = False  # the bot is shutting down: a cancelled check was cut off, not stopped
        self._slots = asyncio.Semaphore(config.max_concurrent)
        self._running: dict[int, asyncio.Task[Any]] = {}
        self._saving: dict[int, tuple[int, asyncio.Event]] = {}  # owner → (stage id, saved)
        self._janitor: asyncio.Task[None] | None = None
        self.queued = 0  # checks waiting for a slot
        self.checking = 0  # checks holding one
        metrics.watch_checks(lambda: self.checking, lambda: self.queued)

    def busy(self, owner_id: int) -> bool:
        """A check runs whose summary is not shown yet."""
        task = self._running.get(owner_id)
        return task is not None and not task.done() and owner_id not in self._saving

    def cancel_here(self, owner_id: int) -> bool:
        """Stop the manager's check running in this process, if any (it removes its half-written stage
        itself)."""
        task = self._running.get(owner_id)
        if task is None or task.done() or task is asyncio.current_task():
            return False
        task.cancel()
        return True

    async def cancel(self, owner_id: int) -> None:
        """Stop the manager's check wherever it runs, also one whose file was taken but whose check has
        not started yet (it sees the cancel when it starts)."""
        self.cancel_here(owner_id)
        try:
            await self.coordinator.bump(_cancels(owner_id))
        except Exception as exc:  # Redis away: this process's check is stopped at least
            logger.warning("Could not send the cancel to other instances: %s", type(exc).__name__)

    async def seen(self, owner_id: int) -> int | None:
        """Read when a file is taken: a cancel after this stops its check (None: unknown)."""
        try:
            return await self.coordinator.generation(_cancels(owner_id))
        except Exception as exc:
            logger.warning("Could not read the cancels of other instances: %s", type(exc).__name__)
            return None

    async def supersede(self, owner_id: int) -> int | None:
        """A newer check of the manager begins: older ones stop, here and on other instances."""
        self.cancel_here(owner_id)
        try:
            return await self.coordinator.bump(_checks(owner_id))
        except Exception as exc:
            logger.warning("Could not stop older checks elsewhere: %s", type(exc).__name__)
            return None

    @asynccontextmanager
    async def track(self, owner_id: int, seen: int | None = None) -> AsyncIterator[None]:
        """One check per manager: a newer one (on any instance) stops the older, and so does a cancel
        after `seen` (see `seen()`)."""
        task = asyncio.current_task()
        assert task is not None
        mine = await self.supersede(owner_id)
        self._running[owner_id] = task

        def stop() -> None:
            if not task.done():
                task.cancel()  # the current task too: a cancel that came before the check started

        unwatch = []
        try:
            if mine is not None:
                unwatch.append(await self.coordinator.watch(_checks(owner_id), mine, stop))
            if seen is not None:
                unwatch.append(await self.coordinator.watch(_cancels(owner_id), seen, stop))
        except Exception as exc:
            logger.warning("Cancels from other instances will not reach this check: %s", type(exc).__name__)
        try:
            yield
        finally:
            for forget in unwatch:
                forget()
            if self._running.get(owner_id) is task:
                del self._running[owner_id]
                saving = self._saving.pop(owner_id, None)
                if saving is not None:
                    saving[1].set()

    @asynccontextmanager
    async def slot(self, on_queued: Callable[[], Awaitable[None]]) -> AsyncIterator[None]:
        """At most N validations at once; `on_queued` tells a waiting manager why nothing happens.
        Raises Stopping when the bot is shutting down, before or after the wait."""
        if self.stopping:
            raise Stopping
        self.queued += 1
        try:
            if self._slots.locked():
                await on_queued()
            await self._slots.acquire()
        finally:
            self.queued -= 1
        self.checking += 1
        started = time.perf_counter()
        try:
            if self.stopping:
                raise Stopping
            yield
        finally:
            self.checking -= 1
            self._slots.release()
            metrics.CHECK_SECONDS.observe(time.perf_counter() - started)

    def saving(self, owner_id: int, list_id: int) -> None:
        self._saving[owner_id] = (list_id, asyncio.Event())

    async def wait_saved(self, owner_id: int, list_id: int, timeout: float = 60.0) -> None:  # noqa: ASYNC109
        """If stage `list_id` is still being written, wait until it is (or failed)."""
        entry = self._saving.get(owner_id)
        if entry is not None and entry[0] == list_id:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(entry[1].wait(), timeout)

    async def saved_stage(
        self,
        imports: ImportsRepo,
        owner_id: int,
        list_id: int,
        *,
        timeout: float = SAVE_WAIT,  # noqa: ASYNC109
    ) -> ClientList | None:
        """Stage `list_id` once its rows are saved; None when gone, someone else's, or still not saved
        after `timeout`. With several instances the summary's button may reach one that did not check
        the file: that one waits on the database while the stage is 'loading'."""
        await self.wait_saved(owner_id, list_id, timeout)
        deadline = asyncio.get_running_loop().time() + timeout
        while (stage := await imports.get_stage(owner_id, list_id)) is None:
            if asyncio.get_running_loop().time() >= deadline or not await imports.is_loading(
                owner_id, list_id
            ):
                return None
            await asyncio.sleep(SAVE_POLL)
        return stage

    def start_janitor(self, imports: ImportsRepo) -> None:
        """Periodic stale-stage clean-up, and the sandbox started now rather than by the first upload."""
        if self._janitor is None or self._janitor.done():
            self._janitor = asyncio.create_task(_janitor(imports, self.config), name="stale-stages")

    async def started(self, owner_id: int, chat_id: int, message_id: int, file_name: str) -> None:
        """Record the check shown in `message_id`, under its lease (taken first: a start-up elsewhere
        never sees the record without it); a failure only loses the restart notice."""
        try:
            lease = await self.coordinator.acquire(_lease(owner_id, message_id))
            if lease is not None:
                self._leases[(owner_id, message_id)] = lease
        except Exception as exc:
            logger.warning("Could not take the lease of a check: %s", type(exc).__name__)
        try:
            await self.checks.record(owner_id, chat_id, message_id, file_name)
        except Exception:
            logger.warning("Could not record the check of %r", file_name, exc_info=True)

    async def ended(self, owner_id: int, message_id: int) -> None:
        try:
            await self.checks.clear(owner_id, message_id)
        except Exception:  # the next start will tell the manager the check was interrupted
            logger.warning("Could not clear the check in message %s", message_id, exc_info=True)
        lease = self._leases.pop((owner_id, message_id), None)
        if lease is not None:
            await lease.release()

    async def interrupted(self) -> list[ImportCheck]:
        """Recorded checks that no instance runs any more (stopped, killed, crashed): not this one's,
        no live lease, and not being reported by another instance."""
        try:
            dead = []
            for check in await self.checks.leftovers():
                key = (check.owner_id, check.message_id)
                name = _lease(*key)
                if key in self._leases or await self.coordinator.held(name):
                    continue
                if await self.coordinator.mark_once(f"reported:{name}"):
                    dead.append(check)
            return dead
        except Exception:
            logger.exception("Could not read the interrupted checks")
            return []

    async def others_checking(self) -> bool:
        """Some instance runs a check (its stage may be loading); True when that can't be known."""
        try:
            return await self.coordinator.any_held("check-run:")
        except Exception as exc:
            logger.warning("Could not ask other instances about their checks: %s", type(exc).__name__)
            return True

    def start_reaper(self, imports: ImportsRepo, on_dead: OnDead) -> None:
        """With other instances: every lease TTL, report the checks of instances that died since the
        start-up (or whose leases had not expired yet then), and remove the stages they left loading."""
        if self.coordinator.shared and (self._reaper is None or self._reaper.done()):
            self._reaper = asyncio.create_task(self._reap(imports, on_dead), name="dead-checks")

    async def _reap(self, imports: ImportsRepo, on_dead: OnDead) -> None:
        while True:
            await asyncio.sleep(self.coordinator.lease_ttl)
            try:
                dead = await self.interrupted()
                for check in dead:
                    await on_dead(check)
                if dead and not await self.others_checking():
                    await imports.cleanup(self.config.stage_ttl, orphans=True)
            except Exception:
                logger.exception("Reporting the checks of stopped instances failed")

    def begin_stop(self) -> None:
        """Shutdown, first step: no check starts any more, and checks still reading or validating a file
        are cut (their managers are told to send the file again). Checks whose summary is shown are
        saving their rows: they may finish within the shutdown's grace."""
        self.stopping = True
        for owner_id, task in list(self._running.items()):
            if owner_id not in self._saving and not task.done():
                task.cancel()

    async def stop(self) -> None:
        self.begin_stop()
        if self._reaper is not None:
            self._reaper.cancel()
            self._reaper = None
        for key in list(self._leases):  # checks not ended: the next start-up (here or elsewhere) tells
            await self._leases.pop(key).release()
        if self._janitor is not None:
            self._janitor.cancel()
            # The janitor may be in its sandbox warm-up, whose forkserver the same signal killed.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._janitor
            self._janitor = None


async def _janitor(imports: ImportsRepo, config: ImportConfig) -> None:
    await _warm_up(config)
    every = min(JANITOR_EVERY, config.stage_ttl.total_seconds() / 4)
    while True:
        await asyncio.sleep(every)
        try:
            await imports.cleanup(config.stage_ttl)
        except Exception:
            logger.exception("Stale-stage clean-up failed")


async def _warm_up(config: ImportConfig) -> None:
    """Read a tiny file in the sandbox: starts its forkserver (an interpreter + preloaded validators,
    about a second) before any manager waits for it."""
    started = time.perf_counter()
    problem = await sandbox_reads(config.limits)
    if problem is not None:
        logger.warning("Sandbox warm-up failed: %s", problem)
        return
    logger.info("Sandbox ready in %.2f s", time.perf_counter() - started)
