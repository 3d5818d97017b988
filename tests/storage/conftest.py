from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.db import Database as SqliteDatabase
from storage.sql import Database
from tests.pg import fresh_pg


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """Every storage test runs on both engines (PostgreSQL where TEST_POSTGRES_URL is set), except
    those marked `sqlite_only`: they test the file itself (pages, WAL, PRAGMAs) or aiosqlite's thread."""
    if request.param == "postgresql":
        if (mark := request.node.get_closest_marker("sqlite_only")) is not None:
            pytest.skip(f"SQLite only: {mark.args[0]}")
        async with fresh_pg() as database:
            yield database
        return
    sqlite = await SqliteDatabase.open(tmp_path / "test.db")
    yield sqlite
    await sqlite.close()


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[SqliteDatabase]:
    """For what only SQLite has (the file, PRAGMAs, WAL, the space given back)."""
    database = await SqliteDatabase.open(tmp_path / "test.db")
    yield database
    await database.close()
