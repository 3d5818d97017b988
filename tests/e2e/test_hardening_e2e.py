"""Issue 10 (hardening) against the real bot process: what Telegram refuses, flood control, a hung
getUpdates, failed downloads, and the token never in the log."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from i18n import tr
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.e2e.test_new_list_e2e import UK, choose_channel, upload, write_csv
from tests.fakebot import TOKEN, FakeTelegram

pytestmark = pytest.mark.e2e


async def test_failed_rows_report_of_a_file_named_with_control_characters(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada")
    await choose_channel(ada)
    summary = await upload(
        ada, write_csv(tmp_path / "x.csv", [["Phone"], [UK[0]], ["12"]]), "March\x01leads.csv"
    )
    await ada.callback_answer(await ada.press(tr("btn-view-failed"), message=summary))
    report = await ada.next_message(timeout=10)
    assert report.document is not None, report.shown
    assert "leads" in (report.file_name or "")


async def test_failed_download_is_logged_without_the_token(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada")
    await choose_channel(ada)
    tg.fail_downloads(404)
    await ada.upload_document(write_csv(tmp_path / "x.csv", [["Phone"], [UK[0]]]), "leads.csv")
    status = await ada.next_message()
    await ada.wait_edit(status.message_id, lambda m: m.text == tr("nl-download-failed"), timeout=10)
    await bot_process.stop()
    log = bot_process.log()
    assert "Download of" in log
    assert "404" in log
    assert f"/file/bot{TOKEN.split(':')[0]}:<redacted>/documents/" in log
    assert TOKEN not in log
    assert TOKEN.split(":")[1] not in log


async def test_flood_control_several_times_in_a_row_still_gets_the_answer(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada")
    tg.fail_next("sendMessage", retry_after=1, times=5)
    await ada.send_text("/start")
    reply = await ada.next_message(timeout=15)
    assert tr("menu-lists") in reply.reply_buttons, reply.shown
    assert [c.ok for c in tg.calls_of("sendMessage")] == [False] * 5 + [True]
    await ada.expect_no_message(0.5)


async def test_flood_control_past_the_budget_drops_the_reply_without_an_apology(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    bot_process.extra_env["FLOOD_WAIT_SECONDS"] = "2"
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada")
    tg.fail_next("sendMessage", retry_after=3)  # over the budget: dropped at once, logged
    await ada.send_text("/start")
    await tg.wait_for(lambda: tg.calls_of("sendMessage"), 5, "the refused reply")
    await ada.expect_no_message(1.0)  # no apology: Telegram would refuse it for 3 s anyway
    assert len(tg.calls_of("sendMessage")) == 1
    await asyncio.sleep(2.5)
    await ada.send_text("/start")  # once Telegram allows it, the bot answers again
    assert tr("menu-lists") in (await ada.next_message(timeout=10)).reply_buttons
    await bot_process.stop()
    assert "Flood control: dropped SendMessage to chat 1001" in bot_process.log()


async def test_a_hung_get_updates_delays_answers_by_seconds_not_a_minute(
    tg: FakeTelegram, bot_process: BotProcess
) -> None:
    tg.hang_next("getUpdates")  # the bot's first long poll never gets an answer
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada")
    sent = await ada.send_text("/start")
    reply = await ada.next_message(timeout=30)  # aiogram alone: 60 + 10 s
    assert tr("menu-lists") in reply.reply_buttons
    # polling_timeout 10 s + margin 5 s + aiogram's first back-off (about 1 s)
    assert reply.at - sent.at < 20, reply.at - sent.at
    assert [c.error for c in tg.calls_of("getUpdates")][:1] == ["hung"]


async def test_get_file_answered_by_a_proxy_error_page_asks_for_the_file_again(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada")
    await choose_channel(ada)
    tg.fail_next_with_page("getFile")  # 502 with nginx's HTML page
    await ada.upload_document(write_csv(tmp_path / "x.csv", [["Phone"], [UK[0]]]), "leads.csv")
    status = await ada.next_message()
    checking = status.text
    await tg.wait_for(lambda: status.text != checking or ada.pending(), 10, "the download's outcome")
    await ada.expect_no_message(0.5)
    assert status.text == tr("nl-download-failed"), status.text
    assert tr("apology") not in [m.shown for m in ada.pending()]
    assert [c.error for c in tg.calls_of("getFile")] == ["HTTP 502 page"]
