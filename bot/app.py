"""Factories: the Bot (API server, session middlewares, HTML) and the Dispatcher (storage, workflow
data, middlewares, routers). Adding a feature: one router in handlers.feature_routers(), one
repository in `repositories()`."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import PRODUCTION, TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.locale import i18n_middleware
from bot.middlewares import (
    FLOOD_WAIT_SECONDS,
    Identity,
    IgnoreNotModified,
    PrivateChatsOnly,
    RememberUsers,
    RetryAfter,
)
from bot.session import TelegramSession
from bot.settings import Settings
from bot.state import KEY_PREFIX, conversation_state
from handlers import feature_routers
from handlers.common import texts
from i18n import DEFAULT_LOCALE, LOCALES, speaking
from services.background import Background
from services.coordination import Coordinator, coordinator_for
from services.export import ListExporter
from services.imports import ImportConfig, ImportJobs
from services.push_types import PushConfig
from services.pushes import PushRunner
from sheets.model import SandboxLimits
from storage.audit import AuditRepo
from storage.campaigns import CampaignsRepo
from storage.clients import ClientsRepo
from storage.import_checks import ImportChecksRepo
from storage.imports import ImportsRepo
from storage.lists import ListsRepo
from storage.pushes import PushesRepo
from storage.sql import Database
from storage.users import UsersRepo

logger = logging.getLogger(__name__)


def api_server(settings: Settings) -> TelegramAPIServer:
    if settings.telegram_api_url:
        return TelegramAPIServer.from_base(settings.telegram_api_url)
    return PRODUCTION


def configure_session(session: BaseSession, flood_wait_seconds: float = FLOOD_WAIT_SECONDS) -> BaseSession:
    """Request middlewares every Bot session gets (the tests' recording session too)."""
    session.middleware(RetryAfter(flood_wait_seconds))
    session.middleware(IgnoreNotModified())
    return session


def create_bot(settings: Settings, session: BaseSession | None = None) -> Bot:
    session = configure_session(
        session or TelegramSession(api=api_server(settings)), settings.flood_wait_seconds
    )
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


def coordinator(settings: Settings) -> Coordinator:
    """What instances agree on (services.coordination): in memory, or in Redis with REDIS_URL (keys
    under the prefix of the conversation state: several bots may share one Redis database)."""
    return coordinator_for(settings.redis_url.get_secret_value(), prefix=f"{KEY_PREFIX}:coord")


def repositories(settings: Settings, db: Database, coordinator: Coordinator) -> dict[str, Any]:
    """Every repository, by the name handlers ask for it."""
    return {
        "users": UsersRepo(db, settings.admin_ids),
        "lists": ListsRepo(db),
        "audit": AuditRepo(db),
        "exporter": ListExporter(ListsRepo(db), AuditRepo(db), coordinator),
        "clients": ClientsRepo(db),
        "imports": ImportsRepo(db),
        "import_jobs": ImportJobs(import_config(settings), ImportChecksRepo(db), coordinator),
        "campaigns": CampaignsRepo(db),
        "pushes": PushesRepo(db),
    }


def import_config(settings: Settings) -> ImportConfig:
    """Flow A's limits: upload size, sandbox memory/time, parallel checks, pending-import lifetime."""
    return ImportConfig(
        max_file_mb=settings.max_file_mb,
        limits=SandboxLimits(
            memory_bytes=settings.import_memory_mb * 2**20,
            cpu_seconds=int(settings.import_timeout_seconds) + 5,
            timeout_seconds=settings.import_timeout_seconds,
        ),
        default_region=settings.default_region,
        max_concurrent=settings.max_concurrent_imports,
        stage_ttl=timedelta(hours=settings.stage_ttl_hours),
    )


def create_dispatcher(settings: Settings, db: Database) -> Dispatcher:
    # One update of a user at a time, in the order they came: a tap right after another, or /new right
    # after /cancel, never runs against the state the earlier one is still changing.
    storage, isolation = conversation_state(settings, db)
    background = Background()
    coordination = coordinator(settings)
    repos = repositories(settings, db, coordination)
    runner = PushRunner(
        repos["pushes"],
        repos["campaigns"],
        repos["lists"],
        background,
        PushConfig(batch_size=settings.calls_batch_size, in_flight=settings.calls_in_flight),
        coordinator=coordination,
    )
    dp = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        isolation=isolation,
        background=background,
        coordinator=coordination,
        push_runner=runner,
        settings=settings,
        db=db,
        calls_api_url=settings.calls_api_url,  # the host /campaigns offers (handlers don't import bot)
        **repos,
    )
    dp.update.outer_middleware(PrivateChatsOnly())
    dp.update.outer_middleware(RememberUsers())
    dp.update.outer_middleware(Identity())
    i18n_middleware().setup(dp)  # after RememberUsers: a first contact's language is stored by then
    dp.include_routers(*feature_routers())
    dp.startup.register(set_commands)
    return dp


async def set_commands(bot: Bot, settings: Settings, users: UsersRepo) -> None:
    """Register the command menu in every language (Russian for Telegram clients in Russian, English
    for the rest); admins from ADMIN_IDS also see the admin commands, in their stored language."""

    def menu(locale: str, *, admin: bool) -> list[BotCommand]:
        with speaking(locale):
            return [BotCommand(command=c, description=d) for c, d in texts.command_menu(admin=admin)]

    try:
        for locale in LOCALES:
            code = None if locale == DEFAULT_LOCALE else locale
            await bot.set_my_commands(
                menu(locale, admin=False), scope=BotCommandScopeDefault(), language_code=code
            )
    except TelegramAPIError as exc:
        logger.warning("Could not register the command menu: %s", exc)
        return
    for admin_id in settings.admin_ids:
        try:
            admin = menu(await users.language(admin_id) or DEFAULT_LOCALE, admin=True)
            await bot.set_my_commands(admin, scope=BotCommandScopeChat(chat_id=admin_id))
        except TelegramAPIError as exc:  # the admin has not opened the bot yet
            logger.info("Could not register admin commands for %s: %s", admin_id, exc)
