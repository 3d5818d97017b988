"""Webhook delivery of the fake Bot API: what Telegram does once `setWebhook` is called.

Each pending update is POSTed as JSON to the webhook URL with the secret token header; an answer other
than 2xx (or no answer within REQUEST_TIMEOUT) is delivered again after a pause, as Telegram does, and
up to `max_connections` updates are in flight at once. While a webhook is set, getUpdates is refused
with Telegram's 409. Telegram accepts only HTTPS URLs on ports 443, 80, 88 or 8443 (behind them a
reverse proxy); the fake also takes http://127.0.0.1 so that tests reach the bot directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REQUEST_TIMEOUT = 10.0
RETRY_PAUSE = 0.5  # Telegram waits longer; the tests need not
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
GET_UPDATES_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)


class WebhookRefused(Exception):
    """setWebhook's parameters that Telegram refuses; the text is its description."""


@dataclass
class Delivery:
    update_id: int
    status: int | None  # None: no answer (refused connection, timeout)
    secret_sent: str | None


@dataclass
class Webhook:
    url: str
    secret: str | None
    max_connections: int = 40
    deliveries: list[Delivery] = field(default_factory=list)


def check(url: str, secret: str | None, max_connections: int | None) -> Webhook:
    parts = urlsplit(url)
    local_http = parts.scheme == "http" and parts.hostname == "127.0.0.1"
    if parts.scheme != "https" and not local_http:
        raise WebhookRefused("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
    if parts.scheme == "https" and (parts.port or 443) not in {443, 80, 88, 8443}:
        raise WebhookRefused(
            "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
        )
    if secret is not None and not _SECRET.match(secret):
        raise WebhookRefused("Bad Request: secret token contains unallowed characters")
    connections = 40 if max_connections is None else max_connections
    if not 1 <= connections <= 100:
        raise WebhookRefused("Bad Request: bad webhook: invalid max_connections")
    return Webhook(url, secret, connections)


class Deliverer:
    """Delivers `pending()` updates to the current webhook until stopped or the webhook is removed."""

    def __init__(self, source: Any) -> None:
        self._source = source  # FakeTelegram: pending updates, their removal, change notices
        self.webhook: Webhook | None = None
        self._task: asyncio.Task[None] | None = None
        self._in_flight: set[int] = set()
        self._session: aiohttp.ClientSession | None = None
        self._stopping = False

    def set(self, webhook: Webhook) -> None:
        self.webhook = webhook
        self._stopping = False
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="fake-telegram-webhook")

    async def remove(self) -> None:
        self.webhook = None
        await self.stop()

    async def stop(self) -> None:
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._session is not None:
            await self._session.close()
            self._session = None
        self._in_flight.clear()

    async def _run(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT))
        tasks: set[asyncio.Task[None]] = set()
        try:
            while self.webhook is not None and not self._stopping:
                hook = self.webhook
                for update in self._source.pending_updates():
                    uid = update["update_id"]
                    if uid in self._in_flight or len(self._in_flight) >= hook.max_connections:
                        continue
                    self._in_flight.add(uid)
                    task = asyncio.create_task(self._deliver(hook, update))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
                await self._source.wait_for_updates(RETRY_PAUSE)
        finally:
            for task in tasks:
                task.cancel()

    async def _deliver(self, hook: Webhook, update: dict[str, Any]) -> None:
        assert self._session is not None
        uid = update["update_id"]
        headers = {SECRET_HEADER: hook.secret} if hook.secret else {}
        status: int | None = None
        try:
            async with self._session.post(hook.url, json=update, headers=headers) as response:
                status = response.status
                await response.read()
        except (aiohttp.ClientError, TimeoutError):
            status = None
        hook.deliveries.append(Delivery(uid, status, hook.secret))
        if status is not None and 200 <= status < 300:
            self._source.delivered(uid)
        else:
            await asyncio.sleep(RETRY_PAUSE)  # then the loop offers it again
        self._in_flight.discard(uid)
        self._source.nudge()  # a connection is free: the loop may start the next delivery at once
        await self._source.changed()
