"""Issue 10, the fault suite: SIGTERM to the whole process group (as systemd and docker send it) at
start-up, mid-check, mid-save and mid-export; kill -9 while saving. Every time: exit code 0 within the
10 s docker allows, no traceback in the log, every manager told what happened to their file, nothing
half-made in the database."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from handlers.new_list import texts as nl_texts
from i18n import tr
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.e2e.test_new_list_e2e import (
    MANAGER_2,
    UK,
    choose_channel,
    consent_and_name,
    lists,
    rows_of,
    settled,
    upload,
    write_csv,
)
from tests.fakebot import FakeTelegram

pytestmark = pytest.mark.e2e
DOCKER_GRACE = 10.0


def big_csv(tmp_path: Path, rows: int, name: str = "big.csv") -> Path:
    from bench.datagen import generate_rows

    return write_csv(tmp_path / name, generate_rows(rows))


async def stop_group(bot: BotProcess) -> float:
    """SIGTERM to the group; returns how long the exit took (asserting code 0)."""
    started = time.monotonic()
    await bot.stop(signal.SIGTERM, group=True)
    return time.monotonic() - started


def assert_clean_log(bot: BotProcess) -> None:
    log = bot.log()
    assert "Traceback" not in log, log[-4000:]
    assert "Cannot operate on a closed database" not in log


@pytest.mark.parametrize("delay", [0.15, 0.4, 0.8, 1.5])
async def test_sigterm_during_start_up(tg: FakeTelegram, bot_process: BotProcess, delay: float) -> None:
    """From the first line of our code on (a signal in the ~20 ms before Python runs
    any of it still takes the default action; nothing has started then)."""
    await bot_process.launch()
    await asyncio.sleep(delay)
    took = await stop_group(bot_process)
    assert took < DOCKER_GRACE
    assert_clean_log(bot_process)
    await bot_process.start()  # and it starts again on the same database
    await stop_group(bot_process)
    assert_clean_log(bot_process)


async def test_sigterm_mid_check_tells_the_manager_and_exits_at_once(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    path = big_csv(tmp_path, 400_000)  # about 2 s to validate on an idle machine
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await choose_channel(ada)
    await ada.upload_document(path, "March.csv")
    status = await ada.next_message()
    assert "Received" in status.shown
    await asyncio.sleep(0.6)  # reading and validating: the summary needs more than a second
    took = await stop_group(bot_process)
    assert took < DOCKER_GRACE
    assert_clean_log(bot_process)
    assert status.html == nl_texts.nl_check_interrupted("March.csv")
    assert lists(bot_process) == []
    assert rows_of(bot_process, "SELECT count(*) FROM import_checks") == [(0,)]  # told already

    await bot_process.start()
    await asyncio.sleep(0.5)
    assert ada.pending() == []  # not told twice
    await ada.send_text("hello")
    assert (await ada.next_text("document")).html == tr("nl-send-document")  # still at the file step


async def test_sigterm_while_rows_are_saved_keeps_the_summary(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    """The summary is shown while the rows are still being written: a stop then lets the writing
    finish (it takes about a second), so the summary's buttons work after the restart."""
    path = big_csv(tmp_path, 200_000)
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await choose_channel(ada)
    summary = await upload(ada, path)
    took = await stop_group(bot_process)
    assert took < DOCKER_GRACE
    assert_clean_log(bot_process)
    assert "Check of" in summary.shown  # not withdrawn
    ((status, count),) = [(s, c) for _, s, _, _, c in lists(bot_process)]
    assert status == "staged"
    await bot_process.start()
    created = await consent_and_name(ada, summary, "Saved whole", tr("btn-add-valid"))
    assert "created" in created.shown
    await settled(bot_process, [("ready", count)])


async def test_three_uploads_then_sigterm_everyone_is_told(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    path = big_csv(tmp_path, 150_000)
    bot_process.admin_ids = (ADMIN_ID, MANAGER_2, 3003)
    await bot_process.start()
    users = [tg.user(uid, username=f"u{uid}", first_name=f"U{uid}") for uid in (ADMIN_ID, MANAGER_2, 3003)]
    for user in users:
        await choose_channel(user)
    statuses = []
    for user in users:
        await user.upload_document(path, f"file-{user.id}.csv")
        statuses.append(await user.next_message())
    await asyncio.sleep(0.3)
    took = await stop_group(bot_process)
    assert took < DOCKER_GRACE
    assert_clean_log(bot_process)
    for user, status in zip(users, statuses, strict=True):
        shown = status.html
        told = "Check of" in shown or shown == nl_texts.nl_check_interrupted(f"file-{user.id}.csv")
        assert told, (user.id, shown)


async def test_sigterm_mid_export_sends_the_file_or_exits_in_time(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    path = big_csv(tmp_path, 200_000)
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await choose_channel(ada)
    summary = await upload(ada, path)
    created = await consent_and_name(ada, summary, "Export me", tr("btn-add-valid"))
    query = await ada.press("⬇️ Download", message=created)
    await ada.callback_answer(query)
    await ada.next_text("Preparing")
    took = await stop_group(bot_process)
    assert took < DOCKER_GRACE
    assert_clean_log(bot_process)
    document = await ada.next_document(timeout=1.0)  # the build (~1 s) finished within the grace
    assert document.file_name == "Export me.xlsx"


async def test_kill_while_saving_leaves_nothing_half_made(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    path = big_csv(tmp_path, 300_000)
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await choose_channel(ada)
    summary = await upload(ada, path)
    await bot_process.kill()  # the rows are still being written
    await bot_process.start()
    await settled(bot_process, [(s, c) for _, s, _, _, c in lists(bot_process) if s == "staged"])
    staged = [row for row in lists(bot_process) if row[1] == "staged"]
    if staged:  # the writing had finished before the kill: the summary's buttons work
        created = await consent_and_name(ada, summary, "After kill", tr("btn-add-valid"))
        assert "created" in created.shown
    else:  # cut: nothing left behind, the manager is told and may send the file again
        await ada.wait_edit(summary.message_id, lambda m: "restarted while checking" in (m.text or ""))
        assert rows_of(bot_process, "SELECT count(*) FROM list_rows") == [(0,)]
        await ada.send_text("and now?")
        reply = await ada.next_message()
        assert reply.html in (tr("nl-send-document"), tr("nl-stage-gone-send-again"))
    await bot_process.stop()


async def test_a_sigint_twice_still_exits_cleanly(tg: FakeTelegram, bot_process: BotProcess) -> None:
    await bot_process.start()
    assert bot_process.process is not None
    bot_process.process.send_signal(signal.SIGINT)
    await bot_process.stop(signal.SIGINT)
    assert_clean_log(bot_process)


_ = UK  # the shared helpers come from the flow A suite
