"""Backups of either backend as one SQLite file, and restoring such a file into either backend.

A backup is always an SQLite database file with the bot's schema at the source's migration
revision: for SQLite the online backup API's page copy (:func:`bot.storage.maintenance.
backup_sqlite`), for PostgreSQL a logical copy of every table through SQLAlchemy, read in one
``REPEATABLE READ READ ONLY`` transaction (one consistent snapshot while the bot keeps writing).

Why not ``pg_dump``: it refuses to dump a server newer than itself (Debian bookworm, the image's
base, ships pg_dump 15, the compose file runs PostgreSQL 16), it is one more program the image and
every host would have to carry at the right version, and its archives can only be restored into
PostgreSQL. The logical copy needs only the driver the bot already uses, works for any server
version, is checked by opening it (``PRAGMA integrity_check`` and row counts), can be inspected
with ``sqlite3``, and restores into SQLite or PostgreSQL alike, which also moves a diary from one
backend to the other. A diary is small (thousands of rows), so row-by-row copying costs
seconds.

Restoring refuses a database that holds any row (outside ``alembic_version``) unless forced;
forced, it replaces everything. The restored database is then migrated to this version's head.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    DateTime,
    Engine,
    MetaData,
    RowMapping,
    Table,
    create_engine,
    func,
    select,
    text,
)

from bot.storage.database import Database
from bot.storage.maintenance import BackupError, checked_row_counts, known_revisions
from bot.storage.migrate import current_revision, upgrade_database

VERSION_TABLE = "alembic_version"
INSERT_BATCH_ROWS = 500
SQLITE_HEADER = b"SQLite format 3\x00"


class NotEmptyError(BackupError):
    """The database to restore into holds rows; restoring needs ``force``."""


def backup_postgresql(url: str, target: Path) -> dict[str, int]:
    """Copy the PostgreSQL database at ``url`` into a new SQLite file ``target``; row counts.

    Raises:
        BackupError: ``target`` exists, the source is not a bot database, or the copy is wrong.
    """
    if target.exists():
        raise BackupError(f"{target} already exists; choose another --output")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # Created first, so that the health data in it is readable by the owner only.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    source = Database.from_url(url)
    copy = Database.from_url(f"sqlite:///{partial}")
    try:
        with _snapshot(source.engine) as reading:
            revision = _revision(reading)
            if revision is None:
                raise BackupError("the database has no schema yet: there is nothing to back up")
            if revision not in known_revisions():
                raise BackupError(
                    f"the database is at revision {revision}, which this version does not know: "
                    "back it up with the version of the bot that migrated it"
                )
            upgrade_database(copy.engine, revision)
            with copy.engine.begin() as writing:
                expected = _copy_rows(reading, writing)
        copy.dispose()
        with contextlib.closing(sqlite3.connect(partial)) as connection:
            connection.execute("PRAGMA journal_mode=DELETE")
        counts = checked_row_counts(partial)
        if {table: counts.get(table, -1) for table in expected} != expected:
            raise BackupError(f"the copy holds {counts} rows, the database {expected}")
    except BaseException:
        copy.dispose()
        for leftover in (partial, *(Path(f"{partial}{end}") for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        source.dispose()
    partial.replace(target)
    return counts


def restore(backup: Path, url: str, *, force: bool = False) -> dict[str, int]:
    """Put the backup file ``backup`` into the database at ``url``; return the restored rows.

    Raises:
        NotEmptyError: the database holds rows and ``force`` is false.
        BackupError: ``backup`` is not a sound backup of this bot's diary.
    """
    counts, revision = _checked_backup(backup)
    target = Database.from_url(url)
    try:
        with target.engine.connect() as connection:
            rows = _rows_held(connection)
        if rows and not force:
            held = ", ".join(f"{count} {table}" for table, count in sorted(rows.items()))
            raise NotEmptyError(
                f"the database is not empty ({held}); stop the bot, and add --force to "
                "replace everything in it with the backup"
            )
        if target.backend == "sqlite":
            _restore_sqlite(backup, target)
        else:
            _restore_by_rows(backup, target, revision)
        upgrade_database(target.engine)
    finally:
        target.dispose()
    return counts


def _checked_backup(backup: Path) -> tuple[dict[str, int], str]:
    if not backup.is_file():
        raise BackupError(f"there is no backup file at {backup}")
    with backup.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{backup} is not a backup made by migraine-bot backup")
    try:
        counts = checked_row_counts(backup)
    except sqlite3.Error as exc:
        raise BackupError(f"{backup} cannot be read: {exc}") from exc
    copy = _read_only(backup)
    try:
        revision = current_revision(copy)
    finally:
        copy.dispose()
    if revision is None:
        raise BackupError(f"{backup} is not a backup made by migraine-bot backup")
    if revision not in known_revisions():
        raise BackupError(
            f"{backup} was made by a newer version of the bot (revision {revision}): "
            "restore it with that version"
        )
    return counts, revision


def _read_only(path: Path) -> Engine:
    """An engine that reads the SQLite file at ``path`` and can change nothing in it."""
    return create_engine(f"sqlite:///file:{path.resolve().as_posix()}?mode=ro&uri=true")


def _restore_sqlite(backup: Path, target: Database) -> None:
    """A page copy of the whole file: the database becomes exactly the backup."""
    raw = target.engine.raw_connection()
    try:
        destination = raw.driver_connection
        assert isinstance(destination, sqlite3.Connection)
        with contextlib.closing(
            sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
        ) as source:
            source.backup(destination)
    finally:
        raw.close()


def _restore_by_rows(backup: Path, target: Database, revision: str) -> None:
    """Drop every table, recreate the schema at the backup's revision, insert every row."""
    source = _read_only(backup)
    try:
        with target.engine.begin() as connection:
            metadata = MetaData()
            metadata.reflect(connection)
            metadata.drop_all(connection)
        upgrade_database(target.engine, revision)
        with source.connect() as reading, target.engine.begin() as writing:
            _copy_rows(reading, writing)
            _reset_sequences(writing)
    finally:
        source.dispose()


