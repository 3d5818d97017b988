"""Filter/count latency of the clients store over 1,000,000 clients (flow B's live count).

    python -m bench.clients_query [--clients N] [--repeat R] [--db PATH]
    python -m bench.clients_query --postgres postgresql://127.0.0.1:5432/test

Fills a fresh database with one bulk transaction (plain sqlite3, FTS kept in sync by the schema's
triggers; on PostgreSQL, COPY into a new schema that is dropped afterwards, pg_trgm indexes), then
times `ClientsRepo.count` — the query behind every filter change — on the largest (project, channel)
slice for typical filter combinations, through the bot's own driver (aiosqlite or asyncpg).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import asyncpg

from storage.clients import ClientFilter, ClientsRepo
from storage.db import Database as SqliteDatabase
from storage.pg import PgDatabase
from storage.sql import Database
from tests.pg import fresh_schema

NOW = 1_790_000_000
DAY = 86_400
PROJECTS = ("Pizza bot", "Bank support", "Clinic", "Taxi", "Insurance")
CHANNELS = ("telegram", "whatsapp", "chat_widget", "vk")
LABELS = ("VIP", "new", "returning", "complaint", "promo", "loan", "mortgage", "no-show")
FIRST = (
    "Anna",
    "Maria",
    "Olga",
    "Hannah",
    "Ivan",
    "John",
    "Peter",
    "David",
    "Sofia",
    "Elena",
    "Анна",
    "Иван",
)
LAST = ("Smith", "Brown", "Ivanova", "Petrov", "Novak", "Miller", "Davis", "Соколов", "Wilson", "Taylor")


def slice_sizes(total: int) -> dict[tuple[int, str], int]:
    """Skewed like real accounts: project 1's Telegram slice is the largest (~30% of all clients)."""
    project_share = (0.55, 0.2, 0.1, 0.1, 0.05)
    sizes: dict[tuple[int, str], int] = {}
    for p, share in enumerate(project_share, start=1):
        n = int(total * share)
        weights = [0.55, 0.25, 0.12, 0.08]
        for channel, weight in zip(CHANNELS, weights, strict=True):
            sizes[(p, channel)] = int(n * weight)
    biggest = max(sizes, key=lambda k: sizes[k])
    sizes[biggest] += total - sum(sizes.values())
    return sizes


def rows(total: int, rng: random.Random) -> Iterator[tuple[object, ...]]:
    for (project_id, channel), size in slice_sizes(total).items():
        for i in range(size):
            last = NOW - int(rng.expovariate(1 / 40) * DAY) % (365 * DAY)
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            client_id = (
                str(100_000_000 + project_id * 10_000_000 + i) if channel != "chat_widget" else f"v-{i:08x}"
            )
            yield (
                project_id,
                channel,
                client_id,
                name,
                last - rng.randrange(30 * DAY),
                last,
                rng.randint(1, 20),
            )


def fill(path: Path, total: int) -> float:
    started = time.perf_counter()
    rng = random.Random(7)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO client_projects (id, name) VALUES (?, ?)", enumerate(PROJECTS, start=1))
    conn.executemany(
        "INSERT INTO clients (project_id, channel, client_id, name, first_activity, last_activity, dialogs)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows(total, rng),
    )
    label_ids = {}
    for project_id in range(1, len(PROJECTS) + 1):
        for channel in CHANNELS:
            for label in LABELS:
                cur = conn.execute(
                    "INSERT INTO client_labels (project_id, channel, name) VALUES (?, ?, ?)",
                    (project_id, channel, label),
                )
                label_ids[(project_id, channel, label)] = cur.lastrowid
    links = (
        (label_ids[(p, c, LABELS[int(rng.random() ** 2 * len(LABELS))])], client)
        for client, p, c in conn.execute("SELECT id, project_id, channel FROM clients").fetchall()
        if rng.random() < 0.35
    )
    conn.executemany("INSERT OR IGNORE INTO client_label_links (label_id, client) VALUES (?, ?)", links)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return time.perf_counter() - started


async def timed(call: Callable[[], Awaitable[object]], repeat: int) -> tuple[float, float, object]:
    result = await call()  # warm the page cache
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = await call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples), p95, result


