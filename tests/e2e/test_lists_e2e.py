"""Flow C against the real bot process: paging, download (built once, then by file_id), delete, old
buttons, and a forwarded Download button pressed by someone without access.

Lists are created by the test through ListsRepo on the bot's own SQLite file (WAL lets both write).
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from handlers.lists import texts as lists_texts
from handlers.lists.callbacks import ListAction, ListCb
from i18n import tr
from storage.audit import AuditAction, AuditEvent, AuditRepo
from storage.db import Database
from storage.lists import ClientList, ListColumn, ListsRepo
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.fakebot import FakeTelegram
from tests.fakebot.models import BotMessage

pytestmark = pytest.mark.e2e
WAIT_SECONDS = 5.0

COLUMNS = (
    ListColumn("phone", "Phone"),
    ListColumn("first_name", "First name"),
    ListColumn("city", "City"),
    ListColumn("note", "Комментарий"),
)
ROWS = [
    ["447946000001", '=HYPERLINK("x")', "London", "+7 916"],
    ["447946000002", "0012", "Москва", "Ёжик 🦔 & <b>"],
    ["447946000003", "", "São Paulo", "=1+2"],
    ["447946000004", "1.26712E+10", "  spaced  ", "line\nbreak"],
]


@pytest.fixture
async def db(bot_process: BotProcess) -> AsyncIterator[Database]:
    database = await Database.open(bot_process.database)
    try:
        yield database
    finally:
        await database.close()


async def create(db: Database, name: str, rows: Sequence[Sequence[str]] = ROWS[:1]) -> ClientList:
    return await ListsRepo(db).create_ready(
        name=name,
        channel="telephony",
        columns=COLUMNS,
        rows=rows,
        source={"kind": "file", "file_name": f"{name}.xlsx"},
        owner_id=ADMIN_ID,
    )


async def count(db: Database, sql: str, *args: Any) -> int:
    async with db.reader.execute(sql, args) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def stored_file_id(db: Database, list_id: int) -> str:
    """The export file_id, once the bot has stored it (just after the document arrives)."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while True:
        item = await ListsRepo(db).get_ready(list_id)
        if item is not None and item.export_file_id:
            return item.export_file_id
        assert asyncio.get_running_loop().time() < deadline, "export_file_id was not stored"
        await asyncio.sleep(0.05)


async def audited(db: Database, action: AuditAction, expected: int) -> list[AuditEvent]:
    """The `action` events, once there are `expected` of them (audit lines follow the reply)."""
    deadline = asyncio.get_running_loop().time() + WAIT_SECONDS
    while True:
        events = [e for e in await AuditRepo(db).recent() if e.action is action]
        if len(events) >= expected:
            return events
        assert asyncio.get_running_loop().time() < deadline, f"{expected} {action} events: {events}"
        await asyncio.sleep(0.05)


def list_buttons(message: BotMessage) -> list[str]:
    return [b for b in message.buttons if b not in (lists_texts.BTN_PAGE_PREV, lists_texts.BTN_PAGE_NEXT)]


def names(message: BotMessage) -> list[str]:
    return [b.split(" ", 1)[1].split(" · ")[0] for b in list_buttons(message)]


async def test_paging_both_ways(tg: FakeTelegram, bot_process: BotProcess, db: Database) -> None:
    for i in range(1, 21):
        await create(db, f"List {i:02d}")
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")

    await ada.send_text("/lists")
    page = await ada.next_message()
    assert "Client lists: 20 · page 1 of 3" in page.text
    assert names(page) == [f"List {i:02d}" for i in range(20, 12, -1)]
    assert page.buttons[-1] == lists_texts.BTN_PAGE_NEXT
    assert all(b.startswith("📞 ") and " · 1 · " in b for b in list_buttons(page))

    expected = {
        1: [f"List {i:02d}" for i in range(20, 12, -1)],
        2: [f"List {i:02d}" for i in range(12, 4, -1)],
        3: [f"List {i:02d}" for i in range(4, 0, -1)],
    }
    prev, next_ = lists_texts.BTN_PAGE_PREV, lists_texts.BTN_PAGE_NEXT
    for number, arrow in ((2, next_), (3, next_), (2, prev), (1, prev)):
        query = await ada.press(arrow, message=page)
        await ada.callback_answer(query)
        await ada.wait_edit(page.message_id, lambda m, n=number: f"page {n} of 3" in (m.text or ""))
        assert names(page) == expected[number], number
        has_prev, has_next = (
            lists_texts.BTN_PAGE_PREV in page.buttons,
            lists_texts.BTN_PAGE_NEXT in page.buttons,
        )
        assert (has_prev, has_next) == (number > 1, number < 3)
    assert ada.pending() == [], "paging edits the page in place"

    # The menu button opens the same page.
    await ada.send_text(tr("menu-lists"))
    assert "Client lists: 20" in (await ada.next_message()).text


