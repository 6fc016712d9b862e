"""Repository functions for ``processed_updates``: each delivered update is recorded once.

Telegram delivers an update again when it did not get an answer in time, and with two bot
processes behind one webhook URL the second delivery may reach the other process. Recording the
``update_id`` with an insert that ignores a conflict on the primary key (``ON CONFLICT DO
NOTHING`` on both PostgreSQL and SQLite) tells exactly one caller that the update is new, even
when two processes insert the same id at the same moment: the database's unique index decides.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from bot.storage.models import ProcessedUpdate


def record_update(*, session: Session, update_id: int, now: datetime) -> bool:
    """Record ``update_id`` as processed; return ``False`` if it was already recorded."""
    dialect = session.get_bind().dialect.name
    insert: Any
    if dialect == "postgresql":
        insert = postgresql_insert(ProcessedUpdate)
    elif dialect == "sqlite":
        insert = sqlite_insert(ProcessedUpdate)
    else:
        raise NotImplementedError(f"recording updates is not implemented for {dialect}")
    statement = (
        insert.values(update_id=update_id, processed_at=now)
        .on_conflict_do_nothing(index_elements=["update_id"])
        .returning(ProcessedUpdate.update_id)
    )
    # RETURNING yields the row only if this insert wrote it (psycopg reports no usable
    # rowcount for ON CONFLICT DO NOTHING).
    return session.exec(statement).first() is not None


def is_recorded(*, session: Session, update_id: int) -> bool:
    """Return whether ``update_id`` was already handled (a redelivery)."""
    query = select(ProcessedUpdate.update_id).where(col(ProcessedUpdate.update_id) == update_id)
    return session.exec(query).first() is not None


def prune_updates(*, session: Session, before: datetime) -> int:
    """Forget the update ids processed before ``before``; return how many were removed."""
    result = session.exec(
        delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < before)
    )
    return int(result.rowcount or 0)


def recorded_update_ids(*, session: Session) -> list[int]:
    """Return every recorded update id, smallest first (for tests and operators)."""
    query = select(ProcessedUpdate.update_id).order_by(col(ProcessedUpdate.update_id))
    return list(session.exec(query))
