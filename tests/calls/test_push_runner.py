"""PushRunner against the fake Calls API and a real temporary database: every phone added exactly once,
through kills, resumes, 429s, lost answers; stops with a reason; rows streamed batch by batch."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from services.background import Background
from services.calls_api import CallsApi
from services.push_types import PushBusy, PushConfig, PushSummary, Stopping, StopReason, push_options
from services.pushes import PushRunner
from storage.campaigns import Campaign, CampaignsRepo
from storage.db import Database
from storage.lists import ClientList, ListColumn, ListsRepo, RowBatch
from storage.pushes import JobId, Push, PushBatch, PushesRepo, PushStatus, Rejection
from tests.calls.conftest import ApiFactory
from tests.fakecalls import TOKEN, FakeCallsApi
from validators.call_rows import WEEKDAYS_10_18

COLUMNS = (
    ListColumn("client_id", "Phone"),
    ListColumn("first_name", "First name"),
    ListColumn("gmt_zone", "Timezone"),
)
OPTIONS = push_options(WEEKDAYS_10_18, attempts=2, retry_minutes=30)


def phone(i: int) -> str:
    """London numbers (one zone: inferred)."""
    return f"4420794{i:05d}"


def row(i: int) -> list[str]:
    if i % 10 == 0:
        return [phone(i), f"Name {i}", "+03:00"]  # a given zone
    if i % 10 == 1:
        return [f"7916{i:07d}", f"Name {i}", ""]  # a Russian mobile: many zones, none inferred
    return [phone(i), f"Name {i}", ""]


def phone_of(i: int) -> str:
    return row(i)[0]


class View:
    def __init__(self) -> None:
        self.progress_calls: list[tuple[int, int]] = []
        self.summary: PushSummary | None = None
        self.stopped_with: tuple[StopReason, Mapping[str, Any]] | None = None
        self.was_interrupted = False
        self.ended = asyncio.Event()

    async def progress(self, sent: int, total: int) -> None:
        self.progress_calls.append((sent, total))

    async def done(self, summary: PushSummary) -> None:
        self.summary = summary
        self.ended.set()

    async def stopped(self, reason_code: StopReason, params: Mapping[str, Any]) -> None:
        self.stopped_with = (reason_code, params)
        self.ended.set()

    async def interrupted(self) -> None:
        self.was_interrupted = True
        self.ended.set()

    async def wait(self) -> None:
        await asyncio.wait_for(self.ended.wait(), 15)


class AtProgress(View):
    """Runs `action` once `sent` numbers are confirmed (before the next batch is taken)."""

    def __init__(self, sent: int, action: Callable[[], Awaitable[object]]) -> None:
        super().__init__()
        self.at = sent
        self.action = action

    async def progress(self, sent: int, total: int) -> None:
        await super().progress(sent, total)
        if sent == self.at:
            await self.action()


class SpyPushes(PushesRepo):
    """Records the batches read: rows come from the database one batch at a time."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.read: list[int] = []

    async def batch_rows(self, list_id: int, batch: PushBatch) -> RowBatch:
        rows = await super().batch_rows(list_id, batch)
        self.read.append(len(rows))
        return rows


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "push.db")
    yield database
    await database.close()


class Rig:
    def __init__(self, db: Database, calls: FakeCallsApi, make_api: ApiFactory) -> None:
        self.db = db
        self.calls = calls
        self.make_api = make_api
        self.pushes = SpyPushes(db)
        self.campaigns = CampaignsRepo(db)
        self.lists = ListsRepo(db)
        self.background = Background()

    def runner(self, **config: Any) -> PushRunner:
        self.background = Background()

        def api(host: str, token: str) -> CallsApi:
            return self.make_api(host=host, token=token)

        return PushRunner(
            self.pushes, self.campaigns, self.lists, self.background, PushConfig(**config), api_factory=api
        )

    async def list_of(self, rows: int, name: str = "Calls") -> ClientList:
        return await self.lists.create_ready(
            name=name,
            channel="telephony",
            columns=COLUMNS,
            rows=(row(i) for i in range(rows)),
            source={"kind": "file"},
            owner_id=1,
        )

    async def campaign(self, token: str = TOKEN, name: str = "Autumn") -> Campaign:
        return await self.campaigns.add(name=name, host=self.calls.base_url, token=token, created_by=1)

    async def push(self, lst: ClientList, campaign: Campaign, batch_size: int) -> Push:
        return await self.pushes.create(
            list_id=lst.id, campaign_id=campaign.id, options=OPTIONS, created_by=1, batch_size=batch_size
        )

    async def get(self, push_id: int) -> Push:
        found = await self.pushes.get(push_id)
        assert found is not None
        return found


