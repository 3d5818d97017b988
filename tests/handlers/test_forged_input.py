"""Issue 10, bad input: forged callback data, huge ids, echoed input over Telegram's limits, file names
with control characters, a revoked manager's /cancel. Each answer is clear, never an apology."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage, TelegramMethod
from aiogram.types import ReplyKeyboardMarkup, ReplyKeyboardRemove

from handlers.new_list.callbacks import NewListAction, NewListCb
from i18n import tr
from storage.users import Role
from tests.handlers.conftest import ADMIN, ADMIN_ID, MANAGER, Harness
from tests.handlers.test_new_list import _key, make_stage

HUGE = "99999999999999999999999"
TELEGRAM_TEXT_LIMIT = 4096


@pytest.fixture
async def h(harness: Harness) -> Harness:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    return harness


def sends(calls: list[TelegramMethod[Any]]) -> list[SendMessage]:
    return [c for c in calls if isinstance(c, SendMessage)]


def alerts(calls: list[TelegramMethod[Any]]) -> list[tuple[str | None, bool | None]]:
    return [(c.text, c.show_alert) for c in calls if isinstance(c, AnswerCallbackQuery)]


@pytest.mark.parametrize(
    "data",
    [
        f"l:d:{HUGE}:0",
        f"l:o:1:{HUGE}",
        f"l:y:-{HUGE}:0",
        f"nl:a:{HUGE}:",
        f"nl:ch:0:{'x' * 40}",
        f"cl:p:{HUGE}",
        f"cl:t:-{HUGE}",
        f"acc:ok:{HUGE}",
        f"gr:{HUGE}:m",
        "l:o:1.5:0",
        "l:o:١٢:0",  # Arabic-Indic digits: int() would take them
    ],
)
async def test_forged_ids_are_stale_buttons_not_errors(
    h: Harness, data: str, caplog: pytest.LogCaptureFixture
) -> None:
    for who in (MANAGER, ADMIN):
        with caplog.at_level(logging.ERROR):
            calls = await h.press(who, data)
        assert alerts(calls) == [(tr("stale-button"), True)], (who, data)
        assert [c.text for c in sends(calls)] == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize("data", ["gr:-5:m", "gr:0:a", "acc:ok:0", "acc:ok:-7", "acc:no:0"])
async def test_forged_grant_buttons_give_nobody_a_role(h: Harness, data: str) -> None:
    calls = await h.press(ADMIN, data)
    assert alerts(calls) == [(tr("stale-button"), True)]
    assert [u.id for u in await h.users.with_roles() if u.id <= 0] == []


@pytest.mark.parametrize(
    "command",
    [
        "/grant 5 " + "x" * 10_000,
        "/grant @" + "u" * 10_000,
        "/revoke @" + "u" * 10_000,
        "/revoke 5 " + "r" * 10_000,
    ],
)
async def test_echoed_input_is_cut_to_fit_a_message(h: Harness, command: str) -> None:
    (reply,) = sends(await h.send(ADMIN, command))
    assert len(reply.text) < 1000, len(reply.text)
    assert "…" in reply.text


async def test_grant_flow_echo_is_cut(h: Harness) -> None:
    await h.send(ADMIN, "/grant")
    (reply,) = sends(await h.send(ADMIN, "@" + "u" * 10_000))
    assert len(reply.text) < 1000, len(reply.text)


async def test_a_revoked_manager_cancelling_flow_a_gets_no_menu(h: Harness) -> None:
    await make_stage(h)
    await h.users.revoke(MANAGER.id, None)
    (reply,) = sends(await h.send(MANAGER, "/cancel"))
    assert not isinstance(reply.reply_markup, ReplyKeyboardMarkup)
    assert isinstance(reply.reply_markup, ReplyKeyboardRemove)
    assert await h.dp.storage.get_state(_key(h)) is None


@pytest.mark.parametrize("name", ["March\nleads.csv", "a\rb\x00c\x7f.xlsx", "x" * 300 + ".csv", "\n\n.csv"])
async def test_failed_rows_report_has_a_safe_file_name(h: Harness, name: str) -> None:
    list_id = await make_stage(h, file_name=name)
    calls = await h.press(MANAGER, NewListCb(action=NewListAction.REPORT, list_id=list_id).pack())
    (doc,) = [c for c in calls if isinstance(c, SendDocument)]
    filename = getattr(doc.document, "filename", None)
    assert filename is not None
    assert filename.endswith(".xlsx")
    assert not any(ord(ch) < 32 or ord(ch) == 127 for ch in filename), repr(filename)
    assert len(filename.encode()) <= 200
