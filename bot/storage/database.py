"""The database handle the services use: an engine plus short transactions."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from bot.storage.engine import make_engine

logger = logging.getLogger(__name__)

DbSession = Session
"""The session type services pass between repository calls (they never import sqlmodel)."""


class Database:
    """An engine and a way to run one short transaction on it."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> Database:
        """Create the engine for ``url`` (see :func:`bot.storage.engine.make_engine`)."""
        return cls(make_engine(url))

    @property
    def backend(self) -> str:
        """The SQL dialect in use: ``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Yield a session; commit when the block ends, roll back if it raises.

        Keep the block short and never await a network call inside it.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
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