@contextlib.contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A read-only connection that sees one consistent state of the database."""
    with engine.connect() as connection:
        reading = connection.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
        with reading.begin():
            yield reading


def _revision(connection: Connection) -> str | None:
    if VERSION_TABLE not in _table_names(connection):
        return None
    revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if revision is None else str(revision)


def _table_names(connection: Connection) -> set[str]:
    metadata = MetaData()
    metadata.reflect(connection)
    return set(metadata.tables)


def _rows_held(connection: Connection) -> dict[str, int]:
    """Tables (outside the migration bookkeeping) that hold rows, with their row counts."""
    metadata = MetaData()
    metadata.reflect(connection)
    counts = {
        table.name: int(connection.execute(select(func.count()).select_from(table)).scalar_one())
        for table in metadata.sorted_tables
        if table.name != VERSION_TABLE
    }
    return {table: count for table, count in counts.items() if count}


def _copy_rows(reading: Connection, writing: Connection) -> dict[str, int]:
    """Insert every row of every table of ``reading`` into the same table of ``writing``.

    Both already have the schema at the same revision (``alembic_version`` included, so it is
    not copied). Tables are visited parents first, so foreign keys hold at every insert.
    """
    source, target = MetaData(), MetaData()
    source.reflect(reading)
    target.reflect(writing)
    missing = set(source.tables) ^ set(target.tables)
    if missing:
        raise BackupError(f"the two schemas differ in the tables {sorted(missing)}")
    counts: dict[str, int] = {}
    for table in target.sorted_tables:
        if table.name == VERSION_TABLE:
            continue
        origin = source.tables[table.name]
        columns = [column.name for column in table.columns]
        order = list(origin.primary_key.columns) or list(origin.columns)
        result = reading.execute(select(*(origin.c[name] for name in columns)).order_by(*order))
        counts[table.name] = 0
        while batch := result.fetchmany(INSERT_BATCH_ROWS):
            values = [_for_target(table, writing, row._mapping) for row in batch]
            writing.execute(table.insert(), values)
            counts[table.name] += len(values)
    return counts


def _for_target(table: Table, writing: Connection, row: RowMapping) -> dict[str, Any]:
    """A row's values as the target's columns store them (UTC; naive on SQLite)."""
    sqlite = writing.dialect.name == "sqlite"
    values = dict(row)
    for column in table.columns:
        value = values.get(column.name)
        if not isinstance(value, datetime) or not isinstance(column.type, DateTime):
            continue
        if sqlite and value.tzinfo is not None:
            values[column.name] = value.astimezone(UTC).replace(tzinfo=None)
        elif not sqlite and value.tzinfo is None and column.type.timezone:
            # SQLite keeps the bot's UTC datetimes without their offset.
            values[column.name] = value.replace(tzinfo=UTC)
    return values


def _reset_sequences(writing: Connection) -> None:
    """Point PostgreSQL's id sequences past the restored ids, so new rows get fresh ones."""
    metadata = MetaData()
    metadata.reflect(writing)
    for table in metadata.sorted_tables:
        for column in table.primary_key.columns:
            sequence = writing.execute(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            ).scalar()
            if sequence is None:
                continue
            highest = writing.execute(select(func.max(column))).scalar()
            writing.execute(
                text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": highest or 1, "called": highest is not None},
            )
