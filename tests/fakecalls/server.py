"""The fake Calls API: the documented HTTP contract (docs/calls_api.md), in memory, on 127.0.0.1 and a
random port.

    async with FakeCallsApi() as calls:          # calls.base_url is the host; TOKEN opens calls.campaign
        ...
        assert calls.times_added("442079460123") == 1

Token in the path (an unknown one → 401 `calls.token.invalid`); addPhones bodies checked field by
field (tests/fakecalls/rules.py) and refused whole with 400 naming the first bad object; idempotence
keys honoured (a repeated key returns the first answer and adds nothing); without a key, a number
already added with the same payload is refused (the documented 24-hour duplicate rule); a different key
adds it again, and `times_added` shows it. Every accepted number is counted. getReport outcomes follow
from the phone's last digit (`outcome_of`). On demand: failures with any status, a Retry-After or an
HTML page (`fail_next`), requests that never get an answer (`hang_next`), both either before the
request is processed or after (the answer is lost but the numbers are in), and a campaign that is
finished or deleted (`close_campaign`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakecalls.rules import FieldError, check_item

TOKEN = "8231.7056.1b131df1c0ffee"
PROXY_502_HTML = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
OPS = ("info", "status", "addPhones", "getReport", "cancel", "pause", "resume", "stop")
# The report of a call job, by the phone's last digit: done (0-3, 9), in progress (4-6), failed (7-8).
OUTCOMES = {
    "0": "longCallWithResult", "1": "longCallWithResult", "2": "longCallWithResult",
    "3": "longCallWithNoResult", "4": "planned", "5": "inProcess", "6": "onRetry",
    "7": "noAnswer", "8": "nonexistentNumber", "9": "longCallWithResult",
}  # fmt: skip


def outcome_of(phone: str) -> str:
    return OUTCOMES[phone[-1]]


@dataclass
class Job:
    id: int
    phone: str
    item: dict[str, Any]
    key: str | None
    canceled: bool = False


@dataclass
class Campaign:
    token: str
    id: int
    name: str
    state: str = "inProcess"  # planned, inProcess, paused, finished, deleted
    created_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    finished_ms: int | None = None
    jobs: dict[int, Job] = field(default_factory=dict)
    added: Counter[str] = field(default_factory=Counter)  # phone -> how many call jobs it got
    answers: dict[str, tuple[int, Any]] = field(default_factory=dict)  # idempotence key -> first answer


@dataclass(frozen=True)
class CallsRequest:
    op: str
    token: str
    key: str | None  # the Idempotence-Key header
    body: Any
    status: int = 0  # what the fake answered (0 while hanging)


@dataclass(frozen=True)
class Failure:
    status: int
    retry_after: float | str | None = None
    body: str | dict[str, Any] | list[Any] | None = None
    after_processing: bool = False


def error(status: int, code: str, message: str, **args: Any) -> web.Response:
    return web.json_response({"error": code, "message": message, "args": args}, status=status)


class FakeCallsApi:
    """Start with `async with FakeCallsApi() as calls:` or `await calls.start()` / `await calls.close()`."""

    def __init__(
        self, token: str = TOKEN, *, name: str = "Autumn offers", max_batch: int | None = None
    ) -> None:
        self.campaigns: dict[str, Campaign] = {}
        self.campaign = self.add_campaign(token, name)
        self.max_batch = max_batch  # more objects in one addPhones → 413
        self.requests: list[CallsRequest] = []
        self._job_ids = itertools.count(1001)
        self._failures: dict[str, list[Failure]] = {}
        self._hangs: dict[str, list[bool]] = {}
        self._released = asyncio.Event()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> FakeCallsApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        base = "/api/calls/campaign/{token}"
        app.router.add_get(base, self._route("info"))
        app.router.add_get(base + "/status", self._route("status"))
        app.router.add_post(base + "/addPhones", self._route("addPhones"))
        app.router.add_post(base + "/callJob/getReport", self._route("getReport"))
        app.router.add_post(base + "/callJob/cancel", self._route("cancel"))
        for action in ("pause", "resume", "stop"):
            app.router.add_post(base + f"/control/{action}", self._route(action))
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        self._released.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeCallsApi:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        """The campaign's host, as an admin would type it (CALLS_API_URL)."""
        return f"http://127.0.0.1:{self.port}"

    # --- test-side API -----------------------------------------------------------------------

    def add_campaign(self, token: str, name: str, *, state: str = "inProcess") -> Campaign:
        campaign = Campaign(token=token, id=len(self.campaigns) + 1, name=name, state=state)
        self.campaigns[token] = campaign
        return campaign

    def fail_next(
        self,
        op: str,
        status: int = 503,
        *,
        times: int = 1,
        retry_after: float | str | None = None,
        body: str | dict[str, Any] | list[Any] | None = None,
        after_processing: bool = False,
    ) -> None:
        """Answer the next `times` requests of `op` with `status` (a JSON error unless `body` is a str,
        sent as HTML). With `after_processing` the request is carried out first and only its answer is
        lost (addPhones: the numbers are in)."""
        assert op in OPS, op
        failure = Failure(status, retry_after, body, after_processing)
        self._failures.setdefault(op, []).extend([failure] * times)

    def fail_next_with_page(self, op: str, status: int = 502, *, times: int = 1) -> None:
        """A proxy's HTML error page instead of the API's answer."""
        self.fail_next(op, status, times=times, body=PROXY_502_HTML)

    def hang_next(self, op: str, *, times: int = 1, after_processing: bool = False) -> None:
        """Never answer the next `times` requests of `op` (until `release_hangs()` or `close()`)."""
        assert op in OPS, op
        self._hangs.setdefault(op, []).extend([after_processing] * times)

    def release_hangs(self) -> None:
        self._released.set()
        self._released = asyncio.Event()

    def close_campaign(self, state: str = "finished", token: str | None = None) -> None:
        """`finished` (stopped: no more numbers, 400 calls.campaign.finished) or `deleted` (404)."""
        campaign = self.campaigns[token or self.campaign.token]
        campaign.state = state
        campaign.finished_ms = int(time.time() * 1000)

    def times_added(self, phone: str, token: str | None = None) -> int:
        return self.campaigns[token or self.campaign.token].added[phone]

    def added(self, token: str | None = None) -> Counter[str]:
        return self.campaigns[token or self.campaign.token].added

    def requests_of(self, op: str) -> list[CallsRequest]:
        return [r for r in self.requests if r.op == op]

    async def wait_for(self, predicate: Callable[[], Any], timeout: float, what: str) -> Any:  # noqa: ASYNC109
        """Wait until `predicate()` is truthy (re-checked after every request); return its value."""
        async with self._changed:
            try:
                return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)
            except TimeoutError:
                raise AssertionError(f"timed out after {timeout}s waiting for {what}") from None

    # --- HTTP ----------------------------------------------------------------------------------

    def _route(self, op: str) -> Callable[[web.Request], Any]:
        async def handle(request: web.Request) -> web.StreamResponse:
            return await self._handle(op, request)

        return handle

    async def _handle(self, op: str, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        key = request.headers.get("Idempotence-Key")
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = ValueError
        index = len(self.requests)
        self.requests.append(CallsRequest(op, token, key, body))
        failures, hangs = self._failures.get(op), self._hangs.get(op)
        failure = failures[0] if failures else None
        hang = hangs[0] if hangs else None
        if failure is not None and not failure.after_processing:
            response = self._failure(self._failures[op].pop(0))
        elif hang is False:
            self._hangs[op].pop(0)
            await self._hang()
            response = error(503, "calls.unavailable", "released")
        else:
            response = self._process(op, token, key, body)
            if failure is not None:
                response = self._failure(self._failures[op].pop(0))
            elif hang:
                self._hangs[op].pop(0)
                await self._hang()
        self.requests[index] = CallsRequest(op, token, key, body, response.status)
        async with self._changed:
            self._changed.notify_all()
        return response

    async def _hang(self) -> None:
        async with self._changed:
            self._changed.notify_all()
        await self._released.wait()

    @staticmethod
    def _failure(failure: Failure) -> web.Response:
        headers = {} if failure.retry_after is None else {"Retry-After": str(failure.retry_after)}
        if isinstance(failure.body, str):
            return web.Response(
                status=failure.status, text=failure.body, content_type="text/html", headers=headers
            )
        body = failure.body or {"error": f"calls.http_{failure.status}", "message": "injected failure"}
        return web.json_response(body, status=failure.status, headers=headers)

    def _process(self, op: str, token: str, key: str | None, body: Any) -> web.Response:
        campaign = self.campaigns.get(token)
        if campaign is None:
            return error(401, "calls.token.invalid", "No campaign accepts this token")
        if campaign.state == "deleted":
            return error(404, "calls.campaign.not_found", f"Campaign {campaign.id} not found")
        if body is ValueError:
            return error(400, "calls.bad_json", "The request body is not JSON")
        if op == "info":
            return web.json_response(self._info(campaign))
        if op == "status":
            return web.Response(text=campaign.state, content_type="text/plain")
        if op == "addPhones":
            return self._add_phones(campaign, key, body)
        if op in ("getReport", "cancel"):
            return self._jobs_op(campaign, op, body)
        return self._control(campaign, op)

    def _add_phones(self, campaign: Campaign, key: str | None, body: Any) -> web.Response:
        if key is not None and key in campaign.answers:
            status, answer = campaign.answers[key]
            return web.json_response(answer, status=status)
        if campaign.state == "finished":
            return error(400, "calls.campaign.finished", f"Campaign {campaign.id} is finished")
        if not isinstance(body, list):
            return error(400, "calls.addPhones.bad_body", "The body must be a JSON array of objects")
        if self.max_batch is not None and len(body) > self.max_batch:
            return error(413, "calls.addPhones.too_large", f"At most {self.max_batch} objects per request")
        phones = []
        for index, item in enumerate(body):
            try:
                phones.append(check_item(item))
            except FieldError as exc:
                return error(400, exc.code, f"[{index}] {exc}", index=index, field=exc.field)
        if key is None:
            for index, (phone, item) in enumerate(zip(phones, body, strict=True)):
                if any(
                    j.phone == phone and j.item.get("payload") == item.get("payload")
                    for j in campaign.jobs.values()
                ):
                    return error(400, "calls.addPhones.duplicate", f"[{index}] already added", index=index)
        ids = []
        for phone, item in zip(phones, body, strict=True):
            job = Job(next(self._job_ids), phone, item, key)
            campaign.jobs[job.id] = job
            campaign.added[phone] += 1
            ids.append(job.id)
        if key is not None:
            campaign.answers[key] = (200, ids)
        return web.json_response(ids)

    def _jobs_op(self, campaign: Campaign, op: str, body: Any) -> web.Response:
        if not isinstance(body, dict) or not ({"ids", "phones"} & set(body)):
            return error(400, "calls.bad_body", 'The body must be {"ids": [...]} and/or {"phones": [...]}')
        ids, phones = body.get("ids", []), body.get("phones", [])
        if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
            return error(400, "calls.bad_body", "ids must be an array of integers")
        if not isinstance(phones, list) or not all(isinstance(p, int | str) for p in phones):
            return error(400, "calls.bad_body", "phones must be an array of numbers")
        wanted = {str(p) for p in phones}
        jobs = [j for j in campaign.jobs.values() if j.id in set(ids) or j.phone in wanted]
        if op == "cancel":
            for job in jobs:
                job.canceled = True
            return web.json_response([j.id for j in jobs])
        return web.json_response([self._report(campaign, j) for j in jobs])

    def _report(self, campaign: Campaign, job: Job) -> dict[str, Any]:
        status = "canceled" if job.canceled else outcome_of(job.phone)
        if campaign.state in ("finished", "deleted") and status in ("planned", "inProcess", "onRetry"):
            status = "notDone"
        called = status.startswith("longCall") or status in ("noAnswer", "nonexistentNumber")
        started = campaign.created_ms + 60_000 if called else None
        return {
            "id": job.id,
            "phone": job.phone,
            "jobStatus": status,
            "callResult": "AGREED" if status == "longCallWithResult" else None,
            "startedAt": started,
            "finishedAt": started + 42_000 if started else None,
            "callDuration": 42 if status.startswith("longCall") else 0,
            "reportData": {"answer": "yes"} if status == "longCallWithResult" else None,
            "payload": job.item.get("payload"),
        }

    def _info(self, campaign: Campaign) -> dict[str, Any]:
        outcomes = [outcome_of(j.phone) for j in campaign.jobs.values()]
        return {
            "id": campaign.id,
            "name": campaign.name,
            "projectName": "clientlists-test",
            "creationDate": campaign.created_ms,
            "botId": "tovie-phone-1",
            "status": campaign.state,
            "shortReport": {
                "totalNumbers": len(campaign.jobs),
                "processedNumbers": sum(o not in ("planned", "inProcess", "onRetry") for o in outcomes),
                "usedTalkingTime": 42 * sum(o.startswith("longCall") for o in outcomes),
                "usedAsrSeconds": 0,
                "inProcessCalls": outcomes.count("inProcess"),
                "retryCalls": outcomes.count("onRetry"),
            },
            "startTime": campaign.created_ms,
            "endTime": campaign.finished_ms,
            "maxSimultaneousCalls": 10,
        }

    @staticmethod
    def _control(campaign: Campaign, action: str) -> web.Response:
        if campaign.state == "finished":
            return error(400, "calls.campaign.finished", f"Campaign {campaign.id} is finished")
        if action == "pause" and campaign.state in ("planned", "inProcess"):
            campaign.state = "paused"
        elif action == "resume" and campaign.state == "paused":
            campaign.state = "inProcess"
        elif action == "stop":
            campaign.state = "finished"
            campaign.finished_ms = int(time.time() * 1000)
        return web.Response(status=200)
