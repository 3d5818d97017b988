"""Flow A's bookkeeping: how many checks run, whose check is running or saving, and the janitor.

Why it exists apart from the pipeline (services.checks): these are the per-process facts that the
handlers of several steps ask about (is a newer file being checked? are this stage's rows saved
yet?), and the shutdown needs one place to stop them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from sheets.errors import SheetError
from sheets.model import SandboxLimits
from sheets.sandbox import read_table_async
from storage.import_checks import ImportCheck, ImportChecksRepo
from storage.imports import ImportsRepo

logger = logging.getLogger(__name__)

JANITOR_EVERY = 3600.0  # seconds between stale-stage clean-ups


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
    """

    def __init__(self, config: ImportConfig, checks: ImportChecksRepo) -> None:
        self.config = config
        self.checks = checks
        self.stopping = False  # the bot is shutting down: a cancelled check was cut off, not stopped
        self._slots = asyncio.Semaphore(config.max_concurrent)
        self._running: dict[int, asyncio.Task[Any]] = {}
        self._saving: dict[int, tuple[int, asyncio.Event]] = {}  # owner → (stage id, saved)
        self._janitor: asyncio.Task[None] | None = None

    def busy(self, owner_id: int) -> bool:
        """A check runs whose summary is not shown yet."""
        task = self._running.get(owner_id)
        return task is not None and not task.done() and owner_id not in self._saving

    def cancel(self, owner_id: int) -> bool:
        """Stop the manager's running check, if any (it removes its half-written stage itself)."""
        task = self._running.get(owner_id)
        if task is None or task.done() or task is asyncio.current_task():
            return False
        task.cancel()
        return True

    @asynccontextmanager
    async def track(self, owner_id: int) -> AsyncIterator[None]:
        """One check per manager: a newer one stops the older."""
        self.cancel(owner_id)
        task = asyncio.current_task()
        assert task is not None
        self._running[owner_id] = task
        try:
            yield
        finally:
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
        if self._slots.locked():
            await on_queued()
        async with self._slots:
            if self.stopping:
                raise Stopping
            yield

    def saving(self, owner_id: int, list_id: int) -> None:
        self._saving[owner_id] = (list_id, asyncio.Event())

    async def wait_saved(self, owner_id: int, list_id: int, timeout: float = 60.0) -> None:  # noqa: ASYNC109
        """If stage `list_id` is still being written, wait until it is (or failed)."""
        entry = self._saving.get(owner_id)
        if entry is not None and entry[0] == list_id:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(entry[1].wait(), timeout)

    def start_janitor(self, imports: ImportsRepo) -> None:
        """Periodic stale-stage clean-up, and the sandbox started now rather than by the first upload."""
        if self._janitor is None or self._janitor.done():
            self._janitor = asyncio.create_task(_janitor(imports, self.config), name="stale-stages")

    async def started(self, owner_id: int, chat_id: int, message_id: int, file_name: str) -> None:
        """Record the check shown in `message_id`; a failure only loses the restart notice."""
        try:
            await self.checks.record(owner_id, chat_id, message_id, file_name)
        except Exception:
            logger.warning("Could not record the check of %r", file_name, exc_info=True)

    async def ended(self, owner_id: int, message_id: int) -> None:
        try:
            await self.checks.clear(owner_id, message_id)
        except Exception:  # the next start will tell the manager the check was interrupted
            logger.warning("Could not clear the check in message %s", message_id, exc_info=True)

    async def interrupted(self) -> list[ImportCheck]:
        """Checks the previous process recorded and never ended (stopped, killed, crashed)."""
        try:
            return await self.checks.leftovers()
        except Exception:
            logger.exception("Could not read the interrupted checks")
            return []

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
    with tempfile.TemporaryDirectory(prefix="warm-") as folder:
        path = Path(folder) / "warm.csv"
        path.write_text("Phone\n12015550123\n", encoding="utf-8")
        started = time.perf_counter()
        try:
            await read_table_async(path, config.limits)
        except SheetError as exc:
            logger.warning("Sandbox warm-up failed: %s", exc)
            return
        except (OSError, EOFError) as exc:  # the forkserver died (a signal to the process group)
            logger.warning("Sandbox warm-up failed: %s: %s", type(exc).__name__, exc)
            return
        logger.info("Sandbox ready in %.2f s", time.perf_counter() - started)
