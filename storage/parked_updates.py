"""Updates whose handler runs long, kept so that polling can confirm them to Telegram at once.

Why: polling confirms an update only once its handler finished (bot.polling), so one slow handler
would hold every later poll back. Parking the slow one (one short write) lets the offset move on;
the row goes when the handler ends, and one left by a stop or a crash is handled again at the start.
Handlers that end within the grace (nearly all) cost no write.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.sql import Database
from storage.users import now_iso


class ParkedUpdates:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def park(self, updates: Sequence[tuple[int, str]]) -> None:
        """(update id, JSON) of updates still being handled; one transaction."""
        if not updates:
            return
        now = now_iso()
        async with self._db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO parked_updates (update_id, payload, parked_at) VALUES (?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                [(update_id, payload, now) for update_id, payload in updates],
            )

    async def unpark(self, update_id: int) -> None:
        async with self._db.transaction() as conn:
            await conn.execute("DELETE FROM parked_updates WHERE update_id = ?", (update_id,))

    async def leftovers(self) -> list[tuple[int, str]]:
        """Every parked update, oldest first (at start-up: the ones a stopped process left)."""
        async with self._db.reader.execute(
            "SELECT update_id, payload FROM parked_updates ORDER BY update_id"
        ) as cur:
            return [(int(row[0]), str(row[1])) for row in await cur.fetchall()]
