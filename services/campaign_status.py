"""A push's campaign as the platform sees it now: the campaign's state and the outcome of every call
job the push created (callJob/getReport), and the campaign's controls (pause, resume, stop).

Each call opens its own short-lived client with the campaign's token (never kept, shown or logged).
"""

from __future__ import annotations

import asyncio
import tempfile
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from i18n import catalog
from services.calls_api import CallsApi
from services.calls_types import CallJobReport, CampaignState, JobOutcome
from services.wording import file_moment, key_of
from sheets.xlsx_writer import SheetSpec, write_xlsx
from storage.audit import AuditAction, AuditRepo
from storage.campaigns import CampaignsRepo
from storage.push_models import Push
from storage.pushes import PushesRepo


class CampaignGone(Exception):
    """The campaign was removed from the bot (its token is gone)."""


class Control(StrEnum):
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"


_AUDIT = {
    Control.PAUSE: AuditAction.CAMPAIGN_PAUSED,
    Control.RESUME: AuditAction.CAMPAIGN_RESUMED,
    Control.STOP: AuditAction.CAMPAIGN_STOPPED,
}


@dataclass(frozen=True, slots=True)
class PushOutcomes:
    state: CampaignState
    state_raw: str
    counts: dict[JobOutcome, int]
    reports: list[CallJobReport]


async def _api(campaigns: CampaignsRepo, campaign_id: int) -> CallsApi:
    campaign = await campaigns.get_active(campaign_id)
    token = await campaigns.token_of(campaign_id)
    if campaign is None or token is None:
        raise CampaignGone
    return CallsApi(campaign.host, token)


async def outcomes(pushes: PushesRepo, campaigns: CampaignsRepo, push: Push) -> PushOutcomes:
    """Raises CampaignGone and the client's errors (BadToken, CampaignClosed, CallsApiUnavailable…)."""
    ids: list[int] = []
    async for chunk in pushes.job_ids(push.id):
        ids += [int(job) for job in chunk if str(job).isdigit()]
    async with await _api(campaigns, push.campaign_id) as api:
        status = await api.status()
        reports = await api.get_report(ids) if ids else []
    counts = Counter(report.outcome for report in reports)
    return PushOutcomes(status.state, status.raw, {o: counts.get(o, 0) for o in JobOutcome}, reports)


async def control(
    campaigns: CampaignsRepo,
    audit: AuditRepo,
    push: Push,
    action: Control,
    *,
    user_id: int,
    list_name: str | None,
) -> None:
    """Pause, resume or stop the push's campaign on the platform, and write it in the audit trail."""
    async with await _api(campaigns, push.campaign_id) as api:
        await {Control.PAUSE: api.pause, Control.RESUME: api.resume, Control.STOP: api.stop}[action]()
    await audit.record(
        user_id=user_id,
        action=_AUDIT[action],
        list_id=push.list_id,
        list_name=list_name,
        details={"campaign_id": push.campaign_id, "campaign": push.campaign_name},
    )


_OUTCOME_COLUMNS = ("phone", "job-status", "outcome", "call-result", "started", "finished", "seconds")


@asynccontextmanager
async def outcomes_report(
    reports: Sequence[CallJobReport], file_name: str, *, locale: str
) -> AsyncIterator[Path]:
    """Per-number outcomes as an XLSX in a temporary folder, titled in the reader's language (the job
    status and call result are the platform's own words)."""
    title = catalog().text(locale, "file-outcomes-sheet")
    header = tuple(catalog().text(locale, f"file-outcomes-{key}") for key in _OUTCOME_COLUMNS)
    outcome = {o: catalog().text(locale, key_of("file-outcome", o)) for o in JobOutcome}
    rows = [
        (
            r.phone or "",
            r.job_status,
            outcome[r.outcome],
            r.call_result or "",
            file_moment(locale, r.started_at) if r.started_at else "",
            file_moment(locale, r.finished_at) if r.finished_at else "",
            f"{r.call_duration:g}" if r.call_duration is not None else "",
        )
        for r in reports
    ]
    with tempfile.TemporaryDirectory(prefix="outcomes-") as folder:
        path = Path(folder) / file_name
        await asyncio.to_thread(write_xlsx, path, [SheetSpec(title, tuple(header), rows)])
        yield path
