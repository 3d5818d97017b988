"""Two real bot processes in webhook mode behind a round-robin balancer, on one PostgreSQL database
and one Redis: what `compose.yaml` runs. A manager's consecutive updates land on different
instances; one instance is killed (SIGKILL) mid-flow and the manager finishes on the other.

Skipped where TEST_POSTGRES_URL or TEST_REDIS_URL is not set; `.ci/run` sets both.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import redis.asyncio as redis
from python_calamine import CalamineWorkbook

from bot.state import KEY_PREFIX
from i18n.context import tr
from storage.pg import pg_migrations
from tests.e2e.balancer import Balancer
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.e2e.test_new_list_e2e import UK, choose_channel, consent_and_name, press, upload, write_csv
from tests.fakebot import FakeTelegram
from tests.pg import PG_URL, fresh_schema, url_with_search_path

REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (PG_URL and REDIS_URL),
        reason="TEST_POSTGRES_URL and TEST_REDIS_URL are not both set; .ci/run sets them",
    ),
]


class Cluster:
    def __init__(self, tg: FakeTelegram, root: Path, database_url: str, balancer: Balancer) -> None:
        self.database_url = database_url
        self.balancer = balancer
        self.instances: list[BotProcess] = []
        for name in ("a", "b"):
            workdir = root / name
            workdir.mkdir()
            bot = BotProcess(tg, workdir)
            bot.use_webhook()
            own = bot.webhook_url.rsplit("/tg/", 1)[0]
            balancer.backends.append(own)
            bot.extra_env.update(
                DATABASE_URL=database_url, REDIS_URL=REDIS_URL, WEBHOOK_URL=balancer.url + "/tg/updates"
            )
            self.instances.append(bot)

    async def migrate(self) -> str:
        """`python -m bot migrate`, as the compose file's one-off service runs it before the bots."""
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "migrate",
            env=self.instances[0].env(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
        assert process.returncode == 0, output.decode()
        return output.decode()


@pytest.fixture
async def cluster(tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[Cluster]:
    client = redis.Redis.from_url(REDIS_URL)
    pattern = f"{KEY_PREFIX}:{tg.bot_id}:*"
    for stale in [k async for k in client.scan_iter(pattern)]:
        await client.delete(stale)
    async with fresh_schema() as search_path, Balancer([]) as balancer:
        group = Cluster(tg, tmp_path, url_with_search_path(search_path), balancer)
        try:
            yield group
        finally:
            for bot in group.instances:
                try:
                    if bot.running:
                        await bot.stop()
                finally:
                    print(f"===== bot log ({bot.log_path}) =====\n{bot.log()}")
            for key in [k async for k in client.scan_iter(pattern)]:
                await client.delete(key)
            await client.aclose()


async def rows(cluster: Cluster, sql: str) -> list[Any]:
    conn = await asyncpg.connect(cluster.database_url)
    try:
        return list(await conn.fetch(sql))
    finally:
        await conn.close()


def texts(tg: FakeTelegram) -> list[str]:
    return [m.text or "" for m in tg.bot_messages(ADMIN_ID)]


async def test_flow_a_across_two_instances_and_a_crash_of_one(
    tg: FakeTelegram, cluster: Cluster, tmp_path: Path
) -> None:
    assert f"schema version {pg_migrations()[-1][0]}" in await cluster.migrate()
    first, second = cluster.instances
    await first.start()
    await second.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")

    # Flow A, every update through the balancer: channel → upload → summary → consent → name.
    await ada.send_text("/start")
    await ada.next_text("")
    await choose_channel(ada)
    path = write_csv(tmp_path / "march.csv", [["Phone", "Name"], *[[p, f"Client {p[-2:]}"] for p in UK[:12]]])
    summary = await upload(ada, path)
    assert "Valid: 12" in summary.shown
    created = await consent_and_name(ada, summary, "March calls", tr("btn-continue"))
    assert created.text is not None
    assert "12 clients" in created.text
    # ... and download.
    await ada.send_text("/lists")
    page = await ada.next_message()
    await press(ada, page.buttons[0], page)
    card = await ada.wait_edit(page.message_id, lambda m: tr("btn-download") in m.buttons)
    await press(ada, tr("btn-download"), card)
    document = await ada.next_document()
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(await ada.download(document))).get_sheet_by_index(0)
    assert len(sheet.to_python()) == 13  # the header and 12 clients
    backends = cluster.balancer.order
    assert len(set(backends)) == 2, "both instances took updates"
    assert sum(1 for a, b in itertools.pairwise(backends) if a != b) >= len(backends) // 2

    # A second list: one instance dies at the upload step; the other takes the rest.
    await choose_channel(ada)
    await first.kill()
    path = write_csv(tmp_path / "april.csv", [["Phone"], *[[p] for p in UK[12:20]]])
    summary = await upload(ada, path)
    assert "Valid: 8" in summary.shown
    created = await consent_and_name(ada, summary, "April calls", tr("btn-continue"))
    assert created.text is not None
    assert "8 clients" in created.text

    lists = await rows(cluster, "SELECT name, status, row_count FROM lists ORDER BY id")
    assert [tuple(r) for r in lists] == [("March calls", "ready", 12), ("April calls", "ready", 8)]
    assert (await rows(cluster, "SELECT count(*) FROM list_rows"))[0][0] == 20
    said = texts(tg)
    assert sum("created" in t for t in said) == 2, said  # nothing answered twice
    assert sum("Check of" in t for t in said) == 2, said
    assert not any("went wrong" in t for t in said), said
