"""``migraine-bot check``: is this installation ready to run? One line per check.

Checks, in order: the configuration (settings parse, token well-formed, mode), the database
(reachable; an SQLite file or its folder writable), the migration state, the SQLite files'
permissions (owner only), and the Bot API
(``getMe`` with a timeout; in webhook mode also ``getWebhookInfo``). Each line reads ``ok``,
``WARN`` or ``FAIL``, what was found and, when something is wrong, what to do. The exit code is
1 if any check failed, else 0; ``--quiet`` prints only the failures (for container healthchecks).
The token and the webhook secret are never printed; a database password is shown as ``***``.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from bot.config import ConfigError, Settings, load_settings
from bot.logs import configure_logging, redact
from bot.ops.webhook import public_webhook_url
from bot.storage.database import Database
from bot.storage.engine import (
    SQLITE_FILE_MODE,
    SQLITE_FOLDER_MODE,
    DatabaseError,
    DatabaseUrlError,
    safe_url,
)
from bot.storage.maintenance import known_revisions, locate, ping, with_connect_timeout
from bot.storage.migrate import current_revision, head_revision

DEFAULT_TIMEOUT_SECONDS = 5.0
EXIT_OK = 0
EXIT_FAILED = 1


class Status(StrEnum):
    """How one check went."""

    OK = "ok"
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class CheckResult:
    """One line of the report."""

    name: str
    status: Status
    detail: str
    hint: str = ""

    def line(self) -> str:
        """The printed line: status, name, what was found, and what to do."""
        text = f"{self.status.value:<4} {self.name}: {self.detail}"
        return f"{text} (hint: {self.hint})" if self.hint else text


def run_check(
    env_file: str | None,
    *,
    quiet: bool = False,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    out: TextIO | None = None,
) -> int:
    """Run every check, print one line each (only failures if ``quiet``); return the exit code."""
    out = out or sys.stdout
    results: list[CheckResult] = []
    secrets: list[str] = []
    for result in _checks(env_file, timeout, secrets):
        results.append(result)
        if not quiet or result.status is Status.FAIL:
            print(redact(result.line(), secrets), file=out, flush=True)
    return EXIT_FAILED if any(r.status is Status.FAIL for r in results) else EXIT_OK


def _checks(env_file: str | None, timeout: float, secrets: list[str]) -> Iterator[CheckResult]:
    try:
        settings = load_settings(env_file)
    except ConfigError as exc:
        yield CheckResult(
            "configuration", Status.FAIL, str(exc), "fix .env or the environment (.env.example)"
        )
        return
    for secret in (settings.telegram_bot_token, settings.webhook_secret_token):
        if secret is not None:
            secrets.append(secret.get_secret_value())
    # Library warnings (PTB, httpx) would otherwise reach stderr unformatted: redact them too.
    configure_logging("ERROR", secrets=secrets, log_format=settings.log_format)
    token: str | None = None
    try:
        token = settings.require_token()
    except ConfigError as exc:
        yield CheckResult("configuration", Status.FAIL, str(exc))
    else:
        yield _configuration(settings)
    yield from _database(settings, timeout)
    if token is not None:
        yield from asyncio.run(_bot_api(settings, token, timeout))


def _configuration(settings: Settings) -> CheckResult:
    if settings.webhook_url is None:
        return CheckResult("configuration", Status.OK, "token set; polling mode")
    mode = f"token set; webhook mode at {public_webhook_url(settings)}"
    if settings.webhook_secret_token is None:
        return CheckResult(
            "configuration", Status.OK, f"{mode}, a new secret token generated at each start"
        )
    return CheckResult("configuration", Status.OK, f"{mode}, secret token set")


def _database(settings: Settings, timeout: float) -> Iterator[CheckResult]:
    url = settings.database_url
    shown = safe_url(url)
    try:
        location = locate(url)
    except ValueError:
        yield CheckResult("database", Status.FAIL, "cannot parse DATABASE_URL", _URL_HINT)
        return
    if location.in_memory:
        yield CheckResult(
            "database", Status.WARN, f"{shown} is in memory: the diary is lost at every stop"
        )
        return
    if location.sqlite_file is not None and not location.sqlite_file.exists():
        yield _future_sqlite_file(location.sqlite_file)
        return
    if location.sqlite_file is not None and not _writable(location.sqlite_file):
        yield CheckResult(
            "database",
            Status.FAIL,
            f"{location.sqlite_file} or its folder is not writable by this user",
            "fix the owner or mode of the file and its folder (SQLite writes -wal/-shm files)",
        )
        return
    try:
        database = Database.from_url(with_connect_timeout(url, max(1, round(timeout))))
    except DatabaseUrlError as exc:
        yield CheckResult("database", Status.FAIL, str(exc), _URL_HINT)
        return
    try:
        ping(database)
        yield CheckResult("database", Status.OK, f"{shown} answers")
        yield _migrations(database)
        if location.sqlite_file is not None:
            yield _sqlite_permissions(location.sqlite_file)
    except DatabaseError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        yield CheckResult(
            "database",
            Status.FAIL,
            f"cannot reach {shown}: {reason}",
            "is the server running and reachable, and are the name, user and password right?",
        )
    finally:
        database.dispose()


_URL_HINT = "e.g. sqlite:////data/migraine-diary.db or postgresql://user:pass@host:5432/db"


def _future_sqlite_file(path: Path) -> CheckResult:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if os.access(folder, os.W_OK | os.X_OK):
        return CheckResult(
            "database",
            Status.WARN,
            f"{path} does not exist yet; the bot creates it at start-up",
        )
    return CheckResult(
        "database",
        Status.FAIL,
        f"{path} does not exist and {folder} is not writable by this user",
        "fix the folder's owner or mode, or point DATABASE_URL elsewhere",
    )


def _sqlite_permissions(path: Path) -> CheckResult:
    """WARN when the diary's folder or files can be read by anyone but their owner."""
    wide: list[str] = []
    folder_mode = path.parent.stat().st_mode & 0o777
    if folder_mode & ~SQLITE_FOLDER_MODE:
        wide.append(f"{path.parent}/ {folder_mode:04o}")
    files = [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))]
    for file in files:
        if file.exists() and (mode := file.stat().st_mode & 0o777) & ~SQLITE_FILE_MODE:
            wide.append(f"{file.name} {mode:04o}")
    if not wide:
        return CheckResult("permissions", Status.OK, "the diary is readable by its owner only")
    return CheckResult(
        "permissions",
        Status.WARN,
        "the diary is readable by other users: " + ", ".join(wide),
        f"chmod {SQLITE_FOLDER_MODE:o} {path.parent} && chmod {SQLITE_FILE_MODE:o} {path}*",
    )


