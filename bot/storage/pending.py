"""Repository functions for the one "awaiting typed input" row a user may have."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.domain.profiles import AwaitedInput
from bot.storage.models import PendingInput


def get_awaited_input(*, session: Session, user_id: int) -> AwaitedInput | None:
    """Return what the user's next typed text answers, if anything."""
    row = session.get(PendingInput, user_id)
    return AwaitedInput(row.kind, row.ref_id, row.created_at) if row else None


def await_input(
    *, session: Session, user_id: int, kind: str, ref_id: int | None, now: datetime
) -> None:
    """Remember that the user's next typed text answers ``kind`` (replacing any earlier wait)."""
    row = session.get(PendingInput, user_id)
    if row is None:
        row = PendingInput(user_id=user_id, kind=kind, ref_id=ref_id, created_at=now)
    else:
        row.kind, row.ref_id, row.created_at = kind, ref_id, now
    session.add(row)


def clear_awaited_input(*, session: Session, user_id: int) -> None:
    """Stop waiting for typed input from the user."""
    row = session.get(PendingInput, user_id)
    if row is not None:
        session.delete(row)
