"""Flow A against the real bot process and the fake Bot API, with real XLSX/CSV files built here."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from handlers.new_list import texts as nl_texts
from i18n import tr
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.fakebot import FakeTelegram
from tests.fakebot.models import BotMessage
from tests.fixtures.workbooks import zip_bomb

pytestmark = pytest.mark.e2e
SUMMARY_TIMEOUT = 30.0
MANAGER_2 = 2002

UK = [f"4474001234{i:02d}" for i in range(40)]  # real-plan UK mobile numbers


# --- helpers -----------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def rows_of(bot: BotProcess, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(f"file:{bot.database}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def lists(bot: BotProcess) -> list[tuple[Any, ...]]:
    return rows_of(bot, "SELECT id, status, name, channel, row_count FROM lists ORDER BY id")


async def settled(bot: BotProcess, expected: list[tuple[str, int]], timeout: float = 10.0) -> None:  # noqa: ASYNC109
    """Wait until the lists table holds exactly `expected` (status, row_count): rows are saved after
    the summary is shown, and replaced stages are purged in the background."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (found := [(s, c) for _, s, _, _, c in lists(bot)]) != expected:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"lists are {found}, expected {expected}")
        await asyncio.sleep(0.05)


def cells(bot: BotProcess, list_id: int) -> list[list[str]]:
    found = rows_of(bot, "SELECT cells FROM list_rows WHERE list_id = ? ORDER BY position", list_id)
    return [json.loads(row[0]) for row in found]


async def choose_channel(user: Any, button: str = "📞 Telephony") -> None:
    await user.send_text("/new")
    await user.next_text("Choose the channel")
    await user.callback_answer(await user.press(button))
    await user.next_text("sent as a document")


async def upload(user: Any, path: Path, name: str | None = None) -> BotMessage:
    """Upload and wait for the summary (the status message edited in place)."""
    await user.upload_document(path, name or path.name)
    status: BotMessage = await user.next_message()
    await user.wait_edit(status.message_id, lambda m: "Check of" in (m.text or ""), timeout=SUMMARY_TIMEOUT)
    return status


async def press(user: Any, button: str, message: BotMessage | None = None) -> None:
    answer = await user.callback_answer(await user.press(button, message=message))
    assert not answer.show_alert, answer.text


async def consent_and_name(user: Any, summary: BotMessage, name: str | None, button: str) -> BotMessage:
    await press(user, button, summary)
    consent = await user.next_text("Confirm that these clients agreed")
    await press(user, tr("btn-i-confirm"), consent)
    ask = await user.next_text("Name the list")
    if name is None:
        await press(user, ask.buttons[0], ask)
    else:
        await user.send_text(name)
    created: BotMessage = await user.next_text("created")
    return created


# --- tests -------------------------------------------------------------------------------------


