"""DATABASE_URL → an open database: `sqlite:///path` (the embedded default) or `postgresql://…`."""

from __future__ import annotations

from pathlib import Path

from storage.sql import Database

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")


def is_postgres(url: str) -> bool:
    return url.startswith(POSTGRES_PREFIXES)


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix(SQLITE_PREFIX))


async def open_database(url: str, *, migrate: bool = True) -> Database:
    """Open the database. SQLite always brings its schema up to date (one process owns the file);
    PostgreSQL does only when `migrate` is set (`python -m bot migrate`, or tests): several
    instances starting at once must not race to change a shared schema."""
    if is_postgres(url):
        from storage.pg import PgDatabase

        return await PgDatabase.open(url, migrate=migrate)
    from storage.db import Database as SqliteDatabase

    return await SqliteDatabase.open(sqlite_path(url))


def describe(url: str) -> str:
    """The URL without its password, for logs and messages."""
    if not is_postgres(url):
        return url
    scheme, _, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}" if ":" in credentials else url
