"""Telegram layer: routers, filters, keyboards, texts and FSM states.

`feature_routers()` is the one place that fixes the order routers are included in: commands that
work everywhere first, then features, then the fallback that answers whatever nobody handled.
A new feature adds one line here.
"""

from __future__ import annotations

from aiogram import Router


def feature_routers() -> list[Router]:
    from handlers import access, admin, audit, clients, errors, fallback, lists, new_list, start

    routers = [
        errors.router,
        new_list.cancel_router,  # before start: /cancel in flow A also discards the pending import
        start.router,
        access.router,
        admin.router,
        audit.router,
        # Features (flows A, C, B) go here, before the fallback.
        new_list.router,
        lists.router,
        clients.router,
        fallback.router,
    ]
    for router in routers:
        _detach(router)
    return routers


def _detach(router: Router) -> None:
    """Module-level routers attach to one parent only; tests build a Dispatcher per test."""
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None
