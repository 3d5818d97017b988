"""A fake Tovie / JAICP Calls API server (the documented contract: docs/calls_api.md).

async with FakeCallsApi() as calls:     # aiohttp on 127.0.0.1, random port; calls.base_url, TOKEN
    calls.fail_next("addPhones", 429, retry_after=1)
    ...
    assert calls.times_added("442079460123") == 1
"""

from tests.fakecalls.server import (
    PROXY_502_HTML,
    TOKEN,
    CallsRequest,
    Campaign,
    FakeCallsApi,
    Job,
    outcome_of,
)

__all__ = ["PROXY_502_HTML", "TOKEN", "CallsRequest", "Campaign", "FakeCallsApi", "Job", "outcome_of"]
