"""Everything stored about one user: dump it (for export), load a dump (import), delete it.

A dump is plain data, one list of column dicts per table, with the user's own ids kept so
that references (an intake's attack and medication) can be re-linked on import. Datetimes are
ISO 8601 strings in UTC, dates and times ISO strings.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, SQLModel, col, select

from bot.storage.models import (
    Attack,
    BodySymptom,
    CheckIn,
    CustomItem,
    Medication,
    MedicationIntake,
    PendingInput,
    QueuedReminder,
    Reminder,
    User,
)

# Tables dumped, in an order that lets a load insert referenced rows first.
DUMPED_TABLES: tuple[type[SQLModel], ...] = (
    Medication,
    CustomItem,
    Attack,
    MedicationIntake,
    BodySymptom,
    CheckIn,
    Reminder,
)
DUMPED_TABLE_NAMES: tuple[str, ...] = tuple(str(t.__tablename__) for t in DUMPED_TABLES)
# Every table with a user_id column: what /delete must empty for the user.
USER_TABLES: tuple[type[SQLModel], ...] = (*DUMPED_TABLES, PendingInput, QueuedReminder)
PROFILE_COLUMNS = ("timezone", "language", "quiet_start", "quiet_end")
# Reminder kinds that are rules the user set (follow-ups and snoozes belong to moments).
PORTABLE_REMINDER_KINDS = frozenset({"checkin", "morning_sleep", "medication", "recap"})


def _name(table: type[SQLModel]) -> str:
    return str(table.__tablename__)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _columns(row: SQLModel, *, skip: tuple[str, ...] = ("user_id",)) -> dict[str, Any]:
    return {
        name: _plain(getattr(row, name)) for name in type(row).model_fields if name not in skip
    }


def dump_user(*, session: Session, user_id: int) -> dict[str, Any]:
    """Every row the user owns, as plain data keyed by table name, plus their profile."""
    user = session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user with id {user_id}")
    dump: dict[str, Any] = {
        "profile": {name: _plain(getattr(user, name)) for name in PROFILE_COLUMNS},
        "telegram_id": user.telegram_id,
    }
    for table in DUMPED_TABLES:
        query = select(table).where(table.user_id == user_id).order_by(table.id)  # type: ignore[attr-defined]
        rows = session.exec(query).all()
        if table is Reminder:
            rows = [row for row in rows if row.kind in PORTABLE_REMINDER_KINDS]  # type: ignore[attr-defined]
        dump[_name(table)] = [_columns(row) for row in rows]
    return dump


def count_user_rows(*, session: Session, user_id: int) -> dict[str, int]:
    """How many rows of each per-user table belong to the user."""
    counts = {}
    for table in USER_TABLES:
        total = session.exec(
            select(func.count()).select_from(table).where(table.user_id == user_id)  # type: ignore[attr-defined]
        ).one()
        counts[_name(table)] = int(total)
    return counts


def diary_is_empty(*, session: Session, user_id: int) -> bool:
    """Whether the user has recorded nothing yet (no attacks, doses, check-ins or symptoms)."""
    counts = count_user_rows(session=session, user_id=user_id)
    recorded = ("attacks", "medication_intakes", "checkins", "body_symptoms")
    return all(counts[name] == 0 for name in recorded)


def load_profile(
    *, session: Session, user_id: int, profile: dict[str, Any], now: datetime
) -> None:
    """Set the user's settings from a validated dump's profile."""
    user = session.get(User, user_id)
    if user is None:
        raise LookupError(f"no user with id {user_id}")
    for name, value in profile.items():
        setattr(user, name, value)
    user.updated_at = now
    session.add(user)


# Columns that name another dumped row, and the table whose new ids they take.
REFERENCES = (
    ("medication_id", "medications"),
    ("attack_id", "attacks"),
    ("intake_id", "medication_intakes"),
)
REFERENCED_TABLES = ("medications", "attacks", "medication_intakes")


def load_rows(
    *,
    session: Session,
    user_id: int,
    table_name: str,
    rows: list[dict[str, Any]],
    new_ids: dict[str, dict[int, int]],
) -> None:
    """Insert some of a validated dump's rows of one table for the user.

    References are re-linked through ``new_ids`` (old id to new id, per table), which this
    fills in for the tables others refer to; so load tables in :data:`DUMPED_TABLES` order.
    Runs inside the caller's transaction.
    """
    table = next(t for t in DUMPED_TABLES if _name(t) == table_name)
    for data in rows:
        values = dict(data)
        old_id = values.pop("id")
        for column, target in REFERENCES:
            if column in values and values[column] is not None:
                values[column] = new_ids.get(target, {}).get(values[column])
        row = table(user_id=user_id, **values)
        session.add(row)
        session.flush()
        if table_name in REFERENCED_TABLES:
            new_ids.setdefault(table_name, {})[old_id] = row.id  # type: ignore[attr-defined]


def delete_records(*, session: Session, user_id: int) -> None:
    """Delete every dumped row of the user (an import that failed part-way), keep the user."""
    for table in reversed(DUMPED_TABLES):
        session.exec(delete(table).where(col(table.user_id) == user_id))  # type: ignore[attr-defined]


def delete_user(*, session: Session, user_id: int) -> bool:
    """Hard-delete the user and every row they own; ``False`` if there was no such user."""
    user = session.get(User, user_id)
    if user is None:
        return False
    # The foreign keys cascade, but delete explicitly so no database setting can leave rows.
    for table in reversed(USER_TABLES):
        session.exec(delete(table).where(col(table.user_id) == user_id))  # type: ignore[attr-defined]
    session.delete(user)
    session.flush()
    return True


def purge_before(*, session: Session, cutoff: datetime) -> int:
    """Delete all users' records from before ``cutoff``; returns how many rows went."""
    removed = 0
    statements = (
        delete(BodySymptom).where(col(BodySymptom.occurred_at) < cutoff),
        delete(MedicationIntake).where(col(MedicationIntake.taken_at) < cutoff),
        delete(Attack).where(col(Attack.started_at) < cutoff, col(Attack.ended_at).is_not(None)),
        delete(CheckIn).where(col(CheckIn.local_date) < cutoff.date()),
    )
    for statement in statements:
        result = session.exec(statement)
        removed += int(result.rowcount or 0)
    return removed
