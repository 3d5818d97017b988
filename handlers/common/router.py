"""Routers of the commands that work everywhere, access requests, admin commands, errors and the
fallback. Each factory returns a fresh Router (tests build a dispatcher per test)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart, StateFilter

from handlers.common import access, admin, errors, fallback, start
from handlers.common.callbacks import AccessAction, AccessCb, GrantRoleCb, LanguageCb
from handlers.common.filters import is_command_or_menu, is_flow_input, protect
from handlers.common.states import GrantFlow
from storage.users import Role


def errors_router() -> Router:
    router = Router(name="errors")
    router.errors.register(errors.on_error)
    return router


def everyone_router() -> Router:
    """/cancel, /help and /language for everyone; /start for managers (strangers': access_router)."""
    router = Router(name="start")
    router.message.filter(F.from_user)
    router.message.register(start.cancel, Command("cancel"))
    router.message.register(start.help_, Command("help"))
    router.message.register(start.language, Command("language"))
    router.callback_query.register(start.language_chosen, LanguageCb.filter())
    managers = protect(Router(name="start.managers"), Role.OUTBOUND_MANAGER)
    managers.message.register(start.start, CommandStart())
    router.include_router(managers)
    return router


def access_router() -> Router:
    router = Router(name="access")
    router.message.register(access.start_without_access, CommandStart(), F.from_user)
    router.callback_query.register(access.request_access, AccessCb.filter(F.action == AccessAction.REQUEST))
    return router


def admin_router() -> Router:
    router = protect(Router(name="admin"), Role.ADMIN)
    router.message.register(admin.list_users, Command("users"))
    router.message.register(admin.grant, Command("grant"))
    router.message.register(admin.revoke, Command("revoke"))
    router.message.register(admin.grant_left_for_another_feature, StateFilter(GrantFlow), is_command_or_menu)
    router.message.register(admin.grant_got_user, GrantFlow.waiting_user, F.text, is_flow_input)
    router.message.register(admin.grant_expects_user, GrantFlow.waiting_user, is_flow_input)
    router.message.register(admin.grant_expects_role, GrantFlow.waiting_role, is_flow_input)
    router.callback_query.register(admin.grant_chose_role, GrantRoleCb.filter())
    router.callback_query.register(
        access.decide_request,
        AccessCb.filter(F.action.in_({AccessAction.GRANT, AccessAction.IGNORE}) & (F.user_id > 0)),
    )
    return router


def fallback_router() -> Router:
    """Included last: answers whatever no other router handled, so nobody meets silence."""
    router = Router(name="fallback")
    router.message.register(fallback.any_message, F.from_user)
    router.callback_query.register(fallback.any_button)
    return router
