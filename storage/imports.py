"""Pending imports of flow A: a validated file staged as a draft list, until Create or Cancel.

Why a draft list and not FSM data: the rows (up to ~430k) must survive a restart and Create must be
cheap. A stage is a `lists` row owned by the manager: status 'loading' while its rows are written in
short chunked transactions (so other users' writes interleave), then 'staged' together with its summary
(one flip transaction that also hides the manager's previous stage). Create is one UPDATE to 'ready'
plus the audit line. Deleting a big stage is chunked as well: hide it first, then purge rows in slices,
then give the space back to the disk (`Database.reclaim`).

Failed rows are stored, capped, by storage.import_problems; their exact counts go into the summary.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import count, repeat
from typing import Any

from storage import audit, import_problems
from storage.bulk import insert_many
from storage.import_problems import ProblemCounts, StoredProblem
from storage.lists import (
    LIST_FIELDS,
    ROW_COLUMNS,
    ClientList,
    ListColumn,
    checked_name,
    columns_json,
    ensure_name_free,
    insert_rows,
    list_from_row,
    name_key,
    tidy_name,
)
from storage.sql import Database
from storage.users import now_iso
from validators.result import ProblemLike

logger = logging.getLogger(__name__)

STAGE_CHUNK = 10_000  # rows per write transaction while loading (~20 ms of lock)
PURGE_CHUNK = 20_000  # rows deleted per transaction when a stage is discarded
# Failed rows stored with their cells, per import. Why 100,000: it covers every failed row of any
# genuine file we have seen (the 20 MB upload limit is ~430k rows, and a file that fails as a whole
# fails for one or two reasons, which the first rows show), it keeps a worst-case stage's failure
# records to ~10-25 MB instead of hundreds, and the XLSX report of that many rows is written in a
# couple of seconds. Beyond it, rows are only counted.


class StageGone(Exception):
    """The pending import no longer exists (cancelled, replaced, expired) or is not this user's."""


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

    async def is_loading(self, owner_id: int, list_id: int) -> bool:
        """The manager's stage `list_id` exists and its rows are still being saved."""
        async with self._db.reader.execute(
            "SELECT 1 FROM lists WHERE id = ? AND owner_id = ? AND status = 'loading'", (list_id, owner_id)
        ) as cur:
            return await cur.fetchone() is not None

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
        return await import_problems.first(self._db, list_id, limit)

    async def problem_counts(self, list_id: int) -> ProblemCounts | None:
        """Failed rows of stage `list_id`: exact counts, and how many are stored for the report."""
        return await import_problems.counts(self._db, list_id)

    def iter_problems_blocking(self, list_id: int) -> Iterator[StoredProblem]:
        """Every stored rejected row, streamed (blocking: for the thread that writes the report)."""
        return import_problems.iterate_blocking(self._db, list_id)

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
        source = _tidy_file_name(draft.source)
        list_id: int | None = None
        try:
            async with self._db.transaction() as conn:
                cur = await conn.execute(
                    "INSERT INTO lists (status, channel, columns, source, owner_id, file_id,"
                    " file_unique_id, staged_at) VALUES ('loading', ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (
                        draft.channel,
                        columns_json(draft.columns),
                        json.dumps(source, ensure_ascii=False),
                        draft.owner_id,
                        draft.file_id,
                        draft.file_unique_id,
                        now,
                    ),
                )
                list_id = int((await cur.fetchone())[0])
            # Past this point a cancellation may come after the COMMIT: the row exists, remove it.
            assert list_id is not None
            if on_created is not None:
                await on_created(list_id)
            counts = await self._load(list_id, draft)
            summary = {
                **_tidy_file_name(draft.summary),
                "problems_total": counts.total,
                "problems_stored": counts.stored,
                "problems_by_reason": counts.by_reason,
            }
            async with self._db.transaction() as conn:
                replaced = await _ids(
                    conn,
                    "SELECT id FROM lists WHERE owner_id = ? AND status IN ('staged', 'loading') AND id != ?",
                    (draft.owner_id, list_id),
                )
                await _hide(conn, replaced)
                await conn.execute(
                    "UPDATE lists SET status = 'staged', summary = ?, row_count = ? WHERE id = ?",
                    (json.dumps(summary, ensure_ascii=False), len(draft.rows), list_id),
                )
        except BaseException:
            if list_id is not None:
                await asyncio.shield(self._remove([list_id]))
            raise
        await self._remove(replaced)
        staged = await self.get_stage(draft.owner_id, list_id)
        assert staged is not None
        return staged

    async def _load(self, list_id: int, draft: Draft) -> ProblemCounts:
        rows, numbers, packed = draft.rows, draft.row_numbers, draft.packed_rows
        for start in range(0, len(rows), STAGE_CHUNK):
            end = start + STAGE_CHUNK
            async with self._db.transaction() as conn:
                if packed is None:
                    await insert_rows(conn, list_id, rows[start:end], numbers[start:end], start=start)
                else:
                    cells = packed_to_json(packed[start:end], draft.packed_sep)
                    await insert_many(
                        conn,
                        "list_rows",
                        ROW_COLUMNS,
                        zip(repeat(list_id), count(start), numbers[start:end], cells, strict=False),
                    )
        return await import_problems.store(self._db, list_id, draft.problems, batch_rows=STAGE_CHUNK)

    # --- create, discard, clean up ---------------------------------------------------------------

    async def create(self, owner_id: int, list_id: int, name: str) -> ClientList:
        """Turn the stage into a ready list named `tidy_name(name)` in one transaction; NameTaken,
        StageGone, BadName."""
        name = checked_name(name)
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
        await self._drop_problems([list_id])  # the report is offered only while the import is pending
        async with self._db.reader.execute(
            f"SELECT {LIST_FIELDS} FROM lists WHERE id = ?", (list_id,)
        ) as cur:
            created = await cur.fetchone()
        assert created is not None
        return list_from_row(created)

    async def discard(self, owner_id: int, list_id: int | None = None) -> int:
        """Drop the owner's pending import(s) (`list_id`, or all) at once; returns how many. Their rows
        are purged and the space given back in the background (`Database.idle()` waits for that)."""
        sql = "SELECT id FROM lists WHERE owner_id = ? AND status = 'staged'"
        params: tuple[Any, ...] = (owner_id,)
        if list_id is not None:
            sql += " AND id = ?"
            params += (list_id,)
        async with self._db.transaction() as conn:
            ids = await _ids(conn, sql, params)
            await _hide(conn, ids)
        if ids:  # hidden at once; the rows (up to ~430k) go in the background
            self._db.in_background(lambda: self._remove(ids), name=f"purge:{ids[0]}")
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
        await self._remove(ids)
        if ids:
            logger.info("Removed %d stale pending import(s)", len(ids))
        async with self._db.reader.execute(  # what a Create cut off before `_drop_problems` left
            "SELECT id FROM lists l WHERE status = 'ready'"
            " AND EXISTS (SELECT 1 FROM import_problems p WHERE p.list_id = l.id)"
        ) as cur:
            created = [int(r[0]) for r in await cur.fetchall()]
        await self._drop_problems(created)
        return len(ids)

    async def _remove(self, hidden: Sequence[int]) -> None:
        """Purge hidden stages, then give their space back: a big import must not stay on the disk
        (nor its phone numbers in the WAL) after it was cancelled. Never raises but CancelledError."""
        for list_id in hidden:
            await self._purge_quietly(list_id)
        if hidden:
            await self._reclaim_quietly()

    async def _reclaim_quietly(self) -> None:
        try:
            await self._db.reclaim()
        except Exception:  # a later reclaim (or VACUUM) gets it
            logger.warning("Could not give the space of removed rows back", exc_info=True)

    async def _purge_quietly(self, list_id: int) -> None:
        try:
            await self._purge(list_id)
        except Exception:  # the stale-stage cleanup will get it
            logger.warning("Could not remove pending import %s", list_id, exc_info=True)

    async def _drop_problems(self, list_ids: Sequence[int]) -> None:
        """Delete the failed rows of created lists (quietly: the clean-up sweeps what is left)."""
        try:
            for list_id in list_ids:
                await self._delete_slices("import_problems", list_id)
        except Exception:
            logger.warning("Could not remove the failed rows of lists %s", list_ids, exc_info=True)
        if list_ids:
            await self._reclaim_quietly()

    async def _purge(self, list_id: int) -> None:
        """Delete a hidden stage slice by slice, so the write lock is never held for long."""
        for table in ("list_rows", "import_problems"):
            await self._delete_slices(table, list_id)
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM lists WHERE id = ? AND status != 'ready'", (list_id,))

    async def _delete_slices(self, table: str, list_id: int) -> None:
        """PURGE_CHUNK rows per transaction (the first ones by position: failed rows stored past the
        cap are far apart, so a range of positions could hold a single row)."""
        while True:
            async with self._db.transaction() as conn:
                cur = await conn.execute(
                    f"DELETE FROM {table} WHERE list_id = ? AND position IN ("
                    f"SELECT position FROM {table} WHERE list_id = ? ORDER BY position LIMIT ?)",
                    (list_id, list_id, PURGE_CHUNK),
                )
                if cur.rowcount <= 0:
                    return


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


def _tidy_file_name(info: dict[str, Any]) -> dict[str, Any]:
    """`info` with its "file_name" (typed by whoever sent the file) without invisible characters: it
    is shown back in messages and becomes the list's default name."""
    if not isinstance(info.get("file_name"), str):
        return info
    return {**info, "file_name": tidy_name(info["file_name"])}
