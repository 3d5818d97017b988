"""PostgreSQL for tests: each database is a fresh schema of TEST_POSTGRES_URL, dropped afterwards.

Skipped (with the reason) where TEST_POSTGRES_URL is not set, as on a laptop running `make test`;
`.ci/run` sets it (postgresql://127.0.0.1:5432/test).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
import pytest

from storage.pg import PgDatabase

PG_URL = os.environ.get("TEST_POSTGRES_URL", "")
SKIP_REASON = "TEST_POSTGRES_URL is not set (e.g. postgresql://127.0.0.1:5432/test); .ci/run sets it"


def require_pg() -> str:
    if not PG_URL:
        pytest.skip(SKIP_REASON)
    return PG_URL


@asynccontextmanager
async def fresh_schema(url: str | None = None) -> AsyncIterator[str]:
    """A new empty schema of `url` (default: TEST_POSTGRES_URL, else skip); yields the search_path
    that puts it first. The benches use it too."""
    url = url or require_pg()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        await conn.execute(f"CREATE SCHEMA {schema}")
    finally:
        await conn.close()
    try:
        yield f"{schema},public"
    finally:
        conn = await asyncpg.connect(url)
        try:
            await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        finally:
            await conn.close()


def url_with_search_path(search_path: str, url: str = "") -> str:
    """`url` (default: TEST_POSTGRES_URL) for a bot process that must use this schema (asyncpg passes
    unknown query parameters to the server as settings)."""
    url = url or PG_URL
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}search_path={search_path}"


@asynccontextmanager
async def fresh_pg(url: str | None = None) -> AsyncIterator[PgDatabase]:
    """A migrated database in a fresh schema of `url` (default: TEST_POSTGRES_URL, else skip)."""
    url = url or require_pg()
    async with fresh_schema(url) as search_path:
        db = await PgDatabase.open(url, migrate=True, server_settings={"search_path": search_path})
        try:
            yield db
        finally:
            await db.close()
