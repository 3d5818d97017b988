"""Where updates come from: long polling (the default) or Telegram's webhook. Both hand each update
to the same UpdateRunner; they differ in how Telegram is told an update is done (bot.polling,
bot.web) and in how they start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from aiogram.exceptions import TelegramBadRequest, TelegramUnauthorizedError

from bot.polling import BACKOFF, Poller
from bot.web import WebServer

logger = logging.getLogger(__name__)

DELETE_WEBHOOK_TIMEOUT = 10.0


class StartupRefused(Exception):
    """Telegram refused the webhook as configured; `str(exc)` is one line for the operator."""


class Intake(Protocol):
    async def open(self, stop: asyncio.Event) -> None:
        """Ready to take updates (before parked ones are replayed)."""

    async def run(self, stop: asyncio.Event) -> None:
        """Take updates until `stop` is set."""

    def refuse_new(self) -> None:
        """Shutdown, first step."""

    async def close(self, timeout: float) -> None:  # noqa: ASYNC109
        """Shutdown, last step: handled updates are confirmed, the listener closed."""


class PollingIntake:
    def __init__(self, poller: Poller, status: WebServer | None = None) -> None:
        self.poller = poller
        self.status = status  # /healthz and /metrics, when HTTP_PORT is set

    async def open(self, stop: asyncio.Event) -> None:
        """A webhook left by an earlier webhook-mode run would make every getUpdates fail (409)."""
        if self.status is not None:
            await self.status.start()
        try:
            await asyncio.wait_for(
                self.poller.bot.delete_webhook(drop_pending_updates=False), DELETE_WEBHOOK_TIMEOUT
            )
        except Exception as exc:  # polling then says what is wrong at each attempt
            logger.warning("Could not remove a webhook: %s: %s", type(exc).__name__, exc)

    async def run(self, stop: asyncio.Event) -> None:
        logger.info("Polling for updates")
        await self.poller.run(stop)

    def refuse_new(self) -> None:
        """The poll loop ended with the stop event."""

    async def close(self, timeout: float) -> None:  # noqa: ASYNC109
        await self.poller.confirm(timeout=timeout)
        if self.status is not None:
            await asyncio.wait_for(self.status.close(), timeout)


class WebhookIntake:
    def __init__(self, server: WebServer) -> None:
        self.server = server

    async def open(self, stop: asyncio.Event) -> None:
        self.server.runner.on_done = self.server.finished
        await self.server.start()

    async def run(self, stop: asyncio.Event) -> None:
        """Register the webhook (retrying what may pass), then serve until the stop."""
        failures = 0
        while not stop.is_set():
            try:
                await self.server.register()
                break
            except (TelegramBadRequest, TelegramUnauthorizedError) as exc:
                raise StartupRefused(
                    f"configuration error: WEBHOOK_URL: Telegram refused it: {exc.message}"
                ) from None
            except Exception as exc:
                delay = BACKOFF[min(failures, len(BACKOFF) - 1)]
                failures += 1
                logger.warning(
                    "Could not register the webhook (%s: %s); retrying in %.1f s",
                    type(exc).__name__,
                    exc,
                    delay,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), delay)
        await stop.wait()

    def refuse_new(self) -> None:
        self.server.refuse_new()

    async def close(self, timeout: float) -> None:  # noqa: ASYNC109
        await asyncio.wait_for(self.server.close(), timeout)
