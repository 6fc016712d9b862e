"""``migraine-bot backup`` and ``migraine-bot restore``: the diary, safely copied and put back.

A backup is one SQLite file, ``migraine-diary-<UTC time>.db``, owner-only, checked before it is
kept, whatever the backend (see :mod:`bot.storage.backups` for why PostgreSQL is copied through
SQLAlchemy rather than with ``pg_dump``). Without ``--output`` it goes into ``BACKUP_DIR``, and
older backups there are rotated: the newest of each of the last ``BACKUP_KEEP_DAILY`` days that
have one, and the newest of each of the last ``BACKUP_KEEP_WEEKLY`` ISO weeks, are kept; other
files of that name pattern are deleted (nothing else in the folder is touched).

``restore FILE`` puts a backup into ``DATABASE_URL``. It refuses a database that already holds
rows unless given ``--force`` (then the backup replaces everything), and migrates the result to
this version's schema.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.storage.backups import NotEmptyError, backup_postgresql, restore
from bot.storage.engine import DatabaseError, safe_url
from bot.storage.maintenance import BackupError, backup_sqlite, locate

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOT_HERE = 2  # nothing this command can do: the database is not one it can copy
EXIT_NOT_EMPTY = 3  # restore: the database holds rows and --force was not given

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
BACKUP_NAME = re.compile(r"^migraine-diary-(\d{8}T\d{6}Z)\.db$")
SUMMARY_TABLES = ("users", "attacks", "checkins")


def backup_name(when: datetime) -> str:
    """The file name of a backup taken at ``when``."""
    return f"migraine-diary-{when.astimezone(UTC).strftime(STAMP_FORMAT)}.db"


def backups_to_delete(names: Iterable[str], *, keep_daily: int, keep_weekly: int) -> list[str]:
    """Which backups (by file name) rotation deletes, oldest first; other names are ignored.

    Kept: the newest backup of each of the ``keep_daily`` most recent days that have one, and
    the newest of each of the ``keep_weekly`` most recent ISO weeks that have one (UTC).
    """
    taken = {
        name: datetime.strptime(match.group(1), STAMP_FORMAT)
        for name in names
        if (match := BACKUP_NAME.match(name))
    }
    newest_first = sorted(taken, key=taken.__getitem__, reverse=True)
    days = [taken[name].date() for name in newest_first]
    weeks = [tuple(taken[name].isocalendar())[:2] for name in newest_first]
    kept = _newest_per_period(newest_first, days, keep_daily) | _newest_per_period(
        newest_first, weeks, keep_weekly
    )
    return [name for name in reversed(newest_first) if name not in kept]


def _newest_per_period(names: list[str], periods: Sequence[object], keep: int) -> set[str]:
    """The first (newest) name of each of the first ``keep`` distinct periods."""
    kept: dict[object, str] = {}
    for name, period in zip(names, periods, strict=True):
        if period not in kept and len(kept) < keep:
            kept[period] = name
    return set(kept.values())


def run_backup(
    settings: Settings,
    *,
    output: Path | None = None,
    clock: Clock | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Back the database up, rotate ``BACKUP_DIR``; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    name = backup_name((clock or SystemClock()).now())
    try:
        location = locate(settings.database_url)
    except ValueError as exc:
        print(f"migraine-bot backup: {exc}", file=err)
        return EXIT_FAILED
    if location.backend not in ("sqlite", "postgresql") or location.in_memory:
        what = "an in-memory database" if location.in_memory else f"{location.backend} databases"
        print(f"migraine-bot backup: {what} cannot be backed up by this command", file=err)
        return EXIT_NOT_HERE
    target = output if output is not None else settings.backup_dir
    if target.is_dir() or output is None:
        target = target / name
    source = safe_url(settings.database_url)
    try:
        if location.sqlite_file is not None:
            source = str(location.sqlite_file)
            counts = backup_sqlite(location.sqlite_file, target)
        else:
            counts = backup_postgresql(settings.database_url, target)
    except (BackupError, OSError) as exc:
        print(f"migraine-bot backup: {exc}", file=err)
        return EXIT_FAILED
    except DatabaseError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"migraine-bot backup: cannot read {source}: {reason}", file=err)
        return EXIT_FAILED
    size_kib = target.stat().st_size / 1024
    rows = ", ".join(f"{counts.get(table, 0)} {table}" for table in SUMMARY_TABLES)
    print(f"backed up {source} to {target} ({size_kib:.0f} KiB; {rows}; integrity ok)", file=out)
    if output is None:
        _rotate(settings, out=out, err=err)
    return EXIT_OK


def _rotate(settings: Settings, *, out: TextIO, err: TextIO) -> None:
    folder = settings.backup_dir
    doomed = backups_to_delete(
        (path.name for path in folder.iterdir()),
        keep_daily=settings.backup_keep_daily,
        keep_weekly=settings.backup_keep_weekly,
    )
    for name in doomed:
        try:
            (folder / name).unlink()
        except OSError as exc:
            print(f"migraine-bot backup: cannot delete the old backup {name}: {exc}", file=err)
    if doomed:
        print(
            f"deleted {len(doomed)} old backup(s) (keeping {settings.backup_keep_daily} daily, "
            f"{settings.backup_keep_weekly} weekly)",
            file=out,
        )


def run_restore(
    settings: Settings,
    backup: Path,
    *,
    force: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Restore ``backup`` into ``DATABASE_URL``; return the exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    target = safe_url(settings.database_url)
    try:
        location = locate(settings.database_url)
    except ValueError as exc:
        print(f"migraine-bot restore: {exc}", file=err)
        return EXIT_FAILED
    if location.backend not in ("sqlite", "postgresql") or location.in_memory:
        print(f"migraine-bot restore: cannot restore into {target}", file=err)
        return EXIT_NOT_HERE
    try:
        counts = restore(backup, settings.database_url, force=force)
    except NotEmptyError as exc:
        print(f"migraine-bot restore: {target}: {exc}", file=err)
        return EXIT_NOT_EMPTY
    except (BackupError, OSError) as exc:
        print(f"migraine-bot restore: {exc}", file=err)
        return EXIT_FAILED
    except DatabaseError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        print(f"migraine-bot restore: cannot write {target}: {reason}", file=err)
        return EXIT_FAILED
    rows = ", ".join(f"{counts.get(table, 0)} {table}" for table in SUMMARY_TABLES)
    print(f"restored {backup} into {target} ({rows})", file=out)
    return EXIT_OK
