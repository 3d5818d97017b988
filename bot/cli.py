"""`python -m bot [command]`: a thin dispatcher. Each command takes (args, settings) -> exit code.

Exit codes: 0 ok, 2 configuration error (one line on stderr, no traceback): a bad setting, or a
database that cannot be opened.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from bot import signals
from bot.logs import install_redaction
from bot.settings import Settings, SettingsError, load_settings

logger = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace, Settings], int]
HEALTHCHECK_TIMEOUT = 8.0


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level_number,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    # The token is in every Bot API URL, so in the text of any exception about a request; the webhook's
    # secret and a password in REDIS_URL are kept out of the log the same way.
    install_redaction(_secrets(settings))
    # Never below INFO: aiosqlite's DEBUG lines carry every statement's parameters (phone numbers,
    # a call campaign's API token), which no log may hold whatever LOG_LEVEL says.
    logging.getLogger("aiosqlite").setLevel(max(logging.INFO, settings.log_level_number))


def _secrets(settings: Settings) -> list[str]:
    passwords = [
        urlsplit(url).password or "" for url in (settings.redis_url.get_secret_value(), settings.database_url)
    ]
    return [settings.bot_token.get_secret_value(), settings.webhook_secret.get_secret_value(), *passwords]


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Long polling until SIGINT/SIGTERM (bot.lifecycle: start, poll, bounded shutdown)."""
    from bot.lifecycle import serve

    asyncio.run(serve(settings))
    return 0


def cmd_webhook(args: argparse.Namespace, settings: Settings) -> int:
    """Webhook mode whatever BOT_MODE says; the WEBHOOK_* settings are checked as for BOT_MODE=webhook."""
    try:
        webhook_settings = load_settings(bot_mode="webhook")
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    return cmd_run(args, webhook_settings)


def cmd_healthcheck(args: argparse.Namespace, settings: Settings) -> int:
    """Ask the running bot's GET /healthz (the container's HEALTHCHECK): 0 healthy, 1 not."""
    import json
    import urllib.error
    import urllib.request

    port = settings.http_listen_port
    if port is None:
        print("no HTTP server: set HTTP_PORT (polling) or BOT_MODE=webhook", file=sys.stderr)
        return 1
    host = "127.0.0.1" if settings.http_host in {"0.0.0.0", "::", ""} else settings.http_host
    url = f"http://{host}:{port}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=HEALTHCHECK_TIMEOUT) as response:
            body = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        print(
            f"unhealthy: {url} answered {exc.code} {exc.read(200).decode(errors='replace')}", file=sys.stderr
        )
        return 1
    except (OSError, ValueError) as exc:
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(body))
    return 0 if body.get("ok") is True else 1


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Bring the database's schema up to date and say where it stands (start-up also does it)."""
    from storage.connect import describe, open_database

    async def migrate() -> int:
        db = await open_database(settings.database_url, migrate=True)
        try:
            return await db.schema_version()
        finally:
            await db.close()

    print(f"database {describe(settings.database_url)}: schema version {asyncio.run(migrate())}")
    return 0


def cmd_import_clients(args: argparse.Namespace, settings: Settings) -> int:
    """Load the platform's clients report (XLSX/CSV) into the clients store."""
    from bot.import_clients import run_import

    return asyncio.run(run_import(settings.database_url, Path(args.file), project=args.project))


def cmd_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    """Fill the clients store with deterministic fake clients (idempotent)."""
    from bot.demo_data import run_demo_data

    print(asyncio.run(run_demo_data(settings.database_url)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot", description="Client lists bot for outbound campaigns."
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run the bot (BOT_MODE: long polling, the default, or webhook)")
    run.set_defaults(handler=cmd_run)
    webhook = sub.add_parser("webhook", help="run the bot in webhook mode (as BOT_MODE=webhook)")
    webhook.set_defaults(handler=cmd_webhook)
    migrate = sub.add_parser("migrate", help="apply the database's migrations and print its schema version")
    migrate.set_defaults(handler=cmd_migrate)
    health = sub.add_parser("healthcheck", help="ask the running bot's /healthz; exit 0 healthy, 1 not")
    health.set_defaults(handler=cmd_healthcheck)
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
    if handler is not cmd_run:  # a one-off command: Ctrl+C and SIGTERM interrupt it as usual
        signals.restore_defaults()
        if (early := signals.early()) is not None:
            return 128 + early.value
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return 2
    setup_logging(settings)
    from bot.intake import StartupRefused
    from storage.db import DatabaseUnavailable, MigrationError

    try:
        return handler(args, settings)
    except (DatabaseUnavailable, MigrationError) as exc:
        print(f"configuration error: DATABASE_URL: {exc}", file=sys.stderr)
        return 2
    except StartupRefused as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
