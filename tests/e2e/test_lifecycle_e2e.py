"""Restarts: FSM state survives, SIGTERM/SIGINT stop cleanly, bad configuration is one line."""

import asyncio
import os
import signal
import sys

import pytest

from i18n import tr
from storage.db import Database
from storage.users import Role, UsersRepo
from tests.e2e.conftest import ADMIN_ID, ROOT, BotProcess
from tests.fakebot import FakeTelegram

pytestmark = pytest.mark.e2e


async def test_restart_between_steps_of_a_flow(tg: FakeTelegram, bot_process: BotProcess) -> None:
    await bot_process.start()
    admin = tg.user(ADMIN_ID, username="boss", first_name="Ada")
    await admin.send_text("/grant")
    assert (await admin.next_message()).text == tr("grant-ask-user")

    await bot_process.restart()
    await admin.send_text("3003")
    ask_role = await admin.next_message()
    assert "3003" in ask_role.text
    assert ask_role.buttons == [tr("btn-role-manager"), tr("btn-role-admin")]

    # Stopped (Ctrl+C) while the user types: the update waits on the server, is handled once after the start.
    await bot_process.stop(signal.SIGINT)
    assert "Stopped" in bot_process.log()
    await admin.send_text("which one?")
    await bot_process.start()
    assert (await admin.next_message()).text == tr("grant-choose-role-with-buttons")
    query = await admin.press(tr("btn-role-manager"))
    await admin.callback_answer(query)
    await admin.wait_edit(ask_role.message_id, lambda m: "is now manager" in m.text)
    await bot_process.stop()
    assert len(admin.inbox) == 3  # nothing answered twice across the restarts

    db = await Database.open(bot_process.database)
    try:
        assert await UsersRepo(db).has_role(3003, Role.OUTBOUND_MANAGER)
    finally:
        await db.close()


async def test_bad_configuration_is_one_line_and_exit_code_2(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "ADMIN_IDS"}}
    env.update(ADMIN_IDS="12,abc", BOT_TOKEN="1:x", PYTHONPATH=str(ROOT))
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert out == b""
    lines = err.decode().strip().splitlines()
    assert lines == [
        "configuration error: ADMIN_IDS: 'abc' is not a Telegram user id (comma-separated integers)"
    ]
