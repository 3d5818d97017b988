"""Flow A: a check cut off by the bot's stop. At shutdown the progress message says so; a check left
recorded (killed, crashed) is reported at the next start: its message edited, or a new one sent."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import EditMessageText, SendMessage

from handlers.new_list import startup
from handlers.new_list import texts as nl_texts
from handlers.new_list.view import StatusView
from i18n import catalog, tr
from services import checks
from services.checks import Upload, check_upload
from services.imports import ImportJobs
from storage.imports import ImportsRepo
from storage.users import Role
from tests.handlers.conftest import ADMIN_ID, MANAGER, Harness


@pytest.fixture
def h(harness: Harness) -> Harness:
    return harness


def key(h: Harness, user_id: int) -> StorageKey:
    return StorageKey(bot_id=h.bot.id, chat_id=user_id, user_id=user_id)


async def start_up(h: Harness) -> None:
    jobs: ImportJobs = h.dp["import_jobs"]
    await startup.on_startup(
        bot=h.bot, dispatcher=h.dp, imports=h.dp["imports"], import_jobs=jobs, users=h.users
    )
    await jobs.stop()  # the janitor (and its sandbox warm-up)


async def test_startup_edits_each_interrupted_check_or_sends_a_new_message(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs: ImportJobs = h.dp["import_jobs"]
    await jobs.checks.record(MANAGER.id, MANAGER.id, 700, "March <leads>.csv")  # message deleted
    await jobs.checks.record(ADMIN_ID, ADMIN_ID, 701, "april.xlsx")
    await jobs.checks.record(99, 99, 702, "blocked.csv")  # blocked the bot since
    answer = h.session.make_request

    async def make_request(bot: Bot, method: Any, timeout: int | None = None) -> Any:  # noqa: ASYNC109
        if method.chat_id == 99:
            h.session.requests.append(method)
            raise TelegramForbiddenError(method=method, message="Forbidden: bot was blocked by the user")
        if method.chat_id == MANAGER.id and isinstance(method, EditMessageText):
            h.session.requests.append(method)
            raise TelegramBadRequest(method=method, message="Bad Request: message to edit not found")
        return await answer(bot, method, timeout)

    monkeypatch.setattr(h.session, "make_request", make_request)
    await start_up(h)

    edits = {c.message_id: c for c in h.session.requests if isinstance(c, EditMessageText)}
    assert set(edits) == {700, 701, 702}
    assert edits[701].text == nl_texts.nl_check_interrupted("april.xlsx")
    assert "restarted while checking <i>March &lt;leads&gt;.csv</i>" in str(edits[700].text)
    assert "send the file again" in str(edits[700].text)
    sent = [c for c in h.session.requests if isinstance(c, SendMessage) and c.chat_id in (MANAGER.id, 99)]
    assert {c.chat_id for c in sent} == {MANAGER.id, 99}  # the one that failed too is not retried
    assert [c.text for c in sent if c.chat_id == MANAGER.id] == [
        nl_texts.nl_check_interrupted("March <leads>.csv")
    ]
    assert await jobs.checks.leftovers() == []


async def test_a_half_saved_stage_leaves_its_manager_waiting_for_the_file(h: Harness) -> None:
    """The summary was shown, the rows were being saved: the stage is gone at start-up, so the manager
    is back at "send the file" (with the channel), not at the buttons of a summary that no longer is."""
    jobs: ImportJobs = h.dp["import_jobs"]
    await h.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    await jobs.checks.record(MANAGER.id, MANAGER.id, 700, "march.csv")
    await h.dp.storage.set_state(key(h, MANAGER.id), "NewListStates:reviewing")
    await h.dp.storage.set_data(key(h, MANAGER.id), {"channel": "telegram", "list_id": 12345})
    await start_up(h)
    assert await h.dp.storage.get_state(key(h, MANAGER.id)) == "NewListStates:waiting_file"
    assert await h.dp.storage.get_data(key(h, MANAGER.id)) == {"channel": "telegram"}
    assert await ImportsRepo(h.db).current_stage(MANAGER.id) is None


@pytest.mark.parametrize("stopping", [False, True])
async def test_a_running_check_is_recorded_until_it_ends(
    h: Harness, monkeypatch: pytest.MonkeyPatch, stopping: bool
) -> None:
    """Cancelled by /cancel or a newer file: "stopped". Cancelled because the bot stops: "restarted…
    send the file again" at once. Either way the record goes (nothing left for the next start)."""
    jobs: ImportJobs = h.dp["import_jobs"]
    downloading = asyncio.Event()

    async def slow_download(bot: Bot, file_id: str, path: Path, limit: int) -> int:
        downloading.set()
        await asyncio.sleep(60)
        return 0

    monkeypatch.setattr(checks, "download_capped", slow_download)
    upload = Upload(MANAGER.id, MANAGER.id, "telephony", "F-1", "U-1", "march.csv", 1000)

    async def claim(list_id: int) -> bool:
        return True

    view = StatusView(h.bot, MANAGER.id, upload.file_name, upload.channel)
    task = asyncio.create_task(
        check_upload(h.bot, upload, view, imports=h.dp["imports"], jobs=jobs, claim=claim)
    )
    await downloading.wait()
    (check,) = await jobs.checks.leftovers()
    assert (check.owner_id, check.file_name) == (MANAGER.id, "march.csv")
    if stopping:
        await jobs.stop()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    last = [c for c in h.session.requests if isinstance(c, EditMessageText)][-1]
    assert last.message_id == check.message_id
    expected = nl_texts.nl_check_interrupted("march.csv") if stopping else tr("nl-check-stopped")
    assert last.text == expected
    assert await jobs.checks.leftovers() == []


async def test_the_interrupted_check_is_told_in_the_managers_language(h: Harness) -> None:
    jobs: ImportJobs = h.dp["import_jobs"]
    await h.users.set_language(MANAGER.id, "ru")
    await jobs.checks.record(MANAGER.id, MANAGER.id, 703, "май.csv")
    await jobs.checks.record(ADMIN_ID, ADMIN_ID, 704, "may.csv")  # an admin never seen: English
    h.session.take()
    await start_up(h)
    edits = {c.message_id: c.text for c in h.session.take() if isinstance(c, EditMessageText)}
    assert edits[703] == catalog().text("ru", "nl-check-interrupted", file="май.csv")
    assert str(edits[703]).startswith("⚠️ Бот перезапустился во время проверки")
    assert edits[704] == nl_texts.nl_check_interrupted("may.csv")
