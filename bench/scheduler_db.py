"""The databases B4 and B5 share: many onboarded users, each with a check-in and a recap."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from itertools import chain
from pathlib import Path

from bench.populate import UserBlock, add_users, create_database

TELEGRAM_BASE = 40_000_000


def scheduler_database(workdir: Path, *, users: int, due: int, name: str) -> Path:
    """A copy (named ``name``) of a database with ``users`` users and ``due`` check-ins due now.

    The first ``due`` users' check-ins fell due a minute ago; every other check-in falls due
    some time in the coming day and every weekly recap in six days. The master copy is built
    once per size and reused.
    """
    master = workdir / f"scheduler-{users}-{due}.db"
    if not master.exists():
        now = datetime.now(UTC)
        database = create_database(master)
        fire_times = chain(
            (now - timedelta(minutes=1) for _ in range(due)),
            _spread(now, users - due),
        )
        add_users(
            database,
            UserBlock(first_id=1, count=users, telegram_base=TELEGRAM_BASE),
            now=now,
            checkin_at=fire_times,
            recap_at=now + timedelta(days=6),
        )
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        database.dispose()
    copy = workdir / name
    shutil.copyfile(master, copy)
    return copy


def _spread(now: datetime, count: int) -> list[datetime]:
    step = 86_400 / max(count, 1)
    return [now + timedelta(seconds=60 + step * index) for index in range(count)]
