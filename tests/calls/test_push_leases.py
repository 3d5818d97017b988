"""Pushes on two instances sharing one database and one Redis: the start-up of one does not take over a
push the other runs (its lease is alive), takes it over once that lease expired, and a second push of
the same list to the same campaign is refused while one runs anywhere. Skipped without TEST_REDIS_URL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

from services.coordination import Coordinator
from services.push_types import PushBusy, PushConfig, PushView
from services.pushes import PushRunner, ViewFactory
from storage.pushes import Push, PushStatus
from tests.calls import test_push_runner as base
from tests.calls.test_push_runner import Rig, View, assert_each_once
from tests.unit.test_coordination import Make, redis_instances

db = base.db  # the fixtures of the runner's tests
rig = base.rig


@pytest.fixture
async def make() -> AsyncIterator[Make]:
    async with redis_instances() as make:
        yield make


def resumed_views() -> tuple[list[View], asyncio.Event, ViewFactory]:
    """A view factory for `resume_unfinished` that keeps the views it made and sets the event."""
    views: list[View] = []
    asked = asyncio.Event()

    async def view_for(_: Push) -> PushView:
        views.append(View())
        asked.set()
        return views[-1]

    return views, asked, view_for


def runner(rig: Rig, coordinator: Coordinator, **config: Any) -> PushRunner:
    return PushRunner(
        rig.pushes,
        rig.campaigns,
        rig.lists,
        rig.background,
        PushConfig(**config),
        api_factory=lambda host, token: rig.make_api(host=host, token=token),
        coordinator=coordinator,
    )


async def test_start_up_leaves_a_push_another_live_instance_runs_and_takes_it_over_once_it_died(
    rig: Rig, make: Make
) -> None:
    lst, campaign = await rig.list_of(300), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    a, b = make(), make()
    held = await a.acquire(f"push:{lst.id}:{campaign.id}")  # instance A runs this push
    assert held is not None
    views, asked, view_for = resumed_views()
    b_runner = runner(rig, b)
    assert await b_runner.resume_unfinished(view_for) == []  # B starts up: A is alive
    assert views == []  # and the manager is not told "resuming"
    assert await b_runner.busy_for(lst.id, campaign.id)
    with pytest.raises(PushBusy):
        await b_runner.start(push.id, View())
    assert rig.calls.requests_of("addPhones") == []

    held.heartbeat.cancel()  # type: ignore[attr-defined]  # A is killed: its lease is no longer renewed
    await asyncio.wait_for(asked.wait(), 3)  # B looks again after a TTL and takes it over
    await views[0].wait()
    await rig.background.idle()
    assert_each_once(rig.calls, 300)
    assert (await rig.get(push.id)).status is PushStatus.DONE
    assert not await b.held(f"push:{lst.id}:{campaign.id}")  # given back when the run ended


async def test_a_push_of_an_instance_that_dies_later_is_taken_over_without_a_restart(
    rig: Rig, make: Make
) -> None:
    """B started before A's push existed; A runs it and is killed. Nobody restarts: B's sweep (every
    lease TTL) takes the push over once A's lease expired, and every number is added once."""
    a, b = make(), make()
    views, asked, view_for = resumed_views()
    b_runner = runner(rig, b)
    assert await b_runner.resume_unfinished(view_for) == []  # B's start-up: nothing to resume
    lst, campaign = await rig.list_of(200), await rig.campaign()
    push = await rig.push(lst, campaign, 100)
    held = await a.acquire(f"push:{lst.id}:{campaign.id}")  # A runs it
    assert held is not None
    await asyncio.sleep(b.lease_ttl * 2)
    assert views == []  # A is alive: B leaves it alone
    held.heartbeat.cancel()  # type: ignore[attr-defined]  # A is killed
    await asyncio.wait_for(asked.wait(), 5)
    await views[0].wait()
    await rig.background.idle()
    assert_each_once(rig.calls, 200)
    assert (await rig.get(push.id)).status is PushStatus.DONE
    b_runner.begin_stop()


async def test_a_push_being_started_by_its_creator_is_not_taken_by_another_instance(
    rig: Rig, make: Make
) -> None:
    """Between `create` and `start` on A (a few milliseconds), B's sweep must not take the push:
    A's start would fail as busy and cancel the push B runs."""
    a, b = make(), make()
    lst, campaign = await rig.list_of(100), await rig.campaign()
    push = await rig.push(lst, campaign, 100)  # created by A, not started yet
    b_runner = runner(rig, b)

    taken: list[int] = []

    async def view_for(found: Push) -> PushView:
        taken.append(found.id)
        return View()

    assert await b_runner.resume_unfinished(view_for) == []
    assert taken == []
    a_runner = runner(rig, a)
    view = View()
    assert await a_runner.start(push.id, view)
    await view.wait()
    await rig.background.idle()
    assert (await rig.get(push.id)).status is PushStatus.DONE
    b_runner.begin_stop()
