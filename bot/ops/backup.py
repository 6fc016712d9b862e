"""``migraine-bot backup``: a consistent copy of the diary database.

SQLite: a copy through SQLite's online backup API (safe while the bot runs), checked, owner-only,
into ``./backups/migraine-diary-<UTC time>.db`` or ``--output``. PostgreSQL: the bot does not
dump a server it does not own; it prints the ``pg_dump`` command to run instead (without the
password) and exits with 2.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TextIO

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.storage.maintenance import BackupError, backup_sqlite, libpq_url, locate

DEFAULT_BACKUP_DIR = Path("backups")
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOT_HERE = 2  # nothing this command can do itself: a hint was printed instead


def run_backup(
    settings: Settings,
    *,
    output: Path | None = None,
    clock: Clock | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Back the database up (SQLite) or say how to (PostgreSQL); return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    stamp = (clock or SystemClock()).now().strftime("%Y%m%dT%H%M%SZ")
    try:
        location = locate(settings.database_url)
    except ValueError as exc:
        print(f"migraine-bot backup: {exc}", file=err)
        return EXIT_FAILED
    if location.backend == "postgresql":
        print(_pg_dump_hint(settings.database_url, stamp), file=out)
        return EXIT_NOT_HERE
    if location.sqlite_file is None:
        what = "an in-memory database" if location.in_memory else f"{location.backend} databases"
        print(f"migraine-bot backup: {what} cannot be backed up by this command", file=err)
        return EXIT_NOT_HERE
    target = output if output is not None else DEFAULT_BACKUP_DIR
    if target.is_dir() or output is None:
        target = target / f"migraine-diary-{stamp}.db"
    try:
        counts = backup_sqlite(location.sqlite_file, target)
    except BackupError as exc:
        print(f"migraine-bot backup: {exc}", file=err)
        return EXIT_FAILED
    size_kib = target.stat().st_size / 1024
    rows = ", ".join(
        f"{counts.get(table, 0)} {table}" for table in ("users", "attacks", "checkins")
    )
    print(
        f"backed up {location.sqlite_file} to {target} ({size_kib:.0f} KiB; {rows}; integrity ok)",
        file=out,
    )
    return EXIT_OK


def _pg_dump_hint(url: str, stamp: str) -> str:
    dbname, has_password = libpq_url(url)
    command = shlex.join(
        ["pg_dump", "--format=custom", f"--file=migraine-diary-{stamp}.dump", f"--dbname={dbname}"]
    )
    lines = [
        "DATABASE_URL is PostgreSQL: back it up with the server's own tool, for example",
        f"  {command}",
    ]
    if has_password:
        lines.append(
            "(the password from DATABASE_URL is not shown: put it in PGPASSWORD or ~/.pgpass)"
        )
    lines.append("Restore with: pg_restore --clean --if-exists --dbname=... <file>")
    return "\n".join(lines)
