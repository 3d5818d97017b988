"""bot.updates.UpdateRunner: what is parked is exactly what is still running."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.types import Message, Update

from bot.updates import PARK_AFTER, UpdateRunner
from storage.db import Database
from storage.parked_updates import ParkedUpdates
from tests.fakebot import TOKEN


def message_update(update_id: int) -> Update:
    return Update.model_validate(
        {
            "update_id": update_id,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 1, "type": "private"},
                "from": {"id": 1, "is_bot": False, "first_name": "T"},
                "text": "hi",
            },
        }
    )


async def test_a_handler_that_ends_while_it_is_being_parked_leaves_no_parked_row(tmp_path: Path) -> None:
    """Seen in CI on a busy machine: /start took 156 ms, was parked at 50 ms, and ended while the park
    was being written; the row stayed, and the next start handled /start once more (the manager's
    step was reset to the menu)."""
    db = await Database.open(tmp_path / "bot.db")
    parking = ParkedUpdates(db)
    writing = asyncio.Event()
    original = ParkedUpdates.park

    class SlowParking(ParkedUpdates):
        async def park(self, updates: object) -> None:
            writing.set()
            await asyncio.sleep(0.2)  # the handler ends meanwhile
            await original(self, updates)  # type: ignore[arg-type]

    dp = Dispatcher()
    ended = asyncio.Event()

    @dp.message()
    async def handler(message: Message) -> None:
        await writing.wait()
        ended.set()

    bot = Bot(TOKEN)
    runner = UpdateRunner(dp, bot, SlowParking(db))
    try:
        task = runner.launch(message_update(1))
        await asyncio.sleep(PARK_AFTER * 1.5)
        assert await runner.park_slow()
        await asyncio.wait_for(task, 5)
        assert ended.is_set()
        assert await parking.leftovers() == []
        assert runner.parked == set()
    finally:
        await bot.session.close()
        await db.close()
