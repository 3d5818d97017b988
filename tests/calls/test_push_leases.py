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
from services.pushes import PushRunner
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
    views: list[View] = []
    asked = asyncio.Event()

    async def view_for(_: Push) -> PushView:
        views.append(View())
        asked.set()
        return views[-1]

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