@pytest.fixture
def rig(db: Database, calls: FakeCallsApi, make_api: ApiFactory) -> Rig:
    return Rig(db, calls, make_api)


def assert_each_once(calls: FakeCallsApi, rows: int) -> None:
    added = calls.added()
    assert len(added) == rows
    assert all(calls.times_added(phone_of(i)) == 1 for i in range(rows))


async def test_a_list_is_pushed_in_batches_every_phone_once(rig: Rig) -> None:
    lst, campaign = await rig.list_of(2_500), await rig.campaign()
    push = await rig.push(lst, campaign, 1_000)
    view = View()
    runner = rig.runner(in_flight=2)
    assert await runner.start(push.id, view)
    await view.wait()
    await rig.background.idle()

    assert_each_once(rig.calls, 2_500)
    sent = rig.calls.requests_of("addPhones")
    assert [len(r.body) for r in sent] == [1_000, 1_000, 500] or sorted(len(r.body) for r in sent) == [
        500, 1_000, 1_000,
    ]  # fmt: skip
    first = next(r.body[0] for r in sent if r.body[0]["phone"] == phone(0))
    assert first["payload"] == {"First name": "Name 0"}
    assert first["gmtZone"] == "+03:00"
    assert first["allowedDays"] == ["mon", "tue", "wed", "thu", "fri"]
    assert first["maxAttempts"] == 2
    assert view.progress_calls[0] == (0, 2_500)
    assert view.progress_calls[-1] == (2_500, 2_500)
    assert view.summary is not None
    assert (view.summary.accepted, view.summary.rejected, view.summary.total) == (2_500, 0, 2_500)
    assert (view.summary.zones.given, view.summary.zones.none, view.summary.zones.inferred) == (
        250,
        250,
        2_000,
    )
    done = await rig.get(push.id)
    assert (done.status, done.done, done.accepted) == (PushStatus.DONE, 2_500, 2_500)
    assert not runner.running(push.id)
    for _ in range(100):  # the run's mapping thread ends with the run
        if not any(t.name.startswith("push-mapping") for t in threading.enumerate()):
            break
        await asyncio.sleep(0.02)
    assert not any(t.name.startswith("push-mapping") for t in threading.enumerate())


async def test_rows_are_streamed_one_batch_at_a_time(rig: Rig) -> None:
    lst, campaign = await rig.list_of(450), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    view = View()
    await rig.runner(in_flight=2).start(push.id, view)
    await view.wait()
    assert sorted(rig.pushes.read) == [50, 100, 100, 100, 100]  # never the whole list at once
    assert_each_once(rig.calls, 450)


class MarkSpy(SpyPushes):
    """Tells when the second batch is marked sent."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.second_marked = asyncio.Event()

    async def mark_batch_sent(self, push_id: int, batch_no: int) -> PushBatch | None:
        found = await super().mark_batch_sent(push_id, batch_no)
        if batch_no == 1:
            self.second_marked.set()
        return found


def after_added(calls: FakeCallsApi, requests: int, action: Callable[[], None]) -> None:
    """Runs `action` once the fake has carried out `requests` addPhones, before it answers the last: a
    fixed moment, where a progress edit is not (a batch's answer is stored, and its progress told, while
    the next request is in flight)."""
    original = calls._add_phones
    count = 0

    def add_phones(*args: Any) -> Any:
        nonlocal count
        response = original(*args)
        count += 1
        if count == requests:
            action()
        return response

    calls._add_phones = add_phones  # type: ignore[method-assign,assignment]


async def until_done(rig: Rig, push_id: int, done: int) -> None:
    """Waits until the push's stored `done` is `done` (a store runs alongside the next request)."""
    for _ in range(1_000):
        if (await rig.get(push_id)).done == done:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"push {push_id} never had {done} numbers done")


class ConfirmGate(SpyPushes):
    """Holds the storing of batch `held`'s answer until `opened` is set (never, unless the test does)."""

    def __init__(self, db: Database, held: int) -> None:
        super().__init__(db)
        self.held = held
        self.opened = asyncio.Event()

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
        if batch_no == self.held:
            await self.opened.wait()
        return await super().mark_batch_confirmed(
            push_id, batch_no, accepted=accepted, rejected=rejected, job_ids=job_ids, rejections=rejections
        )


