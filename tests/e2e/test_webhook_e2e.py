"""Webhook mode of the real bot process: the fake Bot API posts updates to it as Telegram does."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.e2e.conftest import ADMIN_ID, WEBHOOK_SECRET, BotProcess
from tests.e2e.test_new_list_e2e import UK, choose_channel, rows_of, upload, write_csv
from tests.fakebot import FakeTelegram
from tests.fakebot.webhook import SECRET_HEADER

pytestmark = pytest.mark.e2e


async def statuses(tg: FakeTelegram, count: int) -> list[int | None]:
    """The answers to the first `count` deliveries (recorded once the bot's answer is read)."""
    hook = tg.webhook.webhook
    assert hook is not None
    await tg.wait_for(lambda: len(hook.deliveries) >= count, 5, f"{count} deliveries")
    return [d.status for d in hook.deliveries]


def _base(bot: BotProcess) -> str:
    return bot.webhook_url.rsplit("/tg/", 1)[0]


async def test_updates_arrive_by_webhook_and_the_bot_stops_cleanly(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    url = bot_process.use_webhook()
    await bot_process.start()
    registered = [call for call in tg.calls_of("setWebhook") if call.ok][-1]
    assert registered.params["url"] == url
    assert registered.params["secret_token"] == WEBHOOK_SECRET
    alice = tg.user(ADMIN_ID, username="alice")
    await alice.send_text("/start")
    await alice.next_text("")
    assert await statuses(tg, 1) == [200]
    assert not tg.calls_of("getUpdates"), "webhook mode must not poll"
    await bot_process.stop(signal.SIGTERM, group=True)


async def test_a_request_without_the_secret_is_refused_and_not_handled(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    bot_process.use_webhook()
    await bot_process.start()
    update = {
        "update_id": 999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": ADMIN_ID, "type": "private"},
            "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Forged"},
            "text": "/start",
        },
    }
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {SECRET_HEADER: "wrong-secret-0123456789"}):
            async with session.post(bot_process.webhook_url, json=update, headers=headers) as response:
                assert response.status == 401
        async with session.post(
            bot_process.webhook_url, data=b"not json", headers={SECRET_HEADER: WEBHOOK_SECRET}
        ) as response:
            assert response.status == 400
    await asyncio.sleep(0.3)
    assert not tg.calls_of("sendMessage")


async def test_health_and_metrics(tg: FakeTelegram, bot_process: BotProcess) -> None:
    bot_process.use_webhook()
    await bot_process.start()
    alice = tg.user(ADMIN_ID, username="alice")
    await alice.send_text("/start")
    await alice.next_text("")
    async with aiohttp.ClientSession() as session:
        async with session.get(_base(bot_process) + "/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"ok": True, "database": True, "sandbox": True}
        async with session.get(_base(bot_process) + "/metrics") as response:
            assert response.status == 200
            text = await response.text()
    assert 'clientlists_updates_total{outcome="ok",type="message"} 1.0' in text
    assert "clientlists_checks_running 0.0" in text
    assert "clientlists_export_seconds_count" in text


async def test_a_file_check_runs_after_the_request_is_answered(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    """Flow A by webhook: the upload's delivery is answered at once (200), the summary follows, and a
    restart (SIGTERM, webhook kept) goes on with the same conversation."""
    bot_process.use_webhook()
    await bot_process.start()
    alice = tg.user(ADMIN_ID, username="alice")
    await alice.send_text("/start")
    await alice.next_text("")
    await choose_channel(alice)
    path = write_csv(tmp_path / "clients.csv", [["Phone", "First name"], *[[p, "Ann"] for p in UK[:20]]])
    status = await upload(alice, path)
    summary = tg.message(ADMIN_ID, status.message_id)
    assert "20" in (summary.text or "")
    assert set(await statuses(tg, 4)) == {200}  # /start, /new, the channel button, the file
    await bot_process.restart()
    assert rows_of(bot_process, "SELECT count(*) FROM lists")[0][0] == 1  # the pending import is kept
    await alice.send_text("/lists")
    await alice.next_text("")


async def _healthcheck(bot: BotProcess) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "healthcheck",
        cwd=bot.workdir,
        env=bot.env(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode()


async def test_polling_with_http_port_serves_health_and_the_healthcheck_command(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    """Polling mode (the container's default) serves /healthz and /metrics when HTTP_PORT is set, and
    `python -m bot healthcheck` (the image's HEALTHCHECK) says 0 while it runs, 1 once it stopped."""
    url = bot_process.use_webhook()
    bot_process.extra_env["BOT_MODE"] = "polling"
    await bot_process.start()
    assert tg.calls_of("deleteWebhook"), "polling removes a webhook left by a webhook run"
    code, out = await _healthcheck(bot_process)
    assert (code, out.strip()) == (0, '{"ok": true, "database": true, "sandbox": true}')
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json={"update_id": 1}, headers={SECRET_HEADER: WEBHOOK_SECRET}) as response,
    ):
        assert response.status == 404  # no webhook route in polling mode
    await bot_process.stop()
    code, out = await _healthcheck(bot_process)
    assert code == 1
    assert "unhealthy" in out


async def test_kill_9_mid_flow_loses_nothing_and_updates_sent_meanwhile_arrive_once(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    """A crash in webhook mode: the step survives, an update sent while the bot is down is delivered
    again by Telegram once it is back (the fake retries what got no answer), and answered once."""
    bot_process.use_webhook()
    await bot_process.start()
    alice = tg.user(ADMIN_ID, username="alice")
    await alice.send_text("/start")
    await alice.next_text("")
    await choose_channel(alice)  # at the upload step
    await bot_process.kill()
    path = write_csv(tmp_path / "clients.csv", [["Phone"], *[[p] for p in UK[:5]]])
    await alice.upload_document(path, path.name)  # delivered to nobody for now
    await asyncio.sleep(1.0)
    assert alice.pending() == []
    await bot_process.start()

    def checks() -> list[Any]:
        return [m for m in tg.bot_messages(ADMIN_ID) if "Check of" in (m.text or "")]

    await tg.wait_for(checks, 30, "the summary of the file sent while the bot was down")
    await asyncio.sleep(0.5)
    assert len(checks()) == 1  # the file was checked once
    texts = [m.text or "" for m in tg.bot_messages(ADMIN_ID)]
    assert not any("went wrong" in text for text in texts), texts  # no apology
    assert rows_of(bot_process, "SELECT count(*) FROM lists")[0][0] == 1
