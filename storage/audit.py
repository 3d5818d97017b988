"""Who created, downloaded and deleted which list, and when.

Events are written inside the caller's transaction (`record`), so an action and its audit line
are committed together or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from storage.sql import Connection, Database
from storage.users import now_iso


class AuditAction(StrEnum):
    CREATED = "created"
    DOWNLOADED = "downloaded"
    DELETED = "deleted"
    # Flow D: a list sent to a call campaign (list_id set), and a campaign paused, resumed or stopped
    # through the Calls API (list_id None; details name the campaign).
    SENT_TO_CAMPAIGN = "sent_to_campaign"
    CAMPAIGN_PAUSED = "campaign_paused"
    CAMPAIGN_RESUMED = "campaign_resumed"
    CAMPAIGN_STOPPED = "campaign_stopped"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    id: int
    at: str
    user_id: int
    action: AuditAction
    list_id: int | None
    list_name: str | None
    details: dict[str, Any]


async def record(
    conn: Connection,
    *,
    user_id: int,
    action: AuditAction,
    list_id: int | None,
    list_name: str | None,
    details: dict[str, Any] | None = None,
) -> None:
    """Append one event; `conn` is the connection of an open `Database.transaction()`."""
    await conn.execute(
        "INSERT INTO audit_events (at, user_id, action, list_id, list_name, details)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (now_iso(), user_id, action.value, list_id, list_name, json.dumps(details or {})),
    )


class AuditRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(
        self,
        *,
        user_id: int,
        action: AuditAction,
        list_id: int | None,
        list_name: str | None,
        details: dict[str, Any] | None = None,
    ) -> None:
        """An event that accompanies no other write (e.g. a download)."""
        async with self._db.transaction() as conn:
            await record(
                conn, user_id=user_id, action=action, list_id=list_id, list_name=list_name, details=details
            )

    async def recent(self, limit: int = 20) -> list[AuditEvent]:
        async with self._db.reader.execute(
            "SELECT id, at, user_id, action, list_id, list_name, details FROM audit_events"
            " ORDER BY at DESC, id DESC LIMIT ?",
            (limit,),
        ) as cur:
            rows = await cur.fetchall()
        return [
            AuditEvent(
                id=row[0],
                at=row[1],
                user_id=row[2],
                action=AuditAction(row[3]),
                list_id=row[4],
                list_name=row[5],
                details=json.loads(row[6] or "{}"),
            )
            for row in rows
        ]
