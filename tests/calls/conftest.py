"""The Calls API client against the fake server: one fake per test, clients with short budgets."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from services.calls_api import CallsApi
from tests.fakecalls import TOKEN, FakeCallsApi

ApiFactory = Callable[..., CallsApi]


@pytest.fixture
async def calls() -> AsyncIterator[FakeCallsApi]:
    async with FakeCallsApi() as server:
        yield server


@pytest.fixture
async def make_api(calls: FakeCallsApi) -> AsyncIterator[ApiFactory]:
    """CallsApi(calls.base_url, TOKEN) with test-sized timings; every client made is closed after."""
    made: list[CallsApi] = []

    def make(**overrides: Any) -> CallsApi:
        options: dict[str, Any] = {
            "host": calls.base_url,
            "token": TOKEN,
            "timeout": 2.0,
            "retry_budget_seconds": 3.0,
            "backoff_base": 0.02,
            "backoff_cap": 0.2,
        }
        options.update(overrides)
        api = CallsApi(options.pop("host"), options.pop("token"), **options)
        made.append(api)
        return api

    yield make
    for api in made:
        await api.close()


@pytest.fixture
def api(make_api: ApiFactory) -> CallsApi:
    return make_api()


def item(phone: str | int, **fields: Any) -> dict[str, Any]:
    return {"phone": phone, **fields}


def phones(n: int, start: int = 0) -> list[str]:
    """Numbers in a real plan (London, 020 7946 0xxx is reserved for drama); the last digit picks the
    fake's report outcome."""
    return [f"4420794600{i:02d}" for i in range(start, start + n)]
