"""The database handle the services use: an engine plus short transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlmodel import Session

from bot.storage.engine import make_engine

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

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
