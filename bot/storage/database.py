"""The database handle the services use: an engine plus short transactions.

It also carries the once-only record of the update being handled (see
:func:`handling_update`): the first transaction that commits while an update is handled inserts
the update's id in the same transaction, so a crash either applies the update and marks it
handled, or does neither (and Telegram delivers it again).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from bot.storage.crashpoints import crash_point_from_environment, install_crash_point
from bot.storage.engine import make_engine
from bot.storage.updates import record_update

logger = logging.getLogger(__name__)

DbSession = Session
"""The session type services pass between repository calls (they never import sqlmodel)."""


class UpdateAlreadyHandledError(Exception):
    """Another delivery of this update committed first (another process, or before a crash)."""


@dataclass
class UpdateMark:
    """The update being handled in this task, and whether its once-only record is written."""

    update_id: int
    received_at: datetime
    recorded: bool = False


_current_update: ContextVar[UpdateMark | None] = ContextVar("current_update", default=None)


@contextmanager
def handling_update(update_id: int, *, received_at: datetime) -> Iterator[UpdateMark]:
    """Mark the code in the block as handling ``update_id`` (per asyncio task, a context var).

    The first :meth:`Database.transaction` that commits inside the block also records the
    update id; it raises :class:`UpdateAlreadyHandledError` (and rolls back) if the id is
    already recorded.
    """
    mark = UpdateMark(update_id, received_at)
    token = _current_update.set(mark)
    try:
        yield mark
    finally:
        _current_update.reset(token)


class Database:
    """An engine and a way to run one short transaction on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Database:
        """Create the engine for ``url`` (see :func:`bot.storage.engine.make_engine`)."""
        engine = make_engine(url)
        crash_at = crash_point_from_environment()
        if crash_at is not None:  # a test seam, see bot.storage.crashpoints
            install_crash_point(
                engine, crash_at, handling=lambda: _current_update.get() is not None
            )
        return cls(engine)

    @property
    def backend(self) -> str:
        """The SQL dialect in use: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def transaction(self, *, records_update: bool = True) -> Iterator[Session]:
        """Yield a session; commit when the block ends, roll back if it raises.

        Keep the block short and never await a network call inside it. While an update is
        handled (:func:`handling_update`), the first such transaction also records the update
        as handled, unless ``records_update`` is false (the read that checks for a redelivery).

        Raises:
            UpdateAlreadyHandledError: the update was recorded as handled before.
        """
        mark = _current_update.get() if records_update else None
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                recording = mark is not None and not mark.recorded
                if mark is not None and recording:
                    first = record_update(
                        session=session, update_id=mark.update_id, now=mark.received_at
                    )
                    if not first:
                        raise UpdateAlreadyHandledError(mark.update_id)
                session.commit()
                if mark is not None and recording:
                    mark.recorded = True
            except BaseException:
                session.rollback()
                raise

    def erase_deleted(self) -> bool:
        """After a delete has committed: leave no copy of the deleted rows in the files.

        SQLite connections run with ``secure_delete`` (deleted content is zeroed in the
        database file), but the write-ahead log still holds the earlier page images until a
        checkpoint; ``wal_checkpoint(TRUNCATE)`` copies the zeroed pages into the database file
        and truncates the ``-wal`` file to nothing (the ``-shm`` file holds only the WAL's
        index, no row data). It waits, up to the busy timeout, for readers of older snapshots.
        Returns ``False`` if a reader kept it from finishing (the next one will).

        PostgreSQL keeps deleted rows in its files until VACUUM reuses the space, and in its
        WAL and backups until they expire; ``/privacy`` says so.
        """
        if self.backend != "sqlite":
            return True
        with self.engine.connect() as connection:
            busy, _frames, _copied = connection.exec_driver_sql(
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).one()
        if busy:
            logger.warning("could not truncate the write-ahead log after a delete: busy")
        return not busy

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