async def test_download_built_once_then_by_file_id(
    tg: FakeTelegram, bot_process: BotProcess, db: Database
) -> None:
    item = await create(db, "May: calls/leads?", ROWS)
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await ada.send_text("/start")
    await ada.next_message()

    await ada.send_text("/lists")
    page = await ada.next_message()
    query = await ada.press(list_buttons(page)[0], message=page)
    await ada.callback_answer(query)
    card = await ada.wait_edit(page.message_id, lambda m: tr("btn-download") in m.buttons)
    assert "May: calls/leads?" in card.text
    assert "Telephony" in card.text
    assert "4 clients" in card.text
    assert "May: calls/leads?.xlsx" in card.text  # the source file
    assert "Ada @ada" in card.text

    uploads_before = len(tg.files)
    query = await ada.press(tr("btn-download"), message=card)
    assert (await ada.callback_answer(query)).text == tr("download-answer")
    preparing = await ada.next_message()
    assert preparing.text == tr("preparing-file")
    document = await ada.next_document()
    assert document.file_name == "May calls leads.xlsx"
    assert len(tg.files) == uploads_before + 1
    await tg.wait_for(lambda: preparing.deleted, 5, "the preparing notice to go")

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(await ada.download(document))).get_sheet_by_index(0)
    assert sheet.to_python() == [[c.title for c in COLUMNS], *ROWS]

    stored = await stored_file_id(db, item.id)
    assert stored == document.document["file_id"]

    # Second download: by file_id, no upload, no preparing notice.
    query = await ada.press(tr("btn-download"), message=card)
    await ada.callback_answer(query)
    again = await ada.next_message()
    assert again.document is not None
    assert again.sent_by_file_id
    assert again.document["file_id"] == stored
    assert len(tg.files) == uploads_before + 1
    last_send = tg.calls_of("sendDocument")[-1]
    assert last_send.params["document"] == stored
    assert last_send.files == []

    downloads = await audited(db, AuditAction.DOWNLOADED, 2)
    assert [e.details["by_file_id"] for e in downloads] == [True, False]


async def test_concurrent_first_downloads_build_once(
    tg: FakeTelegram, bot_process: BotProcess, db: Database
) -> None:
    item = await create(db, "Race", [[f"4479460{i:05d}", "x", "y", "z"] for i in range(20_000)])
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await ada.send_text("/start")
    menu = await ada.next_message()
    data = ListCb(action=ListAction.DOWNLOAD, list_id=item.id).pack()
    first = await ada.press_data(data, menu)
    second = await ada.press_data(data, menu)
    await ada.callback_answer(first)
    await ada.callback_answer(second)
    documents = [await ada.next_document(timeout=20), await ada.next_document(timeout=20)]
    assert [d.sent_by_file_id for d in documents] == [False, True]
    uploads = [c for c in tg.calls_of("sendDocument") if c.files]
    assert len(uploads) == 1


