"""ListsRepo for flow C: pages of ready lists, delete with its rows and an audit line, export file_id,
row batches; and the audit trail."""

from __future__ import annotations

import pytest

from storage.audit import AuditAction, AuditRepo
from storage.db import Database
from storage.lists import ClientList, ListColumn, ListsRepo, NameTaken

COLUMNS = (ListColumn("phone", "Phone"), ListColumn("first_name", "First name"))


async def make(lists: ListsRepo, name: str, rows: int = 2, owner_id: int = 7) -> ClientList:
    return await lists.create_ready(
        name=name,
        channel="telephony",
        columns=COLUMNS,
        rows=([f"4420794600{i:02d}", f"Name {i}"] for i in range(rows)),
        source={"kind": "file", "file_name": f"{name}.csv"},
        owner_id=owner_id,
    )


async def count(db: Database, sql: str, *args: object) -> int:
    async with db.reader.execute(sql, args) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_pages_newest_first_with_total_and_clamping(db: Database) -> None:
    lists = ListsRepo(db)
    for i in range(1, 21):
        await make(lists, f"List {i:02d}")
    # A staged import is invisible here.
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO lists (status, channel, columns, source, owner_id, staged_at)"
            " VALUES ('staged', 'telephony', '[]', '{}', 7, '2099-01-01T00:00:00+00:00')"
        )

    pages = [await lists.page(n, 8) for n in range(3)]
    assert [p.total for p in pages] == [20, 20, 20]
    assert [p.pages for p in pages] == [3, 3, 3]
    names = [[item.name for item in p.items] for p in pages]
    assert names[0] == [f"List {i:02d}" for i in range(20, 12, -1)]
    assert names[1] == [f"List {i:02d}" for i in range(12, 4, -1)]
    assert names[2] == [f"List {i:02d}" for i in range(4, 0, -1)]

    past_end = await lists.page(9, 8)
    assert past_end.page == 2
    assert [i.name for i in past_end.items] == names[2]
    assert (await lists.page(-1, 8)).page == 0


async def test_empty_page(db: Database) -> None:
    page = await ListsRepo(db).page(0, 8)
    assert (page.total, page.pages, page.page, page.items) == (0, 1, 0, ())


async def test_delete_removes_rows_and_records_audit_in_one_go(db: Database) -> None:
    lists, audit = ListsRepo(db), AuditRepo(db)
    keep = await make(lists, "Keep", rows=3)
    gone = await make(lists, "Gone", rows=12_000)
    assert await count(db, "SELECT count(*) FROM list_rows WHERE list_id = ?", gone.id) == 12_000

    deleted = await lists.delete(gone.id, user_id=9)
    assert deleted is not None
    assert (deleted.name, deleted.row_count) == ("Gone", 12_000)
    assert await lists.get(gone.id) is None
    assert await count(db, "SELECT count(*) FROM list_rows WHERE list_id = ?", gone.id) == 0
    assert await count(db, "SELECT count(*) FROM list_rows WHERE list_id = ?", keep.id) == 3

    events = await audit.recent()
    assert [(e.action, e.list_name, e.user_id) for e in events][:1] == [(AuditAction.DELETED, "Gone", 9)]
    assert events[0].details == {"rows": 12_000}
    assert {(e.action, e.list_name) for e in events} == {
        (AuditAction.CREATED, "Keep"),
        (AuditAction.CREATED, "Gone"),
        (AuditAction.DELETED, "Gone"),
    }

    # A second delete (another manager, an old button) is a no-op, not an error; the name is free.
    assert await lists.delete(gone.id, user_id=9) is None
    assert len(await audit.recent()) == 3
    assert not await lists.name_taken("gone")
    await make(lists, "Gone")


async def test_delete_rolls_back_with_the_audit_line(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    lists = ListsRepo(db)
    item = await make(lists, "Atomic", rows=5)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit write failed")

    monkeypatch.setattr("storage.audit.record", broken)
    with pytest.raises(RuntimeError):
        await lists.delete(item.id, user_id=1)
    assert await lists.get_ready(item.id) is not None
    assert await count(db, "SELECT count(*) FROM list_rows WHERE list_id = ?", item.id) == 5


async def test_export_file_id_is_remembered_and_forgotten(db: Database) -> None:
    lists = ListsRepo(db)
    item = await make(lists, "Export")
    assert item.export_file_id is None
    await lists.set_export_file_id(item.id, "document-1-abc")
    assert (await lists.get_ready(item.id)).export_file_id == "document-1-abc"  # type: ignore[union-attr]
    await lists.set_export_file_id(item.id, None)
    assert (await lists.get_ready(item.id)).export_file_id is None  # type: ignore[union-attr]


async def test_row_batches_stream_every_row_in_order(db: Database) -> None:
    lists = ListsRepo(db)
    tricky = [['=HYPERLINK("x")', "+7 916"], ["0012", "Ёжик 🦔"], ["", "a\nb"]]
    item = await lists.create_ready(
        name="Tricky", channel="telephony", columns=COLUMNS,
        rows=tricky + [[str(i), ""] for i in range(1_000)], source={"kind": "file"}, owner_id=1,
    )  # fmt: skip
    batches = [batch async for batch in lists.row_batches(item.id, size=300)]
    assert [len(b) for b in batches] == [300, 300, 300, 103]
    rows = [row for batch in batches for row in batch.rows()]
    assert rows[:3] == tricky
    assert rows[3:] == [[str(i), ""] for i in range(1_000)]
    # An exact multiple of the batch size ends cleanly too; an unknown list has no rows.
    assert sum(len(b) for b in [b async for b in lists.row_batches(item.id, size=103)]) == 1_003
    assert [b async for b in lists.row_batches(9_999)] == []


async def test_create_ready_keeps_names_unique(db: Database) -> None:
    lists = ListsRepo(db)
    await make(lists, "Clients  May")
    with pytest.raises(NameTaken):
        await make(lists, "clients may")


async def test_audit_recent_newest_first_and_limited(db: Database) -> None:
    audit = AuditRepo(db)
    for i in range(5):
        await audit.record(user_id=i, action=AuditAction.DOWNLOADED, list_id=i, list_name=f"L{i}")
    recent = await audit.recent(3)
    assert [e.list_name for e in recent] == ["L4", "L3", "L2"]
    assert all(e.action is AuditAction.DOWNLOADED and e.details == {} for e in recent)
