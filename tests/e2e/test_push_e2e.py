"""Flow D against the real bot process, the fake Bot API and the fake Calls API: a push killed in the
middle (kill -9 while a batch's answer is on its way) resumes at the next start, and the campaign has
received every phone exactly once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from handlers.calls.callbacks import SendAction, SendCb
from storage.campaigns import CampaignsRepo
from storage.db import Database
from storage.lists import ListColumn, ListsRepo
from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.e2e.test_new_list_e2e import rows_of
from tests.fakebot import FakeTelegram
from tests.fakecalls import TOKEN, FakeCallsApi

pytestmark = pytest.mark.e2e
PHONES = [f"44740{n:07d}" for n in range(1_000, 4_000)]  # 3,000 real-plan UK mobiles


async def until(predicate: object, what: str, timeout: float = 20.0) -> None:  # noqa: ASYNC109
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting until {what}")
        await asyncio.sleep(0.05)


async def prepare(bot: BotProcess, calls: FakeCallsApi) -> tuple[int, int]:
    db = await Database.open(bot.database)
    try:
        item = await ListsRepo(db).create_ready(
            name="Spring leads",
            channel="telephony",
            columns=[ListColumn("client_id", "Phone")],
            rows=[(phone,) for phone in PHONES],
            source={"kind": "file"},
            owner_id=ADMIN_ID,
        )
        campaign = await CampaignsRepo(db).add(
            name="Autumn offers", host=calls.base_url, token=TOKEN, created_by=ADMIN_ID
        )
        return item.id, campaign.id
    finally:
        await db.close()


async def test_a_push_killed_midway_resumes_and_adds_every_phone_once(
    tg: FakeTelegram, bot_process: BotProcess, tmp_path: Path
) -> None:
    async with FakeCallsApi() as calls:
        bot_process.extra_env["CALLS_BATCH_SIZE"] = "500"
        await bot_process.start()
        list_id, campaign_id = await prepare(bot_process, calls)
        ada = tg.user(ADMIN_ID, username="ada", first_name="Ada")
        await ada.send_text("/lists")
        page = await ada.next_message()
        calls.hang_next("addPhones", times=1, after_processing=True)  # the first answer never comes back

        async def press(action: SendAction, value: int = 0) -> None:
            await ada.callback_answer(
                await ada.press_data(SendCb(action=action, list_id=list_id, value=value).pack(), page)
            )

        await press(SendAction.START)
        await ada.next_text("to which call campaign")
        await press(SendAction.CAMPAIGN, campaign_id)
        await press(SendAction.WINDOW, 0)
        await press(SendAction.ATTEMPTS, 1)
        await press(SendAction.CONFIRM)
        progress = await ada.next_text("Sending «Spring leads»")
        await until(lambda: len(calls.requests_of("addPhones")) >= 1, "the first batch was sent")
        await bot_process.kill()  # the batch was added by the campaign, its answer never reached the bot
        calls.release_hangs()
        assert rows_of(bot_process, "SELECT status FROM call_pushes") == [("running",)]

        await bot_process.start()
        resumed = await ada.next_message(timeout=10)  # a new progress message, edited as the push goes on
        await ada.wait_edit(resumed.message_id, lambda m: "numbers accepted" in (m.text or ""), timeout=30)
        assert "goes on after the bot's restart" in " ".join(e or "" for e in resumed.edits)
        assert "3,000 of 3,000 numbers accepted" in resumed.shown
        assert "Sending «Spring leads»" in progress.shown  # the old message stays as it was
        assert sorted(calls.added()) == sorted(PHONES)
        assert set(calls.added().values()) == {1}  # every phone exactly once
        assert rows_of(bot_process, "SELECT status, done FROM call_pushes") == [("done", 3000)]
        await bot_process.stop()
