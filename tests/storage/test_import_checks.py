"""Checks in flight: recorded when a check starts, cleared when it ends, leftovers read at start-up."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database
from storage.import_checks import ImportChecksRepo


async def test_record_clear_and_leftovers(db: Database) -> None:
    checks = ImportChecksRepo(db)
    assert await checks.leftovers() == []
    await checks.record(5, 5, 100, "march.csv")
    await checks.record(6, 6, 200, "april <b>.xlsx")
    found = {c.owner_id: c for c in await checks.leftovers()}
    assert sorted(found) == [5, 6]
    assert (found[6].chat_id, found[6].message_id, found[6].file_name) == (6, 200, "april <b>.xlsx")
    assert found[6].started_at.endswith("+00:00")

    await checks.clear(5, 100)
    assert [c.owner_id for c in await checks.leftovers()] == [6]
    await checks.clear(5, 100)  # clearing twice is harmless
    await checks.clear(6, 200)
    assert await checks.leftovers() == []


async def test_a_newer_check_replaces_the_older_and_survives_its_late_clear(db: Database) -> None:
    """The newer file's check records its own message; the older check, stopped, clears only its own."""
    checks = ImportChecksRepo(db)
    await checks.record(5, 5, 100, "old.csv")
    await checks.record(5, 5, 101, "new.csv")
    await checks.clear(5, 100)
    (left,) = await checks.leftovers()
    assert (left.message_id, left.file_name) == (101, "new.csv")


async def test_rows_survive_a_reopen(tmp_path: Path) -> None:
    first = await Database.open(tmp_path / "bot.db")
    await ImportChecksRepo(first).record(5, 5, 100, "march.csv")
    await first.close()
    second = await Database.open(tmp_path / "bot.db")
    try:
        assert [c.message_id for c in await ImportChecksRepo(second).leftovers()] == [100]
    finally:
        await second.close()


async def test_file_names_are_stored_without_invisible_characters(db: Database) -> None:
    checks = ImportChecksRepo(db)
    await checks.record(5, 5, 100, "invoice\u202excs.exe\u200b\n")
    assert [c.file_name for c in await checks.leftovers()] == ["invoicexcs.exe"]
