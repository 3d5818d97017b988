"""Flow C's routers: lists for managers, /audit for admins."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from handlers.common.callbacks import MenuAction, MenuCb
from handlers.common.filters import menu_button, protect
from handlers.lists import audit, browse, delete, download
from handlers.lists.callbacks import ListAction, ListCb
from storage.users import Role


def setup() -> Router:
    router = protect(Router(name="lists"), Role.OUTBOUND_MANAGER)
    router.message.register(browse.lists_command, Command("lists"))
    router.message.register(browse.lists_command, F.text.in_(menu_button("menu-lists")))
    router.callback_query.register(browse.lists_menu_button, MenuCb.filter(F.action == MenuAction.LISTS))
    router.callback_query.register(browse.turn_page, ListCb.filter(F.action == ListAction.PAGE))
    router.callback_query.register(
        browse.open_card, ListCb.filter(F.action.in_({ListAction.OPEN, ListAction.CANCEL_DELETE}))
    )
    router.callback_query.register(download.download, ListCb.filter(F.action == ListAction.DOWNLOAD))
    router.callback_query.register(delete.ask_delete, ListCb.filter(F.action == ListAction.DELETE))
    router.callback_query.register(
        delete.confirm_delete, ListCb.filter(F.action == ListAction.CONFIRM_DELETE)
    )
    return router


def audit_router() -> Router:
    router = protect(Router(name="audit"), Role.ADMIN)
    router.message.register(audit.recent_events, Command("audit"))
    return router
