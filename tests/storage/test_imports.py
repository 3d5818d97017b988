"""Pending imports: staging replaces the old stage, Create is atomic, discard and clean-up remove all."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from storage import import_problems
from storage import imports as imports_module
from storage.bulk import insert_many
from storage.db import Database
from storage.import_problems import PROBLEM_COLUMNS, StoredProblem
from storage.imports import Draft, ImportsRepo, StageGone, packed_to_json
from storage.lists import ListColumn, ListsRepo, ListStatus, NameTaken
from tests.storage.cancelling import CancelAt

SHORT = ("too_short", "phone_too_short", {"digits": 2}, None)  # codes of a stored failed row
COLUMNS = (ListColumn("client_id", "Phone"), ListColumn("first_name", "First name"))


def draft(owner: int = 5, rows: int = 3, unique: str = "u1", **summary: Any) -> Draft:
    return Draft(
        owner_id=owner,
        channel="telephony",
        columns=COLUMNS,
        rows=[(f"4420791{i:05d}", f"N{i}") for i in range(rows)],
        row_numbers=list(range(2, rows + 2)),
        problems=[StoredProblem(rows + 2, "Phone", *SHORT, ("12", "X"))],
        summary={"valid": rows, **summary},
        source={"kind": "file", "file_name": "clients.csv"},
        file_id="f1",
        file_unique_id=unique,
    )


async def count(db: Database, sql: str, *params: Any) -> int:
    async with db.reader.execute(sql, params) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


@pytest.fixture
def repo(db: Database) -> ImportsRepo:
    return ImportsRepo(db)


async def test_stage_is_visible_only_when_complete_and_replaces_the_old_one(
    db: Database, repo: ImportsRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports_module, "STAGE_CHUNK", 2)
    first = await repo.stage(draft(rows=5))
    assert first.status is ListStatus.STAGED
    assert first.row_count == 5
    assert (await repo.problems(first.id, 10))[0].cells == ("12", "X")
    assert await repo.find_same_file(5, "u1", "telephony") == first
    assert await repo.find_same_file(5, "u1", "telegram") is None

    second = await repo.stage(draft(rows=2, unique="u2"))
    assert await repo.get_stage(5, first.id) is None
    assert await repo.current_stage(5) == second
    assert await count(db, "SELECT count(*) FROM lists") == 1
    assert await count(db, "SELECT count(*) FROM list_rows") == 2
    assert await count(db, "SELECT count(*) FROM import_problems") == 1
    assert await repo.get_stage(6, second.id) is None  # someone else's


async def test_a_failed_stage_leaves_nothing(db: Database, repo: ImportsRepo) -> None:
    good = StoredProblem(1, "Phone", "x", "unknown", {}, None, ("a",))
    broken = replace(draft(rows=5), problems=[good, None])  # type: ignore[list-item]
    with pytest.raises(AttributeError):
        await repo.stage(broken)
    assert await count(db, "SELECT count(*) FROM lists") == 0
    assert await count(db, "SELECT count(*) FROM list_rows") == 0
    assert await count(db, "SELECT count(*) FROM import_problems") == 0


async def test_create_flips_the_stage_in_one_step(db: Database, repo: ImportsRepo) -> None:
    stage = await repo.stage(draft(rows=4))
    created = await repo.create(5, stage.id, "  March  leads ")
    assert created.status is ListStatus.READY
    assert created.row_count == 4
    assert created.name == "March leads"  # stored tidy
    assert await count(db, "SELECT count(*) FROM audit_events WHERE action = 'created'") == 1
    with pytest.raises(StageGone):
        await repo.create(5, stage.id, "again")

    other = await repo.stage(draft(rows=1, unique="u9"))
    with pytest.raises(NameTaken):
        await repo.create(5, other.id, "march LEADS")
    assert (await repo.get_stage(5, other.id)) is not None  # still pending: ask for another name
    with pytest.raises(StageGone):
        await repo.create(6, other.id, "not yours")
    assert await ListsRepo(db).name_taken("MARCH leads")


async def test_discard_and_cleanup(db: Database, repo: ImportsRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports_module, "PURGE_CHUNK", 2)
    stage = await repo.stage(draft(rows=7))
    assert await repo.discard(5, stage.id + 1) == 0
    assert await repo.discard(5) == 1
    await db.idle()  # the purge and the reclaim run in the background
    assert await count(db, "SELECT count(*) FROM list_rows") == 0
    assert await count(db, "SELECT count(*) FROM lists") == 0

    await repo.stage(draft(owner=7))
    kept = await repo.stage(draft(owner=8))
    ready = await repo.stage(draft(owner=9))
    await repo.create(9, ready.id, "Kept forever")
    async with db.transaction() as conn:
        await conn.execute("UPDATE lists SET staged_at = '2000-01-01T00:00:00+00:00' WHERE owner_id != 8")
        await conn.execute(
            "INSERT INTO lists (status, channel, columns, source, owner_id, staged_at)"
            " VALUES ('loading', 'telephony', '[]', '{}', 8, '2999-01-01T00:00:00+00:00')"
        )
    assert await repo.cleanup(timedelta(hours=24)) == 1
    assert await repo.current_stage(8) == kept
    assert await repo.cleanup(timedelta(hours=24), orphans=True) == 1  # the orphaned 'loading' row
    assert await count(db, "SELECT count(*) FROM lists") == 2
    assert await ListsRepo(db).get_ready(ready.id) is not None


async def test_problems_stream_for_the_report(repo: ImportsRepo) -> None:
    stage = await repo.stage(draft())
    stream = repo.iter_problems_blocking(stage.id)  # made on the loop, read in a thread (as the report)
    problems = await asyncio.to_thread(list, stream)
    assert [p.row_number for p in problems] == [5]


async def test_packed_rows_are_stored_as_json_arrays(db: Database, repo: ImportsRepo) -> None:
    rows = [("442079460000", 'Anna "A"', "C:\\dir", "Пётр"), ("442079460001", "", "", "x\x01y")]
    created: list[int] = []

    async def on_created(list_id: int) -> None:
        assert await repo.get_stage(5, list_id) is None  # not visible while loading
        created.append(list_id)

    packed = ["\x1f".join(row) for row in rows]
    stage = await repo.stage(replace(draft(rows=2), rows=rows, packed_rows=packed), on_created=on_created)
    assert created == [stage.id]
    async with db.reader.execute("SELECT cells FROM list_rows ORDER BY position") as cur:
        stored = [json.loads(row[0]) for row in await cur.fetchall()]
    assert stored == [list(row) for row in rows]


def test_packed_to_json_matches_json() -> None:
    rows = [["a", 'b"c', "d\\e", "é€😀"], [""], ["x", ""]]
    assert [json.loads(s) for s in packed_to_json(["\x1f".join(r) for r in rows], "\x1f")] == rows


# --- bounded storage of failed rows, space given back -------------------------------------------


def problem(row_number: int, reason: str) -> StoredProblem:
    return StoredProblem(row_number, "Phone", reason, "unknown", {}, None, (str(row_number), "X"))


async def test_stored_failed_rows_are_capped_and_counted_exactly(
    db: Database, repo: ImportsRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_problems, "MAX_STORED_PROBLEMS", 5)
    monkeypatch.setattr(import_problems, "EXAMPLES_PER_REASON", 2)
    monkeypatch.setattr(imports_module, "STAGE_CHUNK", 3)
    problems = [problem(n, "too_short") for n in range(10, 30)]  # 20: the cap is reached
    problems += [problem(40, "duplicate"), problem(41, "too_short"), problem(42, "duplicate")]
    problems += [problem(50, "duplicate")]  # a third 'duplicate': past its examples
    stage = await repo.stage(replace(draft(rows=2), problems=problems))

    kept = [p.row_number for p in await repo.problems(stage.id, 100)]
    assert kept == [10, 11, 12, 13, 14, 40, 42]  # the first 5, then the first 2 of a new reason
    stream = repo.iter_problems_blocking(stage.id)
    assert [p.row_number for p in await asyncio.to_thread(list, stream)] == kept
    assert await count(db, "SELECT count(*) FROM import_problems") == 7
    summary = stage.summary or {}
    assert summary["valid"] == 2  # the caller's summary is kept
    assert summary["problems_total"] == 24
    assert summary["problems_stored"] == 7
    assert summary["problems_by_reason"] == {"too_short": 21, "duplicate": 3}
    counts = await repo.problem_counts(stage.id)
    assert counts == import_problems.ProblemCounts(
        total=24, stored=7, by_reason={"too_short": 21, "duplicate": 3}
    )
    assert counts.omitted == 17


async def test_problem_counts_of_an_unknown_or_old_stage(repo: ImportsRepo, db: Database) -> None:
    assert await repo.problem_counts(12345) is None
    stage = await repo.stage(draft())
    async with db.transaction() as conn:  # a stage saved before the cap existed: no counts stored
        await conn.execute("UPDATE lists SET summary = '{\"valid\": 3}' WHERE id = ?", (stage.id,))
    counts = await repo.problem_counts(stage.id)
    assert counts is not None
    assert (counts.total, counts.stored, counts.omitted) == (1, 1, 0)


def db_bytes(db: Database) -> int:
    return sum(p.stat().st_size for p in (db.path, db.path.with_name(db.path.name + "-wal")) if p.exists())


@pytest.mark.sqlite_only("the file's size (PostgreSQL's autovacuum does this)")
async def test_discarding_a_big_stage_gives_the_disk_space_back(db: Database, repo: ImportsRepo) -> None:
    await repo.stage(draft(owner=1, rows=10))  # some data that stays
    start = db_bytes(db)
    payload = "p" * 150
    big = replace(
        draft(rows=0),
        rows=[(f"4420791{i:05d}", payload) for i in range(30_000)],
        row_numbers=list(range(2, 30_002)),
        problems=[StoredProblem(n, "Phone", *SHORT, ("12", payload)) for n in range(30_000)],
    )
    stage = await repo.stage(big)
    grown = db_bytes(db)
    assert grown > start + 8_000_000
    assert await repo.discard(5, stage.id) == 1
    await db.idle()  # the purge and the reclaim run in the background
    after = db_bytes(db)
    assert after < start + 500_000, (start, grown, after)
    assert await repo.current_stage(1) is not None


@pytest.mark.sqlite_only("the file's size (PostgreSQL's autovacuum does this)")
async def test_cleanup_gives_the_disk_space_back(db: Database, repo: ImportsRepo) -> None:
    start = db_bytes(db)
    rows = [(f"4420791{i:05d}", "q" * 150) for i in range(20_000)]
    await repo.stage(replace(draft(rows=0), rows=rows, row_numbers=list(range(20_000))))
    assert db_bytes(db) > start + 3_000_000
    assert await repo.cleanup(timedelta(seconds=-1)) == 1
    assert db_bytes(db) < start + 500_000


async def test_an_existing_database_is_switched_to_incremental_vacuum(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE keep_me (x INTEGER)")
    old.execute("INSERT INTO keep_me VALUES (7)")
    old.commit()
    assert old.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    old.close()
    database = await Database.open(path)
    try:
        async with database.reader.execute("PRAGMA auto_vacuum") as cur:
            assert (await cur.fetchone())[0] == 2  # type: ignore[index]
        async with database.reader.execute("SELECT x FROM keep_me") as cur:
            assert (await cur.fetchone())[0] == 7  # type: ignore[index]
    finally:
        await database.close()
    reopened = await Database.open(path)  # nothing to do the second time
    await reopened.close()


@pytest.mark.sqlite_only("auto_vacuum")
async def test_a_new_database_uses_incremental_vacuum(db: Database) -> None:
    async with db.reader.execute("PRAGMA auto_vacuum") as cur:
        assert (await cur.fetchone())[0] == 2  # type: ignore[index]


async def test_a_created_list_keeps_no_failed_rows(db: Database, repo: ImportsRepo) -> None:
    """The report is offered only while the import is pending: after Create its failed rows (and
    their phone numbers) are dead weight."""
    stage = await repo.stage(draft(rows=2))
    other = await repo.stage(draft(owner=6, rows=2))
    await repo.create(5, stage.id, "Done")
    assert await count(db, "SELECT count(*) FROM import_problems WHERE list_id = ?", stage.id) == 0
    assert await count(db, "SELECT count(*) FROM import_problems WHERE list_id = ?", other.id) == 1
    assert await count(db, "SELECT count(*) FROM list_rows WHERE list_id = ?", stage.id) == 2


async def test_cleanup_sweeps_failed_rows_left_by_created_lists(db: Database, repo: ImportsRepo) -> None:
    stage = await repo.stage(draft(rows=2))
    async with db.transaction() as conn:  # what an interrupted Create leaves
        await conn.execute(
            "UPDATE lists SET status = 'ready', name = 'x', name_key = 'x' WHERE id = ?", (stage.id,)
        )
    assert await repo.cleanup(timedelta(hours=1)) == 0
    assert await count(db, "SELECT count(*) FROM import_problems") == 0


async def test_migration_drops_failed_rows_of_ready_lists(tmp_path: Path) -> None:
    from storage.db import MIGRATIONS_DIR

    old_dir = tmp_path / "migrations"
    old_dir.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("000[1-4]_*.sql")):
        (old_dir / path.name).write_text(path.read_text())
    old = await Database.open(tmp_path / "m.db", migrations_dir=old_dir)
    async with old.transaction() as conn:
        for list_id, status in ((1, "ready"), (2, "staged")):
            await conn.execute(
                "INSERT INTO lists (id, status, channel, columns, source, owner_id, staged_at)"
                " VALUES (?, ?, 'telephony', '[]', '{}', 5, 'x')",
                (list_id, status),
            )
            await conn.execute(
                "INSERT INTO import_problems (list_id, position, row_number, column_title, reason, message,"
                " cells) VALUES (?, 0, 2, 'Phone', 'too_short', 'm', '[]')",
                (list_id,),
            )
    await old.close()
    new = await Database.open(tmp_path / "m.db")
    try:
        assert await count(new, "SELECT count(*) FROM import_problems WHERE list_id = 1") == 0
        assert await count(new, "SELECT count(*) FROM import_problems WHERE list_id = 2") == 1
    finally:
        await new.close()


async def test_the_file_name_is_stored_without_invisible_characters(repo: ImportsRepo) -> None:
    sneaky = "leads\u202e\u200bvsc.exe"
    base = draft()
    stage = await repo.stage(
        replace(base, source={**base.source, "file_name": sneaky}, summary={"file_name": sneaky, "valid": 3})
    )
    assert stage.source["file_name"] == "leadsvsc.exe"
    assert (stage.summary or {})["file_name"] == "leadsvsc.exe"


@pytest.mark.sqlite_only(
    "cancels inside aiosqlite's writer thread (tests/storage/test_pg_driver.py does it for asyncpg)"
)
async def test_a_stage_cancelled_at_any_await_point_leaves_nothing(db: Database, repo: ImportsRepo) -> None:
    """/cancel while the rows are saved: whichever statement it interrupts, the half-saved stage goes
    (its first transaction may commit after the cancel), and the writer is clean."""
    await repo.stage(draft(owner=9, rows=2))  # someone else's stage stays
    for target in range(1, 12):
        hook = CancelAt(db, target, 0.002 if target % 2 else 0.0, inner=False)
        task = hook.victim = asyncio.create_task(repo.stage(draft(rows=3)))
        try:
            await task
            finished = True
        except asyncio.CancelledError:
            finished = False
        finally:
            hook.remove()
        if finished:  # past the last statement: a complete stage, drop it
            assert await repo.discard(5) == 1
            await db.idle()  # the purge and the reclaim run in the background
        for _ in range(200):  # the removal of a cancelled stage runs on, shielded
            if await count(db, "SELECT count(*) FROM lists WHERE owner_id = 5") == 0:
                break
            await asyncio.sleep(0.01)
        assert await count(db, "SELECT count(*) FROM lists WHERE owner_id = 5") == 0, target
        assert not db._writer.in_transaction
    assert await count(db, "SELECT count(*) FROM list_rows") == 2  # only owner 9's
    assert await count(db, "SELECT count(*) FROM import_problems") == 1


async def test_sparse_failed_rows_are_purged_in_full_slices(
    db: Database, repo: ImportsRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the cap, the stored failed rows are far apart: a slice is PURGE_CHUNK rows, not a range
    of PURGE_CHUNK positions (that took one transaction per row)."""
    monkeypatch.setattr(import_problems, "MAX_STORED_PROBLEMS", 1)
    monkeypatch.setattr(import_problems, "EXAMPLES_PER_REASON", 1)
    monkeypatch.setattr(imports_module, "PURGE_CHUNK", 3)
    problems = [problem(n, f"r{n // 10}") for n in range(60)]  # stored: rows 0, 10, 20, 30, 40, 50
    stage = await repo.stage(replace(draft(rows=0), problems=problems))
    assert await count(db, "SELECT count(*) FROM import_problems") == 6
    before = db.transactions
    assert await repo.discard(5, stage.id) == 1
    await db.idle()  # the purge and the reclaim run in the background
    # hide, list_rows (nothing), 2 full slices + the empty one, the lists row
    assert db.transactions - before == 6
    assert await count(db, "SELECT count(*) FROM import_problems") == 0