def _writable(path: Path) -> bool:
    return os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _migrations(database: Database) -> CheckResult:
    head = head_revision()
    current = current_revision(database.engine)
    if current == head:
        return CheckResult("migrations", Status.OK, f"at {head} (the newest)")
    if current is None:
        return CheckResult(
            "migrations",
            Status.WARN,
            f"the database is empty; the bot creates the schema ({head}) at start-up",
            "or run: migraine-bot db upgrade",
        )
    if current not in known_revisions():
        return CheckResult(
            "migrations",
            Status.FAIL,
            f"the database is at {current}, which this version does not know (newest: {head})",
            "it was upgraded by a newer version of the bot: run that version",
        )
    return CheckResult(
        "migrations",
        Status.WARN,
        f"at {current}, the newest is {head}; the bot upgrades at start-up",
        "or run: migraine-bot db upgrade",
    )


async def _bot_api(settings: Settings, token: str, seconds: float) -> list[CheckResult]:
    base = settings.telegram_api_base_url
    request = HTTPXRequest(
        connect_timeout=seconds, read_timeout=seconds, write_timeout=seconds, pool_timeout=seconds
    )
    bot = Bot(token, base_url=base, base_file_url=settings.telegram_file_base_url, request=request)
    results: list[CheckResult] = []
    try:
        async with bot:  # initialize() asks getMe
            results.append(
                CheckResult("bot api", Status.OK, f"{base} knows this bot as @{bot.username}")
            )
            if settings.webhook_url is not None:
                results.append(await _webhook(bot, settings))
    except InvalidToken:
        results.append(
            CheckResult(
                "bot api",
                Status.FAIL,
                f"{base} rejected the token",
                "copy the token from @BotFather again (/token), or it was revoked",
            )
        )
    except TimedOut:
        results.append(
            CheckResult(
                "bot api",
                Status.FAIL,
                f"{base} did not answer within {seconds:g} s",
                "check the network, a proxy or firewall, or TELEGRAM_API_BASE_URL",
            )
        )
    except NetworkError as exc:
        results.append(
            CheckResult(
                "bot api",
                Status.FAIL,
                f"cannot reach {base}: {exc.message}",
                "check the network, DNS, or TELEGRAM_API_BASE_URL",
            )
        )
    except TelegramError as exc:
        results.append(CheckResult("bot api", Status.FAIL, f"{base} answered: {exc.message}"))
    return results


async def _webhook(bot: Bot, settings: Settings) -> CheckResult:
    info = await bot.get_webhook_info()
    expected = public_webhook_url(settings)
    if info.url != expected:
        registered = info.url or "no webhook"
        return CheckResult(
            "webhook",
            Status.WARN,
            f"Telegram has {registered}, not {expected}",
            "the bot registers its URL when it starts",
        )
    if info.last_error_message:
        return CheckResult(
            "webhook",
            Status.WARN,
            f"registered; Telegram's last delivery error: {info.last_error_message} "
            f"({info.pending_update_count} updates waiting)",
            "is the reverse proxy forwarding to WEBHOOK_PORT?",
        )
    return CheckResult(
        "webhook", Status.OK, f"registered, {info.pending_update_count} updates waiting"
    )
