"""Flow D's push service, its vocabulary: the settings, what a push reports (`PushView`, `PushSummary`),
why it stops (`StopReason`), a push's options → the call policy, and the mapping of one batch.

Pure apart from the types it names: the runner (services.pushes) does the I/O.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from itertools import islice
from typing import Any, Protocol

from services.phone_batch import PhoneBatch
from validators.call_rows import CallRowMapper, CallWindow, ZoneSource, call_policy


@dataclass(frozen=True, slots=True)
class PushConfig:
    """Built from bot.settings.Settings by the composition root."""

    batch_size: int = 1_000  # numbers per addPhones request (used when a push is created)
    in_flight: int = 3  # batches sent at once by one push (3: the fake stays fed; bench.push_list)
    resends: int = 2  # resends of a batch whose answer was not understood (same idempotence key)
    api_timeout: float = 30.0
    api_retry_budget: float = 120.0  # per request: network errors, 5xx and 429 retried within it
    api_backoff_base: float = 0.5
    api_backoff_cap: float = 30.0


class StopReason(StrEnum):
    """`PushView.stopped(reason_code, params)`: the push ended without all of its numbers sent."""

    BAD_TOKEN = "bad_token"  # the API no longer accepts the campaign's token (params: status, reason)
    CAMPAIGN_CLOSED = "campaign_closed"  # stopped, finished or deleted (params: status, reason, message)
    REJECTED = "rejected"  # a 4xx that will not change on a retry (params: status, reason, message)
    CAMPAIGN_REMOVED = "campaign_removed"  # an admin removed the campaign from the bot
    LIST_GONE = "list_gone"  # the list was deleted
    CANCELLED = "cancelled"  # a manager cancelled it


class PushBusy(Exception):
    """Another push of the same list to the same campaign is running (`.push_id`)."""

    def __init__(self, push_id: int) -> None:
        super().__init__(push_id)
        self.push_id = push_id


class Stopping(Exception):
    """The bot is shutting down: no push starts (unfinished ones resume at the next start)."""


@dataclass(frozen=True, slots=True)
class ZoneCounts:
    """Where the rows' gmtZone came from (`ZoneSource`)."""

    given: int = 0
    inferred: int = 0
    none: int = 0

    def __add__(self, other: ZoneCounts) -> ZoneCounts:
        return ZoneCounts(self.given + other.given, self.inferred + other.inferred, self.none + other.none)

    @classmethod
    def of(cls, sources: Iterable[ZoneSource]) -> ZoneCounts:
        counts = Counter(sources)
        return cls(counts[ZoneSource.GIVEN], counts[ZoneSource.INFERRED], counts[ZoneSource.NONE])


@dataclass(frozen=True, slots=True)
class PushSummary:
    push_id: int
    campaign_name: str
    total: int
    accepted: int
    rejected: int
    rejected_by_reason: dict[str, int]  # API error code → numbers (storage.push_models: other, unknown)
    rejections_stored: int  # the rejected rows' XLSX lists these
    zones: ZoneCounts = field(default_factory=ZoneCounts)


class PushView(Protocol):
    """What the handler shows; the runner reports, never renders."""

    async def progress(self, sent: int, total: int) -> None:
        """Numbers in confirmed batches so far (called after every batch; the view throttles)."""

    async def done(self, summary: PushSummary) -> None: ...

    async def stopped(self, reason_code: StopReason, params: Mapping[str, Any]) -> None:
        """Ended for good, not every number sent (the push is failed or cancelled)."""

    async def interrupted(self) -> None:
        """This run ended but the push is not finished: a shutdown, or the API unreachable for the whole
        retry budget (or answering what cannot be understood). It resumes at the next start, or when
        `PushRunner.start` is called again, with the same idempotence keys."""


# --- options → policy ----------------------------------------------------------------------------


def push_options(window: CallWindow, attempts: int, retry_minutes: int) -> dict[str, Any]:
    """A push's stored options (PushesRepo.create); checked here so a bad one never gets stored."""
    call_policy(window, attempts, retry_minutes)
    return {"window": window.to_json(), "attempts": attempts, "retry_minutes": retry_minutes}


def policy_of(options: Mapping[str, Any]) -> dict[str, Any]:
    """The call-policy fields of every addPhones object of the push."""
    window = CallWindow.from_json(dict(options.get("window") or {}))
    return call_policy(window, int(options.get("attempts", 1)), int(options.get("retry_minutes", 60)))


def started_at(iso: str | None) -> datetime:
    """The moment a push's time zones are inferred for: its first start (the same on every resume)."""
    if iso:
        moment = datetime.fromisoformat(iso)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class MappedBatch:
    items: PhoneBatch
    zones: ZoneCounts


def map_batch(mapper: CallRowMapper, rows: Iterable[Sequence[str]]) -> MappedBatch:
    """Rows → encoded addPhones objects (run it in a thread: ~2.2 µs a row; `MappingThread` does)."""
    encoded = mapper.encode_rows(rows)
    return MappedBatch(PhoneBatch.encoded(encoded.phones, encoded.texts), ZoneCounts.of(encoded.zones))


class MappingThread:
    """A push run's own thread for `map_batch`, so its batches are mapped one after another and each is
    ready as soon as it can be. In the default executor a run's workers mapped a batch each at once,
    sharing the GIL, and all finished late while the API waited (bench.push_list); a push with up to
    8 requests in flight could also hold all of that executor's threads, which checks, exports and
    counts wait for too. Started by the first batch, ended by `close` (nothing outlives the run)."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None

    async def map(self, mapper: CallRowMapper, rows: Iterable[Sequence[str]]) -> MappedBatch:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="push-mapping")
        return await asyncio.get_running_loop().run_in_executor(self._pool, map_batch, mapper, rows)

    def close(self, *, wait: bool = False) -> None:
        """The thread ends once its current batch, if any, is mapped."""
        if self._pool is not None:
            self._pool.shutdown(wait=wait)
            self._pool = None


COUNT_CHUNK = 1_000  # rows classified together: batch zone inference, and short-lived lists


def count_zones(mapper: CallRowMapper, rows: Iterable[Sequence[str]]) -> ZoneCounts:
    """Where the rows' gmtZone comes from (in a thread: ~1.3 µs a row)."""
    counts = ZoneCounts()
    rows = iter(rows)
    while chunk := list(islice(rows, COUNT_CHUNK)):
        counts += ZoneCounts.of(mapper.zone_sources(chunk))
    return counts
