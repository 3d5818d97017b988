"""Pushes of telephony lists into call campaigns (flow D), committed batch by batch so they survive restarts.

A push is planned whole when it is created: its batches are position ranges of the list's rows, each
with an idempotence key that never changes (the Calls API does not execute a request twice with the
same key). A batch is marked `sent` in its own transaction before its request goes out, and `confirmed`
with its counts, job ids and rejections in ONE transaction after the answer, only if it was not
confirmed before: a crash between the two leaves it unconfirmed and it is sent again with the same key
(the API answers with the same jobs, nobody is dialled twice), and a confirmation never counts twice.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Sequence
from typing import Any

from storage import audit
from storage.lists import ListGone, RowBatch
from storage.push_models import (
    BATCH_FIELDS,
    DEFAULT_BATCH_SIZE,
    MAX_BATCH_SIZE,
    MAX_REASON_LENGTH,
    MAX_STORED_REJECTIONS,
    PUSH_FIELDS,
    PUSH_FROM,
    UNFINISHED,
    BatchStatus,
    CampaignGone,
    JobId,
    NotACallList,
    Push,
    PushBatch,
    PushIncomplete,
    PushStatus,
    Rejection,
    add_reasons,
    batch_from_row,
    batch_key,
    plan,
    push_from_row,
)
from storage.sql import Connection, Database
from storage.users import now_iso
from validators.channels import CHANNELS

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "MAX_BATCH_SIZE",
    "MAX_STORED_REJECTIONS",
    "BatchStatus",
    "CampaignGone",
    "JobId",
    "ListGone",
    "NotACallList",
    "Push",
    "PushBatch",
    "PushIncomplete",
    "PushStatus",
    "PushesRepo",
    "Rejection",
]


class PushesRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def create(
        self,
        *,
        list_id: int,
        campaign_id: int,
        options: dict[str, Any],
        created_by: int,
        batch_size: int = DEFAULT_BATCH_SIZE,
        chat_id: int | None = None,
        message_id: int | None = None,
    ) -> Push:
        """A pending push with all its batches planned and its audit line, in one transaction.

        Raises ListGone (not a ready list), NotACallList, CampaignGone; ValueError for a batch size
        outside 1..MAX_BATCH_SIZE.
        """
        if not 1 <= batch_size <= MAX_BATCH_SIZE:
            raise ValueError(f"batch size {batch_size} is outside 1..{MAX_BATCH_SIZE}")
        now = now_iso()
        async with self._db.transaction() as conn:
            async with conn.execute(
                "SELECT name, channel, row_count FROM lists WHERE id = ? AND status = 'ready'", (list_id,)
            ) as cur:
                found = await cur.fetchone()
            if found is None:
                raise ListGone(list_id)
            list_name, channel, total = found[0], found[1], int(found[2])
            if channel not in CHANNELS or not CHANNELS[channel].is_call:
                raise NotACallList(list_id)
            async with conn.execute(
                "SELECT name FROM call_campaigns WHERE id = ? AND removed_at IS NULL", (campaign_id,)
            ) as cur:
                campaign = await cur.fetchone()
            if campaign is None:
                raise CampaignGone(campaign_id)
            async with conn.execute(
                "SELECT max(position) FROM list_rows WHERE list_id = ?", (list_id,)
            ) as cur:
                last = await cur.fetchone()
            if (-1 if last is None or last[0] is None else int(last[0])) != total - 1:
                raise RuntimeError(f"list {list_id}: positions are not 0..row_count-1")
            cur = await conn.execute(
                "INSERT INTO call_pushes (list_id, campaign_id, status, options, batch_size, total,"
                " created_by, created_at, chat_id, message_id) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (list_id, campaign_id, json.dumps(options), batch_size, total, created_by, now, chat_id,
                 message_id),
            )  # fmt: skip
            push_id = int((await cur.fetchone())[0])
            nonce = secrets.token_hex(4)
            await conn.executemany(
                "INSERT INTO call_push_batches (push_id, batch_no, idempotence_key, status, first_position,"
                " last_position) VALUES (?, ?, ?, 'pending', ?, ?)",
                [
                    (push_id, no, batch_key(list_id, campaign_id, push_id, nonce, no), first, last)
                    for no, (first, last) in enumerate(plan(0, total - 1, batch_size))
                ],
            )
            await audit.record(
                conn,
                user_id=created_by,
                action=audit.AuditAction.SENT_TO_CAMPAIGN,
                list_id=list_id,
                list_name=list_name,
                details={"campaign_id": campaign_id, "campaign": campaign[0], "push_id": push_id,
                         "numbers": total},
            )  # fmt: skip
        created = await self.get(push_id)
        assert created is not None
        return created

    async def get(self, push_id: int) -> Push | None:
        async with self._db.reader.execute(
            f"SELECT {PUSH_FIELDS} FROM {PUSH_FROM} WHERE p.id = ?", (push_id,)
        ) as cur:
            row = await cur.fetchone()
        return push_from_row(row) if row else None

    async def start(self, push_id: int) -> bool:
        """pending → running (the first start sets started_at); True when the push is running now."""
        async with self._db.transaction() as conn:
            cur = await conn.execute(
                "UPDATE call_pushes SET status = 'running', started_at = coalesce(started_at, ?)"
                " WHERE id = ? AND status IN ('pending', 'running')",
                (now_iso(), push_id),
            )
            return cur.rowcount > 0

    async def set_message(self, push_id: int, chat_id: int, message_id: int) -> None:
        """The progress message (edited while it runs, told at the next start after a stop)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE call_pushes SET chat_id = ?, message_id = ? WHERE id = ?",
                (chat_id, message_id, push_id),
            )

    async def unconfirmed_batches(self, push_id: int, limit: int = 1) -> list[PushBatch]:
        """The first `limit` pending or sent batches, in order; none once the push is finished."""
        async with self._db.reader.execute(
            f"SELECT {BATCH_FIELDS} FROM call_push_batches"
            " WHERE push_id = ? AND status IN ('pending', 'sent') AND EXISTS (SELECT 1 FROM call_pushes p"
            " WHERE p.id = push_id AND p.status IN ('pending', 'running')) ORDER BY batch_no LIMIT ?",
            (push_id, limit),
        ) as cur:
            return [batch_from_row(row) for row in await cur.fetchall()]

    async def next_unconfirmed_batch(self, push_id: int) -> PushBatch | None:
        found = await self.unconfirmed_batches(push_id, 1)
        return found[0] if found else None

    async def batch(self, push_id: int, batch_no: int) -> PushBatch | None:
        async with self._db.reader.execute(
            f"SELECT {BATCH_FIELDS} FROM call_push_batches WHERE push_id = ? AND batch_no = ?",
            (push_id, batch_no),
        ) as cur:
            row = await cur.fetchone()
        return batch_from_row(row) if row else None

    async def batch_rows(self, list_id: int, batch: PushBatch) -> RowBatch:
        """The list rows of a batch, in order, as raw JSON (decode with `.rows()` off the loop)."""
        rows = await self._db.reader.fetch_all(
            "SELECT cells FROM list_rows WHERE list_id = ? AND position BETWEEN ? AND ? ORDER BY position",
            (list_id, batch.first_position, batch.last_position),
        )
        return RowBatch(tuple([row[0] for row in rows]))

    async def mark_batch_sent(self, push_id: int, batch_no: int) -> PushBatch | None:
        """Before a request goes out: pending/sent → sent, one more attempt. None when there is nothing
        to send: the batch is confirmed or failed, or the push is finished (cancelled meanwhile).
        One statement with RETURNING: each round trip to the writer's thread waits for the CPU while a
        push runs (bench.push_list)."""
        found = await self._db.write(
            "UPDATE call_push_batches SET status = 'sent', attempts = attempts + 1, sent_at = ?"
            " WHERE push_id = ? AND batch_no = ? AND status IN ('pending', 'sent') AND EXISTS"
            " (SELECT 1 FROM call_pushes p WHERE p.id = ? AND p.status IN ('pending', 'running'))"
            f" RETURNING {BATCH_FIELDS}",
            (now_iso(), push_id, batch_no, push_id),
        )
        return batch_from_row(found[0]) if found else None

    async def mark_batch_confirmed(
        self,
        push_id: int,
        batch_no: int,
        *,
        accepted: int,
        rejected: int,
        job_ids: Sequence[JobId],
        rejections: Sequence[Rejection] = (),
    ) -> bool:
        """The API's answer to a batch, added to the push in one transaction, once: False (nothing
        changed) when the batch was confirmed before or does not exist. Counted even if the push was
        cancelled meanwhile (the API did create those jobs). `rejections` name at most `rejected`
        numbers of the batch's range; the rest are counted as UNKNOWN_REASON."""
        if accepted < 0 or rejected < len(rejections):
            raise ValueError("accepted must be >= 0 and rejected >= len(rejections)")
        confirm = (
            "UPDATE call_push_batches SET status = 'confirmed', accepted = ?, rejected = ?, job_ids = ?,"
            " confirmed_at = ? WHERE push_id = ? AND batch_no = ? AND status != 'confirmed'"
            " RETURNING first_position, last_position"
        )  # the push's done and accepted follow by trigger (migration 0011), in the same statement
        parameters = (accepted, rejected, json.dumps(list(job_ids)), now_iso(), push_id, batch_no)
        if not rejected:  # nearly every batch: one statement, one trip (each waits for the CPU in a push)
            return bool(await self._db.write(confirm, parameters))
        async with self._db.transaction() as conn:
            found = list(await conn.execute_fetchall(confirm, parameters))
            if not found:
                return False
            first, last = found[0]
            if any(not first <= r.position <= last for r in rejections):
                raise ValueError(f"a rejection is outside batch {batch_no}'s positions {first}..{last}")
            await self._add_rejections(conn, push_id, rejected, rejections)
        return True

    @staticmethod
    async def _add_rejections(
        conn: Connection, push_id: int, rejected: int, rejections: Sequence[Rejection]
    ) -> None:
        """A confirmed batch's rejections: counted by reason on the push, the first MAX_STORED_REJECTIONS
        of the push stored with their numbers."""
        pushes = await conn.execute_fetchall(
            "SELECT rejected_by_reason, rejections_stored FROM call_pushes WHERE id = ?", (push_id,)
        )
        by_reason_json, stored = next(iter(pushes))
        reasons = [r.reason[:MAX_REASON_LENGTH] for r in rejections]
        by_reason = add_reasons(json.loads(by_reason_json), reasons, rejected - len(rejections))
        keep = [
            (push_id, r.position, r.phone, reason)
            for r, reason in zip(rejections[: max(0, MAX_STORED_REJECTIONS - stored)], reasons, strict=False)
        ]
        if keep:
            await conn.executemany(
                "INSERT INTO call_push_rejections (push_id, position, phone, reason)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                keep,
            )
        await conn.execute(
            "UPDATE call_pushes SET rejected = rejected + ?, rejected_by_reason = ?,"
            " rejections_stored = (SELECT count(*) FROM call_push_rejections WHERE push_id = ?) WHERE id = ?",
            (rejected, json.dumps(by_reason, ensure_ascii=False), push_id, push_id),
        )

    async def mark_batch_failed(self, push_id: int, batch_no: int, error: str) -> None:
        """A batch the API refused for good (the push is then finished as failed by the caller)."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE call_push_batches SET status = 'failed' WHERE push_id = ? AND batch_no = ?"
                " AND status IN ('pending', 'sent')",
                (push_id, batch_no),
            )
            await conn.execute(
                "UPDATE call_pushes SET last_error = ? WHERE id = ?", (error[:MAX_REASON_LENGTH], push_id)
            )

    async def note_error(self, push_id: int, error: str | None) -> None:
        """The last transient problem (a retry is coming), or None once it passed."""
        async with self._db.transaction() as conn:
            await conn.execute(
                "UPDATE call_pushes SET last_error = ? WHERE id = ?",
                (error[:MAX_REASON_LENGTH] if error else None, push_id),
            )

    async def finish(self, push_id: int, status: PushStatus, *, error: str | None = None) -> bool:
        """An unfinished push → done, failed or cancelled; False when it had finished already.
        Raises PushIncomplete for `done` while a batch is not confirmed."""
        if status in UNFINISHED:
            raise ValueError(f"{status} is not a final status")
        async with self._db.transaction() as conn:
            if status is PushStatus.DONE:
                async with conn.execute(
                    "SELECT count(*) FROM call_push_batches WHERE push_id = ? AND status != 'confirmed'",
                    (push_id,),
                ) as cur:
                    row = await cur.fetchone()
                if row is not None and row[0]:
                    raise PushIncomplete(push_id)
            cur = await conn.execute(
                "UPDATE call_pushes SET status = ?, finished_at = ?, last_error = coalesce(?, last_error)"
                " WHERE id = ? AND status IN ('pending', 'running')",
                (status.value, now_iso(), error[:MAX_REASON_LENGTH] if error else None, push_id),
            )
            return cur.rowcount > 0

    async def unfinished(self) -> list[Push]:
        """Pending and running pushes, oldest first: what a start-up resumes."""
        async with self._db.reader.execute(
            f"SELECT {PUSH_FIELDS} FROM {PUSH_FROM} WHERE p.status IN ('pending', 'running') ORDER BY p.id"
        ) as cur:
            return [push_from_row(row) for row in await cur.fetchall()]

    async def of_list(self, list_id: int, limit: int = 10) -> list[Push]:
        """The list's pushes, newest first (the card: campaign, when, how many)."""
        async with self._db.reader.execute(
            f"SELECT {PUSH_FIELDS} FROM {PUSH_FROM} WHERE p.list_id = ? ORDER BY p.id DESC LIMIT ?",
            (list_id, limit),
        ) as cur:
            return [push_from_row(row) for row in await cur.fetchall()]

    async def last_sent(self, list_id: int, campaign_id: int) -> Push | None:
        """The latest push of this list to this campaign that sent or will send numbers (unfinished, or
        with a confirmed batch): "already sent on …, send again?". Pushes cancelled before sending
        anything do not count."""
        async with self._db.reader.execute(
            f"SELECT {PUSH_FIELDS} FROM {PUSH_FROM} WHERE p.list_id = ? AND p.campaign_id = ?"
            " AND (p.status IN ('pending', 'running') OR p.done > 0) ORDER BY p.id DESC LIMIT 1",
            (list_id, campaign_id),
        ) as cur:
            row = await cur.fetchone()
        return push_from_row(row) if row else None

    async def job_ids(self, push_id: int) -> AsyncIterator[list[JobId]]:
        """The call job ids of the push's confirmed batches, one batch at a time (for callJob/getReport)."""
        after = -1
        while True:
            async with self._db.reader.execute(
                "SELECT batch_no, job_ids FROM call_push_batches WHERE push_id = ? AND batch_no > ?"
                " AND status = 'confirmed' ORDER BY batch_no LIMIT 1",
                (push_id, after),
            ) as cur:
                row = await cur.fetchone()
            if row is None:
                return
            after = row[0]
            ids: list[JobId] = json.loads(row[1] or "[]")
            if ids:
                yield ids

    async def rejections(self, push_id: int, size: int = 2_000) -> AsyncIterator[list[Rejection]]:
        """The stored rejected numbers in list order, `size` at a time (the rejected rows' XLSX)."""
        after = -1
        while True:
            async with self._db.reader.execute(
                "SELECT position, phone, reason FROM call_push_rejections WHERE push_id = ? AND position > ?"
                " ORDER BY position LIMIT ?",
                (push_id, after, size),
            ) as cur:
                rows = list(await cur.fetchall())
            if not rows:
                return
            after = rows[-1][0]
            yield [Rejection(*row) for row in rows]
