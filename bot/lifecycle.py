"""The bot's life as one process: start, poll, and a shutdown that ends with exit code 0 within a
bounded time (docker and systemd send SIGTERM to the whole group and SIGKILL 10 s later).

Shutdown order, from the signal on: stop taking updates; cut checks still reading a file and refuse
queued ones (their managers are told to send the file again); let running handlers finish (their
updates are confirmed only if they did, else Telegram delivers them again at the next start); let
background work (rows being saved after a summary, exports, reports) finish within what is left of
the budget, and cut the rest; confirm the handled updates; close the Bot session and the database.
A signal during start-up skips straight to the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import time
from collections.abc import Awaitable
from typing import Any

from aiogram import Bot, Dispatcher

from bot import signals
from bot.intake import Intake, PollingIntake, WebhookIntake
from bot.settings import Settings
from bot.updates import UpdateRunner
from services.background import Background
from services.imports import ImportJobs
from services.pushes import PushRunner
from storage.connect import open_database
from storage.parked_updates import ParkedUpdates
from storage.sql import Database

logger = logging.getLogger(__name__)

SHUTDOWN_BUDGET = 8.0  # seconds from the signal to exit: docker's SIGKILL comes at 10
HANDLERS_GRACE = 4.0  # of which running handlers may take at most this
CLOSE_RESERVE = 1.5  # kept for confirming updates and closing the session and the database


class Stop:
    """SIGTERM/SIGINT → `event`; installed before anything else so no signal finds the default action."""

    def __init__(self) -> None:
        self.event = asyncio.Event()
        self.at: float | None = None

    def install(self) -> None:
        loop = asyncio.get_running_loop()
        for sig in signals.CAUGHT:
            loop.add_signal_handler(sig, self._on_signal, sig)
        if (early := signals.early()) is not None:  # came while Python was still importing
            self._on_signal(early)

    def _on_signal(self, sig: signal.Signals) -> None:
        if self.at is None:
            logger.info("Got %s: stopping", sig.name)
            self.at = time.monotonic()
            self.event.set()
        else:
            logger.info("Got %s again: already stopping", sig.name)

    def remaining(self) -> float:
        """Seconds left of the shutdown budget."""
        if self.at is None:
            return SHUTDOWN_BUDGET
        return SHUTDOWN_BUDGET - (time.monotonic() - self.at)


async def serve(settings: Settings) -> None:
    """Long polling or a webhook until SIGTERM/SIGINT; returns normally whatever the moment of the signal.
    Raises StartupRefused when Telegram refuses the webhook's URL or secret."""
    from bot.app import create_bot, create_dispatcher
    from storage.users import UsersRepo

    stop = Stop()
    stop.install()
    db = await open_database(settings.database_url, migrate=False)
    bot: Bot | None = None
    dp: Dispatcher | None = None
    try:
        dp = create_dispatcher(settings, db)
        users: UsersRepo = dp["users"]
        await users.bootstrap_admins()
        if not settings.admin_ids:
            logger.warning("ADMIN_IDS is empty: nobody can grant access. /start the bot to see your ID.")
        bot = create_bot(settings)
        # Start-up objects (aiogram's models: ~150 MB) live forever; frozen, full garbage collections
        # skip them instead of stalling the event loop for 100-300 ms during large list exports.
        gc.freeze()
        runner = UpdateRunner(dp, bot, ParkedUpdates(db))
        intake = _intake(settings, dp, bot, runner)
        started = False
        try:
            started = await _unless(stop, dp.emit_startup(**_startup_data(dp, bot)))
            if started:
                await intake.open(stop.event)
                await runner.replay()
                await _resume_pushes(dp, bot)
                await intake.run(stop.event)
        finally:
            await _shut_down(dp, bot, runner, intake, stop, started=started)
    finally:
        if bot is not None:
            with contextlib.suppress(Exception):
                await bot.session.close()
        if dp is not None:  # after the shutdown hooks: they release this instance's leases
            with contextlib.suppress(Exception):
                await dp["coordinator"].close()
        await db.close()
        logger.info("Stopped")


def _intake(settings: Settings, dp: Dispatcher, bot: Bot, runner: UpdateRunner) -> Intake:
    from bot.polling import Poller
    from bot.web import WebServer
    from services.health import HealthCheck

    jobs: ImportJobs = dp["import_jobs"]
    webhook = settings.bot_mode == "webhook"
    server = None
    if settings.http_listen_port is not None:
        health = HealthCheck(dp["db"], jobs.config.limits)
        server = WebServer(settings, dp, bot, runner, health, webhook=webhook)
    if webhook:
        assert server is not None
        return WebhookIntake(server)
    return PollingIntake(Poller(dp, bot, runner.parking, runner=runner), server)


async def _resume_pushes(dp: Dispatcher, bot: Bot) -> None:
    """Pushes to call campaigns that a stop or a crash cut off go on, in their own progress message."""
    from handlers.calls.resume import resume_pushes

    try:
        await resume_pushes(dp, bot)
    except Exception as exc:
        logger.warning("Could not resume pushes: %s: %s", type(exc).__name__, exc)


def _startup_data(dp: Dispatcher, bot: Bot) -> dict[str, Any]:
    data: dict[str, Any] = {"dispatcher": dp, "bots": [bot], **dp.workflow_data}
    data["bot"] = bot
    return data


async def _unless(stop: Stop, work: Awaitable[Any]) -> bool:
    """Run `work` unless a stop comes first (then `work` is cancelled); True when it finished."""
    task = asyncio.ensure_future(work)
    waiter = asyncio.ensure_future(stop.event.wait())
    try:
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
    if not task.done():
        logger.info("Stopped during start-up")
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
        return False
    task.result()  # a failed start-up is an error of its own
    return True


async def _shut_down(
    dp: Dispatcher, bot: Bot, runner: UpdateRunner, intake: Intake, stop: Stop, *, started: bool
) -> None:
    jobs: ImportJobs = dp["import_jobs"]
    background: Background = dp["background"]
    intake.refuse_new()
    jobs.begin_stop()
    pushes: PushRunner = dp["push_runner"]
    pushes.begin_stop()  # no batch starts; unconfirmed ones resume at the next start, same keys
    cut = await runner.drain(min(HANDLERS_GRACE, stop.remaining() - CLOSE_RESERVE))
    await background.stop(stop.remaining() - CLOSE_RESERVE)
    db: Database = dp["db"]
    with contextlib.suppress(TimeoutError):  # purges left unfinished are redone at the next start
        await asyncio.wait_for(db.idle(), max(0.1, stop.remaining() - CLOSE_RESERVE))
    await intake.close(timeout=max(0.5, min(2.0, stop.remaining() - 0.5)))
    try:
        await asyncio.wait_for(dp.emit_shutdown(**_startup_data(dp, bot)), max(0.5, stop.remaining() - 0.5))
    except Exception as exc:
        logger.warning("Shutdown hook failed: %s: %s", type(exc).__name__, exc)
    if cut:
        logger.info("%d update(s) will be handled again after the restart", cut)
    logger.info("Shut down in %.1f s", SHUTDOWN_BUDGET - stop.remaining() if stop.at else 0.0)
