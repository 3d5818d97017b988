"""An async client of the Tovie / JAICP Calls API (the contract: docs/calls_api.md).

    async with CallsApi(host, token, timeout=30, retry_budget_seconds=120) as api:
        info = await api.campaign_info()                 # also the check of a new campaign's token
        result = await api.add_phones(items, batch_key(list_id, campaign_id, push_id, batch_no))

One aiohttp session per client (or the caller's, which the caller closes). Network errors, timeouts,
408, 429 and 5xx are retried with exponential backoff and jitter (a Retry-After is honoured) within a
time budget per call, with the same idempotence key on every retry; a 4xx that will not change raises
at once (`BadToken`, `CampaignClosed`, `CallsApiRejected`). A batch that the API refuses as invalid is
split until the refused numbers are isolated (their own deterministic keys), so one bad number costs
only itself. The token is in the URL's path: it never reaches a log line or an exception text.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import quote, urlsplit

import aiohttp
from yarl import URL

from services.calls_types import (
    AddPhonesResult,
    BadToken,
    CallJobReport,
    CallsApiError,
    CallsApiProtocolError,
    CallsApiRejected,
    CallsApiUnavailable,
    CampaignClosed,
    CampaignInfo,
    CampaignStatus,
    RejectedPhone,
    batch_key,
    chunks,
    decode,
    error_fields,
    names_closed_campaign,
    parse_info,
    parse_job_ids,
    parse_report,
    parse_status,
    plausible_phone,
    retry_after,
    sub_key,
)
from services.phone_batch import PhoneBatch

__all__ = [
    "BadToken",
    "CallsApi",
    "CallsApiError",
    "CallsApiProtocolError",
    "CallsApiRejected",
    "CallsApiUnavailable",
    "CampaignClosed",
    "batch_key",
]

logger = logging.getLogger(__name__)

IDEMPOTENCE_HEADER: Final = "Idempotence-Key"
MAX_BODY_BYTES: Final = 32 * 1024 * 1024
RETRY_STATUSES: Final = frozenset({408, 429})
SPLIT_STATUSES: Final = frozenset({400, 413, 422})  # addPhones: something in the batch is refused
MIN_ATTEMPT_SECONDS: Final = 0.05
REDACTED: Final = "<token>"


@dataclass(frozen=True, slots=True)
class _Retry:
    """A retryable answer: what to say about it, and how long the API asked to wait."""

    what: str
    status: int | None = None
    retry_after: float | None = None


class CallsApi:
    def __init__(
        self,
        host: str,
        token: str,
        *,
        timeout: float = 30.0,
        retry_budget_seconds: float = 120.0,
        session: aiohttp.ClientSession | None = None,
        backoff_base: float = 0.5,
        backoff_cap: float = 30.0,
        report_chunk: int = 500,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self._base = normalize_host(host)
        if not token or len(token) > 512 or not token.isprintable() or any(c.isspace() for c in token):
            raise ValueError("the Calls API token must be one word of printable characters")
        self._token = token
        self._path = f"/api/calls/campaign/{quote(token, safe='')}"
        self._secrets = sorted({token, quote(token, safe=""), quote(token, safe="").lower()}, key=len)[::-1]
        self._timeout = timeout
        self._budget = retry_budget_seconds
        self._backoff_base = backoff_base
        self._backoff_cap = backoff_cap
        self._report_chunk = report_chunk
        self._max_body = max_body_bytes
        self._session = session
        self._owns_session = session is None

    @property
    def host(self) -> str:
        return self._base

    @property
    def token_hint(self) -> str:
        """How logs and screens name the token: its last 4 characters (nothing of a short one)."""
        return "…" + self._token[-4:] if len(self._token) >= 12 else "…"

    def __repr__(self) -> str:
        return f"CallsApi({self._base!r}, token {self.token_hint})"

    async def close(self) -> None:
        if self._owns_session and self._session is not None:
            await self._session.close()
            self._session = None  # a later call opens a new one (the caller's session stays the caller's)

    async def __aenter__(self) -> CallsApi:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    # --- methods --------------------------------------------------------------------------------

    async def campaign_info(self) -> CampaignInfo:
        """`GET …/{token}`: the campaign's name, status and short report (also checks a new token)."""
        return parse_info(await self._call("GET", "", op="info"))

    async def status(self) -> CampaignStatus:
        return parse_status(await self._call("GET", "/status", op="status", plain=True))

    async def add_phones(
        self, batch: Sequence[Mapping[str, Any]] | PhoneBatch, idempotence_key: str
    ) -> AddPhonesResult:
        """Add one batch of addPhones objects (mappings, or a PhoneBatch encoded off the loop); the
        result says, per position in `batch`, what the API accepted (with its call job id) and what it
        refused (with its error code and message)."""
        if not idempotence_key:
            raise ValueError("add_phones needs an idempotence key")
        phones = batch if isinstance(batch, PhoneBatch) else PhoneBatch.of(batch)
        message = "the phone must be 7-15 digits with the country code, without +"
        rejected = [
            RejectedPhone(i, phones.phones[i], "invalid_phone", message, by_api=False) for i in phones.refused
        ]
        refused = set(phones.refused)
        sendable = [i for i in range(len(phones)) if i not in refused]
        positions: list[int] = []
        job_ids: list[int | None] = []
        unmapped: list[int] = []
        requests = 0

        async def send(lo: int, hi: int) -> None:
            nonlocal requests
            indices = sendable[lo:hi]
            key = idempotence_key if (lo, hi) == (0, len(sendable)) else sub_key(idempotence_key, lo, hi)
            try:
                body = await self._call(
                    "POST", "/addPhones", op="addPhones", body=phones.body(indices), key=key
                )
            except CallsApiRejected as exc:
                if type(exc) is not CallsApiRejected or exc.status not in SPLIT_STATUSES:
                    raise
                requests += 1
                if len(indices) == 1:
                    rejected.append(
                        RejectedPhone(indices[0], phones.phones[indices[0]], exc.reason, exc.message)
                    )
                    return
                logger.info(
                    "Calls API refused a batch of %d (%s, campaign %s): splitting it",
                    len(indices), exc.reason, self.token_hint,
                )  # fmt: skip
                mid = (lo + hi) // 2
                await send(lo, mid)
                await send(mid, hi)
                return
            requests += 1
            ids = parse_job_ids(body)
            positions.extend(indices)  # halves are sent in order: positions stay ascending
            if len(ids) == len(indices):
                job_ids.extend(ids)
            else:
                logger.warning(
                    "Calls API answered %d job ids for %d numbers (campaign %s): ids kept unmatched",
                    len(ids), len(indices), self.token_hint,
                )  # fmt: skip
                job_ids.extend([None] * len(indices))
                unmapped.extend(ids)

        if sendable:
            await send(0, len(sendable))
        return AddPhonesResult(
            accepted_positions=tuple(positions),
            accepted_job_ids=tuple(job_ids),
            phones=phones.phones,
            rejected=tuple(sorted(rejected, key=lambda r: r.index)),
            unmapped_job_ids=tuple(unmapped),
            requests=requests,
        )

    async def get_report(self, job_ids: Sequence[int], *, phones: Sequence[str] = ()) -> list[CallJobReport]:
        """`callJob/getReport` for these call job ids (and/or phones), asked in chunks."""
        reports: list[CallJobReport] = []
        for part in chunks(list(job_ids), self._report_chunk):
            body = await self._call("POST", "/callJob/getReport", op="getReport", payload={"ids": list(part)})
            reports.extend(parse_report(body))
        numbers = [int(p) for p in phones if plausible_phone(p)]
        for part in chunks(numbers, self._report_chunk):
            body = await self._call(
                "POST", "/callJob/getReport", op="getReport", payload={"phones": list(part)}
            )
            reports.extend(parse_report(body))
        return reports

    async def pause(self) -> None:
        await self._call("POST", "/control/pause", op="pause", body_expected=False)

    async def resume(self) -> None:
        await self._call("POST", "/control/resume", op="resume", body_expected=False)

    async def stop(self) -> None:
        await self._call("POST", "/control/stop", op="stop", body_expected=False)

    # --- one call, with its retries ---------------------------------------------------------------

    async def _call(
        self,
        method: str,
        path: str,
        *,
        op: str,
        payload: object = None,
        body: bytes | None = None,
        key: str | None = None,
        plain: bool = False,
        body_expected: bool = True,
    ) -> object:
        url = URL(self._base + self._path + path, encoded=True)
        headers = {"Accept": "application/json"}
        data = body
        if method == "POST":
            headers[IDEMPOTENCE_HEADER] = key or uuid.uuid4().hex  # the same on every retry of this call
            if payload is not None:
                data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
            if data is not None:
                headers["Content-Type"] = "application/json"
        loop = asyncio.get_running_loop()
        started = loop.time()
        deadline = started + self._budget
        attempt = 0
        while True:
            attempt += 1
            remaining = deadline - loop.time()
            try:
                status, reply_headers, raw = await self._exchange(
                    method, url, data, headers, max(MIN_ATTEMPT_SECONDS, min(self._timeout, remaining))
                )
                outcome = self._judge(
                    op, status, reply_headers, raw, plain=plain, body_expected=body_expected
                )
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                detail = self.redact(str(exc))
                outcome = _Retry(type(exc).__name__ + (f": {detail}" if detail else ""))
            if not isinstance(outcome, _Retry):
                logger.debug(
                    "Calls API %s (campaign %s): done in %.2fs", op, self.token_hint, loop.time() - started
                )
                return outcome
            wait = outcome.retry_after
            delay = self._delay(attempt) if wait is None else wait + random.uniform(0, min(1.0, wait / 10))
            if loop.time() + delay + MIN_ATTEMPT_SECONDS >= deadline:
                raise CallsApiUnavailable(
                    f"Calls API {op}: {outcome.what}; gave up after {attempt} attempt(s) "
                    f"in {loop.time() - started:.1f}s",
                    status=outcome.status,
                    retry_after=wait,
                ) from None
            logger.warning(
                "Calls API %s (campaign %s): %s; attempt %d, retrying in %.2fs",
                op, self.token_hint, outcome.what, attempt, delay,
            )  # fmt: skip
            await asyncio.sleep(delay)

    def _delay(self, attempt: int) -> float:
        """Exponential backoff, half of it random (so retries of many clients spread out)."""
        step = min(self._backoff_cap, self._backoff_base * 2.0 ** (attempt - 1))
        return step / 2 + random.uniform(0, step / 2)

    async def _exchange(
        self, method: str, url: URL, data: bytes | None, headers: dict[str, str], seconds: float
    ) -> tuple[int, Mapping[str, str], bytes]:
        if self._session is None:
            self._session = aiohttp.ClientSession(headers={"User-Agent": "clientlists-bot"})
        async with self._session.request(
            method,
            url,
            data=data,
            headers=headers,
            allow_redirects=False,
            timeout=aiohttp.ClientTimeout(total=seconds),
        ) as response:
            declared = response.content_length
            if declared is not None and declared > self._max_body:
                raise CallsApiProtocolError(f"answer of {declared} bytes is larger than {self._max_body}")
            parts: list[bytes] = []
            size = 0
            async for part in response.content.iter_chunked(64 * 1024):
                size += len(part)
                if size > self._max_body:
                    raise CallsApiProtocolError(f"answer larger than {self._max_body} bytes")
                parts.append(part)
            return response.status, response.headers, b"".join(parts)

    def _judge(
        self,
        op: str,
        status: int,
        headers: Mapping[str, str],
        raw: bytes,
        *,
        plain: bool,
        body_expected: bool,
    ) -> object:
        """The decoded body of a success; a _Retry for what may pass; raises for what will not."""
        body, is_json = decode(raw)
        what = f"HTTP {status}" + ("" if is_json or not raw else " (not JSON)")
        if 200 <= status < 300:
            if not body_expected:
                return body if is_json else None
            if is_json:
                return body
            if plain and raw:
                return raw.decode("utf-8", errors="replace").strip()
            raise CallsApiProtocolError(f"Calls API {op}: {what}, the answer is not JSON; check the host")
        if 300 <= status < 400:
            raise CallsApiProtocolError(f"Calls API {op}: HTTP {status} redirect; check the host (https?)")
        if status in RETRY_STATUSES or status >= 500:
            return _Retry(what, status, retry_after(headers.get("Retry-After")))
        code, message = error_fields(body)
        reason, message = self.redact(code or f"http_{status}"), self.redact(message)[:500]
        if status in (401, 403):
            raise BadToken(status, reason, message)
        if status == 404 and not is_json:
            raise CallsApiProtocolError(f"Calls API {op}: HTTP 404 page; is the host a Calls API?")
        if status in (404, 410) or names_closed_campaign(code):
            raise CampaignClosed(status, reason, message)
        raise CallsApiRejected(status, reason, message)


def normalize_host(host: str) -> str:
    """`https://platform.tovie.ai/` → `https://platform.tovie.ai`; ValueError for anything else."""
    parts = urlsplit(host.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError("the Calls API host must be an http(s) URL such as https://platform.tovie.ai")
    if parts.username or parts.password:
        raise ValueError("the Calls API host must not contain a user name or password")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
