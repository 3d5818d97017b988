"""Issue 10, the rest of the fault suite against the real process: an update whose handler a stop had
to cut is handled after the restart (not lost), forged callback data, and Cancel import pressed while
the rows are still being saved, in a loop (the writer must never be left inside a transaction)."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from i18n import tr
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.e2e.test_new_list_e2e import UK, choose_channel, lists, upload, write_csv
from tests.fakebot import FakeTelegram

pytestmark = pytest.mark.e2e


async def until(predicate: Callable[[], bool], what: str, timeout: float = 5.0) -> None:  # noqa: ASYNC109
    """Poll a condition on the bot's database (the fake server's wait_for wakes on API calls only)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting until {what}")
        await asyncio.sleep(0.05)


async def test_an_update_cut_at_shutdown_is_handled_after_the_restart(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    """/help's answer hangs (a stalled connection): the shutdown cuts the handler after its grace, so
    the update is not confirmed, and the next start answers it."""
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    tg.hang_next("sendMessage")
    await ada.send_text("/help")
    await tg.wait_for(lambda: len(tg.calls_of("sendMessage")) >= 1, 5, "the hung answer")
    await bot_process.stop(signal.SIGTERM, group=True)
    assert "cut at shutdown" in bot_process.log()
    tg.release_hangs()
    await bot_process.start()
    assert "Client lists bot" in (await ada.next_text("Client lists bot", timeout=10)).shown


async def test_handled_updates_are_not_answered_again_after_a_restart(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    for _ in range(3):
        await ada.send_text("/help")
        await ada.next_text("Client lists bot")
    await bot_process.stop(signal.SIGTERM, group=True)
    await bot_process.start()
    await asyncio.sleep(1.0)
    assert ada.pending() == []


@pytest.mark.parametrize(
    "data",
    ["l:d:99999999999999999999999:0", "gr:-5:m", "gr:0:a", "acc:ok:0", "nl:a:1.5:", "cl:p:-1", "x" * 64],
)
async def test_forged_callback_data_is_a_stale_button(
    tg: FakeTelegram, bot_process: BotProcess, data: str
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await ada.send_text("/start")
    menu = await ada.next_message()
    query = await ada.press_data(data, menu)
    answer = await ada.callback_answer(query)
    assert (answer.text, answer.show_alert) == (tr("stale-button"), True)
    await asyncio.sleep(0.3)
    assert ada.pending() == []  # no apology
    assert "Traceback" not in bot_process.log()


async def test_cancel_while_saving_in_a_loop_never_wedges_the_writer(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    from bench.datagen import generate_rows

    path = write_csv(tmp_path / "big.csv", generate_rows(60_000))
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    for round_ in range(4):
        await choose_channel(ada)
        summary = await upload(ada, path, f"big-{round_}.csv")  # a new name: no same-file shortcut
        if round_ % 2:
            await ada.send_text("/cancel")
            await ada.next_text("Import cancelled")
        else:  # the button turns the summary itself into "cancelled"
            await ada.callback_answer(await ada.press(tr("btn-cancel-import"), message=summary))
            await ada.wait_edit(summary.message_id, lambda m: "Import cancelled" in (m.text or ""))
    # every later write still works: a list is created
    await choose_channel(ada)
    summary = await upload(ada, write_csv(tmp_path / "small.csv", [[UK[0]], [UK[1]]]))
    await ada.callback_answer(await ada.press(tr("btn-continue"), message=summary))
    await ada.callback_answer(await ada.press(tr("btn-i-confirm"), message=await ada.next_text("Confirm")))
    await ada.send_text("After the loop")
    assert "created" in (await ada.next_text("created")).shown
    assert [(s, c) for _, s, _, _, c in lists(bot_process)] == [("ready", 2)]
    assert tr("apology") not in [m.html for m in tg.bot_messages(ADMIN_ID)]


async def test_an_update_whose_handler_a_kill_cut_is_handled_after_the_restart(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    """A slow handler's update is parked in the database (so polling goes on); kill -9 cuts it; the
    next start handles it again."""
    from tests.e2e.test_new_list_e2e import rows_of

    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    tg.hang_next("sendMessage")
    await ada.send_text("/help")
    await until(lambda: rows_of(bot_process, "SELECT count(*) FROM parked_updates") == [(1,)], "parked")
    await bot_process.kill()
    tg.release_hangs()
    await bot_process.start()
    await ada.next_text("Client lists bot", timeout=10)
    assert "Handling 1 update(s) again" in bot_process.log()
    await until(lambda: rows_of(bot_process, "SELECT count(*) FROM parked_updates") == [(0,)], "unparked")
