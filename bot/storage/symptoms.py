"""Repository functions for body symptoms (e.g. twitching) and users' own symptoms/triggers."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, func, select

from bot.domain.attacks import BodySymptomRecord, Phase, Side
from bot.storage.models import BodySymptom, CustomItem

BODY_SYMPTOM_FIELDS = frozenset({"region", "side", "phase", "description", "duration_min"})


def _body(row: BodySymptom) -> BodySymptomRecord:
    assert row.id is not None
    return BodySymptomRecord(
        id=row.id,
        user_id=row.user_id,
        attack_id=row.attack_id,
        symptom=row.symptom,
        occurred_at=row.occurred_at,
        region=row.region,
        side=Side(row.side) if row.side else None,
        phase=Phase(row.phase) if row.phase else None,
        description=row.description,
    )


def add_body_symptom(
    *,
    session: Session,
    user_id: int,
    attack_id: int | None,
    symptom: str,
    occurred_at: datetime,
    now: datetime,
) -> BodySymptomRecord:
    """Record a body symptom (details follow with :func:`update_body_symptom`)."""
    row = BodySymptom(
        user_id=user_id,
        attack_id=attack_id,
        symptom=symptom,
        occurred_at=occurred_at,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _body(row)


def update_body_symptom(
    *, session: Session, user_id: int, body_symptom_id: int, changes: dict[str, Any]
) -> BodySymptomRecord | None:
    """Change details of one of the user's body symptoms."""
    unknown = set(changes) - BODY_SYMPTOM_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    row = session.get(BodySymptom, body_symptom_id)
    if row is None or row.user_id != user_id:
        return None
    for name, value in changes.items():
        setattr(row, name, value.value if isinstance(value, StrEnum) else value)
    session.add(row)
    session.flush()
    return _body(row)


def body_symptoms_for_attack(
    *, session: Session, user_id: int, attack_id: int
) -> list[BodySymptomRecord]:
    """The body symptoms recorded with one of the user's attacks."""
    rows = session.exec(
        select(BodySymptom)
        .where(BodySymptom.user_id == user_id, BodySymptom.attack_id == attack_id)
        .order_by(col(BodySymptom.id))
    )
    return [_body(row) for row in rows]


def delete_body_symptoms(*, session: Session, user_id: int, attack_id: int, symptom: str) -> int:
    """Delete the body symptoms of one kind recorded with an attack; returns how many."""
    rows = session.exec(
        select(BodySymptom).where(
            BodySymptom.user_id == user_id,
            BodySymptom.attack_id == attack_id,
            BodySymptom.symptom == symptom,
        )
    ).all()
    for row in rows:
        session.delete(row)
    session.flush()
    return len(rows)


def custom_labels(*, session: Session, user_id: int, kind: str) -> list[str]:
    """The user's own symptom, trigger or body-site labels, in the order added."""
    rows = session.exec(
        select(CustomItem.label)
        .where(
            CustomItem.user_id == user_id,
            CustomItem.kind == kind,
            col(CustomItem.archived).is_(False),
        )
        .order_by(col(CustomItem.id))
    )
    return list(rows)


def add_custom_label(
    *, session: Session, user_id: int, kind: str, label: str, now: datetime
) -> str:
    """Add one of the user's own labels (the same label in any case is reused)."""
    existing = session.exec(
        select(CustomItem).where(
            CustomItem.user_id == user_id,
            CustomItem.kind == kind,
            func.lower(CustomItem.label) == label.lower(),
        )
    ).first()
    if existing is not None:
        if existing.archived:
            existing.archived = False
            session.add(existing)
        return existing.label
    session.add(CustomItem(user_id=user_id, kind=kind, label=label, created_at=now))
    session.flush()
    return label


def body_symptoms_between(
    *, session: Session, user_id: int, start: datetime, end: datetime
) -> list[BodySymptomRecord]:
    """The user's body symptoms that occurred in ``[start, end)``."""
    rows = session.exec(
        select(BodySymptom)
        .where(
            BodySymptom.user_id == user_id,
            col(BodySymptom.occurred_at) >= start,
            col(BodySymptom.occurred_at) < end,
        )
        .order_by(col(BodySymptom.occurred_at))
    )
    return [_body(row) for row in rows]
