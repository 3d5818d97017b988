"""An idle /start needs no database write, so it is never queued behind a long import transaction."""

import asyncio
import time

from storage.users import Role
from tests.handlers.conftest import ADMIN_ID, MANAGER, STRANGER, Harness
from tests.handlers.conftest import texts as sent


async def test_repeated_start_and_cancel_do_not_write(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    await harness.send(MANAGER, "/start")  # first sight of the user: remembered once
    await harness.send(STRANGER, "/start")
    before = harness.db.transactions
    for _ in range(3):
        await harness.send(MANAGER, "/start")
        await harness.send(MANAGER, "/cancel")
        await harness.send(STRANGER, "/start")
    assert harness.db.transactions == before


async def test_start_is_answered_while_another_transaction_holds_the_writer(harness: Harness) -> None:
    await harness.users.grant(MANAGER.id, Role.OUTBOUND_MANAGER, by=ADMIN_ID)
    await harness.send(MANAGER, "/start")
    holding = asyncio.Event()

    async def bulk_import() -> None:
        async with harness.db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('bulk', '{}')")
            holding.set()
            await asyncio.sleep(1.0)

    task = asyncio.create_task(bulk_import())
    await holding.wait()
    started = time.monotonic()
    replies = sent(await harness.send(MANAGER, "/start"))
    elapsed = time.monotonic() - started
    await task
    assert len(replies) == 1
    assert elapsed < 0.5, f"/start waited {elapsed:.2f}s for the writer"
