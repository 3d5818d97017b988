"""Pending imports of flow A: a validated file staged as a draft list, until Create or Cancel.

Why a draft list and not FSM data: the rows (up to ~430k) must survive a restart and Create must be
cheap. A stage is a `lists` row owned by the manager: status 'loading' while its rows are written in
short chunked transactions (so other users' writes interleave), then 'staged' together with its summary
(one flip transaction that also hides the manager's previous stage). Create is one UPDATE to 'ready'
plus the audit line. Deleting a big stage is chunked as well: hide it first, then purge rows in slices.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count, islice, repeat
from typing import Any

from storage import audit
from storage.db import Database
from storage.lists import (
    LIST_FIELDS,
    ClientList,
    ListColumn,
    columns_json,
    ensure_name_free,
    insert_rows,
    list_from_row,
    name_key,
)
from storage.users import now_iso
from validators.result import ProblemLike

logger = logging.getLogger(__name__)

STAGE_CHUNK = 10_000  # rows per write transaction while loading (~20 ms of lock)
PURGE_CHUNK = 20_000  # rows deleted per transaction when a stage is discarded


class StageGone(Exception):
    """The pending import no longer exists (cancelled, replaced, expired) or is not this user's."""


@dataclass(frozen=True, slots=True)
class StoredProblem:
    row_number: int
    column: str
    reason: str
    message: str
    suggestion: str | None
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Draft:
    """Everything a stage is made of; `rows` and `row_numbers` are aligned."""

    owner_id: int
    channel: str
    columns: Sequence[ListColumn]
    rows: Sequence[Sequence[str]]
    row_numbers: Sequence[int]
    problems: Sequence[ProblemLike]
    summary: dict[str, Any]
    source: dict[str, Any]
    file_id: str | None
    file_unique_id: str | None
    # Valid rows as strings of cells joined by `packed_sep` (validators.packed), when available:
    # turned into JSON arrays with a few string replacements instead of json.dumps per row (4x faster).
    packed_rows: Sequence[str] | None = None
    packed_sep: str = "\x1f"


class ImportsRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    # --- reading -------------------------------------------------------------------------------

    async def get_stage(self, owner_id: int, list_id: int) -> ClientList | None:
        """The manager's staged import `list_id` (None when gone or someone else's)."""
        async with self._db.reader.execute(
            f"SELECT {LIST_FIELDS} FROM lists WHERE id = ? AND owner_id = ? AND status = 'staged'",
            (list_id, owner_id),
        ) as cur:
            row = await cur.fetchone()
        return list_from_row(row) if row else None

    async def current_stage(self, owner_id: int) -> ClientList | None:
        async with self._db.reader.execute(
            f"SELECT {LIST_FIELDS} FROM lists WHERE owner_id = ? AND status = 'staged'"
            " ORDER BY id DESC LIMIT 1",
            (owner_id,),
        ) as cur:
            row = await cur.fetchone()
        return list_from_row(row) if row else None

    async def find_same_file(self, owner_id: int, file_unique_id: str, channel: str) -> ClientList | None:
        """The stage of this very file (validated as uploaded, no fixes applied), if it exists."""
        stage = await self.current_stage(owner_id)
        if (
            stage is not None
            and stage.file_unique_id == file_unique_id
            and stage.channel == channel
            and not (stage.summary or {}).get("fixes_applied")
        ):
            return stage
        return None

    async def problems(self, list_id: int, limit: int) -> list[StoredProblem]:
        """The first `limit` rejected rows, in file order (for the summary's examples)."""
        async with self._db.reader.execute(
            "SELECT row_number, column_title, reason, message, suggestion, cells FROM import_problems"
            " WHERE list_id = ? ORDER BY position LIMIT ?",
            (list_id, limit),
        ) as cur:
            rows = await cur.fetchall()
        return [_problem(row) for row in rows]

    def iter_problems_blocking(self, list_id: int) -> Iterator[StoredProblem]:
        """Every rejected row, streamed from a separate read-only connection.

        Blocking: for a worker thread that writes the error report without holding all rows in memory.
        """
        conn = sqlite3.connect(f"file:{self._db.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            cur = conn.execute(
                "SELECT row_number, column_title, reason, message, suggestion, cells FROM import_problems"
                " WHERE list_id = ? ORDER BY position",
                (list_id,),
            )
            while batch := cur.fetchmany(2_000):
                for row in batch:
                    yield _problem(row)
        finally:
            conn.close()

    # --- staging -------------------------------------------------------------------------------

    async def stage(
        self, draft: Draft, on_created: Callable[[int], Awaitable[None]] | None = None
    ) -> ClientList:
        """Write `draft` as the owner's one pending import (replacing an older one); return it.

        `on_created(list_id)` runs once the (still invisible) stage has its id, before the rows are
        written: the summary can be shown while they are saved. On any failure or cancellation the
        half-written stage is removed; it was never visible.
        """
        now = now_iso()
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "INSERT INTO lists (status, channel, columns, source, owner_id, file_id, file_unique_id,"
                " staged_at) VALUES ('loading', ?, ?, ?, ?, ?, ?, ?)",
                (
                    draft.channel,
                    columns_json(draft.columns),
                    json.dumps(draft.source, ensure_ascii=False),
                    draft.owner_id,
                    draft.file_id,
                    draft.file_unique_id,
                    now,
                ),
            )
            list_id = cur.lastrowid
        assert list_id is not None
        try:
            if on_created is not None:
                await on_created(list_id)
            await self._load(list_id, draft)
            async with self._db.transaction() as conn:
                replaced = await _ids(
                    conn,
                    "SELECT id FROM lists WHERE owner_id = ? AND status IN ('staged', 'loading') AND id != ?",
                    (draft.owner_id, list_id),
                )
                await _hide(conn, replaced)
                await conn.execute(
                    "UPDATE lists SET status = 'staged', summary = ?, row_count = ? WHERE id = ?",
                    (json.dumps(draft.summary, ensure_ascii=False), len(draft.rows), list_id),
                )
        except BaseException:
            await asyncio.shield(self._purge_quietly(list_id))
            raise
        for old in replaced:
            await self._purge_quietly(old)
        staged = await self.get_stage(draft.owner_id, list_id)
        assert staged is not None
        return staged

    async def _load(self, list_id: int, draft: Draft) -> None:
        rows, numbers, packed = draft.rows, draft.row_numbers, draft.packed_rows
        for start in range(0, len(rows), STAGE_CHUNK):
            end = start + STAGE_CHUNK
            async with self._db.transaction() as conn:
                if packed is None:
                    await insert_rows(conn, list_id, rows[start:end], numbers[start:end], start=start)
                else:
                    cells = packed_to_json(packed[start:end], draft.packed_sep)
                    await conn.executemany(
                        "INSERT INTO list_rows (list_id, position, row_number, cells) VALUES (?, ?, ?, ?)",
                        zip(repeat(list_id), count(start), numbers[start:end], cells, strict=False),
                    )
        problems = iter(draft.problems)
        position = 0
        while chunk := list(islice(problems, STAGE_CHUNK)):
            async with self._db.transaction() as conn:
                await conn.executemany(
                    "INSERT INTO import_problems (list_id, position, row_number, column_title, reason,"
                    " message, suggestion, cells) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        (
                            list_id,
                            position + i,
                            p.row_number,
                            p.column,
                            str(p.reason),
                            p.message,
                            p.suggestion,
                            json.dumps(list(p.cells), ensure_ascii=False),
                        )
                        for i, p in enumerate(chunk)
                    ),
                )
            position += len(chunk)

    # --- create, discard, clean up ---------------------------------------------------------------

    async def create(self, owner_id: int, list_id: int, name: str) -> ClientList:
        """Turn the stage into a ready list named `name` in one transaction; NameTaken, StageGone."""
        now = now_iso()
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT row_count, source FROM lists WHERE id = ? AND owner_id = ? AND status = 'staged'",
                (list_id, owner_id),
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                raise StageGone(list_id)
            await ensure_name_free(conn, name)
            await conn.execute(
                "UPDATE lists SET status = 'ready', name = ?, name_key = ?, created_at = ? WHERE id = ?",
                (name, name_key(name), now, list_id),
            )
            await audit.record(
                conn,
                user_id=owner_id,
                action=audit.AuditAction.CREATED,
                list_id=list_id,
                list_name=name,
                details={"rows": row[0], "source": json.loads(row[1]).get("kind")},
            )
        async with self._db.reader.execute(
            f"SELECT {LIST_FIELDS} FROM lists WHERE id = ?", (list_id,)
        ) as cur:
            created = await cur.fetchone()
        assert created is not None
        return list_from_row(created)

    async def discard(self, owner_id: int, list_id: int | None = None) -> int:
        """Drop the owner's pending import(s) (`list_id`, or all); returns how many were dropped."""
        sql = "SELECT id FROM lists WHERE owner_id = ? AND status = 'staged'"
        params: tuple[Any, ...] = (owner_id,)
        if list_id is not None:
            sql += " AND id = ?"
            params += (list_id,)
        async with self._db.transaction() as conn:
            ids = await _ids(conn, sql, params)
            await _hide(conn, ids)
        for hidden in ids:
            await self._purge_quietly(hidden)
        return len(ids)

    async def cleanup(self, max_age: timedelta, *, orphans: bool = False) -> int:
        """Remove stages older than `max_age`; with `orphans`, every 'loading' one too (at start-up,
        when no import can be running). Returns how many."""
        cutoff = (datetime.now(UTC) - max_age).isoformat(timespec="seconds")
        sql = "SELECT id FROM lists WHERE status IN ('staged', 'loading') AND staged_at < ?"
        if orphans:
            sql += " OR status = 'loading'"
        async with self._db.transaction() as conn:
            ids = await _ids(conn, sql, (cutoff,))
            await _hide(conn, ids)
        for hidden in ids:
            await self._purge_quietly(hidden)
        if ids:
            logger.info("Removed %d stale pending import(s)", len(ids))
        return len(ids)

    async def _purge_quietly(self, list_id: int) -> None:
        try:
            await self._purge(list_id)
        except Exception:  # the stale-stage cleanup will get it
            logger.warning("Could not remove pending import %s", list_id, exc_info=True)

    async def _purge(self, list_id: int) -> None:
        """Delete a hidden stage slice by slice, so the write lock is never held for long."""
        for table in ("list_rows", "import_problems"):
            while True:
                async with self._db.transaction() as conn:
                    cur = await conn.execute(
                        f"DELETE FROM {table} WHERE list_id = ? AND position < ("
                        f"SELECT coalesce(min(position), 0) FROM {table} WHERE list_id = ?) + ?",
                        (list_id, list_id, PURGE_CHUNK),
                    )
                    if cur.rowcount <= 0:
                        break
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM lists WHERE id = ? AND status != 'ready'", (list_id,))


async def _ids(conn: Any, sql: str, params: Iterable[Any]) -> list[int]:
    async with conn.execute(sql, tuple(params)) as cur:
        return [int(row[0]) for row in await cur.fetchall()]


async def _hide(conn: Any, ids: Sequence[int]) -> None:
    """Make stages invisible at once ('loading' is never shown); their rows are purged afterwards."""
    for list_id in ids:
        await conn.execute(
            "UPDATE lists SET status = 'loading' WHERE id = ? AND status != 'ready'", (list_id,)
        )


_JSON_UNSAFE = re.compile(r"[\x00-\x1e]")


def packed_to_json(packed: Sequence[str], sep: str) -> list[str]:
    """JSON arrays of the cells of packed rows. Cells have no control characters (the validators
    remove them), so escaping backslash and quote is enough; a chunk that has any falls back to json."""
    if sep != "\x1f" or _JSON_UNSAFE.search("".join(packed)) is not None:
        return [json.dumps(row.split(sep), ensure_ascii=False) for row in packed]
    return ['["' + row.replace("\\", "\\\\").replace('"', '\\"').replace(sep, '","') + '"]' for row in packed]


def _problem(row: Sequence[Any]) -> StoredProblem:
    return StoredProblem(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])))
