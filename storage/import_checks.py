"""Flow A's checks in flight: which manager's file is being checked, and in which progress message.

Why in the database: a check lives in one process's memory; when that process stops (or is killed)
mid-check, its progress message would say "Validating… 45%" forever. A row per running check survives
the stop, so the next start can tell the manager to send the file again. Every write is one short
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.names import tidy_name
from storage.sql import Database
from storage.users import now_iso


@dataclass(frozen=True, slots=True)
class ImportCheck:
    owner_id: int
    chat_id: int
    message_id: int
    file_name: str
    started_at: str


class ImportChecksRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, owner_id: int, chat_id: int, message_id: int, file_name: str) -> None:
        """A check of `file_name` started, its progress shown in `message_id` (replaces an older row
        of the same manager: the newer file stops the older check). The name is stored without
        invisible characters (storage.names): it is shown in a message later."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "INSERT INTO import_checks (owner_id, chat_id, message_id, file_name, started_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner_id) DO UPDATE SET chat_id = excluded.chat_id,"
                " message_id = excluded.message_id, file_name = excluded.file_name,"
                " started_at = excluded.started_at",
                (owner_id, chat_id, message_id, tidy_name(file_name), now_iso()),
            )

    async def clear(self, owner_id: int, message_id: int) -> None:
        """The check shown in `message_id` ended; a newer check's row (another message) is kept."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "DELETE FROM import_checks WHERE owner_id = ? AND message_id = ?", (owner_id, message_id)
            )

    async def leftovers(self) -> list[ImportCheck]:
        """Every recorded check, oldest first (at start-up: the checks a stopped process left)."""
        async with self._db.reader.execute(
            "SELECT owner_id, chat_id, message_id, file_name, started_at FROM import_checks"
            " ORDER BY started_at, owner_id"
        ) as cur:
            rows = await cur.fetchall()
        return [ImportCheck(int(r[0]), int(r[1]), int(r[2]), str(r[3]), str(r[4])) for r in rows]
