"""Failed rows of pending imports, kept as examples for the error report.

Why capped: a hostile file of 3.4M one-character rows once wrote 3.4M failure records (233 MB) for
one upload. At most MAX_STORED_PROBLEMS rows are stored with their cells (plus a few of every reason
first seen after that, so each reason has examples); the exact counts go into the stage's summary.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any

from storage.bulk import insert_many
from storage.db import Database as SqliteDatabase
from storage.sql import Database
from validators.result import Detail, Params, ProblemLike

MAX_STORED_PROBLEMS = 100_000
EXAMPLES_PER_REASON = 100  # still stored past the cap for a reason that has fewer, so every reason shows
_COUNT_SLICE = 50_000  # failed rows counted between yields to the event loop once the cap is reached
PROBLEM_COLUMNS = (
    "list_id", "position", "row_number", "column_title", "reason", "detail", "params", "suggestion", "cells"
)  # fmt: skip
_PROBLEM_FIELDS = "row_number, column_title, reason, detail, params, suggestion, cells"


@dataclass(frozen=True, slots=True)
class StoredProblem:
    row_number: int
    column: str
    reason: str
    detail: str  # validators.result.Detail value ("unknown" for a sentence stored before codes)
    params: Params
    suggestion: str | None
    cells: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProblemCounts:
    """How many rows failed (exactly, per reason) and how many of them are stored for the report."""

    total: int
    stored: int
    by_reason: dict[str, int]

    @property
    def omitted(self) -> int:
        """Failed rows that the error report cannot list (beyond the stored examples)."""
        return self.total - self.stored


async def first(db: Database, list_id: int, limit: int) -> list[StoredProblem]:
    """The first `limit` rejected rows, in file order (for the summary's examples)."""
    async with db.reader.execute(
        "SELECT row_number, column_title, reason, detail, params, suggestion, cells FROM import_problems"
        " WHERE list_id = ? ORDER BY position LIMIT ?",
        (list_id, limit),
    ) as cur:
        rows = await cur.fetchall()
    return [_problem(row) for row in rows]


async def counts(db: Database, list_id: int) -> ProblemCounts | None:
    """Failed rows of stage `list_id`: the exact total and per reason, and how many are stored
    (`omitted` is what the error report should say it leaves out). None when there is no such list.
    """
    async with db.reader.execute("SELECT summary FROM lists WHERE id = ?", (list_id,)) as cur:
        row = await cur.fetchone()
    if row is None:
        return None
    summary = json.loads(row[0]) if row[0] else {}
    if "problems_total" in summary:
        return ProblemCounts(
            int(summary["problems_total"]),
            int(summary["problems_stored"]),
            {str(k): int(v) for k, v in summary.get("problems_by_reason", {}).items()},
        )
    # A stage saved before the counts were kept: every failed row is stored.
    async with db.reader.execute(
        "SELECT reason, count(*) FROM import_problems WHERE list_id = ? GROUP BY reason", (list_id,)
    ) as cur:
        by_reason = {str(r[0]): int(r[1]) for r in await cur.fetchall()}
    total = sum(by_reason.values())
    return ProblemCounts(total, total, by_reason)


def iterate_blocking(db: Database, list_id: int) -> Iterator[StoredProblem]:
    """Every rejected row, streamed: for a worker thread that writes the error report without
    holding all rows in memory. Call it on the event loop; iterate it in the thread."""
    if isinstance(db, SqliteDatabase):
        return _iterate_sqlite(db.path, list_id)
    return _iterate_paged(db, list_id, asyncio.get_running_loop())


def _iterate_sqlite(path: Path, list_id: int) -> Iterator[StoredProblem]:
    """From a separate read-only connection, in this thread."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        cur = conn.execute(
            f"SELECT {_PROBLEM_FIELDS} FROM import_problems WHERE list_id = ? ORDER BY position", (list_id,)
        )
        while batch := cur.fetchmany(2_000):
            for row in batch:
                yield _problem(row)
    finally:
        conn.close()


def _iterate_paged(db: Database, list_id: int, loop: asyncio.AbstractEventLoop) -> Iterator[StoredProblem]:
    """Pages by position, each read by the event loop's pool (the thread has no connection)."""
    try:
        running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    if running is loop:  # it would wait for itself
        raise RuntimeError("iterate the failed rows in a worker thread, not on the event loop")
    last = -1
    while True:
        page = asyncio.run_coroutine_threadsafe(_page(db, list_id, last), loop).result()
        if not page:
            return
        for row in page:
            yield _problem(tuple(row)[1:])
        last = int(page[-1][0])


async def _page(db: Database, list_id: int, after: int) -> list[Any]:
    async with db.reader.execute(
        f"SELECT position, {_PROBLEM_FIELDS} FROM import_problems WHERE list_id = ? AND position > ?"
        " ORDER BY position LIMIT 2000",
        (list_id, after),
    ) as cur:
        return list(await cur.fetchall())


async def store(
    db: Database, list_id: int, problems: Iterable[ProblemLike], *, batch_rows: int
) -> ProblemCounts:
    """Store the failed rows up to the cap (each keeps its position in `problems`); count them all."""
    by_reason: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    stored = 0
    batch: list[tuple[int, ProblemLike]] = []
    position = 0
    source = iter(problems)
    while chunk := list(islice(source, _COUNT_SLICE)):
        if stored >= MAX_STORED_PROBLEMS:
            seen = Counter(str(reason) for reason in map(attrgetter("reason"), chunk))
            if all(kept[reason] >= EXAMPLES_PER_REASON for reason in seen):
                by_reason.update(seen)  # only counted, no row is stored
                position += len(chunk)
                await asyncio.sleep(0)  # a hostile file has millions: let other updates run
                continue
        for problem in chunk:
            reason = str(problem.reason)
            by_reason[reason] += 1
            if stored < MAX_STORED_PROBLEMS or kept[reason] < EXAMPLES_PER_REASON:
                kept[reason] += 1
                stored += 1
                batch.append((position, problem))
                if len(batch) >= batch_rows:
                    await _insert(db, list_id, batch)
                    batch = []
            position += 1
    if batch:
        await _insert(db, list_id, batch)
    return ProblemCounts(position, stored, dict(by_reason))


async def _insert(db: Database, list_id: int, batch: Sequence[tuple[int, ProblemLike]]) -> None:
    async with db.transaction() as conn:
        await insert_many(
            conn,
            "import_problems",
            PROBLEM_COLUMNS,
            [
                (
                    list_id,
                    position,
                    p.row_number,
                    p.column,
                    str(p.reason),
                    str(p.detail),
                    _params_json(p.params),
                    p.suggestion,
                    json.dumps(list(p.cells), ensure_ascii=False),
                )
                for position, p in batch
            ],
        )


_NO_PARAMS_JSON = "{}"


def _params_json(params: Params) -> str:
    return json.dumps(params, ensure_ascii=False) if params else _NO_PARAMS_JSON


def _problem(row: Sequence[Any]) -> StoredProblem:
    params = json.loads(row[4]) if row[4] != _NO_PARAMS_JSON else {}
    return StoredProblem(
        row[0], row[1], row[2], row[3] or Detail.UNKNOWN.value, params, row[5], tuple(json.loads(row[6]))
    )
