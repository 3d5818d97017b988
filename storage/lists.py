"""Client lists: the ready lists every manager sees, and the row storage shared with staged imports.

A list is immutable once ready. Its rows are JSON arrays aligned to its columns; `columns[0]` is the
phone number / client id. Names are unique among ready lists, case-insensitively (`name_key`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storage import audit
from storage.bulk import insert_many
from storage.names import MAX_NAME_LENGTH as MAX_NAME_LENGTH  # flows A and B import them from here
from storage.names import name_key as name_key
from storage.names import tidy_name as tidy_name
from storage.sql import Connection, Database
from storage.users import now_iso

logger = logging.getLogger(__name__)

ROW_CHUNK = 5_000  # rows per executemany: bounded memory for the JSON of one chunk
ROW_COLUMNS = ("list_id", "position", "row_number", "cells")
DECODE_SLICE = 200  # rows per json.loads when reading rows back (see RowBatch.rows)


class ListStatus(StrEnum):
    LOADING = "loading"  # a stage whose rows are still being written
    STAGED = "staged"  # a validated import waiting for consent and a name
    READY = "ready"


class NameTaken(Exception):
    """Another ready list already has this name (case-insensitive)."""


@dataclass(frozen=True, slots=True)
class ListColumn:
    key: str
    title: str  # the file's title, or the English name the bot gave it (it also names payload fields)
    label: str = ""  # set when the bot named the column: a code shown in the reader's language


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
    export_locale: str | None = None  # the language of the columns the bot named in that file


LIST_FIELDS = (
    "id, status, name, channel, columns, row_count, source, summary, owner_id, file_id,"
    " file_unique_id, export_file_id, staged_at, created_at, export_locale"
)


class BadName(ValueError):
    """Nothing visible is left of the name, or it is longer than MAX_NAME_LENGTH (callers check first)."""


def checked_name(name: str) -> str:
    """The name to store: `tidy_name(name)`; BadName when that is empty or too long."""
    tidy = tidy_name(name)
    if not tidy:
        raise BadName("the name has no visible characters")
    if len(tidy) > MAX_NAME_LENGTH:
        raise BadName(f"the name is longer than {MAX_NAME_LENGTH} characters")
    return tidy


def columns_json(columns: Sequence[ListColumn]) -> str:
    return json.dumps(
        [{"key": c.key, "title": c.title, **({"label": c.label} if c.label else {})} for c in columns],
        ensure_ascii=False,
    )


def list_from_row(row: Sequence[Any]) -> ClientList:
    return ClientList(
        id=row[0],
        status=ListStatus(row[1]),
        name=row[2],
        channel=row[3],
        columns=tuple(ListColumn(c["key"], c["title"], c.get("label", "")) for c in json.loads(row[4])),
        row_count=row[5],
        source=json.loads(row[6]),
        summary=json.loads(row[7]) if row[7] else None,
        owner_id=row[8],
        file_id=row[9],
        file_unique_id=row[10],
        export_file_id=row[11],
        staged_at=row[12],
        created_at=row[13],
        export_locale=row[14],
    )


async def insert_rows(
    conn: Connection,
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
            await insert_many(conn, "list_rows", ROW_COLUMNS, chunk)
            chunk = []
    if chunk:
        await insert_many(conn, "list_rows", ROW_COLUMNS, chunk)
    return position - start


async def ensure_name_free(conn: Connection, name: str, *, except_id: int | None = None) -> None:
    async with conn.execute(
        "SELECT id FROM lists WHERE status = 'ready' AND name_key = ? AND id IS DISTINCT FROM ?",
        (name_key(name), except_id),
    ) as cur:
        if await cur.fetchone() is not None:
            raise NameTaken(name)


class ListGone(Exception):
    """The list was deleted (or never became ready) while someone was working with it."""


@dataclass(frozen=True, slots=True)
class ListPage:
    """One page of ready lists, newest first; `page` is clamped into 0..pages-1."""

    items: tuple[ClientList, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class RowBatch:
    """Stored rows as their raw JSON, so the consumer decodes them off the event loop (`rows()`)."""

    cells_json: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.cells_json)

    def rows(self) -> Iterator[list[str]]:
        """Decoded rows, a few hundred per json.loads call.

        Why not all at once: thousands of live row lists at a garbage collection get promoted to
        the old generation and trigger full collections, which walk the bot's whole heap while
        holding the GIL (100-300 ms stalls of the event loop). Small slices die young.
        """
        cells = self.cells_json
        for start in range(0, len(cells), DECODE_SLICE):
            decoded: list[list[str]] = json.loads("[" + ",".join(cells[start : start + DECODE_SLICE]) + "]")
            yield from decoded


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
        """A whole list in one transaction (all rows or none), named `tidy_name(name)`; raises NameTaken,
        BadName."""
        name = checked_name(name)
        now = now_iso()
        async with self._db.transaction() as conn:
            await ensure_name_free(conn, name)
            cur = await conn.execute(
                "INSERT INTO lists (status, name, name_key, channel, columns, source, owner_id, staged_at,"
                " created_at) VALUES ('ready', ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
            list_id = int((await cur.fetchone())[0])
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

    async def page(self, page: int, per_page: int = 8) -> ListPage:
        """Ready lists, newest first; a page past the end shows the last one (lists may be deleted)."""
        async with self._db.reader.execute("SELECT count(*) FROM lists WHERE status = 'ready'") as cur:
            row = await cur.fetchone()
        total = int(row[0]) if row else 0
        pages = max(1, -(-total // per_page))
        page = min(max(page, 0), pages - 1)
        async with self._db.reader.execute(
            f"SELECT {LIST_FIELDS} FROM lists WHERE status = 'ready'"
            " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (per_page, page * per_page),
        ) as cur:
            rows = await cur.fetchall()
        return ListPage(tuple(list_from_row(r) for r in rows), total, page, per_page)

    async def delete(self, list_id: int, *, user_id: int) -> ClientList | None:
        """Remove a ready list, its rows and write the audit line in one transaction.

        Returns the deleted list, or None when it was already gone (a second press, an old button).
        """
        async with self._db.transaction() as conn:
            async with conn.execute(
                f"SELECT {LIST_FIELDS} FROM lists WHERE id = ? AND status = 'ready'", (list_id,)
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return None
            gone = list_from_row(row)
            # Rows explicitly (the same as ON DELETE CASCADE, without depending on the pragma).
            await conn.execute("DELETE FROM list_rows WHERE list_id = ?", (list_id,))
            await conn.execute("DELETE FROM lists WHERE id = ?", (list_id,))
            await audit.record(
                conn,
                user_id=user_id,
                action=audit.AuditAction.DELETED,
                list_id=list_id,
                list_name=gone.name,
                details={"rows": gone.row_count},
            )
        # The rows' space back to the disk and their phone numbers out of the WAL, in the background
        # (a second or two for a big list: the manager's answer does not wait for it).
        self._db.reclaim_later()
        return gone

    async def set_export_file_id(self, list_id: int, file_id: str | None, locale: str | None = None) -> None:
        """Remember (or forget, with None) the Telegram file_id of the list's XLSX (lists are immutable),
        built for readers of `locale` (the titles of the columns the bot named are in their language)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE lists SET export_file_id = ?, export_locale = ? WHERE id = ? AND status = 'ready'",
                (file_id, locale if file_id else None, list_id),
            )

    async def row_batches(self, list_id: int, size: int = ROW_CHUNK) -> AsyncIterator[RowBatch]:
        """The list's rows in order, `size` at a time, each batch its own short SELECT.

        Keyset paging (position > last) instead of one long cursor: no read transaction stays open
        for the whole export, and other SELECTs on the shared reader interleave between batches.
        """
        last = -1
        while True:
            async with self._db.reader.execute(
                "SELECT position, cells FROM list_rows WHERE list_id = ? AND position > ?"
                " ORDER BY position LIMIT ?",
                (list_id, last, size),
            ) as cur:
                rows = list(await cur.fetchall())
            if not rows:
                return
            last = rows[-1][0]
            yield RowBatch(tuple(r[1] for r in rows))
            if len(rows) < size:
                return