async def test_delete_cancel_yes_and_old_buttons(
    tg: FakeTelegram, bot_process: BotProcess, db: Database
) -> None:
    keep = await create(db, "Keep me")
    item = await create(db, "Old list", ROWS)
    await bot_process.start()
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")

    await ada.send_text("/lists")
    page = await ada.next_message()
    query = await ada.press(list_buttons(page)[0], message=page)
    await ada.callback_answer(query)
    await ada.wait_edit(page.message_id, lambda m: tr("btn-delete") in m.buttons)
    download_data = page.button(tr("btn-download")).callback_data
    delete_data = page.button(tr("btn-delete")).callback_data
    assert download_data is not None
    assert delete_data is not None

    # Delete → Cancel keeps the list and goes back to its card.
    query = await ada.press(tr("btn-delete"), message=page)
    await ada.callback_answer(query)
    await ada.wait_edit(page.message_id, lambda m: tr("btn-confirm-delete") in m.buttons)
    assert page.text == "Delete «Old list» (4 clients)? This cannot be undone."
    assert page.buttons == [tr("btn-confirm-delete"), tr("btn-cancel-delete")]
    query = await ada.press(tr("btn-cancel-delete"), message=page)
    await ada.callback_answer(query)
    await ada.wait_edit(page.message_id, lambda m: tr("btn-delete") in m.buttons)
    assert await ListsRepo(db).get_ready(item.id) is not None

    # Delete → Yes removes the list and its rows and says so.
    query = await ada.press(tr("btn-delete"), message=page)
    await ada.callback_answer(query)
    await ada.wait_edit(page.message_id, lambda m: tr("btn-confirm-delete") in m.buttons)
    query = await ada.press(tr("btn-confirm-delete"), message=page)
    assert (await ada.callback_answer(query)).text == tr("deleted-answer")
    await ada.wait_edit(page.message_id, lambda m: "was deleted" in (m.text or ""))
    assert page.text == "🗑 List «Old list» (4 clients) was deleted."
    assert await count(db, "SELECT count(*) FROM lists WHERE id = ?", item.id) == 0
    assert await count(db, "SELECT count(*) FROM list_rows WHERE list_id = ?", item.id) == 0
    assert await count(db, "SELECT count(*) FROM list_rows WHERE list_id = ?", keep.id) == 1
    deleted = [e for e in await AuditRepo(db).recent() if e.action is AuditAction.DELETED]
    assert [(e.list_id, e.user_id) for e in deleted] == [(item.id, ADMIN_ID)]

    # Old buttons of the deleted list: an alert, nothing else.
    for data in (
        delete_data,
        download_data,
        ListCb(action=ListAction.CONFIRM_DELETE, list_id=item.id).pack(),
    ):
        query = await ada.press_data(data, page)
        answer = await ada.callback_answer(query)
        assert (answer.text, answer.show_alert) == (tr("list-gone"), True)
    await ada.expect_no_message(0.3)
    assert tg.calls_of("sendDocument") == []

    # Back to the lists shows the one that is left.
    query = await ada.press(tr("btn-all-lists"), message=page)
    await ada.callback_answer(query)
    await ada.wait_edit(page.message_id, lambda m: "Client lists: 1" in (m.text or ""))
    assert names(page) == ["Keep me"]


async def test_forwarded_download_button_needs_access(
    tg: FakeTelegram, bot_process: BotProcess, db: Database
) -> None:
    item = await create(db, "Secret", ROWS)
    await bot_process.start()
    stranger = tg.user(3003, username="eve", first_name="Eve")
    await stranger.send_text("/start")
    no_access = await stranger.next_message()

    query = await stranger.press_data(ListCb(action=ListAction.DOWNLOAD, list_id=item.id).pack(), no_access)
    answer = await stranger.callback_answer(query)
    assert (answer.text, answer.show_alert) == (tr("no-access-alert"), True)
    await stranger.expect_no_message(0.5)
    assert tg.calls_of("sendDocument") == []
    assert [e for e in await AuditRepo(db).recent() if e.action is AuditAction.DOWNLOADED] == []

    # /audit is for admins only; the admin sees the list's creation.
    await stranger.send_text("/audit")
    assert "don't have access" in (await stranger.next_message()).text
    ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
    await ada.send_text("/audit")
    audit = await ada.next_message()
    assert "Recent list events" in audit.text
    assert "Ada @ada (1001) created «Secret»" in audit.text
