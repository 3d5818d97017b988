"""Staging a 20 MB file's valid rows (430,000) and creating the list, on SQLite and on PostgreSQL.

    python -m bench.staging [--rows N] [--runs R] [--postgres URL]

Times `ImportsRepo.stage` (rows written in chunks of STAGE_CHUNK, SQLite: executemany, PostgreSQL:
COPY), `create` (one UPDATE) and `discard` (hide, then purge in chunks) through the bot's own drivers,
on a fresh database each run. PostgreSQL runs on a new schema of URL that is dropped afterwards
(default: TEST_POSTGRES_URL; skipped when neither is given).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from bench.datagen import generate_rows
from storage.db import Database as SqliteDatabase
from storage.imports import Draft, ImportsRepo
from storage.lists import ListColumn
from storage.sql import Database
from tests.pg import fresh_pg

SEP = "\x1f"
Opener = Callable[[], AbstractAsyncContextManager[Database]]


def make_draft(rows: int) -> Draft:
    table = generate_rows(rows)
    header, body = table[0], table[1:]
    columns = tuple(ListColumn(f"c{i}", title) for i, title in enumerate(header))
    return Draft(
        owner_id=1,
        channel="telephony",
        columns=columns,
        rows=body,
        row_numbers=list(range(2, len(body) + 2)),
        problems=[],
        summary={"valid": len(body)},
        source={"kind": "file", "file_name": "calls.csv"},
        file_id=None,
        file_unique_id=None,
        packed_rows=[SEP.join(row) for row in body],
        packed_sep=SEP,
    )


@asynccontextmanager
async def sqlite() -> AsyncIterator[Database]:
    with tempfile.TemporaryDirectory(prefix="bench-staging-") as folder:
        db = await SqliteDatabase.open(Path(folder) / "bench.db")
        try:
            yield db
        finally:
            await db.close()


def postgres(url: str) -> Opener:
    return lambda: fresh_pg(url)


async def one_run(opener: Opener, draft: Draft) -> tuple[float, float, float]:
    async with opener() as db:
        repo = ImportsRepo(db)
        started = time.perf_counter()
        stage = await repo.stage(draft)
        staged = time.perf_counter() - started
        started = time.perf_counter()
        await repo.create(1, stage.id, "Bench")
        created = time.perf_counter() - started
        again = await repo.stage(draft)  # a second stage, to time its removal
        started = time.perf_counter()
        await repo.discard(1, again.id)
        await db.idle()
        discarded = time.perf_counter() - started
        return staged, created, discarded


async def main(rows: int, runs: int, url: str | None) -> None:
    draft = make_draft(rows)
    engines: list[tuple[str, Opener]] = [("sqlite", sqlite)]
    if url:
        engines.append(("postgresql", postgres(url)))
    print(f"{len(draft.rows):,} rows of {len(draft.columns)} columns")
    for name, opener in engines:
        results = [await one_run(opener, draft) for _ in range(runs)]
        stage = statistics.median(r[0] for r in results)
        print(
            f"{name:10} stage {stage:.2f} s ({len(draft.rows) / stage:,.0f} rows/s), "
            f"create {statistics.median(r[1] for r in results) * 1000:.0f} ms, "
            f"discard {statistics.median(r[2] for r in results):.2f} s  (median of {runs})"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=430_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL", default=os.environ.get("TEST_POSTGRES_URL"))
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.runs, args.postgres))