class OnMark(SpyPushes):
    """Runs `action` once batch `batch_no` is marked sent (its request has not gone out yet)."""

    def __init__(self, db: Database, batch_no: int, action: Callable[[], Awaitable[object]]) -> None:
        super().__init__(db)
        self.at = batch_no
        self.action = action

    async def mark_batch_sent(self, push_id: int, batch_no: int) -> PushBatch | None:
        found = await super().mark_batch_sent(push_id, batch_no)
        if batch_no == self.at:
            await self.action()
        return found


async def test_the_next_batch_is_read_mapped_and_marked_while_a_request_is_in_flight(rig: Rig) -> None:
    rig.pushes = spy = MarkSpy(rig.db)
    lst, campaign = await rig.list_of(300), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    rig.calls.hang_next("addPhones")  # the first request gets no answer until released
    view = View()
    await rig.runner(in_flight=1).start(push.id, view)
    await asyncio.wait_for(spy.second_marked.wait(), 10)  # the API is not kept waiting for it
    assert len(rig.calls.requests_of("addPhones")) == 1  # marked and ready, not sent
    assert spy.read == [100, 100]
    rig.calls.release_hangs()
    await view.wait()
    assert_each_once(rig.calls, 300)
    assert (await rig.get(push.id)).status is PushStatus.DONE


async def test_a_batchs_answer_is_stored_while_the_next_request_is_in_flight(rig: Rig) -> None:
    rig.pushes = gate = ConfirmGate(rig.db, 0)
    lst, campaign = await rig.list_of(300), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    view = View()
    await rig.runner(in_flight=1).start(push.id, view)
    await rig.calls.wait_for(
        lambda: len(rig.calls.requests_of("addPhones")) >= 2, 10, "the 2nd batch while the 1st is stored"
    )
    assert (await rig.get(push.id)).done == 0  # the 1st answer is not stored yet
    gate.opened.set()
    await view.wait()
    assert_each_once(rig.calls, 300)
    assert len(rig.calls.requests_of("addPhones")) == 3
    assert view.summary is not None
    assert view.summary.accepted == 300
    assert (await rig.get(push.id)).status is PushStatus.DONE


async def test_a_kill_while_an_answer_is_stored_resends_that_batch_with_its_key(rig: Rig) -> None:
    rig.pushes = ConfirmGate(rig.db, 1)  # the 2nd answer is never stored by the first run
    lst, campaign = await rig.list_of(1_000), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    await rig.runner(in_flight=1).start(push.id, View())
    await rig.calls.wait_for(lambda: len(rig.calls.requests_of("addPhones")) >= 3, 10, "the 3rd batch")
    await rig.background.stop(0)  # the kill: the 2nd answer unstored, the 3rd request answered
    half = await rig.get(push.id)
    assert (half.status, half.done) == (PushStatus.RUNNING, 100)
    assert len(rig.calls.added()) == 300

    rig.pushes = SpyPushes(rig.db)
    views: list[View] = []

    async def view_for(p: Push) -> View:
        views.append(View())
        return views[-1]

    assert await rig.runner(in_flight=2).resume_unfinished(view_for) == [push.id]
    await views[0].wait()
    assert_each_once(rig.calls, 1_000)
    keys = [r.key for r in rig.calls.requests_of("addPhones")]
    assert (len(keys), len(set(keys))) == (12, 10)  # the 2nd and 3rd batches sent again with their keys
    assert views[0].summary is not None
    assert views[0].summary.accepted == 1_000
    assert (await rig.get(push.id)).status is PushStatus.DONE


async def test_a_killed_push_resumes_with_the_same_keys_and_adds_nobody_twice(rig: Rig) -> None:
    lst, campaign = await rig.list_of(1_000), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    # After 2 batches, the next request is carried out but its answer never comes.
    after_added(rig.calls, 2, lambda: rig.calls.hang_next("addPhones", after_processing=True))
    first = rig.runner(in_flight=1)
    await first.start(push.id, View())
    await rig.calls.wait_for(lambda: len(rig.calls.requests_of("addPhones")) >= 3, 10, "the 3rd batch")
    await until_done(rig, push.id, 200)  # the 2nd answer is stored while the 3rd request hangs
    await rig.background.stop(0)  # the kill: the task is cut mid-request
    rig.calls.release_hangs()
    half = await rig.get(push.id)
    assert half.status is PushStatus.RUNNING
    assert half.done == 200  # the hung batch was added by the API but never confirmed here
    assert len(rig.calls.added()) == 300

    second = rig.runner(in_flight=2)
    views: list[View] = []

    async def view_for(p: Push) -> View:
        views.append(View())
        return views[-1]

    assert await second.resume_unfinished(view_for) == [push.id]
    await views[0].wait()
    assert_each_once(rig.calls, 1_000)
    keys = [r.key for r in rig.calls.requests_of("addPhones")]
    assert len(keys) == 11  # the cut batch was sent again with its key
    assert len(set(keys)) == 10
    assert views[0].summary is not None
    assert views[0].summary.accepted == 1_000
    assert views[0].summary.zones.given == 100  # batches of the first run counted too
    assert (await rig.get(push.id)).status is PushStatus.DONE


