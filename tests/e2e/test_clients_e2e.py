"""Flow B against the real bot process: demo data → /clients → filters → a list of exactly those clients."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import sys
import time

import pytest

from handlers.clients import texts as cl_texts
from i18n import tr
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.fakebot import FakeTelegram

pytestmark = pytest.mark.e2e
DAY = 86_400


def count_in(text: str) -> int:
    match = re.search(r"Matching clients: ([\d,]+)", text)
    assert match, text
    return int(match[1].replace(",", ""))


async def demo_data(bot_process: BotProcess) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo-data",
        cwd=bot_process.workdir,
        env=bot_process.env(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    assert b"Pizza Express bot" in output


def expected_ids(database: str, project: str, since: int, search: str) -> set[str]:
    """The filter computed independently of the bot's SQL: Python casefold substring match."""
    with sqlite3.connect(database) as conn:
        found = conn.execute(
            "SELECT c.client_id, c.name FROM clients c JOIN client_projects p ON p.id = c.project_id"
            " WHERE p.name = ? AND c.channel = 'telegram' AND c.last_activity >= ?",
            (project, since),
        ).fetchall()
    needle = search.casefold()
    return {cid for cid, name in found if needle in name.casefold() or needle in cid.casefold()}


async def test_demo_data_to_client_list(tg: FakeTelegram, bot_process: BotProcess) -> None:
    await demo_data(bot_process)
    await bot_process.start()
    manager = tg.user(ADMIN_ID, username="boss", first_name="Ada")

    await manager.send_text("/clients")
    projects = await manager.next_message()
    assert "Choose the bot project" in projects.text
    pizza = next(b for b in projects.buttons if b.startswith("Pizza Express bot"))
    await manager.callback_answer(await manager.press(pizza))
    channels = await manager.wait_edit(projects.message_id, lambda m: "Choose the channel" in m.text)
    # Only channels that have clients, with their counts.
    assert channels.buttons == ["✈️ Telegram · 900", "🟢 WhatsApp · 500", "🌐 Chat widget · 400"]

    await manager.callback_answer(await manager.press("✈️ Telegram · 900"))
    await manager.wait_edit(projects.message_id, lambda m: "Matching clients: 900" in m.text)
    await manager.callback_answer(await manager.press("30 days"))
    await manager.wait_edit(projects.message_id, lambda m: "last 30 days" in m.text)
    started = time.time()
    await manager.send_text("anna")
    filters = await manager.wait_edit(projects.message_id, lambda m: "Search: anna" in m.text)
    shown = count_in(filters.text)
    assert shown > 0

    create = next(b for b in filters.buttons if b.startswith("✅ Create client list"))
    assert f"({shown:,})" in create
    await manager.callback_answer(await manager.press(create))
    prompt = await manager.next_message()
    assert prompt.text == cl_texts.cl_name_prompt()
    (default,) = prompt.buttons
    await manager.callback_answer(await manager.press(default, message=prompt))
    created = await manager.next_text("created")
    assert f"created: {shown:,} clients" in created.text
    assert created.buttons == [tr("btn-download"), tr("btn-delete")]

    with sqlite3.connect(bot_process.database) as conn:
        (list_id, channel, source_json, row_count) = conn.execute(
            "SELECT id, channel, source, row_count FROM lists WHERE status = 'ready'"
        ).fetchone()
        cells = [
            json.loads(r[0])
            for r in conn.execute("SELECT cells FROM list_rows WHERE list_id = ?", (list_id,))
        ]
    source = json.loads(source_json)
    since = source["filters"]["since_ts"]
    # The cut-off is "30 days before the button was pressed", and it is what the count used.
    assert started - 30 * DAY - 60 <= since <= started - 30 * DAY + 1
    expected = expected_ids(str(bot_process.database), "Pizza Express bot", since, "anna")
    assert len(expected) == shown == row_count == len(cells)
    assert {row[0] for row in cells} == expected
    assert (channel, source["kind"], source["project"], source["channel"]) == (
        "telegram",
        "clients",
        "Pizza Express bot",
        "telegram",
    )
    assert source["filters"]["search"] == "anna"
    assert all("anna" in row[1].casefold() for row in cells)
