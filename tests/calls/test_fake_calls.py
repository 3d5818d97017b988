"""The fake Calls API itself, spoken to with plain aiohttp: what it accepts and refuses, idempotence keys,
the duplicate rule, failures on demand. (The client's tests rely on these being right.)"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.calls.conftest import phones
from tests.fakecalls import TOKEN, FakeCallsApi
from tests.fakecalls.rules import valid_gmt_zone

PHONE = phones(1)[0]


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def post(
    http: aiohttp.ClientSession,
    calls: FakeCallsApi,
    path: str,
    body: Any,
    key: str | None = None,
    token: str = TOKEN,
) -> tuple[int, Any]:
    headers = {"Idempotence-Key": key} if key else {}
    async with http.post(
        f"{calls.base_url}/api/calls/campaign/{token}/{path}", json=body, headers=headers
    ) as r:
        text = await r.text()
        return r.status, json.loads(text) if text else None


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"payload": {"name": "Ann", "n": 1}},
        {"gmtZone": "-05:00"},
        {"gmtZone": "Europe/London"},
        {"gmtZone": "GMT+3"},
        {"gmtZone": "Z"},
        {"dialerPriority": 2, "maxAttempts": 3, "retryIntervalInMinutes": 120},
        {"allowedDays": ["mon", "wed", "fri"]},
        {"allowedTime": {"default": [{"localTimeFrom": "10:00", "localTimeTo": "18:00"}]}},
        {"startDateTime": "2020-03-23T00:00:00Z", "finishDateTime": "2020-03-24T00:00:00+03:00"},
    ],
)
async def test_documented_objects_are_accepted(http, calls: FakeCallsApi, fields: dict[str, Any]) -> None:
    status, ids = await post(http, calls, "addPhones", [{"phone": PHONE, **fields}], key="k1")
    assert status == 200
    assert len(ids) == 1
    assert calls.times_added(PHONE) == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "+442079460000"}, "phone"),
        ({"phone": "0207946000"}, "phone"),
        ({"phone": "2079"}, "phone"),
        ({"phone": None}, "phone"),
        ({"phone": True}, "phone"),
        ({"payload": "Ann"}, "payload"),
        ({"gmtZone": "+25:00"}, "gmtZone"),
        ({"gmtZone": 3}, "gmtZone"),
        ({"gmtZone": "Mars/Olympus"}, "gmtZone"),
        ({"dialerPriority": "2"}, "dialerPriority"),
        ({"dialerPriority": True}, "dialerPriority"),
        ({"maxAttempts": 0}, "maxAttempts"),
        ({"allowedDays": ["monday"]}, "allowedDays"),
        ({"allowedTime": {"default": [{"localTimeFrom": "18:00", "localTimeTo": "10:00"}]}}, "allowedTime"),
        ({"allowedTime": {"holiday": [{"localTimeFrom": "10:00", "localTimeTo": "11:00"}]}}, "allowedTime"),
        ({"startDateTime": "2020-03-23"}, "startDateTime"),
        ({"gmt_zone": "+03:00"}, "gmt_zone"),
    ],
)
async def test_invalid_objects_refuse_the_whole_batch(
    http, calls: FakeCallsApi, fields: dict[str, Any], field: str
) -> None:
    batch = [{"phone": phones(1, 5)[0]}, {"phone": PHONE, **fields}]
    status, body = await post(http, calls, "addPhones", batch, key="k1")
    assert status == 400
    assert body["args"] == {"index": 1, "field": field}
    assert body["error"].startswith("calls.addPhones.")
    assert calls.added() == {}


def test_gmt_zone_formats() -> None:
    good = ["Z", "+3", "+03", "-0530", "+05:30", "+053000", "+05:30:00", "UTC", "UTC+3", "GMT-05:00", "UT+01"]
    bad = ["3", "+3:00", "+1900", "GMT+", "utc+3", "+05:60", "Moscow"]
    assert [z for z in good if not valid_gmt_zone(z)] == []
    assert [z for z in bad if valid_gmt_zone(z)] == []


async def test_a_repeated_key_returns_the_first_answer_and_adds_nothing(http, calls: FakeCallsApi) -> None:
    first = await post(http, calls, "addPhones", [{"phone": PHONE}], key="same")
    second = await post(http, calls, "addPhones", [{"phone": PHONE}, {"phone": phones(1, 1)[0]}], key="same")
    assert first == second
    assert calls.added() == {PHONE: 1}
    third = await post(http, calls, "addPhones", [{"phone": PHONE}], key="other")  # another key adds again
    assert third[0] == 200
    assert third[1] != first[1]
    assert calls.times_added(PHONE) == 2


async def test_without_a_key_a_duplicate_is_refused(http, calls: FakeCallsApi) -> None:
    assert (await post(http, calls, "addPhones", [{"phone": PHONE, "payload": {"a": 1}}]))[0] == 200
    status, body = await post(http, calls, "addPhones", [{"phone": PHONE, "payload": {"a": 1}}])
    assert (status, body["error"]) == (400, "calls.addPhones.duplicate")
    assert (await post(http, calls, "addPhones", [{"phone": PHONE, "payload": {"a": 2}}]))[0] == 200
    assert calls.times_added(PHONE) == 2


async def test_token_campaign_state_and_size(http, calls: FakeCallsApi) -> None:
    status, body = await post(http, calls, "addPhones", [{"phone": PHONE}], token="nope")
    assert (status, body["error"]) == (401, "calls.token.invalid")
    calls.max_batch = 1
    assert (await post(http, calls, "addPhones", [{"phone": PHONE}, {"phone": PHONE}], key="k"))[0] == 413
    calls.close_campaign("finished")
    status, body = await post(http, calls, "addPhones", [{"phone": PHONE}], key="k2")
    assert (status, body["error"]) == (400, "calls.campaign.finished")
    calls.close_campaign("deleted")
    async with http.get(f"{calls.base_url}/api/calls/campaign/{TOKEN}") as r:
        assert r.status == 404


async def test_report_cancel_and_control(http, calls: FakeCallsApi) -> None:
    numbers = phones(10)
    _, ids = await post(
        http, calls, "addPhones", [{"phone": p, "payload": {"i": p}} for p in numbers], key="k"
    )
    status, report = await post(
        http, calls, "callJob/getReport", {"ids": ids[:2], "phones": [int(numbers[9])]}
    )
    assert status == 200
    assert [(r["phone"], r["jobStatus"]) for r in report] == [
        (numbers[0], "longCallWithResult"),
        (numbers[1], "longCallWithResult"),
        (numbers[9], "longCallWithResult"),
    ]
    assert report[0]["payload"] == {"i": numbers[0]}
    assert (await post(http, calls, "callJob/getReport", {"ids": ["x"]}))[0] == 400
    assert await post(http, calls, "callJob/cancel", {"ids": [ids[4]]}) == (200, [ids[4]])
    _, report = await post(http, calls, "callJob/getReport", {"ids": ids[4:6]})
    assert [r["jobStatus"] for r in report] == ["canceled", "inProcess"]
    assert (await post(http, calls, "control/pause", None))[0] == 200
    assert calls.campaign.state == "paused"
    assert (await post(http, calls, "control/stop", None))[0] == 200
    _, report = await post(http, calls, "callJob/getReport", {"ids": ids[5:6]})
    assert report[0]["jobStatus"] == "notDone"  # stopped before the call
    async with http.get(f"{calls.base_url}/api/calls/campaign/{TOKEN}/status") as r:
        assert await r.text() == "finished"
    async with http.get(f"{calls.base_url}/api/calls/campaign/{TOKEN}") as r:
        info = await r.json()
    assert info["shortReport"]["totalNumbers"] == 10
    assert info["endTime"] is not None


async def test_failures_on_demand(http, calls: FakeCallsApi) -> None:
    calls.fail_next("addPhones", 429, retry_after=2)
    async with http.post(
        f"{calls.base_url}/api/calls/campaign/{TOKEN}/addPhones", json=[{"phone": PHONE}]
    ) as r:
        assert (r.status, r.headers["Retry-After"]) == (429, "2")
    calls.fail_next_with_page("addPhones")
    async with http.post(
        f"{calls.base_url}/api/calls/campaign/{TOKEN}/addPhones", json=[{"phone": PHONE}]
    ) as r:
        assert r.status == 502
        assert "nginx" in await r.text()
    assert calls.added() == {}
    calls.fail_next("addPhones", 504, after_processing=True)
    assert (await post(http, calls, "addPhones", [{"phone": PHONE}], key="k"))[0] == 504
    assert calls.added() == {PHONE: 1}
    assert [r.status for r in calls.requests_of("addPhones")] == [429, 502, 504]
