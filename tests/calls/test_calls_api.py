"""services.calls_api.CallsApi against the fake Calls API (tests/fakecalls): the documented contract,
retries within the budget with one idempotence key, typed errors, and a token that never shows."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
import traceback
from urllib.parse import quote

import pytest

from services.calls_api import (
    BadToken,
    CallsApi,
    CallsApiProtocolError,
    CallsApiRejected,
    CallsApiUnavailable,
    CampaignClosed,
    batch_key,
)
from services.calls_types import CampaignState, JobOutcome, sub_key
from tests.calls.conftest import ApiFactory, item, phones
from tests.fakecalls import TOKEN, FakeCallsApi, outcome_of

KEY = batch_key(7, 3, 1, 0)


async def test_happy_path_info_add_report_control(calls: FakeCallsApi, api: CallsApi) -> None:
    info = await api.campaign_info()
    assert (info.name, info.status.state, info.max_simultaneous_calls) == (
        "Autumn offers",
        CampaignState.IN_PROCESS,
        10,
    )
    assert info.short_report is not None
    assert info.short_report.total_numbers == 0
    numbers = phones(10)
    batch = [
        item(p, payload={"First name": "Ann", "City": "London"}, gmtZone="+00:00", dialerPriority=2)
        for p in numbers
    ]
    batch[0].update(
        allowedDays=["mon", "tue"],
        allowedTime={"default": [{"localTimeFrom": "10:00", "localTimeTo": "18:00"}]},
        maxAttempts=2,
        retryIntervalInMinutes=60,
        startDateTime="2030-03-23T00:00:00Z",
    )
    result = await api.add_phones(batch, KEY)
    assert [a.phone for a in result.accepted] == numbers
    assert result.rejected == ()
    assert result.requests == 1
    assert all(a.job_id is not None for a in result.accepted)
    assert calls.added() == dict.fromkeys(numbers, 1)
    assert [r.key for r in calls.requests_of("addPhones")] == [KEY]
    assert calls.campaign.jobs[result.accepted[0].job_id or 0].item == batch[0]  # sent as given

    reports = await api.get_report(result.job_ids)
    assert sorted(r.job_id or 0 for r in reports) == sorted(result.job_ids)
    by_phone = {r.phone: r for r in reports}
    assert {p: by_phone[p].job_status for p in numbers} == {p: outcome_of(p) for p in numbers}
    outcomes = [by_phone[p].outcome for p in numbers]
    assert outcomes.count(JobOutcome.DONE) == 5
    assert outcomes.count(JobOutcome.IN_PROGRESS) == 3
    assert outcomes.count(JobOutcome.FAILED) == 2
    done = by_phone[numbers[0]]
    assert done.call_result == "AGREED"
    assert done.call_duration == 42
    assert done.started_at is not None

    assert (await api.status()).state is CampaignState.IN_PROCESS
    await api.pause()
    assert (await api.status()).state is CampaignState.PAUSED
    await api.resume()
    assert calls.campaign.state == "inProcess"
    await api.stop()
    assert (await api.status()).state is CampaignState.FINISHED
    assert (await api.campaign_info()).status.state.closed


async def test_a_lost_answer_is_retried_with_the_same_key_and_adds_nothing_twice(
    calls: FakeCallsApi, api: CallsApi
) -> None:
    numbers = phones(5)
    calls.fail_next("addPhones", 502, after_processing=True)  # the numbers are in, the answer is lost
    result = await api.add_phones([item(p) for p in numbers], KEY)
    assert [r.key for r in calls.requests_of("addPhones")] == [KEY, KEY]
    assert [r.status for r in calls.requests_of("addPhones")] == [502, 200]
    assert calls.added() == dict.fromkeys(numbers, 1)
    assert [a.job_id for a in result.accepted] == sorted(calls.campaign.jobs)

    again = await api.add_phones([item(p) for p in numbers], KEY)  # a resume after a crash
    assert again.accepted == result.accepted
    assert calls.added() == dict.fromkeys(numbers, 1)


async def test_429_waits_for_retry_after(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.fail_next("addPhones", 429, retry_after=0.6)
    started = time.monotonic()
    result = await api.add_phones([item(p) for p in phones(2)], KEY)
    assert time.monotonic() - started >= 0.6
    assert len(result.accepted) == 2
    assert [r.status for r in calls.requests_of("addPhones")] == [429, 200]


async def test_5xx_then_success(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.fail_next("info", 500)
    calls.fail_next("info", 503)
    assert (await api.campaign_info()).name == "Autumn offers"
    assert [r.status for r in calls.requests_of("info")] == [500, 503, 200]


async def test_budget_exhausted_is_unavailable(calls: FakeCallsApi, make_api: ApiFactory) -> None:
    api = make_api(retry_budget_seconds=0.8)
    calls.fail_next("addPhones", 503, times=1000)
    started = time.monotonic()
    with pytest.raises(CallsApiUnavailable) as caught:
        await api.add_phones([item(p) for p in phones(2)], KEY)
    assert time.monotonic() - started < 1.5
    assert caught.value.status == 503
    assert len(calls.requests_of("addPhones")) >= 3
    assert {r.key for r in calls.requests_of("addPhones")} == {KEY}
    assert calls.added() == {}


async def test_retry_after_past_the_budget_gives_up_at_once(
    calls: FakeCallsApi, make_api: ApiFactory
) -> None:
    api = make_api(retry_budget_seconds=2)
    calls.fail_next("addPhones", 429, retry_after=3600)
    started = time.monotonic()
    with pytest.raises(CallsApiUnavailable) as caught:
        await api.add_phones([item(p) for p in phones(1)], KEY)
    assert time.monotonic() - started < 0.5
    assert (caught.value.status, caught.value.retry_after) == (429, 3600)


async def test_retry_after_as_an_http_date(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.fail_next("status", 503, retry_after="Wed, 21 Oct 2015 07:28:00 GMT")  # in the past: at once
    assert (await api.status()).state is CampaignState.IN_PROCESS


async def test_bad_token(calls: FakeCallsApi, make_api: ApiFactory) -> None:
    api = make_api(token="8231.7056.0000wrongwrong")
    with pytest.raises(BadToken) as caught:
        await api.campaign_info()
    assert (caught.value.status, caught.value.reason) == (401, "calls.token.invalid")
    with pytest.raises(BadToken):
        await api.add_phones([item(p) for p in phones(2)], KEY)
    assert len(calls.requests_of("addPhones")) == 1  # not retried, not split
    assert calls.added() == {}


async def test_closed_campaign(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.close_campaign("finished")
    with pytest.raises(CampaignClosed) as caught:
        await api.add_phones([item(p) for p in phones(4)], KEY)
    assert (caught.value.status, caught.value.reason) == (400, "calls.campaign.finished")
    assert len(calls.requests_of("addPhones")) == 1  # a closed campaign is not a bad batch: no split
    with pytest.raises(CampaignClosed):
        await api.pause()
    calls.close_campaign("deleted")
    with pytest.raises(CampaignClosed) as deleted:
        await api.campaign_info()
    assert deleted.value.status == 404
    assert isinstance(deleted.value, CallsApiRejected)


async def test_proxy_html_502_is_retried(calls: FakeCallsApi, make_api: ApiFactory) -> None:
    api = make_api(retry_budget_seconds=0.6)
    calls.fail_next_with_page("info", 502)
    assert (await api.campaign_info()).name == "Autumn offers"
    calls.fail_next_with_page("info", 502, times=1000)
    with pytest.raises(CallsApiUnavailable, match=r"HTTP 502 \(not JSON\)") as caught:
        await api.campaign_info()
    assert caught.value.status == 502


async def test_success_that_is_not_json_is_a_protocol_error(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.fail_next("info", 200, body="<html><body>Tovie Platform</body></html>")  # a web app, not the API
    with pytest.raises(CallsApiProtocolError, match="check the host"):
        await api.campaign_info()
    assert len(calls.requests_of("info")) == 1
    calls.fail_next("addPhones", 200, body={"unexpected": True})
    with pytest.raises(CallsApiProtocolError):
        await api.add_phones([item(p) for p in phones(1)], KEY)
    calls.fail_next("info", 307)
    with pytest.raises(CallsApiProtocolError, match="redirect"):
        await api.campaign_info()


async def test_a_404_page_is_not_a_closed_campaign(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.fail_next("info", 404, body="<html>Not Found</html>")
    with pytest.raises(CallsApiProtocolError, match="Calls API"):
        await api.campaign_info()


@pytest.mark.parametrize("after_processing", [False, True])
async def test_a_hung_request_times_out_and_is_retried(
    calls: FakeCallsApi, make_api: ApiFactory, after_processing: bool
) -> None:
    api = make_api(timeout=0.3)
    numbers = phones(3)
    calls.hang_next("addPhones", after_processing=after_processing)
    started = time.monotonic()
    result = await api.add_phones([item(p) for p in numbers], KEY)
    assert time.monotonic() - started >= 0.3
    assert len(result.accepted) == 3
    assert calls.added() == dict.fromkeys(numbers, 1)
    assert {r.key for r in calls.requests_of("addPhones")} == {KEY}
    calls.release_hangs()


async def test_an_invalid_number_is_isolated_and_the_rest_added(calls: FakeCallsApi, api: CallsApi) -> None:
    numbers = phones(7)
    batch = [item(p, gmtZone="+03:00") for p in numbers]
    batch[4]["gmtZone"] = "Mars/Olympus"
    result = await api.add_phones(batch, KEY)
    assert [a.index for a in result.accepted] == [0, 1, 2, 3, 5, 6]
    [bad] = result.rejected
    assert (bad.index, bad.phone, bad.reason, bad.by_api) == (
        4,
        numbers[4],
        "calls.addPhones.invalid_field",
        True,
    )
    assert "gmtZone" in bad.message
    assert calls.added() == {p: 1 for i, p in enumerate(numbers) if i != 4}
    keys = [r.key for r in calls.requests_of("addPhones")]
    assert keys[0] == KEY
    assert len(set(keys)) == len(keys)
    assert sub_key(KEY, 0, 3) in keys

    again = await api.add_phones(batch, KEY)  # resumed after a crash: the same path, nothing added
    assert (again.accepted, again.rejected) == (result.accepted, result.rejected)
    assert calls.added() == {p: 1 for i, p in enumerate(numbers) if i != 4}


async def test_numbers_that_cannot_be_valid_are_refused_before_sending(
    calls: FakeCallsApi, api: CallsApi
) -> None:
    numbers = phones(2)
    niue = "6834002"  # 7 digits in all, and valid
    batch = [item(numbers[0]), item("+442079460001"), {"payload": {}}, item(int(numbers[1])), item(niue)]
    result = await api.add_phones(batch, KEY)
    assert [(r.index, r.reason, r.by_api) for r in result.rejected] == [
        (1, "invalid_phone", False),
        (2, "invalid_phone", False),
    ]
    assert [a.index for a in result.accepted] == [0, 3, 4]
    assert len(calls.requests_of("addPhones")) == 1
    assert calls.times_added(niue) == 1
    assert await api.add_phones([item("12")], KEY) is not None
    assert len(calls.requests_of("addPhones")) == 1  # nothing left to send: no request


async def test_payload_too_large_splits_the_batch(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.max_batch = 2
    numbers = phones(5)
    result = await api.add_phones([item(p) for p in numbers], KEY)
    assert [a.phone for a in result.accepted] == numbers
    assert calls.added() == dict.fromkeys(numbers, 1)
    assert [r.status for r in calls.requests_of("addPhones")].count(413) == 2  # 5 → 2+3 → 3 → 1+2


async def test_job_ids_that_do_not_match_the_numbers(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.fail_next("addPhones", 200, body=[11, "12"])
    result = await api.add_phones([item(p) for p in phones(3)], KEY)
    assert [a.job_id for a in result.accepted] == [None, None, None]
    assert result.unmapped_job_ids == (11, 12)
    assert result.job_ids == [11, 12]


async def test_defensive_parsing_of_info_and_status(calls: FakeCallsApi, api: CallsApi) -> None:
    calls.fail_next(
        "info", 200, body={"name": None, "status": "archived", "shortReport": {"totalNumbers": "12"}}
    )
    info = await api.campaign_info()
    assert (info.name, info.status.state, info.status.raw) == ("", CampaignState.UNKNOWN, "archived")
    assert info.short_report is not None
    assert info.short_report.total_numbers == 12
    assert info.creation_date is None
    calls.fail_next("status", 200, body='"paused"')
    assert (await api.status()).state is CampaignState.PAUSED
    calls.fail_next("status", 200, body="<html>?</html>")
    with pytest.raises(CallsApiProtocolError):
        await api.status()


async def test_reports_are_asked_in_chunks(calls: FakeCallsApi, make_api: ApiFactory) -> None:
    api = make_api(report_chunk=2)
    result = await api.add_phones([item(p) for p in phones(5)], KEY)
    reports = await api.get_report(result.job_ids)
    assert len(reports) == 5
    assert len(calls.requests_of("getReport")) == 3
    by_phone = await api.get_report([], phones=[phones(1)[0]])
    assert [r.phone for r in by_phone] == [phones(1)[0]]
    assert len({r.key for r in calls.requests_of("getReport")}) == 4  # a fresh key per call, never cached


def test_batch_key_is_deterministic_and_distinct() -> None:
    assert batch_key(1, 2, 3, 4) == batch_key("1", "2", "3", 4)
    keys = {batch_key(1, 2, 3, n) for n in range(1000)} | {batch_key(1, 2, 4, 0), batch_key(2, 1, 3, 0)}
    assert len(keys) == 1002
    assert all(k.startswith("cl") and len(k) == 34 and k[2:].isalnum() for k in keys)


def test_host_and_token_are_checked() -> None:
    assert CallsApi("https://platform.tovie.ai/", TOKEN).host == "https://platform.tovie.ai"
    for host in ("platform.tovie.ai", "ftp://x", "https://u:p@x", "https://x/?q=1"):
        with pytest.raises(ValueError, match="host"):
            CallsApi(host, TOKEN)
    for token in ("", "a b", "x\n"):
        with pytest.raises(ValueError, match="token") as caught:
            CallsApi("https://x", token)
        assert token not in str(caught.value) or not token


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_the_token_never_shows(
    calls: FakeCallsApi, make_api: ApiFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = "8231.7056.s3cr3t/t0ken?#%"  # also characters that URL-encoding changes
    calls.add_campaign(secret, "Winter")
    api = make_api(token=secret, retry_budget_seconds=0.5, timeout=0.2)
    down = make_api(host=f"http://127.0.0.1:{free_port()}", token=secret, retry_budget_seconds=0.3)
    errors: list[BaseException] = []
    calls.fail_next_with_page("info", 502, times=1000)
    calls.hang_next("status", times=1000)
    calls.fail_next("pause", 400, body={"error": f"calls.{secret}.bad", "message": f"token {secret} refused"})
    for call in (api.campaign_info(), api.status(), api.pause(), down.campaign_info()):
        try:
            await call
        except Exception as exc:
            errors.append(exc)
            logging.getLogger("test").exception("failed")
    calls.release_hangs()
    assert [type(e) for e in errors] == [
        CallsApiUnavailable,
        CallsApiUnavailable,
        CallsApiRejected,
        CallsApiUnavailable,
    ]
    texts = [caplog.text, repr(api), *(str(e) for e in errors)]
    texts += ["".join(traceback.format_exception(e)) for e in errors]
    assert "retrying" in caplog.text
    for form in (secret, quote(secret, safe=""), quote(secret, safe="").lower(), "s3cr3t"):
        assert all(form not in text for text in texts), form
    assert "<token>" in str(errors[2])


async def test_the_session_is_the_callers_when_given(calls: FakeCallsApi) -> None:
    import aiohttp

    async with aiohttp.ClientSession() as session:
        async with CallsApi(calls.base_url, TOKEN, session=session) as api:
            assert (await api.status()).state is CampaignState.IN_PROCESS
        assert not session.closed  # the caller's session outlives the client
    api = CallsApi(calls.base_url, TOKEN)
    await api.status()
    await api.close()
    await api.close()  # closing twice is fine
    await asyncio.sleep(0)
