"""bot.web.WebServer in process: a request is answered once its update is finished or parked,
never twice for one update, 503 while stopping or for a handler cut before it was parked; the
WEBHOOK_* settings refuse what Telegram would."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message
from aiohttp.test_utils import TestClient, TestServer

from bot.session import TelegramSession
from bot.settings import Settings, SettingsError, load_settings
from bot.updates import UpdateRunner
from bot.web import SECRET_HEADER, WebServer
from services.health import HealthCheck
from sheets.model import SandboxLimits
from storage.db import Database
from storage.parked_updates import ParkedUpdates
from tests.fakebot import TOKEN, FakeTelegram

SECRET = "test-webhook-secret-0123456789"


def update(update_id: int, text: str, user_id: int = 1) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": {"id": user_id, "type": "private"},
            "from": {"id": user_id, "is_bot": False, "first_name": "T"},
            "text": text,
        },
    }


class Rig:
    def __init__(self, tg: FakeTelegram, db: Database, tmp_path: Path) -> None:
        self.tg = tg
        self.db = db
        self.release = asyncio.Event()
        self.handled: list[str] = []
        self.dp = Dispatcher()
        self.bot = Bot(TOKEN, session=TelegramSession(api=TelegramAPIServer.from_base(tg.base_url)))

        @self.dp.message(F.text == "slow")
        async def slow(message: Message) -> None:
            await self.release.wait()
            self.handled.append("slow")

        @self.dp.message()
        async def fast(message: Message) -> None:
            self.handled.append(message.text or "")

        settings = Settings(
            bot_token=TOKEN,
            bot_mode="webhook",
            webhook_url="https://bot.example.com/tg",
            webhook_secret=SECRET,
        )
        self.runner = UpdateRunner(self.dp, self.bot, ParkedUpdates(db))
        self.server = WebServer(
            settings,
            self.dp,
            self.bot,
            self.runner,
            HealthCheck(db, SandboxLimits(timeout_seconds=10)),
            webhook=True,
        )
        self.runner.on_done = self.server.finished

    async def post(self, client: TestClient[Any, Any], body: dict[str, Any], secret: str = SECRET) -> int:
        response = await client.post("/tg", json=body, headers={SECRET_HEADER: secret})
        return response.status


@pytest.fixture
async def rig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Rig]:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's checkout
    db = await Database.open(tmp_path / "bot.db")
    try:
        async with FakeTelegram() as tg:
            rig = Rig(tg, db, tmp_path)
            yield rig
            rig.release.set()
            await rig.runner.drain(2)
            await rig.bot.session.close()
    finally:
        await db.close()


@pytest.fixture
async def client(rig: Rig) -> AsyncIterator[TestClient[Any, Any]]:
    async with TestClient(TestServer(rig.server.app())) as test_client:
        yield test_client


async def parked(db: Database) -> list[int]:
    return [update_id for update_id, _ in await ParkedUpdates(db).leftovers()]


async def test_a_slow_handler_is_parked_and_its_request_answered(
    rig: Rig, client: TestClient[Any, Any]
) -> None:
    assert await rig.post(client, update(1, "slow")) == 200
    assert await parked(rig.db) == [1]
    assert rig.handled == []  # still running: the request did not wait for it
    assert await rig.post(client, update(2, "fast")) == 200
    assert rig.handled == ["fast"]
    rig.release.set()
    await asyncio.wait_for(asyncio.gather(*rig.runner.running.values()), 5)
    assert rig.handled == ["fast", "slow"]
    assert await parked(rig.db) == []


async def test_a_repeated_delivery_is_not_handled_twice(rig: Rig, client: TestClient[Any, Any]) -> None:
    assert await rig.post(client, update(7, "hello")) == 200
    assert await rig.post(client, update(7, "hello")) == 200
    assert await rig.post(client, update(8, "slow")) == 200
    assert await rig.post(client, update(8, "slow")) == 200  # while the first one runs
    rig.release.set()
    await asyncio.wait_for(asyncio.gather(*rig.runner.running.values()), 5)
    assert rig.handled == ["hello", "slow"]


async def test_wrong_secret_bad_body_and_stopping(rig: Rig, client: TestClient[Any, Any]) -> None:
    assert await rig.post(client, update(1, "x"), secret="another-secret-0123456789") == 401
    response = await client.post("/tg", data=b"{", headers={SECRET_HEADER: SECRET})
    assert response.status == 400
    rig.server.refuse_new()
    assert await rig.post(client, update(2, "x")) == 503
    assert rig.handled == []


async def test_a_handler_cut_before_it_was_parked_gets_503(
    rig: Rig, client: TestClient[Any, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parking failed (a database error): the request waits for the handler; cut at shutdown, the
    update is refused so that Telegram delivers it again."""

    async def broken(self: ParkedUpdates, updates: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ParkedUpdates, "park", broken)
    request = asyncio.create_task(rig.post(client, update(3, "slow")))
    await asyncio.sleep(0.3)
    assert not request.done()
    assert await rig.runner.drain(0.05) == 1
    assert await request == 503


async def test_health_and_metrics_endpoints(rig: Rig, client: TestClient[Any, Any]) -> None:
    await rig.post(client, update(1, "hi"))
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"ok": True, "database": True, "sandbox": True}
    metrics = await (await client.get("/metrics")).text()
    assert 'clientlists_updates_total{outcome="ok",type="message"}' in metrics
    await rig.db.close()
    response = await client.get("/healthz")
    assert response.status == 503
    assert (await response.json())["database"] is False


@pytest.mark.parametrize(
    ("env", "fragment"),
    [
        ({"WEBHOOK_URL": "http://bot.example.com/tg"}, "WEBHOOK_URL: expected the public https://"),
        ({"WEBHOOK_URL": "https://bot.example.com:9000/tg"}, "ports 443, 80, 88 or 8443"),
        ({"WEBHOOK_SECRET": "short"}, "WEBHOOK_SECRET: expected 16-256 characters"),
        ({"WEBHOOK_SECRET": "has spaces in it, not allowed"}, "WEBHOOK_SECRET"),
        ({"WEBHOOK_PATH": "tg"}, "WEBHOOK_PATH: expected a path starting with /"),
    ],
)
def test_webhook_settings_refuse_what_telegram_would(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, env: dict[str, str], fragment: str
) -> None:
    monkeypatch.chdir(tmp_path)
    base = {"BOT_TOKEN": "1:x", "BOT_MODE": "webhook", "WEBHOOK_URL": "https://bot.example.com/tg"}
    for name, value in {**base, "WEBHOOK_SECRET": SECRET, **env}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("TELEGRAM_API_URL", raising=False)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_webhook_settings_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_API_URL", raising=False)
    settings = load_settings(
        bot_token="1:x", bot_mode="WEBHOOK", webhook_url="https://bot.example.com/tg/u", webhook_secret=SECRET
    )
    assert settings.bot_mode == "webhook"
    assert settings.webhook_path == "/tg/u"
    assert (settings.http_host, settings.http_listen_port) == ("127.0.0.1", 8080)
    assert SECRET not in repr(settings)
    # A local Bot API server posts to plain http on any port.
    local = load_settings(
        bot_token="1:x",
        bot_mode="webhook",
        webhook_url="http://127.0.0.1:9000/tg",
        webhook_secret=SECRET,
        telegram_api_url="http://127.0.0.1:8081",
    )
    assert local.webhook_path == "/tg"
    polling = load_settings(bot_token="1:x")  # nothing else is needed for polling
    assert (polling.bot_mode, polling.http_listen_port) == ("polling", None)
    assert load_settings(bot_token="1:x", http_port="9100").http_listen_port == 9100
