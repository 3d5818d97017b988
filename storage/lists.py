"""Client lists: the ready lists every manager sees, and the row storage shared with staged imports.

A list is immutable once ready. Its rows are JSON arrays aligned to its columns; `columns[0]` is the
phone number / client id. Names are unique among ready lists, case-insensitively (`name_key`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import aiosqlite

from storage import audit
from storage.db import Database
from storage.users import now_iso

ROW_CHUNK = 5_000  # rows per executemany: bounded memory for the JSON of one chunk


class ListStatus(StrEnum):
    LOADING = "loading"  # a stage whose rows are still being written
    STAGED = "staged"  # a validated import waiting for consent and a name
    READY = "ready"


class NameTaken(Exception):
    """Another ready list already has this name (case-insensitive)."""


@dataclass(frozen=True, slots=True)
class ListColumn:
    key: str
    title: str


@dataclass(frozen=True, slots=True)
class ClientList:
    id: int
    status: ListStatus
    name: str | None
    channel: str
    columns: tuple[ListColumn, ...]
    row_count: int
    source: dict[str, Any]
    summary: dict[str, Any] | None
    owner_id: int
    file_id: str | None
    file_unique_id: str | None
    export_file_id: str | None
    staged_at: str
    created_at: str | None


LIST_FIELDS = (
    "id, status, name, channel, columns, row_count, source, summary, owner_id, file_id,"
    " file_unique_id, export_file_id, staged_at, created_at"
)


def name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def columns_json(columns: Sequence[ListColumn]) -> str:
    return json.dumps([{"key": c.key, "title": c.title} for c in columns], ensure_ascii=False)


def list_from_row(row: Sequence[Any]) -> ClientList:
    return ClientList(
        id=row[0],
        status=ListStatus(row[1]),
        name=row[2],
        channel=row[3],
        columns=tuple(ListColumn(c["key"], c["title"]) for c in json.loads(row[4])),
        row_count=row[5],
        source=json.loads(row[6]),
        summary=json.loads(row[7]) if row[7] else None,
        owner_id=row[8],
        file_id=row[9],
        file_unique_id=row[10],
        export_file_id=row[11],
        staged_at=row[12],
        created_at=row[13],
    )


async def insert_rows(
    conn: aiosqlite.Connection,
    list_id: int,
    rows: Iterable[Sequence[str]],
    row_numbers: Iterable[int | None] | None = None,
    *,
    start: int = 0,
) -> int:
    """Append rows (positions from `start`) inside an open transaction; returns how many."""
    numbers = iter(row_numbers) if row_numbers is not None else None
    position = start
    chunk: list[tuple[int, int, int | None, str]] = []
    for row in rows:
        chunk.append(
            (list_id, position, next(numbers) if numbers else None, json.dumps(list(row), ensure_ascii=False))
        )
        position += 1
        if len(chunk) >= ROW_CHUNK:
            await conn.executemany(
                "INSERT INTO list_rows (list_id, position, row_number, cells) VALUES (?, ?, ?, ?)", chunk
            )
            chunk = []
    if chunk:
        await conn.executemany(
            "INSERT INTO list_rows (list_id, position, row_number, cells) VALUES (?, ?, ?, ?)", chunk
        )
    return position - start


async def ensure_name_free(conn: aiosqlite.Connection, name: str, *, except_id: int | None = None) -> None:
    async with conn.execute(
        "SELECT id FROM lists WHERE status = 'ready' AND name_key = ? AND id IS NOT ?",
        (name_key(name), except_id),
    ) as cur:
        if await cur.fetchone() is not None:
            raise NameTaken(name)


class ListsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, list_id: int) -> ClientList | None:
        """Any list by id, whatever its status."""
        async with self._db.reader.execute(
            f"SELECT {LIST_FIELDS} FROM lists WHERE id = ?", (list_id,)
        ) as cur:
            row = await cur.fetchone()
        return list_from_row(row) if row else None

    async def get_ready(self, list_id: int) -> ClientList | None:
        found = await self.get(list_id)
        return found if found is not None and found.status is ListStatus.READY else None

    async def name_taken(self, name: str) -> bool:
        async with self._db.reader.execute(
            "SELECT 1 FROM lists WHERE status = 'ready' AND name_key = ?", (name_key(name),)
        ) as cur:
            return await cur.fetchone() is not None

    async def create_ready(
        self,
        *,
        name: str,
        channel: str,
        columns: Sequence[ListColumn],
        rows: Iterable[Sequence[str]],
        source: dict[str, Any],
        owner_id: int,
    ) -> ClientList:
        """A whole list in one transaction (all rows or none); raises NameTaken."""
        now = now_iso()
        async with self._db.transaction() as conn:
            await ensure_name_free(conn, name)
            cur = await conn.execute(
                "INSERT INTO lists (status, name, name_key, channel, columns, source, owner_id, staged_at,"
                " created_at) VALUES ('ready', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    name,
                    name_key(name),
                    channel,
                    columns_json(columns),
                    json.dumps(source),
                    owner_id,
                    now,
                    now,
                ),
            )
            list_id = cur.lastrowid
            assert list_id is not None
            count = await insert_rows(conn, list_id, rows)
            await conn.execute("UPDATE lists SET row_count = ? WHERE id = ?", (count, list_id))
            await audit.record(
                conn,
                user_id=owner_id,
                action=audit.AuditAction.CREATED,
                list_id=list_id,
                list_name=name,
                details={"rows": count, "source": source.get("kind")},
            )
        created = await self.get(list_id)
        assert created is not None
        return created
