"""The ``migraine-bot`` command (also ``python -m bot``): run, chat, db, check, backup, restore."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import SecretStr

from bot.app import build_application
from bot.chat import run_chat
from bot.config import ConfigError, Settings, load_settings
from bot.handlers.base import BotApplication
from bot.logs import configure_logging, redact
from bot.ops.backup import run_backup, run_restore
from bot.ops.check import run_check
from bot.ops.health import attach_health_server
from bot.ops.runner import TokenRejectedError, run_bot
from bot.ops.watchdog import attach_database_watchdog
from bot.ops.webhook import generate_secret
from bot.storage.database import Database
from bot.storage.engine import DatabaseError, DatabaseUrlError, safe_url
from bot.storage.migrate import current_revision, upgrade_database

logger = logging.getLogger(__name__)
EXIT_CONFIG = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="migraine-bot", description="Migraine Diary Bot: a Telegram headache diary."
    )
    parser.add_argument("--env-file", default=".env", help="settings file to read (default: .env)")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot against Telegram (polling, or webhook if set)")
    chat = sub.add_parser("chat", help="try the bot in this terminal: no token, no network")
    chat.add_argument(
        "--data-dir",
        default="chat-data",
        help="folder for the chat's own database and the files the bot sends (default: chat-data)",
    )
    chat.add_argument("--fresh", action="store_true", help="start with an empty diary")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply pending migrations")
    check = sub.add_parser(
        "check", help="check the configuration, database, migrations and Bot API; exit 0 or 1"
    )
    check.add_argument("--quiet", action="store_true", help="print only failures (healthchecks)")
    check.add_argument(
        "--timeout", type=float, default=5.0, help="seconds to wait for each server (default: 5)"
    )
    backup = sub.add_parser(
        "backup", help="copy the diary (SQLite or PostgreSQL) into BACKUP_DIR and rotate it"
    )
    backup.add_argument(
        "--output", type=Path, help="file or folder for the copy (default: BACKUP_DIR, rotated)"
    )
    restore = sub.add_parser("restore", help="put a backup into DATABASE_URL (stop the bot first)")
    restore.add_argument("file", type=Path, help="a file made by migraine-bot backup")
    restore.add_argument(
        "--force", action="store_true", help="replace a database that already holds a diary"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = _parser().parse_args(argv)
    command = args.command or "run"
    env_file = args.env_file if Path(args.env_file).exists() else None
    if command == "check":
        # A configuration problem is one of the checks' findings, not an early exit.
        return run_check(env_file, quiet=args.quiet, timeout=args.timeout)
    secrets: list[str] = []
    try:
        settings = load_settings(env_file)
        if command == "run" and settings.webhook_url and settings.webhook_secret_token is None:
            # Webhook mode never runs without a secret: a new one for this run, generated
            # before logging is set up so that it is redacted like a configured one.
            generated = SecretStr(generate_secret())
            settings = settings.model_copy(update={"webhook_secret_token": generated})
        for secret in (settings.telegram_bot_token, settings.webhook_secret_token):
            if secret is not None:
                secrets.append(secret.get_secret_value())
        configure_logging(settings.log_level, secrets=secrets, log_format=settings.log_format)
        if command == "run":
            return _run(settings)
        if command == "backup":
            return run_backup(settings, output=args.output)
        if command == "restore":
            return run_restore(settings, args.file, force=args.force)
        if command == "chat":
            return run_chat(settings, data_dir=Path(args.data_dir), fresh=args.fresh)
        return _db_upgrade(settings)
    except ConfigError as exc:
        print(f"migraine-bot: configuration error: {redact(str(exc), secrets)}", file=sys.stderr)
        return EXIT_CONFIG
    except DatabaseUrlError as exc:
        print(f"migraine-bot: {redact(str(exc), secrets)}", file=sys.stderr)
        return EXIT_CONFIG
    except DatabaseError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        url = safe_url(settings.database_url)
        print(
            f"migraine-bot: cannot open the database {url}: {redact(reason, secrets)}",
            file=sys.stderr,
        )
        return EXIT_CONFIG


def _run(settings: Settings) -> int:
    """Run the bot until SIGINT or SIGTERM; exit 2 if Telegram refuses the token."""
    token = settings.require_token()
    application = build_application(settings, token=token)
    if settings.health_port is not None:
        attach_health_server(application, listen=settings.health_listen, port=settings.health_port)
    stop = asyncio.Event()
    watchdog = None
    if settings.database_unreachable_exit_seconds is not None:
        watchdog = attach_database_watchdog(
            application, limit_seconds=settings.database_unreachable_exit_seconds, stop=stop.set
        )
    if settings.webhook_url:
        logger.info(
            "starting in webhook mode on port %s",
            settings.webhook_port,
            extra={"mode": "webhook", "port": settings.webhook_port},
        )
    else:
        logger.info("starting in polling mode")
    try:
        asyncio.run(_run_until_signal(application, settings, stop))
    except TokenRejectedError:
        print(
            "migraine-bot: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): the token "
            "is wrong or was revoked. Copy the current one from @BotFather into .env "
            "(a self-hosted Bot API server: check TELEGRAM_API_BASE_URL).",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    return (watchdog.exit_code if watchdog is not None else None) or 0


async def _run_until_signal(
    application: BotApplication, settings: Settings, stop: asyncio.Event
) -> None:
    """Run the bot until ``stop`` is set (SIGINT, SIGTERM or the database watchdog).

    The signals stop it also while start-up is still retrying.
    """
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    await run_bot(application, settings, stop=stop)


def _db_upgrade(settings: Settings) -> int:
    """Apply pending migrations and say where the database stands."""
    database = Database.from_url(settings.database_url)
    try:
        upgrade_database(database.engine)
        revision = current_revision(database.engine)
        print(f"database {safe_url(settings.database_url)} is at revision {revision}")
    finally:
        database.dispose()
    return 0
