"""What the Calls API answers, as typed values, and the errors its client raises (docs/calls_api.md).

Parsing is defensive: a missing or `null` field becomes `None`, numbers may come as digit strings,
an unknown status is kept as text. A body that is not the documented shape at all raises
`CallsApiProtocolError`. Also the deterministic idempotence keys of a push (`batch_key`, `sub_key`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum

# --- errors -----------------------------------------------------------------------------------


class CallsApiError(Exception):
    """Base of every Calls API failure. Texts never contain the token."""


class CallsApiUnavailable(CallsApiError):
    """Retries exhausted within the time budget (network errors, timeouts, 5xx, 429)."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status  # the last HTTP status, None after a network error or a timeout
        self.retry_after = retry_after  # what the API asked to wait, when it did


class CallsApiProtocolError(CallsApiError):
    """An answer that is not the documented shape (HTML, not JSON, a redirect, too large)."""


class CallsApiRejected(CallsApiError):
    """A 4xx that will not change on a retry."""

    def __init__(self, status: int, reason: str, message: str = "") -> None:
        super().__init__(f"HTTP {status} {reason}" + (f": {message}" if message else ""))
        self.status = status
        self.reason = reason  # the API's error code, or http_<status> when it gave none
        self.message = message


class BadToken(CallsApiRejected):
    """The API does not accept the token (401, 403)."""


class CampaignClosed(CallsApiRejected):
    """The campaign is stopped, finished, deleted or not found (404, 410, or an error code saying so)."""


# --- values -----------------------------------------------------------------------------------


class CampaignState(StrEnum):
    PLANNED = "planned"
    IN_PROCESS = "inProcess"
    PAUSED = "paused"
    FINISHED = "finished"
    DELETED = "deleted"
    UNKNOWN = "unknown"

    @property
    def closed(self) -> bool:
        return self in (CampaignState.FINISHED, CampaignState.DELETED)


@dataclass(frozen=True, slots=True)
class CampaignStatus:
    state: CampaignState
    raw: str  # as the API wrote it (an unknown state stays readable)


@dataclass(frozen=True, slots=True)
class ShortReport:
    total_numbers: int | None
    processed_numbers: int | None
    used_talking_time: int | None
    used_asr_seconds: int | None
    in_process_calls: int | None
    retry_calls: int | None


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    id: str | None
    name: str
    project_name: str | None
    bot_id: str | None
    status: CampaignStatus
    creation_date: datetime | None
    start_time: datetime | None
    end_time: datetime | None
    max_simultaneous_calls: int | None
    short_report: ShortReport | None


@dataclass(frozen=True, slots=True)
class AcceptedPhone:
    index: int  # position in the batch given to add_phones
    phone: str
    job_id: int | None  # None when the API's ids could not be matched to the numbers sent


@dataclass(frozen=True, slots=True)
class RejectedPhone:
    index: int
    phone: str
    reason: str  # the API's error code (or invalid_phone when refused before sending)
    message: str
    by_api: bool = True


@dataclass(frozen=True, slots=True)
class AddPhonesResult:
    """Accepted numbers as parallel tuples (position in the batch, call job id): a push needs only their
    count and the ids, so 1,000 objects a batch are not built (`accepted` builds them on demand)."""

    accepted_positions: tuple[int, ...] = ()  # ascending
    accepted_job_ids: tuple[int | None, ...] = ()  # None when the API's ids could not be matched
    phones: Sequence[str] = ()  # the batch's phones, by position
    rejected: tuple[RejectedPhone, ...] = ()
    unmapped_job_ids: tuple[int, ...] = ()
    requests: int = 0  # HTTP exchanges that answered (splits included, retries not)

    @property
    def accepted_count(self) -> int:
        return len(self.accepted_positions)

    @property
    def accepted(self) -> tuple[AcceptedPhone, ...]:
        return tuple(
            AcceptedPhone(i, self.phones[i], j)
            for i, j in zip(self.accepted_positions, self.accepted_job_ids, strict=True)
        )

    @property
    def job_ids(self) -> list[int]:
        return [j for j in self.accepted_job_ids if j is not None] + list(self.unmapped_job_ids)


