"""End-to-end rig: the fake Bot API server (one per test) and the real `python -m bot` process.

    async def test_x(tg: FakeTelegram, bot_process: BotProcess) -> None:
        await bot_process.start()
        alice = tg.user(ADMIN_ID, username="alice")
        await alice.send_text("/start")
        ...
        await bot_process.restart()     # SIGTERM, clean exit asserted, start again on the same DB
        await bot_process.kill()        # SIGKILL (a crash): start() again afterwards

The bot's log is printed at teardown (pytest shows it for failing tests).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.fakebot import TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
ADMIN_ID = 1001
START_TIMEOUT = 20.0
STOP_TIMEOUT = 15.0
WEBHOOK_SECRET = "e2e-webhook-secret-0123456789"


class BotProcess:
    """The real bot as a subprocess, talking to `tg` through TELEGRAM_API_URL."""

    def __init__(self, tg: FakeTelegram, workdir: Path, admin_ids: tuple[int, ...] = (ADMIN_ID,)) -> None:
        self.tg = tg
        self.workdir = workdir
        self.database = workdir / "bot.db"
        self.log_path = workdir / "bot.log"
        self.admin_ids = admin_ids
        self.extra_env: dict[str, str] = {}
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0
        self.webhook_url = ""

    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("BOT_", "ADMIN_", "DATABASE_", "WEBHOOK_", "HTTP_"))
        }
        env.update(
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=self.tg.base_url,
            DATABASE_URL=f"sqlite:///{self.database}",
            ADMIN_IDS=",".join(str(i) for i in self.admin_ids),
            LOG_LEVEL="DEBUG",
            PYTHONUNBUFFERED="1",
            PYTHONPATH=str(ROOT),
        )
        env.update(self.extra_env)
        return env

    def use_webhook(self, secret: str = WEBHOOK_SECRET) -> str:
        """Run in webhook mode on a free port of 127.0.0.1; returns the webhook's URL."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.webhook_url = f"http://127.0.0.1:{port}/tg/updates"
        self.extra_env.update(
            BOT_MODE="webhook",
            WEBHOOK_URL=self.webhook_url,
            WEBHOOK_SECRET=secret,
            HTTP_HOST="127.0.0.1",
            HTTP_PORT=str(port),
        )
        return self.webhook_url

    def _ready_calls(self) -> int:
        """Calls that show the bot takes updates: a poll, or in webhook mode a webhook set."""
        if self.extra_env.get("BOT_MODE") == "webhook":
            return sum(1 for call in self.tg.calls_of("setWebhook") if call.ok)
        return len(self.tg.calls_of("getUpdates"))

    async def start(self) -> None:
        """Start and wait until the bot polls (its first getUpdates) or has set its webhook."""
        polls_before = self._ready_calls()
        await self.launch()
        process = self.process
        assert process is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while self._ready_calls() <= polls_before:
            if process.returncode is not None:
                raise AssertionError(f"bot exited with {process.returncode} at start:\n{self.log()}")
            if loop.time() > deadline:
                raise AssertionError(f"bot did not start polling in {START_TIMEOUT}s:\n{self.log()}")
            await asyncio.sleep(0.02)

    async def stop(self, sig: signal.Signals = signal.SIGTERM, *, group: bool = False) -> int:
        """Stop with `sig` (to the whole process group with `group`, as systemd and docker do) and
        assert a clean exit (code 0)."""
        process = self.process
        assert process is not None, "not running"
        self.process = None
        if process.returncode is None:
            if group:
                os.killpg(process.pid, sig)
            else:
                process.send_signal(sig)
        try:
            code = await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(
                f"bot did not stop within {STOP_TIMEOUT}s after {sig.name}:\n{self.log()}"
            ) from None
        assert code == 0, f"bot exited with {code} after {sig.name}:\n{self.log()}"
        return code

    async def kill(self) -> None:
        """SIGKILL to the process group, as a crash of the container would: no shutdown code runs."""
        process = self.process
        assert process is not None, "not running"
        self.process = None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        await process.wait()
        with self.log_path.open("ab") as log:
            log.write(b"----- killed -----\n")

    async def launch(self) -> None:
        """Start without waiting for polling (to signal the bot while it starts up)."""
        assert self.process is None, "already running"
        self.starts += 1
        with self.log_path.open("ab") as log:
            log.write(f"----- start #{self.starts} -----\n".encode())
            log.flush()
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                cwd=self.workdir,
                env=self.env(),
                stdout=log,
                stderr=log,
                start_new_session=True,
            )

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as server:
        yield server


@pytest.fixture
async def bot_process(tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(tg, tmp_path)
    try:
        yield process
    finally:
        try:
            if process.running:
                await process.stop()
        finally:
            print(f"===== bot log ({process.log_path}) =====\n{process.log()}")
