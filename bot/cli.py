"""`python -m bot [command]`: a thin dispatcher. Each command takes (args, settings) -> exit code.

Exit codes: 0 ok, 2 configuration error (one line on stderr, no traceback): a bad setting, or a
database that cannot be opened.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.logs import install_redaction
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from aiogram import Bot

logger = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace, Settings], int]
SHUTDOWN_GRACE_SECONDS = 10.0


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level_number,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    # The token is in every Bot API URL, so in the text of any exception about a request.
    install_redaction([settings.bot_token.get_secret_value()])
    if settings.log_level_number > logging.DEBUG:
        logging.getLogger("aiosqlite").setLevel(logging.INFO)


async def polling(settings: Settings) -> None:
    from bot.app import api_server, create_bot, create_dispatcher
    from bot.middlewares import InFlight
    from bot.session import POLLING_TIMEOUT_SECONDS, TelegramSession
    from storage.db import Database
    from storage.users import UsersRepo

    db = await Database.open(settings.database_path)
    try:
        dp = create_dispatcher(settings, db)
        users: UsersRepo = dp["users"]
        await users.bootstrap_admins()
        if not settings.admin_ids:
            logger.warning("ADMIN_IDS is empty: nobody can grant access. /start the bot to see your ID.")
        # Until create_bot makes this session and passes the flood budget itself (issue 10).
        bot = create_bot(settings, session=TelegramSession(api=api_server(settings)))
        set_flood_wait_budget(bot, settings.flood_wait_seconds)
        # Start-up objects (aiogram's models: ~150 MB) live forever; frozen, full garbage collections
        # skip them instead of stalling the event loop for 100-300 ms during large list exports.
        gc.freeze()
        await dp.start_polling(
            bot, polling_timeout=POLLING_TIMEOUT_SECONDS, handle_signals=True, close_bot_session=False
        )
        in_flight: InFlight = dp["in_flight"]
        await in_flight.drain(SHUTDOWN_GRACE_SECONDS)
        await bot.session.close()
    finally:
        await db.close()
        logger.info("Stopped")


def set_flood_wait_budget(bot: Bot, seconds: float) -> None:
    """Give the session's RetryAfter middleware the FLOOD_WAIT_SECONDS budget."""
    from bot.middlewares import RetryAfter

    for middleware in bot.session.middleware:
        if isinstance(middleware, RetryAfter):
            middleware.budget = seconds


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Long polling until SIGINT/SIGTERM."""
    asyncio.run(polling(settings))
    return 0


def cmd_import_clients(args: argparse.Namespace, settings: Settings) -> int:
    """Load the platform's clients report (XLSX/CSV) into the clients store."""
    from bot.import_clients import run_import

    return asyncio.run(run_import(settings.database_path, Path(args.file), project=args.project))


def cmd_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    """Fill the clients store with deterministic fake clients (idempotent)."""
    from bot.demo_data import run_demo_data

    print(asyncio.run(run_demo_data(settings.database_path)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Client lists bot for outbound campaigns."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run the bot with long polling (the default)")
    run.set_defaults(handler=cmd_run)
    clients = sub.add_parser(
        "import-clients", help="load the platform's clients report (XLSX or CSV) for /clients"
    )
    clients.add_argument("file", metavar="FILE", help="the clients report, .xlsx or .csv")
    clients.add_argument(
        "--project", metavar="NAME", help="bot project of every row (default: the Project column)"
    )
    clients.set_defaults(handler=cmd_import_clients)
    demo = sub.add_parser("demo-data", help="add realistic fake clients to try /clients (idempotent)")
    demo.set_defaults(handler=cmd_demo_data)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Command = getattr(args, "handler", cmd_run)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    setup_logging(settings)
    from storage.db import DatabaseUnavailable, MigrationError

    try:
        return handler(args, settings)
    except (DatabaseUnavailable, MigrationError) as exc:
        print(f"configuration error: DATABASE_URL: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