async def fill_postgres(url: str, search_path: str, total: int) -> float:
    """The same clients as `fill`, by COPY; then ANALYZE so the planner knows the slices."""
    started = time.perf_counter()
    rng = random.Random(7)
    conn = await asyncpg.connect(url, server_settings={"search_path": search_path})
    try:
        async with conn.transaction():
            await conn.executemany(
                "INSERT INTO client_projects (id, name) VALUES ($1, $2)", list(enumerate(PROJECTS, start=1))
            )
            await conn.copy_records_to_table(
                "clients",
                columns=[
                    "project_id",
                    "channel",
                    "client_id",
                    "name",
                    "first_activity",
                    "last_activity",
                    "dialogs",
                ],
                records=rows(total, rng),
            )
            label_ids = {}
            for project_id in range(1, len(PROJECTS) + 1):
                for channel in CHANNELS:
                    for label in LABELS:
                        label_ids[(project_id, channel, label)] = await conn.fetchval(
                            "INSERT INTO client_labels (project_id, channel, name) VALUES ($1, $2, $3)"
                            " RETURNING id",
                            project_id,
                            channel,
                            label,
                        )
            clients = await conn.fetch("SELECT id, project_id, channel FROM clients")
            links = {
                (label_ids[(p, c, LABELS[int(rng.random() ** 2 * len(LABELS))])], client)
                for client, p, c in clients
                if rng.random() < 0.35
            }
            await conn.copy_records_to_table(
                "client_label_links", columns=["label_id", "client"], records=links
            )
        # What autovacuum does soon after a bulk load: statistics, and the visibility map that lets
        # a count read the index alone.
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return time.perf_counter() - started


async def on_postgres(url: str, total: int, repeat: int) -> None:
    async with fresh_schema(url) as search_path:
        db = await PgDatabase.open(url, migrate=True, server_settings={"search_path": search_path})
        seconds = await fill_postgres(url, search_path, total)
        async with db.reader.execute(
            "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c"
            " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
        ) as cur:
            row = await cur.fetchone()
        size = int(row[0]) if row else 0
        print(f"Filled {total:,} clients in {seconds:.1f} s ({size / 2**20:,.0f} MB) on PostgreSQL")
        await measure(db, repeat)  # closes it


async def measure(db: Database, repeat: int) -> None:
    repo = ClientsRepo(db)
    try:
        vip = (await repo.labels(1, "telegram"))[0]
        base = ClientFilter(project_id=1, channel="telegram")
        cases: list[tuple[str, Callable[[], Awaitable[object]]]] = [
            ("projects (step 1)", repo.projects),
            ("channel counts (step 2)", lambda: repo.channel_counts(1)),
            ("labels of the slice", lambda: repo.labels(1, "telegram")),
        ]
        filters = {
            "all time": base,
            "last 7 days": ClientFilter(1, "telegram", since=NOW - 7 * DAY),
            "last 30 days": ClientFilter(1, "telegram", since=NOW - 30 * DAY),
            "last 90 days": ClientFilter(1, "telegram", since=NOW - 90 * DAY),
            "custom range (September)": ClientFilter(
                1, "telegram", since=NOW - 60 * DAY, until=NOW - 30 * DAY
            ),
            "one label": ClientFilter(1, "telegram", label_id=vip.id),
            "30 days + label": ClientFilter(1, "telegram", since=NOW - 30 * DAY, label_id=vip.id),
            "search 'smith' (common name)": ClientFilter(1, "telegram", search="smith"),
            "search 'anna smith'": ClientFilter(1, "telegram", search="anna smith"),
            "30 days + search 'anna'": ClientFilter(1, "telegram", since=NOW - 30 * DAY, search="anna"),
            "search id '1100042'": ClientFilter(1, "telegram", search="1100042"),
            "30 days + search + label": ClientFilter(
                1, "telegram", since=NOW - 30 * DAY, search="anna", label_id=vip.id
            ),
            "search 'an' (2 chars: scan)": ClientFilter(1, "telegram", search="an"),
        }
        for name, flt in filters.items():
            cases.append((f"count: {name}", lambda flt=flt: repo.count(flt)))  # type: ignore[misc]
        print(f"{'query':45} {'p50 ms':>8} {'p95 ms':>8}  result")
        for name, call in cases:
            p50, p95, result = await timed(call, repeat)
            shown = result if isinstance(result, int) else f"{len(result)} items"  # type: ignore[arg-type]
            print(f"{name:45} {p50:8.1f} {p95:8.1f}  {shown}")
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--db", type=Path, help="reuse or create this database (default: a temp file)")
    parser.add_argument("--postgres", metavar="URL", help="run on a new schema of this PostgreSQL database")
    args = parser.parse_args()
    if args.postgres:
        sizes = slice_sizes(args.clients)
        print(f"Largest slice (project 1, telegram): {sizes[(1, 'telegram')]:,} clients")
        asyncio.run(on_postgres(args.postgres, args.clients, args.repeat))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "clients.db"
        if not path.exists():
            asyncio.run(_migrate(path))
            seconds = fill(path, args.clients)
            size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 2**20
            print(f"Filled {args.clients:,} clients in {seconds:.1f} s ({size:,.0f} MB)")
            sizes = slice_sizes(args.clients)
            print(f"Largest slice (project 1, telegram): {sizes[(1, 'telegram')]:,} clients")
        asyncio.run(measure_sqlite(path, args.repeat))


async def measure_sqlite(path: Path, repeat: int) -> None:
    await measure(await SqliteDatabase.open(path), repeat)


async def _migrate(path: Path) -> None:
    db = await SqliteDatabase.open(path)
    await db.close()


if __name__ == "__main__":
    main()
