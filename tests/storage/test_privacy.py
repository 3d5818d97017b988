"""The database is private to the bot's user, and deleted client data leaves the disk."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from storage.db import Database
from storage.import_problems import StoredProblem
from storage.imports import Draft, ImportsRepo
from storage.lists import ListColumn, ListsRepo

SHORT = ("too_short", "phone_too_short", {"digits": 2}, None)  # codes of a stored failed row
COLUMNS = (ListColumn("phone", "Phone"), ListColumn("first_name", "First name"))
SECRET = "447700913579"  # a unique phone number
SECRET_NAME = "Zebediah-Quillfeather"


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def files(db_path: Path) -> list[Path]:
    return [db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")]


async def test_new_directory_and_database_files_are_private(tmp_path: Path) -> None:
    path = tmp_path / "data" / "bot" / "bot.db"
    db = await Database.open(path)
    try:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO fsm (key, data) VALUES ('k', '{}')")
        for file in files(path):
            assert file.exists(), file
            assert mode(file) == 0o600, (file, oct(mode(file)))
        assert mode(path.parent) == 0o700
        assert mode(path.parent.parent) == 0o700
    finally:
        await db.close()


async def test_an_existing_directory_keeps_its_mode(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    db = await Database.open(folder / "bot.db")
    await db.close()
    assert mode(folder) == 0o755
    assert mode(folder / "bot.db") == 0o600


async def test_an_existing_readable_database_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.execute("PRAGMA journal_mode = WAL")
    old.execute("CREATE TABLE t (x)")
    old.commit()
    for file in files(path):  # a crash left the WAL and the shared memory behind, world-readable
        if file.exists():
            file.chmod(0o644)
    db = await Database.open(path)
    try:
        for file in files(path):
            assert mode(file) == 0o600, file
    finally:
        await db.close()
        old.close()


def leaks(db_path: Path, *secrets: str) -> list[str]:
    found = []
    for file in files(db_path):
        if file.exists():
            data = file.read_bytes()
            found += [f"{secret} in {file.name}" for secret in secrets if secret.encode() in data]
    return found


@pytest.mark.sqlite_only("reads the database's files")
async def test_a_deleted_list_leaves_no_trace_in_the_database_files(db: Database) -> None:
    lists = ListsRepo(db)
    for n in range(3):  # neighbours on the same pages
        await lists.create_ready(
            name=f"Other {n}",
            channel="telephony",
            columns=COLUMNS,
            rows=([f"4420794{n}{i:04d}", f"Name {i}"] for i in range(300)),
            source={"kind": "file"},
            owner_id=7,
        )
        if n == 1:
            secret = await lists.create_ready(
                name="Secret",
                channel="telephony",
                columns=COLUMNS,
                rows=[*([f"4420795{i:05d}", "x" * 40] for i in range(2_000)), [SECRET, SECRET_NAME]],
                source={"kind": "file"},
                owner_id=7,
            )
    assert leaks(db.path, SECRET, SECRET_NAME)  # the check can see it
    assert await lists.delete(secret.id, user_id=7) is not None
    await db.idle()  # the purge and the reclaim run in the background
    assert leaks(db.path, SECRET, SECRET_NAME) == []
    assert (await lists.page(0)).total == 3


@pytest.mark.sqlite_only("reads the database's files")
async def test_a_discarded_import_leaves_no_trace_in_the_database_files(db: Database) -> None:
    imports = ImportsRepo(db)
    draft = Draft(
        owner_id=5,
        channel="telephony",
        columns=COLUMNS,
        rows=[*([f"4420795{i:05d}", "y" * 40] for i in range(3_000)), (SECRET, SECRET_NAME)],
        row_numbers=list(range(2, 3_003)),
        problems=[StoredProblem(3_003, "Phone", *SHORT, ("4477009", SECRET_NAME))],
        summary={"valid": 3_001},
        source={"kind": "file", "file_name": "leads.csv"},
        file_id=None,
        file_unique_id=None,
    )
    kept = await imports.stage(
        replace(draft, owner_id=6, rows=[("442079460001", "Kept")], row_numbers=[2], problems=[])
    )
    stage = await imports.stage(draft)
    assert leaks(db.path, SECRET, SECRET_NAME)
    assert await imports.discard(5, stage.id) == 1
    await db.idle()  # the purge and the reclaim run in the background
    assert leaks(db.path, SECRET, SECRET_NAME) == []
    assert await imports.current_stage(6) == kept
