"""SQLite's migrations and PostgreSQL's baseline (plus later versions) describe one schema.

Why: the repositories' SQL runs on both; a column, key or unique index that exists on one engine only
is a defect that only shows in production on the other. Types compare as what the code sees:
integers, text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import Database as SqliteDatabase
from tests.pg import PG_URL, fresh_pg

Columns = dict[str, dict[str, tuple[str, bool]]]  # table → column → (kind, not null)
SQLITE_ONLY = ("clients_fts",)  # FTS5's tables; PostgreSQL has pg_trgm indexes instead
POSTGRES_ONLY = ("schema_version",)  # SQLite keeps the version in PRAGMA user_version


def _kind(declared: str) -> str:
    declared = declared.lower()
    if "int" in declared:
        return "integer"
    if "text" in declared or "char" in declared:
        return "text"
    return declared


async def _sqlite_schema(path: Path) -> tuple[Columns, set[tuple[str, tuple[str, ...]]]]:
    db = await SqliteDatabase.open(path)
    columns: Columns = {}
    unique: set[tuple[str, tuple[str, ...]]] = set()
    try:
        async with db.reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
            tables = [row[0] for row in await cur.fetchall() if not row[0].startswith(SQLITE_ONLY)]
        for table in tables:
            async with db.reader.execute(f"PRAGMA table_info({table})") as cur:
                info = list(await cur.fetchall())
            columns[table] = {r[1]: (_kind(r[2]), bool(r[3]) or r[5] > 0) for r in info}
            async with db.reader.execute(f"PRAGMA index_list({table})") as cur:
                indexes = [(r[1], bool(r[2])) for r in await cur.fetchall()]
            for name, is_unique in indexes:
                if is_unique:
                    async with db.reader.execute(f"PRAGMA index_info({name})") as cur:
                        unique.add((table, tuple(sorted(r[2] for r in await cur.fetchall()))))
            if pk := sorted(r[1] for r in info if r[5] > 0):
                unique.add((table, tuple(pk)))
    finally:
        await db.close()
    return columns, unique


async def test_both_engines_have_the_same_tables_columns_and_keys(tmp_path: Path) -> None:
    if not PG_URL:
        pytest.skip("TEST_POSTGRES_URL is not set (e.g. postgresql://127.0.0.1:5432/test); .ci/run sets it")
    sqlite_columns, sqlite_unique = await _sqlite_schema(tmp_path / "parity.db")
    async with fresh_pg() as db:
        async with db.reader.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
        ) as cur:
            rows = list(await cur.fetchall())
        async with db.reader.execute(
            "SELECT t.relname, array_agg(a.attname::text ORDER BY a.attname::text)"
            " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class x ON x.oid = i.indexrelid"
            " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)"
            " WHERE i.indisunique AND t.relnamespace = current_schema()::regnamespace"
            " GROUP BY t.relname, x.relname"
        ) as cur:
            pg_unique = {(r[0], tuple(r[1])) for r in await cur.fetchall() if r[0] not in POSTGRES_ONLY}
    pg_columns: Columns = {}
    for table, column, kind, nullable in rows:
        if table not in POSTGRES_ONLY:
            pg_columns.setdefault(table, {})[column] = (_kind(kind), nullable == "NO")
    assert len(sqlite_columns) >= 18
    assert len(sqlite_unique) >= 20
    assert pg_columns == sqlite_columns
    assert pg_unique == sqlite_unique
