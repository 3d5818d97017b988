"""What flow D's pushes are made of: statuses, the push, its batches and rejected numbers, and the pure
helpers of storage.pushes (row decoding, batch planning, idempotence keys, reason counts)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

DEFAULT_BATCH_SIZE = 1_000
MAX_BATCH_SIZE = 10_000
MAX_STORED_REJECTIONS = 100_000  # rejected numbers kept with their reason per push; the rest only counted
MAX_REASON_LENGTH = 300  # characters of an API reason kept
MAX_REASON_KINDS = 50  # distinct reasons counted by name; further ones are counted as OTHER_REASON
OTHER_REASON = "other"
UNKNOWN_REASON = "unknown"  # rejected numbers the API counted without naming them
JobId = int | str


class PushStatus(StrEnum):
    PENDING = "pending"  # created, not started (waits for a slot)
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


UNFINISHED = (PushStatus.PENDING, PushStatus.RUNNING)


class BatchStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"  # a request went (or was about to go) out; not confirmed
    CONFIRMED = "confirmed"
    FAILED = "failed"


class NotACallList(Exception):
    """The list is not a telephony list."""


class CampaignGone(Exception):
    """The campaign was removed (or never existed)."""


class PushIncomplete(Exception):
    """A push cannot be finished as done while some of its batches are not confirmed."""


@dataclass(frozen=True, slots=True)
class Push:
    id: int
    list_id: int
    campaign_id: int
    campaign_name: str
    status: PushStatus
    options: dict[str, Any]
    batch_size: int
    batches: int
    total: int
    done: int  # numbers in confirmed batches: the progress is done / total
    accepted: int
    rejected: int
    rejected_by_reason: dict[str, int]
    rejections_stored: int
    created_by: int
    created_at: str
    started_at: str | None
    finished_at: str | None
    chat_id: int | None
    message_id: int | None
    last_error: str | None

    @property
    def finished(self) -> bool:
        return self.status not in UNFINISHED

    @property
    def rejections_omitted(self) -> int:
        """Rejected numbers counted but not stored (the rejected rows' XLSX cannot list them)."""
        return self.rejected - self.rejections_stored


@dataclass(frozen=True, slots=True)
class PushBatch:
    push_id: int
    batch_no: int
    idempotence_key: str
    status: BatchStatus
    first_position: int
    last_position: int  # inclusive
    attempts: int
    accepted: int | None
    rejected: int | None
    job_ids: tuple[JobId, ...]
    sent_at: str | None
    confirmed_at: str | None

    @property
    def size(self) -> int:
        return self.last_position - self.first_position + 1


@dataclass(frozen=True, slots=True)
class Rejection:
    position: int  # list_rows.position
    phone: str
    reason: str


PUSH_FIELDS = (
    "p.id, p.list_id, p.campaign_id, c.name, p.status, p.options, p.batch_size,"
    " (SELECT count(*) FROM call_push_batches b WHERE b.push_id = p.id), p.total, p.done, p.accepted,"
    " p.rejected, p.rejected_by_reason, p.rejections_stored, p.created_by, p.created_at, p.started_at,"
    " p.finished_at, p.chat_id, p.message_id, p.last_error"
)
PUSH_FROM = "call_pushes p JOIN call_campaigns c ON c.id = p.campaign_id"
BATCH_FIELDS = (
    "push_id, batch_no, idempotence_key, status, first_position, last_position, attempts, accepted,"
    " rejected, job_ids, sent_at, confirmed_at"
)


def push_from_row(row: Sequence[Any]) -> Push:
    return Push(
        id=row[0],
        list_id=row[1],
        campaign_id=row[2],
        campaign_name=row[3],
        status=PushStatus(row[4]),
        options=json.loads(row[5]),
        batch_size=row[6],
        batches=row[7],
        total=row[8],
        done=row[9],
        accepted=row[10],
        rejected=row[11],
        rejected_by_reason=json.loads(row[12]),
        rejections_stored=row[13],
        created_by=row[14],
        created_at=row[15],
        started_at=row[16],
        finished_at=row[17],
        chat_id=row[18],
        message_id=row[19],
        last_error=row[20],
    )


def batch_from_row(row: Sequence[Any]) -> PushBatch:
    return PushBatch(
        push_id=row[0],
        batch_no=row[1],
        idempotence_key=row[2],
        status=BatchStatus(row[3]),
        first_position=row[4],
        last_position=row[5],
        attempts=row[6],
        accepted=row[7],
        rejected=row[8],
        job_ids=tuple(json.loads(row[9])) if row[9] else (),
        sent_at=row[10],
        confirmed_at=row[11],
    )


def plan(first: int, last: int, size: int) -> list[tuple[int, int]]:
    """Position ranges (inclusive) of `size` rows covering first..last."""
    return [(start, min(start + size, last + 1) - 1) for start in range(first, last + 1, size)]


def batch_key(list_id: int, campaign_id: int, push_id: int, nonce: str, batch_no: int) -> str:
    """The idempotence key of a batch: fixed when the push is planned. The push's random nonce keeps a
    database started afresh (ids reused) from colliding with keys the API saw within its 24 hours."""
    return f"clb-{list_id}-{campaign_id}-{push_id}-{nonce}-{batch_no}"


def add_reasons(by_reason: dict[str, int], reasons: Sequence[str], unnamed: int) -> dict[str, int]:
    """Counts per reason; past MAX_REASON_KINDS distinct reasons, new ones are counted as OTHER_REASON."""
    counts = Counter(by_reason)
    for reason, n in Counter(reasons).items():
        known = reason in counts or len(counts) < MAX_REASON_KINDS
        counts[reason if known else OTHER_REASON] += n
    if unnamed:
        counts[UNKNOWN_REASON] += unnamed
    return dict(counts)
