"""One run of a push (services.pushes): its state, and why it stops taking batches.

`guard` runs one step of a batch (read-map-mark, the request, storing the answer): the Calls API's errors
and any other become the run's `Halt` with its reason, never an exception out of a worker, so the
workers' other steps in flight end normally and the run's ending says why it stopped.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from services.calls_api import (
    BadToken,
    CallsApi,
    CallsApiProtocolError,
    CallsApiRejected,
    CallsApiUnavailable,
    CampaignClosed,
)
from services.push_types import MappingThread, PushConfig, PushView, StopReason, ZoneCounts
from storage.pushes import Push, PushesRepo, PushStatus

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(slots=True)
class Halt:
    """Why a run stops taking batches: a final reason (`reason`), or an interruption (`reason` None)."""

    what: str
    reason: StopReason | None = None
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Run:
    push_id: int
    key: tuple[int, int]  # (list, campaign)
    view: PushView
    halt: Halt | None = None
    done: int = 0
    total: int = 0
    zones: ZoneCounts = field(default_factory=ZoneCounts)
    mapped: set[int] = field(default_factory=set)  # batches confirmed by this run
    mapping: MappingThread = field(default_factory=MappingThread)  # closed when the run ends

    def stop(self, halt: Halt) -> None:
        """The first reason wins (a cancel after a closed campaign stays a closed campaign)."""
        if self.halt is None:
            self.halt = halt


async def guard(pushes: PushesRepo, run: Run, push_id: int, batch_no: int, step: Awaitable[T]) -> T | None:
    """`await step`; what goes wrong stops the run with its reason, and gives None."""
    try:
        return await step
    except BadToken as exc:
        run.stop(Halt("failed", StopReason.BAD_TOKEN, params(exc)))
    except CampaignClosed as exc:
        run.stop(Halt("failed", StopReason.CAMPAIGN_CLOSED, params(exc)))
    except CallsApiRejected as exc:
        await pushes.mark_batch_failed(push_id, batch_no, f"HTTP {exc.status} {exc.reason}")
        run.stop(Halt("failed", StopReason.REJECTED, params(exc)))
    except CallsApiUnavailable as exc:
        await pushes.note_error(push_id, f"unavailable: {exc.status or 'network'}")
        run.stop(Halt("unavailable"))
    except CallsApiProtocolError:
        await pushes.note_error(push_id, "unknown outcome: answers not understood")
        run.stop(Halt("unknown"))
    except Exception as exc:
        logger.exception("Push %s, batch %s failed", push_id, batch_no)
        with contextlib.suppress(Exception):
            await pushes.note_error(push_id, f"internal: {type(exc).__name__}")
        run.stop(Halt("error"))
    return None


def params(exc: CallsApiRejected) -> dict[str, Any]:
    return {"status": exc.status, "reason": exc.reason, "message": exc.message}


def default_api(c: PushConfig) -> Callable[[str, str], CallsApi]:
    """(host, token) → a Calls API client with the push's timeouts and retry budget."""

    def make(host: str, token: str) -> CallsApi:
        return CallsApi(
            host,
            token,
            timeout=c.api_timeout,
            retry_budget_seconds=c.api_retry_budget,
            backoff_base=c.api_backoff_base,
            backoff_cap=c.api_backoff_cap,
        )

    return make


async def tell(call: Awaitable[None]) -> None:
    """A view that fails (Telegram down, a deleted message) never stops the push."""
    try:
        await call
    except Exception:
        logger.warning("A push view failed", exc_info=True)


def being_started(push: Push, lease_ttl: float) -> bool:
    """A pending push younger than a lease TTL: the instance that created it is taking its lease
    (another instance taking it first would make that start fail as busy and cancel a running push)."""
    if push.status is not PushStatus.PENDING:
        return False
    age = datetime.now(UTC) - datetime.fromisoformat(push.created_at)
    return age.total_seconds() < lease_ttl + 1  # created_at is stored to the second


def lease_name(key: tuple[int, int]) -> str:
    """Held by the instance that runs the (list, campaign)'s push."""
    return f"push:{key[0]}:{key[1]}"