async def test_429_with_retry_after_then_success(rig: Rig) -> None:
    lst, campaign = await rig.list_of(250), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    rig.calls.fail_next("addPhones", 429, retry_after=0.2)
    view = View()
    await rig.runner().start(push.id, view)
    await view.wait()
    assert view.summary is not None
    assert view.summary.accepted == 250
    assert [r.status for r in rig.calls.requests_of("addPhones")].count(429) == 1
    assert_each_once(rig.calls, 250)


async def test_a_closed_campaign_stops_the_push_with_its_reason(rig: Rig) -> None:
    lst, campaign = await rig.list_of(300), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    rig.calls.close_campaign("finished")
    view = View()
    await rig.runner().start(push.id, view)
    await view.wait()
    assert view.stopped_with is not None
    reason, params = view.stopped_with
    assert reason is StopReason.CAMPAIGN_CLOSED
    assert params["reason"] == "calls.campaign.finished"
    failed = await rig.get(push.id)
    assert (failed.status, failed.last_error, failed.done) == (PushStatus.FAILED, "campaign_closed", 0)
    assert not rig.calls.added()


async def test_a_bad_token_stops_the_push(rig: Rig) -> None:
    lst, campaign = await rig.list_of(50), await rig.campaign(token="no-such-campaign-token")
    push = await rig.push(lst, campaign, 100)
    view = View()
    await rig.runner().start(push.id, view)
    await view.wait()
    assert view.stopped_with is not None
    assert view.stopped_with[0] is StopReason.BAD_TOKEN
    assert (await rig.get(push.id)).status is PushStatus.FAILED


async def test_rejected_numbers_are_counted_and_stored(rig: Rig) -> None:
    lst = await rig.lists.create_ready(
        name="Some bad",
        channel="telephony",
        columns=COLUMNS,
        rows=[
            row(2),
            ["99912345678", "Nobody", ""],
            row(3),
            [phone(4), "Bad zone", "+25:00"],
            ["123", "", ""],
        ],
        source={"kind": "file"},
        owner_id=1,
    )
    push = await rig.push(lst, await rig.campaign(), 100)
    view = View()
    await rig.runner().start(push.id, view)
    await view.wait()
    assert view.summary is not None
    assert (view.summary.accepted, view.summary.rejected) == (2, 3)
    assert view.summary.rejected_by_reason == {
        "calls.addPhones.invalid_phone": 1,
        "calls.addPhones.invalid_field": 1,
        "invalid_phone": 1,
    }
    stored = [r async for batch in rig.pushes.rejections(push.id) for r in batch]
    assert [(r.position, r.phone) for r in stored] == [(1, "99912345678"), (3, phone(4)), (4, "123")]
    assert rig.calls.times_added(phone(2)) == 1


async def test_an_unreachable_api_interrupts_the_run_and_a_new_start_resumes_it(rig: Rig) -> None:
    lst, campaign = await rig.list_of(300), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    rig.calls.fail_next("addPhones", 503, times=1_000)
    view = View()
    runner = rig.runner(in_flight=1)
    await runner.start(push.id, view)
    await view.wait()
    assert view.was_interrupted
    cut = await rig.get(push.id)
    assert cut.status is PushStatus.RUNNING
    assert cut.last_error == "unavailable: 503"
    await rig.background.idle()

    rig.calls._failures.clear()
    again = View()
    assert await runner.start(push.id, again)
    await again.wait()
    assert again.summary is not None
    assert again.summary.accepted == 300
    assert_each_once(rig.calls, 300)


async def test_a_lost_answer_is_resent_with_the_same_key(rig: Rig) -> None:
    lst, campaign = await rig.list_of(200), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    rig.calls.fail_next("addPhones", 200, body="<html>proxy</html>", after_processing=True)
    view = View()
    await rig.runner(in_flight=1).start(push.id, view)
    await view.wait()
    assert view.summary is not None
    assert view.summary.accepted == 200
    assert_each_once(rig.calls, 200)
    keys = [r.key for r in rig.calls.requests_of("addPhones")]
    assert len(keys) == 3
    assert keys[0] == keys[1]


