"""Repository functions for attacks. Every lookup is scoped to the user who owns the attack."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from bot.domain.attack_answers import AttackChanges
from bot.domain.attacks import (
    AttackRecord,
    EndedHow,
    LoggedVia,
    Quality,
    Side,
)
from bot.storage.models import Attack

# Fields a service may change with update_attack.
_LIST_FIELDS = frozenset({"locations", "aura_types", "other_symptoms", "triggers", "red_flags"})


def _record(row: Attack) -> AttackRecord:
    assert row.id is not None
    return AttackRecord(
        id=row.id,
        user_id=row.user_id,
        started_at=row.started_at,
        ended_at=row.ended_at,
        logged_via=LoggedVia(row.logged_via),
        peak_intensity=row.peak_intensity,
        side=Side(row.side) if row.side else None,
        locations=tuple(row.locations),
        quality=Quality(row.quality) if row.quality else None,
        worse_with_activity=row.worse_with_activity,
        aura=row.aura,
        aura_types=tuple(row.aura_types),
        aura_headache_within_60min=row.aura_headache_within_60min,
        nausea=row.nausea,
        vomiting=row.vomiting,
        light_sensitivity=row.light_sensitivity,
        sound_sensitivity=row.sound_sensitivity,
        other_symptoms=tuple(row.other_symptoms),
        triggers=tuple(row.triggers),
        ended_how=EndedHow(row.ended_how) if row.ended_how else None,
        red_flags=tuple(row.red_flags),
        notes=row.notes,
        created_at=row.created_at,
    )


def _owned_row(session: Session, user_id: int, attack_id: int) -> Attack | None:
    row = session.get(Attack, attack_id)
    if row is None or row.user_id != user_id:
        return None
    return row


def add_attack(
    *,
    session: Session,
    user_id: int,
    started_at: datetime,
    now: datetime,
    ended_at: datetime | None = None,
    logged_via: LoggedVia = LoggedVia.NOW,
    peak_intensity: int | None = None,
) -> AttackRecord:
    """Record a new attack."""
    row = Attack(
        user_id=user_id,
        started_at=started_at,
        ended_at=ended_at,
        logged_via=logged_via.value,
        peak_intensity=peak_intensity,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _record(row)


def get_attack(*, session: Session, user_id: int, attack_id: int) -> AttackRecord | None:
    """Return the user's attack with this id, or ``None`` (also for another user's attack)."""
    row = _owned_row(session, user_id, attack_id)
    return _record(row) if row else None


def lock_attack(
    *, session: Session, user_id: int, attack_id: int, now: datetime
) -> AttackRecord | None:
    """Take the write lock on the user's attack for the rest of the transaction, and return it.

    Call it first in a transaction that checks, then writes, something about the attack (e.g.
    "no such dose yet, so add it"): a second such transaction waits here until the first has
    committed, and then sees what it wrote. It is an ``UPDATE`` (of ``updated_at``) because that
    locks on both backends: a row lock on PostgreSQL, the database's write lock on SQLite (which
    has no ``SELECT ... FOR UPDATE``). ``None`` if the attack is not the user's.
    """
    touched = session.execute(
        update(Attack)
        .where(col(Attack.id) == attack_id, col(Attack.user_id) == user_id)
        .values(updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if touched.rowcount == 0:  # type: ignore[attr-defined]
        return None
    row = session.get(Attack, attack_id, populate_existing=True)
    assert row is not None
    return _record(row)


def update_attack(
    *, session: Session, user_id: int, attack_id: int, now: datetime, changes: AttackChanges
) -> AttackRecord | None:
    """Change fields of the user's attack; ``None`` if it is not theirs or no longer exists."""
    row = _owned_row(session, user_id, attack_id)
    if row is None:
        return None
    for name, value in changes.items().items():
        setattr(row, name, _stored(name, value))
    row.updated_at = now
    session.add(row)
    session.flush()
    return _record(row)


def _stored(name: str, value: Any) -> Any:
    if name in _LIST_FIELDS:
        return [str(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def delete_attack(*, session: Session, user_id: int, attack_id: int) -> bool:
    """Delete the user's attack (its body symptoms go with it; intakes stay, unlinked)."""
    row = _owned_row(session, user_id, attack_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True


def open_attacks(*, session: Session, user_id: int) -> list[AttackRecord]:
    """The user's attacks without an end, oldest first."""
    rows = session.exec(
        select(Attack)
        .where(Attack.user_id == user_id, col(Attack.ended_at).is_(None))
        .order_by(col(Attack.started_at))
    )
    return [_record(row) for row in rows]


def recent_attacks(
    *, session: Session, user_id: int, limit: int, offset: int = 0
) -> list[AttackRecord]:
    """The user's attacks, newest start first."""
    rows = session.exec(
        select(Attack)
        .where(Attack.user_id == user_id)
        .order_by(col(Attack.started_at).desc(), col(Attack.id).desc())
        .offset(offset)
        .limit(limit)
    )
    return [_record(row) for row in rows]


def count_attacks(*, session: Session, user_id: int) -> int:
    """How many attacks the user has recorded."""
    total = session.exec(
        select(func.count()).select_from(Attack).where(Attack.user_id == user_id)
    ).one()
    return int(total)


def attacks_overlapping(
    *, session: Session, user_id: int, start: datetime, end: datetime
) -> list[AttackRecord]:
    """The user's attacks that overlap ``[start, end)``; open attacks count as ongoing."""
    rows = session.exec(
        select(Attack).where(
            Attack.user_id == user_id,
            col(Attack.started_at) < end,
            (col(Attack.ended_at).is_(None)) | (col(Attack.ended_at) > start),
        )
    )
    return [_record(row) for row in rows]


def latest_created(*, session: Session, user_id: int) -> AttackRecord | None:
    """The attack the user recorded most recently."""
    row = session.exec(
        select(Attack)
        .where(Attack.user_id == user_id)
        .order_by(col(Attack.created_at).desc(), col(Attack.id).desc())
        .limit(1)
    ).first()
    return _record(row) if row else None