async def test_happy_path_xlsx_with_extra_columns(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    header = ["Phone", "First name", "Last name", "City", "GMT_ZONE", "Priority", "Order number"]
    data = [
        [UK[0], "Anna", "Smith", "London", "+00:00", "1", "A-1"],
        ["+44 7400 123401", "Ivan", "Petrov", "Москва", "+03:00", "2", "A-2"],
        [UK[2], "Léa", "", "Paris", "", "", "VIP"],
        ["12", "Bad", "Row", "", "", "", ""],
    ]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Clients"
    for row in [header, *data]:
        sheet.append(row)
    path = tmp_path / "Spring leads.xlsx"
    workbook.save(path)

    await choose_channel(ada)
    summary = await upload(ada, path)
    assert "Sheet: Clients" in summary.shown
    assert "Rows read: 4" in summary.shown
    assert "Valid: 3" in summary.shown
    assert "Invalid: 1" in summary.shown
    assert "Row 5" in summary.shown
    created = await consent_and_name(ada, summary, None, tr("btn-add-valid"))
    assert created.text == "✅ List «Spring leads» created: 3 clients, 📞 Telephony."
    assert created.buttons == [tr("btn-download"), tr("btn-delete")]

    ((list_id, status, name, channel, count),) = lists(bot_process)
    assert (status, name, channel, count) == ("ready", "Spring leads", "telephony", 3)
    columns = json.loads(rows_of(bot_process, "SELECT columns FROM lists")[0][0])
    assert [c["title"] for c in columns] == header
    assert cells(bot_process, list_id) == [
        [UK[0], "Anna", "Smith", "London", "+00:00", "1", "A-1"],
        [UK[1], "Ivan", "Petrov", "Москва", "+03:00", "2", "A-2"],
        [UK[2], "Léa", "", "Paris", "", "", "VIP"],
    ]
    assert rows_of(bot_process, "SELECT action, list_name FROM audit_events") == [("created", "Spring leads")]


async def test_csv_counts_report_and_typed_name(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    rows = [["Phone", "Name"]]
    rows += [[UK[i], f"Client {i}"] for i in range(10)]
    rows += [[UK[1], "Client 1"], [UK[2], "Client 2"]]  # exact duplicates of rows 3 and 4
    rows += [[UK[1], "Other name"]]  # same phone, other field: kept
    rows += [["12671234567", "Docs example"], ["abc", "Letters"], ["1.26712E+10", "Excel"]]
    path = write_csv(tmp_path / "march.csv", rows)

    await choose_channel(ada)
    summary = await upload(ada, path)
    text = summary.shown
    assert "Rows read: 16" in text
    assert "Valid: 11" in text
    assert "Invalid: 3" in text
    assert "Exact duplicates skipped: 2" in text
    assert summary.buttons[0] == tr("btn-view-failed")

    await press(ada, tr("btn-view-failed"), summary)
    report = await ada.next_document()
    workbook = openpyxl.load_workbook(io.BytesIO(await ada.download(report)), read_only=True)
    failed = list(workbook["Failed rows"].iter_rows(values_only=True))
    assert failed[0][:7] == ("Row", "Column", "Reason", "What is wrong", "Suggestion", "Phone", "Name")
    by_row = {int(r[0]): r for r in failed[1:]}
    assert sorted(by_row) == [12, 13, 15, 16, 17]
    assert by_row[12][2] == "Duplicate"
    assert "row 3" in str(by_row[12][3])
    assert by_row[15][2] == "Not in the country's numbering plan"
    assert "numbering plan" in str(by_row[15][3])
    assert by_row[16][5:7] == ("abc", "Letters")
    assert by_row[17][2] == "Scientific notation (1.2E+10)"

    created = await consent_and_name(ada, summary, "  March <b>calls</b> ", tr("btn-add-valid"))
    assert created.text == "✅ List «March <b>calls</b>» created: 11 clients, 📞 Telephony."
    ((_, status, name, _, count),) = lists(bot_process)
    assert (status, name, count) == ("ready", "March <b>calls</b>", 11)


async def test_text_channel_list(tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    path = write_csv(
        tmp_path / "tg.csv", [["Telegram ID", "First name"], ["123456789", "A"], ["5012345678", "B"]]
    )
    await choose_channel(ada, "✈️ Telegram")
    summary = await upload(ada, path)
    assert "Valid: 2" in summary.shown
    assert summary.buttons == [tr("btn-continue"), tr("btn-cancel-import")]
    created = await consent_and_name(ada, summary, None, tr("btn-continue"))
    assert "2 clients, ✈️ Telegram" in created.shown
    ((list_id, _, _, channel, _),) = lists(bot_process)
    assert channel == "telegram"
    assert cells(bot_process, list_id) == [["123456789", "A"], ["5012345678", "B"]]


async def test_cancel_anywhere_and_reupload_replaces(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    first = write_csv(tmp_path / "first.csv", [[UK[0]], [UK[1]]])
    second = write_csv(tmp_path / "second.csv", [[UK[2]], [UK[3]], [UK[4]]])

    await choose_channel(ada)
    old = await upload(ada, first)
    new = await upload(ada, second)  # a new file at the summary is checked instead
    assert "Valid: 3" in new.shown
    await settled(bot_process, [("staged", 3)])
    # the replaced summary's buttons are stale
    answer = await ada.callback_answer(await ada.press(tr("btn-continue"), message=old))
    assert answer.show_alert
    assert answer.text == tr("nl-stage-gone-alert")
    # cancel at the summary
    await press(ada, tr("btn-cancel-import"), new)
    await ada.wait_edit(new.message_id, lambda m: m.text == tr("nl-cancelled"))
    await settled(bot_process, [])

    # cancel at consent
    await choose_channel(ada)
    summary = await upload(ada, first)
    await press(ada, tr("btn-continue"), summary)
    consent = await ada.next_text("Confirm that")
    await press(ada, tr("btn-cancel"), consent)
    await settled(bot_process, [])

    # /cancel at naming
    await choose_channel(ada)
    summary = await upload(ada, first)
    await press(ada, tr("btn-continue"), summary)
    await press(ada, tr("btn-i-confirm"), await ada.next_text("Confirm that"))
    await ada.next_text("Name the list")
    await ada.send_text("/cancel")
    assert (await ada.next_message()).text == tr("nl-cancelled")
    await ada.send_text("Too late")
    assert (await ada.next_message()).text == tr("unknown-input")
    await settled(bot_process, [])
    assert rows_of(bot_process, "SELECT count(*) FROM list_rows") == [(0,)]


async def test_refusals_then_a_good_file(tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await choose_channel(ada)

    await ada.send_photo()
    assert (await ada.next_message()).html == tr("nl-send-document")
    await ada.send_sticker()
    assert (await ada.next_message()).html == tr("nl-send-document")
    await ada.send_text("my list")
    assert (await ada.next_message()).html == tr("nl-send-document")

    await ada.upload_document(b"Phone\n" + UK[0].encode(), "huge.csv", declared_size=21 * 2**20)
    refusal = await ada.next_message()
    assert "21.0 MB; the limit is 20 MB" in refusal.shown
    assert tg.calls_of("getFile") == []

    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\0" * 64
    await ada.upload_document(png, "clients.xlsx")
    status = await ada.next_message()
    await ada.wait_edit(status.message_id, lambda m: "PNG image" in (m.text or ""), timeout=SUMMARY_TIMEOUT)

    await ada.upload_document(zip_bomb(tmp_path / "bomb.xlsx", megabytes=300), "bomb.xlsx")
    status = await ada.next_message()
    await ada.wait_edit(status.message_id, lambda m: "too large" in (m.text or ""), timeout=SUMMARY_TIMEOUT)

    summary = await upload(ada, write_csv(tmp_path / "good.csv", [[UK[0]]]))
    assert "Valid: 1" in summary.shown
    assert "Traceback" not in bot_process.log()


async def test_restart_between_summary_and_consent(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path
) -> None:
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    path = write_csv(tmp_path / "Restart list.csv", [[UK[0]], [UK[1]], ["123"]])
    await choose_channel(ada)
    summary = await upload(ada, path)
    await asyncio.sleep(0.3)  # let the rows be saved before the stop
    await bot_process.restart()

    await press(ada, tr("btn-view-failed"), summary)
    assert (await ada.next_document()).document is not None
    created = await consent_and_name(ada, summary, None, tr("btn-add-valid"))
    assert created.text == "✅ List «Restart list» created: 2 clients, 📞 Telephony."
    assert [(s, n, c) for _, s, n, _, c in lists(bot_process)] == [("ready", "Restart list", 2)]


async def test_others_are_answered_while_a_big_file_validates(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path
) -> None:
    from bench.datagen import generate_rows

    rows = generate_rows(120_000)
    path = write_csv(tmp_path / "big.csv", rows)
    bot_process.admin_ids = (ADMIN_ID, MANAGER_2)
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    bob = tg.user(MANAGER_2, username="bob", first_name="Bob")
    sam = tg.user(3003, username="sam", first_name="Sam")
    await choose_channel(ada)
    await choose_channel(bob)

    await ada.upload_document(path, "big.csv")
    await bob.upload_document(path, "big_too.csv")
    status_a = await ada.next_message()
    replies = []
    for _ in range(3):
        sent = await sam.send_text("/start")
        reply = await sam.next_message(timeout=5)
        replies.append((sent.at, reply.at))
        await asyncio.sleep(0.05)
    summary_a = await ada.wait_edit(
        status_a.message_id, lambda m: "Check of" in (m.text or ""), timeout=SUMMARY_TIMEOUT
    )
    status_b = await bob.next_message()
    summary_b = await bob.wait_edit(
        status_b.message_id, lambda m: "Check of" in (m.text or ""), timeout=SUMMARY_TIMEOUT
    )
    assert summary_a.edited_at is not None
    assert all(answered < summary_a.edited_at for _, answered in replies)  # answered during the check
    assert max(answered - sent for sent, answered in replies) < 1.0, replies
    assert "Rows read: 120,0" in summary_a.shown
    assert "Rows read: 120,0" in summary_b.shown


async def test_bot_killed_while_a_file_is_checked_asks_for_it_again(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    """Killed (a crash, an OOM kill) at "Validating… 45%": after the start the progress message says the
    bot restarted while checking the file and asks for it again; the next file goes straight through.
    (A clean stop lets the check finish within the shutdown grace, or says so at once: handler tests.)"""
    from bench.datagen import generate_rows

    path = write_csv(tmp_path / "Big <leads>.csv", generate_rows(400_000))  # 18 MB, ~4 s to validate
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await choose_channel(ada)
    await ada.upload_document(path)
    status = await ada.next_message()
    await asyncio.sleep(0.6)  # reading and validating (a progress edit comes only after 2 s)
    await bot_process.kill()
    assert "Received" in status.shown or "Validating" in status.shown  # nobody is left to say otherwise
    assert rows_of(bot_process, "SELECT owner_id, file_name FROM import_checks") == [
        (ADMIN_ID, "Big <leads>.csv")
    ]

    await bot_process.start()
    interrupted = nl_texts.nl_check_interrupted("Big <leads>.csv")
    await ada.wait_edit(status.message_id, lambda m: m.html == interrupted)
    assert "restarted while checking Big <leads>.csv" in status.shown
    assert "send the file again" in status.shown
    assert rows_of(bot_process, "SELECT count(*) FROM import_checks") == [(0,)]
    assert lists(bot_process) == []
    await ada.send_text("my list")  # still waiting for a file
    assert (await ada.next_text("document")).html == tr("nl-send-document")

    summary = await upload(ada, write_csv(tmp_path / "small.csv", [[UK[0]], [UK[1]]]))
    assert "Valid: 2" in summary.shown
    created = await consent_and_name(ada, summary, None, tr("btn-continue"))
    assert "2 clients" in created.shown
    assert rows_of(bot_process, "SELECT count(*) FROM import_checks") == [(0,)]
    # (the killed bot's sandbox child outlives it and logs a BrokenPipeError when it finishes)
    assert " ERROR " not in bot_process.log()
