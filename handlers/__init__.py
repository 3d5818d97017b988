"""Telegram layer, one package per feature: common/ (start, help, cancel, access, admin, errors,
fallback), new_list/ (flow A), lists/ (flow C and /audit), clients/ (flow B), calls/ (flow D: sending a
list to a call campaign), campaigns/ (flow D's /campaigns for admins).

Handlers parse input, call a service or repository, and render; `feature_routers()` is the one place
that fixes the order routers are tried in: commands that work everywhere first, then features, then
the fallback that answers whatever nobody handled. Each call builds fresh routers.
"""

from __future__ import annotations

from aiogram import Router

from handlers.calls import router as calls
from handlers.campaigns import router as campaigns
from handlers.clients import router as clients
from handlers.common import router as common
from handlers.lists import router as lists
from handlers.new_list import router as new_list


def feature_routers() -> list[Router]:
    return [
        common.errors_router(),
        new_list.cancel_router(),  # before /cancel for everyone: in flow A it also drops the pending import
        common.everyone_router(),
        common.access_router(),
        common.admin_router(),
        lists.audit_router(),
        new_list.setup(),
        lists.setup(),
        calls.setup(),
        clients.setup(),
        campaigns.setup(),
        common.fallback_router(),
    ]