async def test_cancel_stops_the_push_and_one_push_per_list_and_campaign(rig: Rig) -> None:
    lst, campaign = await rig.list_of(500), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    other = await rig.push(lst, campaign, 100)
    rig.calls.hang_next("addPhones")
    view = View()
    runner = rig.runner(in_flight=1)
    assert await runner.start(push.id, view)
    with pytest.raises(PushBusy):
        await runner.start(other.id, View())
    assert not await runner.start(push.id, View())  # running already
    await rig.calls.wait_for(lambda: rig.calls.requests_of("addPhones"), 5, "the first batch")
    assert await runner.cancel(push.id)
    rig.calls.release_hangs()
    await view.wait()
    assert view.stopped_with is not None
    assert view.stopped_with[0] is StopReason.CANCELLED
    assert (await rig.get(push.id)).status is PushStatus.CANCELLED
    assert len(rig.calls.requests_of("addPhones")) <= 2  # no batch started after the cancel
    await rig.background.idle()
    assert await runner.start(other.id, View())  # the pair is free again


async def test_begin_stop_lets_the_batch_in_flight_finish_and_starts_no_other(rig: Rig) -> None:
    lst, campaign = await rig.list_of(500), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    rig.calls.hang_next("addPhones")
    view = View()
    runner = rig.runner(in_flight=1)
    await runner.start(push.id, view)
    await rig.calls.wait_for(lambda: rig.calls.requests_of("addPhones"), 5, "the first batch")
    runner.begin_stop()
    rig.calls.release_hangs()  # the hung request gets a 503 and is retried within the budget
    await view.wait()
    assert view.was_interrupted
    stopped = await rig.get(push.id)
    assert stopped.status is PushStatus.RUNNING
    assert stopped.done == 100
    with pytest.raises(Stopping):
        await runner.start(push.id, View())


async def test_a_campaign_closed_mid_push_keeps_what_was_confirmed(rig: Rig) -> None:
    lst, campaign = await rig.list_of(500), await rig.campaign()
    push = await rig.push(lst, campaign, 100)

    after_added(rig.calls, 2, lambda: rig.calls.close_campaign("deleted"))  # the 3rd request is refused
    view = View()
    await rig.runner(in_flight=1).start(push.id, view)
    await view.wait()
    assert view.stopped_with is not None
    assert view.stopped_with[0] is StopReason.CAMPAIGN_CLOSED
    failed = await rig.get(push.id)
    assert (failed.status, failed.done, failed.accepted) == (PushStatus.FAILED, 200, 200)
    assert len(rig.calls.added()) == 200


async def test_a_campaign_removed_mid_push_stops_it(rig: Rig) -> None:
    lst, campaign = await rig.list_of(500), await rig.campaign()
    push = await rig.push(lst, campaign, 100)

    async def remove() -> None:
        removal = await rig.campaigns.remove(campaign.id, user_id=1)
        assert removal is not None
        runner.campaign_removed(removal.cancelled_pushes)

    rig.pushes = OnMark(rig.db, 1, remove)  # removed while the 1st batch is in flight, the 2nd ready
    runner = rig.runner(in_flight=1)
    view = View()
    await runner.start(push.id, view)
    await view.wait()
    assert view.stopped_with is not None
    assert view.stopped_with[0] is StopReason.CAMPAIGN_REMOVED
    cancelled = await rig.get(push.id)
    assert (cancelled.status, cancelled.done) == (PushStatus.CANCELLED, 100)  # the 1st answer is counted
    assert len(rig.calls.added()) == 100


async def test_a_broken_view_does_not_stop_the_push(rig: Rig) -> None:
    lst, campaign = await rig.list_of(300), await rig.campaign()
    push = await rig.push(lst, campaign, 100)

    async def boom() -> None:
        raise RuntimeError("message to edit not found")

    view = AtProgress(100, boom)
    await rig.runner().start(push.id, view)
    await view.wait()
    assert view.summary is not None
    assert view.summary.accepted == 300


async def test_an_empty_list_is_done_at_once(rig: Rig) -> None:
    lst, campaign = await rig.list_of(0), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    view = View()
    await rig.runner().start(push.id, view)
    await view.wait()
    assert view.summary is not None
    assert (view.summary.total, view.summary.accepted) == (0, 0)
    assert not rig.calls.requests_of("addPhones")
