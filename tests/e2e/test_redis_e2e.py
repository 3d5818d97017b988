"""The real bot process with REDIS_URL: a manager's step lives in Redis (not in the database) and
survives a restart. Skipped where TEST_REDIS_URL is not set; `.ci/run` sets it."""

from __future__ import annotations

import os
import sqlite3

import pytest
import redis.asyncio as redis

from bot.state import KEY_PREFIX
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.e2e.test_new_list_e2e import choose_channel
from tests.fakebot import FakeTelegram

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not os.environ.get("TEST_REDIS_URL"),
        reason="TEST_REDIS_URL is not set (e.g. redis://127.0.0.1:6379/15); .ci/run sets it",
    ),
]


async def test_the_conversation_lives_in_redis_and_survives_a_restart(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    url = os.environ["TEST_REDIS_URL"]
    client = redis.Redis.from_url(url)
    pattern = f"{KEY_PREFIX}:{tg.bot_id}:{ADMIN_ID}:*"
    for stale in [k async for k in client.scan_iter(pattern)]:
        await client.delete(stale)
    bot_process.extra_env["REDIS_URL"] = url
    try:
        await bot_process.start()
        alice = tg.user(ADMIN_ID, username="alice")
        await alice.send_text("/start")
        await alice.next_text("")
        await choose_channel(alice)  # now at the upload step
        keys = sorted([k.decode() async for k in client.scan_iter(pattern)])
        assert any(k.endswith(":state") for k in keys), keys
        with sqlite3.connect(bot_process.database) as conn:
            assert conn.execute("SELECT count(*) FROM fsm").fetchone()[0] == 0
        await bot_process.restart()
        await alice.send_text("what now?")  # a text at the upload step: asked for the file again
        await alice.next_text("document")
    finally:
        for key in [k async for k in client.scan_iter(pattern)]:
            await client.delete(key)
        await client.aclose()
