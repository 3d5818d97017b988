"""Flow C in process: the empty page, the menu button, a stale file_id rebuilt, role checks at press
time, and the export helpers (file names, a list deleted mid-export)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import (
    AnswerCallbackQuery,
    DeleteMessage,
    EditMessageText,
    SendDocument,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import FSInputFile
from python_calamine import CalamineWorkbook

from handlers.common.callbacks import MenuAction, MenuCb
from handlers.lists import texts as lists_texts
from handlers.lists.callbacks import ListAction, ListCb
from i18n import tr
from services.export import ListExporter, build_xlsx, export_file_name
from storage.audit import AuditAction, AuditRepo
from storage.lists import ClientList, ListColumn, ListGone, ListsRepo
from storage.users import Role
from tests.handlers.conftest import ADMIN, ADMIN_ID, MANAGER, STRANGER, Harness, answers
from tests.handlers.conftest import texts as sent


async def make_list(harness: Harness, name: str = "Calls", rows: int = 3) -> ClientList:
    lists: ListsRepo = harness.dp["lists"]
    return await lists.create_ready(
        name=name,
        channel="telegram",
        columns=(ListColumn("id", "Telegram ID"), ListColumn("name", "Name")),
        rows=([str(100 + i), f"N{i}"] for i in range(rows)),
        source={
            "kind": "clients",
            "project": "Shop bot",
            "filters": {"period_days": 30, "search": "<b>", "since_ts": 1, "label": None, "region": "EU"},
        },
        owner_id=ADMIN_ID,
    )


def documents(calls: list[TelegramMethod[Any]]) -> list[SendDocument]:
    return [c for c in calls if isinstance(c, SendDocument)]


async def test_empty_lists_and_menu_button(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    assert sent(await harness.send(MANAGER, "/lists")) == [tr("lists-empty")]
    assert sent(await harness.send(MANAGER, tr("menu-lists"))) == [tr("lists-empty")]

    await make_list(harness)
    calls = await harness.press(MANAGER, MenuCb(action=MenuAction.LISTS).pack())
    assert len(answers(calls)) == 1
    (page,) = [c for c in calls if isinstance(c, SendMessage)]
    assert "Client lists</b>: 1" in page.text


async def test_card_shows_source_filters_escaped(harness: Harness) -> None:
    item = await make_list(harness)
    calls = await harness.press(ADMIN, ListCb(action=ListAction.OPEN, list_id=item.id).pack())
    (edit,) = [c for c in calls if isinstance(c, EditMessageText)]
    text = edit.text or ""
    assert "✈️ Telegram" in text
    filters = "project Shop bot; active in the last 30 days; search “&lt;b&gt;”; region: EU"
    assert f"from bot clients ({filters})" in text
    assert "3 clients" in text


async def test_stale_file_id_is_rebuilt(harness: Harness) -> None:
    lists: ListsRepo = harness.dp["lists"]
    item = await make_list(harness)
    await lists.set_export_file_id(item.id, "document-stale")

    def expired(method: TelegramMethod[Any]) -> Exception:
        return TelegramBadRequest(
            method=method, message="Bad Request: wrong file identifier/HTTP URL specified"
        )

    harness.session.fail(SendDocument, expired)
    calls = await harness.press(ADMIN, ListCb(action=ListAction.DOWNLOAD, list_id=item.id).pack())
    first, second = documents(calls)
    assert first.document == "document-stale"
    assert isinstance(second.document, FSInputFile)
    assert second.document.filename == "Calls.xlsx"
    assert tr("preparing-file") in sent(calls)
    assert any(isinstance(c, DeleteMessage) for c in calls), "the preparing notice is removed"
    assert [a.text for a in answers(calls)] == [tr("download-answer")]
    exporter: ListExporter = harness.dp["exporter"]
    assert exporter.builds == 1
    stored = await lists.get_ready(item.id)
    assert stored is not None
    assert stored.export_file_id is None  # forgotten; the recording session returns no document
    (event,) = await AuditRepo(harness.db).recent(1)
    assert (event.action, event.details) == (AuditAction.DOWNLOADED, {"by_file_id": False})


async def test_roles_are_checked_at_press_time(harness: Harness) -> None:
    item = await make_list(harness)
    download = ListCb(action=ListAction.DOWNLOAD, list_id=item.id).pack()
    delete = ListCb(action=ListAction.CONFIRM_DELETE, list_id=item.id).pack()
    for data in (download, delete):
        calls = await harness.press(STRANGER, data)
        assert [(a.text, a.show_alert) for a in answers(calls)] == [(tr("no-access-alert"), True)]
        assert documents(calls) == []
        assert not [c for c in calls if not isinstance(c, AnswerCallbackQuery)]
    assert await harness.dp["lists"].get_ready(item.id) is not None

    # /audit is for admins only.
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    assert sent(await harness.send(MANAGER, "/audit")) == [tr("unknown-input")]
    (audit,) = sent(await harness.send(ADMIN, "/audit"))
    assert "created «Calls»" in audit


def test_export_file_names() -> None:
    assert export_file_name("May: calls/leads?") == "May calls leads.xlsx"
    assert export_file_name('  a<b>c|d*e"f\\g\n ') == "a b c d e f g.xlsx"
    assert export_file_name("...") == "client list.xlsx"
    assert export_file_name(None) == "client list.xlsx"
    assert export_file_name("Клиенты 🦔") == "Клиенты 🦔.xlsx"
    assert len(export_file_name("x" * 500)) == 105


async def test_list_deleted_mid_export_is_gone(harness: Harness, tmp_path: Path) -> None:
    lists: ListsRepo = harness.dp["lists"]
    item = await make_list(harness, rows=3)
    with pytest.raises(ListGone):
        await build_xlsx(lists, dataclasses.replace(item, row_count=4), tmp_path / "x.xlsx", "en")
    assert (await build_xlsx(lists, item, tmp_path / "y.xlsx", "en")).rows == 3


async def test_rows_beyond_one_sheet_continue_on_the_next(
    harness: Harness, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("services.export.SHEET_ROWS", 2)
    lists: ListsRepo = harness.dp["lists"]
    header = ["Telegram ID", "Name"]
    for rows, expected_sheets in ((5, 3), (4, 2), (0, 1)):
        item = await make_list(harness, name=f"Split {rows}", rows=rows)
        path = tmp_path / f"{rows}.xlsx"
        assert (await build_xlsx(lists, item, path, "en")).rows == rows
        book = CalamineWorkbook.from_path(str(path))
        titles = [f"Split {rows}", f"Split {rows} (2)", f"Split {rows} (3)"]
        assert book.sheet_names == titles[:expected_sheets]
        sheets = [book.get_sheet_by_index(i).to_python() for i in range(expected_sheets)]
        assert all(sheet[0] == header for sheet in sheets)
        body = [row for sheet in sheets for row in sheet[1:]]
        assert body == [[str(100 + i), f"N{i}"] for i in range(rows)]


async def test_download_of_a_long_emoji_name_fits_the_file_system(harness: Harness) -> None:
    # 100 characters is a valid list name, but 100 emoji are 400 UTF-8 bytes: over NAME_MAX (255).
    for name in ("🦔" * 100, "Я" * 100, "界" * 100):
        name_bytes = len(export_file_name(name).encode())
        assert name_bytes <= 255, name_bytes
    item = await make_list(harness, name="🦔" * 100)
    calls = await harness.press(ADMIN, ListCb(action=ListAction.DOWNLOAD, list_id=item.id).pack())
    (doc,) = documents(calls)
    assert isinstance(doc.document, FSInputFile)
    assert doc.document.filename is not None
    assert doc.document.filename.endswith("🦔.xlsx")


def test_card_shows_a_custom_range_with_its_last_day() -> None:
    from handlers.clients.view import FilterState
    from services.client_lists import source
    from validators.activity import parse_date_range

    dates = parse_date_range("01.09.2026-30.09.2026")
    assert dates is not None
    flt = FilterState(
        1, "telegram", 1, days=None, since=dates.since, until=dates.until, custom="01.09.2026–30.09.2026"
    )
    shown = lists_texts.list_source(source(flt.selection("Shop", None), 5))
    assert "30.09.2026" in shown or "2026-09-30" in shown, shown
    assert "2026-10-01" not in shown, shown


async def test_audit_fits_one_telegram_message(harness: Harness) -> None:
    # Long names full of characters that HTML-escape (& → &amp;), a long user name: 25 such events
    # are far over Telegram's 4096 characters; the reply must still be one valid message.
    await harness.users.seen(ADMIN.id, "ada", "A" * 64 + " " + "B" * 64)
    for i in range(30):
        await make_list(harness, name=f"{i:02d} " + "R&D <leads> " * 8)
    calls = await harness.send(ADMIN, "/audit")
    (text,) = sent(calls)
    assert len(text) <= 4096, len(text)
    assert "created «29 R&amp;D &lt;leads&gt;" in text  # the newest first, escaped
