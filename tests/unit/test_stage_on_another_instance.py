"""A summary's button on an instance that did not check the file (services.imports.ImportJobs): it
waits on the database while the stage's rows are being saved elsewhere."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.imports import ImportConfig, ImportJobs
from storage.db import Database
from storage.import_checks import ImportChecksRepo
from storage.imports import ImportsRepo
from tests.storage.test_imports import draft


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "bot.db")
    yield database
    await database.close()


async def test_a_button_waits_for_a_stage_saved_by_another_instance(db: Database) -> None:
    """With several instances, the summary's button may reach one that did not save the rows: it waits
    while the stage is 'loading', then acts on it; a stage gone (or never finished) is None."""
    repo = ImportsRepo(db)
    jobs = ImportJobs(ImportConfig(), ImportChecksRepo(db))  # this instance saves nothing
    stage = await repo.stage(draft())
    async with db.transaction() as conn:
        await conn.execute("UPDATE lists SET status = 'loading' WHERE id = ?", (stage.id,))

    async def finish_saving() -> None:
        await asyncio.sleep(0.2)
        async with db.transaction() as conn:
            await conn.execute("UPDATE lists SET status = 'staged' WHERE id = ?", (stage.id,))

    saver = asyncio.create_task(finish_saving())
    found = await jobs.saved_stage(repo, 5, stage.id, timeout=5)
    await saver
    assert found is not None
    assert found.id == stage.id
    assert await jobs.saved_stage(repo, 5, stage.id + 100, timeout=5) is None  # gone: at once
    assert await jobs.saved_stage(repo, 6, stage.id, timeout=5) is None  # someone else's
    async with db.transaction() as conn:
        await conn.execute("UPDATE lists SET status = 'loading' WHERE id = ?", (stage.id,))
    assert await jobs.saved_stage(repo, 5, stage.id, timeout=0.2) is None  # its saver died