class JobOutcome(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    FAILED = "failed"
    UNKNOWN = "unknown"


JOB_OUTCOMES: dict[str, JobOutcome] = {
    "longCallWithResult": JobOutcome.DONE,
    "longCallWithNoResult": JobOutcome.DONE,
    "planned": JobOutcome.IN_PROGRESS,
    "inProcess": JobOutcome.IN_PROGRESS,
    "onRetry": JobOutcome.IN_PROGRESS,
    "noAnswer": JobOutcome.FAILED,
    "nonexistentNumber": JobOutcome.FAILED,
    "notDone": JobOutcome.FAILED,
    "canceled": JobOutcome.FAILED,
}


@dataclass(frozen=True, slots=True)
class CallJobReport:
    job_id: int | None
    phone: str | None
    job_status: str
    outcome: JobOutcome
    call_result: str | None
    started_at: datetime | None
    finished_at: datetime | None
    call_duration: float | None  # seconds
    report_data: object = field(default=None, compare=False)


# --- idempotence keys ---------------------------------------------------------------------------


def batch_key(list_id: int | str, campaign_id: int | str, push_id: int | str, batch_no: int) -> str:
    """The idempotence key of one batch of one push: the same on every retry and after a restart."""
    digest = hashlib.sha256(f"{list_id}\x1f{campaign_id}\x1f{push_id}\x1f{batch_no}".encode()).hexdigest()
    return "cl" + digest[:32]


def sub_key(key: str, start: int, stop: int) -> str:
    """The key of items [start, stop) of a batch sent with `key`, when the batch had to be split."""
    return "cl" + hashlib.sha256(f"{key}\x1f{start}\x1f{stop}".encode()).hexdigest()[:32]


# --- parsing ------------------------------------------------------------------------------------


def as_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def as_float(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def as_text(value: object) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def as_time(value: object) -> datetime | None:
    """Unix time in milliseconds → aware UTC datetime."""
    millis = as_int(value)
    if millis is None or millis <= 0:
        return None
    try:
        return datetime.fromtimestamp(millis / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def parse_state(raw: str) -> CampaignStatus:
    text = raw.strip()
    for state in CampaignState:
        if state is not CampaignState.UNKNOWN and state.value.lower() == text.lower():
            return CampaignStatus(state, text)
    return CampaignStatus(CampaignState.UNKNOWN, text)


def parse_status(body: object) -> CampaignStatus:
    """`GET …/status`: "a string" — as JSON (`"paused"`) or plain text (`paused`)."""
    if isinstance(body, str) and body.strip() and len(body) <= 64 and body.strip().isalnum():
        return parse_state(body)
    raise CallsApiProtocolError("status: expected a word such as inProcess")


def parse_info(body: object) -> CampaignInfo:
    if not isinstance(body, dict):
        raise CallsApiProtocolError("campaign info: expected a JSON object")
    report = body.get("shortReport")
    short = None
    if isinstance(report, dict):
        short = ShortReport(
            total_numbers=as_int(report.get("totalNumbers")),
            processed_numbers=as_int(report.get("processedNumbers")),
            used_talking_time=as_int(report.get("usedTalkingTime")),
            used_asr_seconds=as_int(report.get("usedAsrSeconds")),
            in_process_calls=as_int(report.get("inProcessCalls")),
            retry_calls=as_int(report.get("retryCalls")),
        )
    status = as_text(body.get("status"))
    return CampaignInfo(
        id=as_text(body.get("id")),
        name=as_text(body.get("name")) or "",
        project_name=as_text(body.get("projectName")),
        bot_id=as_text(body.get("botId")),
        status=parse_state(status) if status else CampaignStatus(CampaignState.UNKNOWN, ""),
        creation_date=as_time(body.get("creationDate")),
        start_time=as_time(body.get("startTime")),
        end_time=as_time(body.get("endTime")),
        max_simultaneous_calls=as_int(body.get("maxSimultaneousCalls")),
        short_report=short,
    )


def parse_job_ids(body: object) -> list[int]:
    """`addPhones`: "an array of all created call job IDs" (an object with `ids` tolerated)."""
    if isinstance(body, dict):
        body = next((body[k] for k in ("ids", "callJobIds", "jobIds") if isinstance(body.get(k), list)), None)
    if not isinstance(body, list):
        raise CallsApiProtocolError("addPhones: expected an array of call job ids")
    if set(map(type, body)) <= {int}:  # the usual answer, checked without a Python loop
        return list(body)
    ids = [as_int(item) for item in body]
    if any(i is None for i in ids):
        raise CallsApiProtocolError("addPhones: a call job id is not an integer")
    return [i for i in ids if i is not None]


def parse_report(body: object) -> list[CallJobReport]:
    if not isinstance(body, list):
        raise CallsApiProtocolError("callJob/getReport: expected an array")
    reports = []
    for item in body:
        if not isinstance(item, dict):
            raise CallsApiProtocolError("callJob/getReport: expected an array of objects")
        status = as_text(item.get("jobStatus")) or ""
        reports.append(
            CallJobReport(
                job_id=as_int(first(item, "id", "callJobId", "jobId")),
                phone=as_text(first(item, "phone", "phoneNumber")),
                job_status=status,
                outcome=JOB_OUTCOMES.get(status, JobOutcome.UNKNOWN),
                call_result=as_text(item.get("callResult")),
                started_at=as_time(item.get("startedAt")),
                finished_at=as_time(item.get("finishedAt")),
                call_duration=as_float(item.get("callDuration")),
                report_data=item.get("reportData"),
            )
        )
    return reports


def first(item: Mapping[str, object], *names: str) -> object:
    return next((item[n] for n in names if item.get(n) is not None), None)


def error_fields(body: object) -> tuple[str | None, str]:
    """(code, message) from an error body such as {"error": "...", "message": "..."}."""
    if not isinstance(body, dict):
        return None, ""
    code = first(body, "error", "errorCode", "code")
    message = first(body, "message", "description", "detail")
    return (
        str(code) if isinstance(code, str | int) and not isinstance(code, bool) else None,
        str(message) if isinstance(message, str) else "",
    )


CLOSED_WORDS = ("stopped", "finished", "deleted", "closed", "not_found", "notfound", "not.found")


def names_closed_campaign(code: str | None) -> bool:
    text = (code or "").lower()
    return "campaign" in text and any(word in text for word in CLOSED_WORDS)


def phone_text(item: Mapping[str, object]) -> str:
    value = item.get("phone")
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else ""


PHONE_DIGITS = (7, 15)  # E.164 with the country code: Niue and Tokelau have 7


def plausible_phone(value: object) -> bool:
    """Digits with the country code, as E.164 allows (PHONE_DIGITS); a str or an int."""
    if isinstance(value, bool):
        return False
    text = str(value) if isinstance(value, int) else value
    low, high = PHONE_DIGITS
    return isinstance(text, str) and text.isascii() and text.isdigit() and low <= len(text) <= high


def plausible_phones(phones: Sequence[str]) -> bool:
    """`all(plausible_phone(p) for p in phones)` for texts, checked in C (a push's batch: ~20 µs, not 200)."""
    if not phones:
        return True
    joined = "".join(phones)
    low, high = PHONE_DIGITS
    lengths = list(map(len, phones))
    return joined.isascii() and joined.isdigit() and low <= min(lengths) and max(lengths) <= high


def chunks(items: Sequence[int], size: int) -> list[Sequence[int]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def decode(raw: bytes) -> tuple[object, bool]:
    if not raw.strip():
        return None, False
    try:
        return json.loads(raw), True
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return None, False


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
