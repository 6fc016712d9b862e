"""Operator tasks on the database: where it lives, a liveness ping, and backups.

Used by ``migraine-bot check``, ``migraine-bot backup`` and the health endpoint (``bot.ops``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.storage.database import Database
from bot.storage.migrate import alembic_config

BACKUP_PAGES_PER_STEP = 1024  # copy in steps, so the bot's writers are never blocked for long


class BackupError(Exception):
    """The backup could not be made; the message says why."""


@dataclass(frozen=True)
class DatabaseLocation:
    """What kind of database a URL names, and for an SQLite file, which file."""

    backend: str
    sqlite_file: Path | None = None

    @property
    def in_memory(self) -> bool:
        """An SQLite database that lives only in the process (nothing to check or back up)."""
        return self.backend == "sqlite" and self.sqlite_file is None


def locate(url: str) -> DatabaseLocation:
    """Where ``url`` points, without connecting (``ValueError`` if it cannot be parsed)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ValueError("cannot parse DATABASE_URL") from exc
    backend = parsed.get_backend_name()
    if backend != "sqlite" or parsed.database in (None, "", ":memory:"):
        return DatabaseLocation(backend)
    return DatabaseLocation(backend, Path(parsed.database).expanduser())


def with_connect_timeout(url: str, seconds: int) -> str:
    """``url`` with libpq's ``connect_timeout`` for PostgreSQL, unless it already has one."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or "connect_timeout" in parsed.query:
        return url
    return parsed.update_query_dict({"connect_timeout": str(seconds)}).render_as_string(
        hide_password=False
    )


def ping(database: Database) -> None:
    """Run ``SELECT 1``; raises the driver's error if the database cannot be reached."""
    with database.engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def known_revisions() -> set[str]:
    """Every migration revision this version of the bot ships."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return {script.revision for script in scripts.walk_revisions()}


def backup_sqlite(source: Path, target: Path) -> dict[str, int]:
    """Copy ``source`` to ``target`` through SQLite's online backup API; return row counts.

    The copy is a consistent snapshot even while the bot writes (WAL content included). It is
    written next to ``target`` first, checked (``PRAGMA integrity_check``), readable by the owner
    only (it holds health data), and renamed into place only when complete.

    Raises:
        BackupError: ``source`` is missing, ``target`` exists, or the copy failed its check.
    """
    if not source.is_file():
        raise BackupError(f"there is no database file at {source}")
    if target.exists():
        raise BackupError(f"{target} already exists; choose another --output")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # An empty file is a valid empty database; creating it first sets its permissions.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        with (
            contextlib.closing(sqlite3.connect(source)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst, pages=BACKUP_PAGES_PER_STEP)
            # The bot's file is in WAL mode; a backup is one self-contained file.
            dst.execute("PRAGMA journal_mode=DELETE")
        counts = checked_row_counts(partial)
    except (sqlite3.Error, BackupError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup failed: {exc}") from exc
    partial.replace(target)
    return counts


def checked_row_counts(path: Path) -> dict[str, int]:
    """Check the SQLite file at ``path`` (``PRAGMA integrity_check``); its tables' row counts."""
    with contextlib.closing(
        sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    ) as copy:
        verdict = copy.execute("PRAGMA integrity_check").fetchone()
        if verdict is None or verdict[0] != "ok":
            raise BackupError(f"the copy failed its integrity check ({verdict})")
        tables = [
            row[0]
            for row in copy.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return {
            table: int(copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in tables
        }
