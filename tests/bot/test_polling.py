"""bot.polling.Poller against the fake Bot API: updates are confirmed only once handled or parked, a
slow handler does not hold other users' updates back, and what a stop cut off is handled again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot.polling import PARK_AFTER, Poller
from bot.session import TelegramSession
from storage.db import Database
from storage.parked_updates import ParkedUpdates
from tests.fakebot import TOKEN, FakeTelegram


class Rig:
    def __init__(self, tg: FakeTelegram, db: Database) -> None:
        self.tg = tg
        self.db = db
        self.release = asyncio.Event()
        self.handled: list[str] = []
        self.dp = Dispatcher()

        @self.dp.message(F.text == "slow")
        async def slow(message: Message) -> None:
            await self.release.wait()
            self.handled.append("slow")
            await message.answer("slow done")

        @self.dp.message()
        async def echo(message: Message) -> None:
            self.handled.append(message.text or "")
            await message.answer(f"echo {message.text}")

    def poller(self) -> tuple[Poller, Bot]:
        bot = Bot(TOKEN, session=TelegramSession(api=TelegramAPIServer.from_base(self.tg.base_url)))
        return Poller(self.dp, bot, ParkedUpdates(self.db), polling_timeout=1), bot


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[Rig]:
    db = await Database.open(tmp_path / "bot.db")
    try:
        async with FakeTelegram() as tg:
            yield Rig(tg, db)
    finally:
        await db.close()


async def parked(db: Database) -> list[int]:
    return [update_id for update_id, _ in await ParkedUpdates(db).leftovers()]


async def test_a_slow_handler_is_parked_and_others_are_answered_meanwhile(rig: Rig) -> None:
    poller, bot = rig.poller()
    stop = asyncio.Event()
    polling = asyncio.create_task(poller.run(stop))
    try:
        alice, bob = rig.tg.user(1), rig.tg.user(2)
        await alice.send_text("slow")
        await rig.tg.wait_for(lambda: poller.running == 1, 5, "the slow handler")
        for n in range(5):
            sent = await bob.send_text(f"hi {n}")
            reply = await bob.next_message(timeout=5)
            assert reply.text == f"echo hi {n}"
            # no poll waits for the slow one: well under the old 0.2 s pauses (generous for a busy CI)
            assert reply.at - sent.at < 0.5 + PARK_AFTER
        assert len(await parked(rig.db)) == 1  # the slow one, parked once
        rig.release.set()
        assert (await alice.next_message(timeout=5)).text == "slow done"
        await rig.tg.wait_for(lambda: poller.running == 0, 5, "the slow handler to end")
        assert await parked(rig.db) == []  # unparked when it ended
    finally:
        stop.set()
        await polling
        await poller.confirm()
        await bot.session.close()
    assert rig.handled.count("slow") == 1


async def test_a_handler_that_ends_while_it_is_being_parked_is_not_left_parked(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race a busy machine showed: the handler ends during the park's write; the row must not stay,
    or the next start handles the update a second time."""
    park = ParkedUpdates.park

    async def park_slowly(self: ParkedUpdates, updates: Sequence[tuple[int, str]]) -> None:
        rig.release.set()  # the handler ends while its update is being written down
        await rig.tg.wait_for(lambda: "slow" in rig.handled, 5, "the handler to end")
        await asyncio.sleep(0.05)
        await park(self, updates)

    monkeypatch.setattr(ParkedUpdates, "park", park_slowly)
    poller, bot = rig.poller()
    stop = asyncio.Event()
    polling = asyncio.create_task(poller.run(stop))
    alice = rig.tg.user(1)
    try:
        await alice.send_text("slow")
        assert (await alice.next_message(timeout=5)).text == "slow done"
        await rig.tg.wait_for(lambda: poller.running == 0, 5, "the slow handler to end")
        await asyncio.sleep(0.3)  # the park's write and what follows it
        assert await parked(rig.db) == []
    finally:
        stop.set()
        await polling
        await poller.confirm()
        await bot.session.close()


async def test_a_parked_update_cut_at_shutdown_is_handled_again_after_the_restart(rig: Rig) -> None:
    poller, bot = rig.poller()
    stop = asyncio.Event()
    polling = asyncio.create_task(poller.run(stop))
    alice = rig.tg.user(1)
    await alice.send_text("slow")
    await rig.tg.wait_for(lambda: poller.running == 1, 5, "the slow handler")
    await alice.send_text("after")  # handled at once
    assert (await alice.next_message(timeout=5)).text == "echo after"
    stop.set()
    await polling
    assert await poller.drain(0.1) == 1  # cut
    await poller.confirm()
    await bot.session.close()
    assert len(await parked(rig.db)) == 1

    rig.release.set()
    again, bot = rig.poller()
    assert await again.replay() == 1
    stop = asyncio.Event()
    polling = asyncio.create_task(again.run(stop))
    try:
        assert (await alice.next_message(timeout=5)).text == "slow done"
        await asyncio.sleep(0.3)
        assert alice.pending() == []  # "after" is not answered twice, "slow" only once
    finally:
        stop.set()
        await polling
        await again.drain(1)
        await again.confirm()
        await bot.session.close()
    assert rig.handled == ["after", "slow"]
    assert await parked(rig.db) == []


async def test_an_unparked_update_cut_is_delivered_again_by_telegram(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parking can fail (a database error): the offset then waits for the handler, and a cut one is
    left unconfirmed, so Telegram delivers it again."""

    async def broken(self: ParkedUpdates, updates: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ParkedUpdates, "park", broken)
    poller, bot = rig.poller()
    stop = asyncio.Event()
    polling = asyncio.create_task(poller.run(stop))
    alice = rig.tg.user(1)
    await alice.send_text("slow")
    await rig.tg.wait_for(lambda: poller.running == 1, 5, "the slow handler")
    await asyncio.sleep(0.3)
    stop.set()
    await polling
    assert await poller.drain(0.1) == 1
    await poller.confirm()
    await bot.session.close()

    rig.release.set()
    again, bot = rig.poller()
    stop = asyncio.Event()
    polling = asyncio.create_task(again.run(stop))
    try:
        assert (await alice.next_message(timeout=5)).text == "slow done"
    finally:
        stop.set()
        await polling
        await again.drain(1)
        await bot.session.close()
