"""The bot's HTTP server: in webhook mode Telegram posts each update to WEBHOOK_PATH; in both modes
`GET /healthz` and `GET /metrics` (in polling mode only when HTTP_PORT is set).

A request is answered once its update is done for Telegram's purposes, exactly as polling confirms:
the handler finished, or, still running after PARK_AFTER, the update is parked in the database
(bot.updates), so long work (checks, exports, pushes) never holds the request. An update whose
handler a stop cut off before it was parked gets 503, so Telegram delivers it again (to this instance
after its restart, or to another one). A delivery repeated while the first one is still running
waits for that one instead of starting the handler twice.

Why not aiogram's SimpleRequestHandler: it answers either when the handler ends (a slow one holds the
request past Telegram's timeout, and Telegram sends the update again) or at once (an update cut off
by a stop or a crash is then lost).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections import deque

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.settings import Settings
from bot.updates import PARK_AFTER, UpdateRunner
from services import metrics
from services.health import HealthCheck

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
REMEMBERED = 10_000  # ids of finished updates kept to answer a repeated delivery without handling it
MAX_BODY = 1024 * 1024  # an update is a few KB; Telegram never sends files in it


class WebServer:
    def __init__(
        self,
        settings: Settings,
        dp: Dispatcher,
        bot: Bot,
        runner: UpdateRunner,
        health: HealthCheck,
        *,
        webhook: bool,
    ) -> None:
        self.settings = settings
        self.dp = dp
        self.bot = bot
        self.runner = runner
        self.health = health
        self.webhook = webhook
        self._secret = settings.webhook_secret.get_secret_value().encode()
        self._finished: deque[int] = deque(maxlen=REMEMBERED)
        self._finished_set: set[int] = set()
        self._accepting = True
        self._site: web.AppRunner | None = None

    def finished(self, update_id: int) -> None:
        """UpdateRunner's on_done: remember the id for repeated deliveries."""
        if len(self._finished) == self._finished.maxlen:
            self._finished_set.discard(self._finished[0])
        self._finished.append(update_id)
        self._finished_set.add(update_id)

    def app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_BODY)
        if self.webhook:
            app.router.add_post(self.settings.webhook_path, self._on_update)
        app.router.add_get("/healthz", self._on_health)
        app.router.add_get("/metrics", self._on_metrics)
        return app

    async def start(self) -> None:
        port = self.settings.http_listen_port
        assert port is not None
        self._site = web.AppRunner(self.app(), access_log=None, handle_signals=False)
        await self._site.setup()
        await web.TCPSite(self._site, self.settings.http_host, port).start()
        served = f" (webhook at {self.settings.webhook_path})" if self.webhook else ""
        logger.info("HTTP server on %s:%d%s", self.settings.http_host, port, served)

    def refuse_new(self) -> None:
        """Shutdown: new deliveries get 503 (Telegram sends them again, maybe to another instance)."""
        self._accepting = False

    async def close(self) -> None:
        if self._site is not None:
            await self._site.cleanup()
            self._site = None

    async def _on_update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            logger.warning("Webhook request without the right secret from %s", request.remote)
            return web.Response(status=401)
        if not self._accepting:
            return web.Response(status=503, headers={"Retry-After": "1"})
        try:
            update = Update.model_validate(await request.json(), context={"bot": self.bot})
        except (ValueError, ValidationError):
            return web.Response(status=400, text="not an update")
        done = await self._deliver(update)
        return web.Response(status=200) if done else web.Response(status=503, headers={"Retry-After": "1"})

    async def _deliver(self, update: Update) -> bool:
        """Handle `update`; True once Telegram may forget it (finished or parked)."""
        uid = update.update_id
        if uid in self._finished_set:
            return True
        task = self.runner.running.get(uid) or self.runner.launch(update)
        await asyncio.wait({task}, timeout=PARK_AFTER)
        if not task.done() and uid not in self.runner.parked:
            await self.runner.park_slow(only=[uid])
        if uid in self.runner.parked:
            return True
        await asyncio.wait({task})  # parking failed: the request waits for the handler
        return uid not in self.runner.cut

    async def _on_health(self, request: web.Request) -> web.Response:
        health = await self.health.check()
        body = {"ok": health.ok, "database": health.database, "sandbox": health.sandbox}
        return web.json_response(body, status=200 if health.ok else 503)

    async def _on_metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=metrics.exposition(), content_type="text/plain", charset="utf-8")

    async def register(self) -> None:
        """Tell Telegram where to post (every instance says the same: idempotent)."""
        await self.bot.set_webhook(
            url=self.settings.webhook_url,
            secret_token=self._secret.decode(),
            allowed_updates=self.dp.resolve_used_update_types(),
            drop_pending_updates=False,
        )
        logger.info("Webhook registered")