async def test_discard_answers_at_once_and_purges_in_the_background(
    db: Database, repo: ImportsRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/cancel and /new must not wait seconds for 430k rows to be deleted: the stage is hidden in one
    transaction, its rows go afterwards (and a cut purge is redone by the start-up clean-up)."""
    stage = await repo.stage(draft(rows=50))
    release = asyncio.Event()
    real = ImportsRepo._remove

    async def slow_remove(self: ImportsRepo, hidden: Any) -> None:
        await release.wait()
        await real(self, hidden)

    monkeypatch.setattr(ImportsRepo, "_remove", slow_remove)
    assert await repo.discard(5, stage.id) == 1
    assert await repo.get_stage(5, stage.id) is None  # gone for the manager already
    assert await count(db, "SELECT count(*) FROM list_rows") == 50  # the rows are still being removed
    release.set()
    await db.idle()
    assert await count(db, "SELECT count(*) FROM list_rows") == 0
    assert await count(db, "SELECT count(*) FROM lists") == 0


async def test_rows_need_their_list_and_go_with_it(db: Database, repo: ImportsRepo) -> None:
    """What a foreign key does on SQLite, PostgreSQL's per-statement triggers do (staging speed)."""
    stage = await repo.stage(draft(rows=3))
    missing = stage.id + 100

    async def add_row() -> None:
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO list_rows (list_id, position, cells) VALUES (?, 0, '[]')", (missing,)
            )

    async def add_problem() -> None:
        async with db.transaction() as conn:
            problem = (missing, 0, 2, "Phone", "r", "d", "{}", None, "[]")
            await insert_many(conn, "import_problems", PROBLEM_COLUMNS, [problem])

    for add in (add_row, add_problem):
        with pytest.raises((sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)):
            await add()
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM lists WHERE id = ?", (stage.id,))
    assert await count(db, "SELECT count(*) FROM list_rows") == 0
    assert await count(db, "SELECT count(*) FROM import_problems") == 0


async def test_is_loading_while_the_rows_are_being_saved(db: Database, repo: ImportsRepo) -> None:
    stage = await repo.stage(draft())
    assert not await repo.is_loading(5, stage.id)
    async with db.transaction() as conn:
        await conn.execute("UPDATE lists SET status = 'loading' WHERE id = ?", (stage.id,))
    assert await repo.is_loading(5, stage.id)
    assert not await repo.is_loading(6, stage.id)  # someone else's
