"""Repository functions for reminder rules."""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Session, select

from bot.domain.profiles import ReminderKind, ReminderRule
from bot.storage.models import Reminder


def _rule(row: Reminder) -> ReminderRule:
    assert row.id is not None
    return ReminderRule(
        id=row.id,
        user_id=row.user_id,
        kind=ReminderKind(row.kind),
        enabled=row.enabled,
        local_time=row.local_time,
        weekdays=row.weekdays,
        next_fire_at=row.next_fire_at,
    )


def list_reminders(
    *, session: Session, user_id: int, kind: ReminderKind | None = None
) -> list[ReminderRule]:
    """Return a user's reminders (of one kind, if given), oldest first."""
    query = select(Reminder).where(Reminder.user_id == user_id)
    if kind is not None:
        query = query.where(Reminder.kind == kind.value)
    return [_rule(row) for row in session.exec(query.order_by(Reminder.id))]  # type: ignore[arg-type]


def upsert_daily_reminder(
    *,
    session: Session,
    user_id: int,
    kind: ReminderKind,
    local_time: time | None,
    weekdays: str,
    next_fire_at: datetime | None,
    now: datetime,
) -> ReminderRule:
    """Set the user's single reminder of ``kind``; ``local_time=None`` turns it off."""
    row = session.exec(
        select(Reminder).where(Reminder.user_id == user_id, Reminder.kind == kind.value)
    ).first()
    if row is None:
        row = Reminder(user_id=user_id, kind=kind.value, created_at=now)
    row.enabled = local_time is not None
    if local_time is not None:
        row.local_time = local_time
    row.weekdays = weekdays
    row.next_fire_at = next_fire_at if local_time is not None else None
    session.add(row)
    session.flush()
    return _rule(row)


def reschedule_reminder(
    *, session: Session, reminder_id: int, next_fire_at: datetime | None
) -> None:
    """Store a newly computed next fire time."""
    row = session.get(Reminder, reminder_id)
    if row is None:
        raise LookupError(f"no reminder with id {reminder_id}")
    row.next_fire_at = next_fire_at
    session.add(row)


def schedule_followup(
    *,
    session: Session,
    user_id: int,
    attack_id: int,
    due_at: datetime,
    now: datetime,
    intake_id: int | None = None,
) -> None:
    """Ask about ``attack_id`` at ``due_at`` (one follow-up row per attack; a dose moves it)."""
    row = session.exec(
        select(Reminder).where(
            Reminder.user_id == user_id,
            Reminder.kind == ReminderKind.FOLLOWUP.value,
            Reminder.attack_id == attack_id,
        )
    ).first()
    if row is None:
        row = Reminder(
            user_id=user_id, kind=ReminderKind.FOLLOWUP.value, attack_id=attack_id, created_at=now
        )
    row.enabled = True
    row.next_fire_at = due_at
    if intake_id is not None:
        row.intake_id = intake_id
    session.add(row)
    session.flush()


def followup_state(
    *, session: Session, user_id: int, attack_id: int
) -> tuple[int, int | None, datetime | None] | None:
    """``(times asked, linked dose, next time)`` of an attack's follow-up, if it has one."""
    row = session.exec(
        select(Reminder).where(
            Reminder.user_id == user_id,
            Reminder.kind == ReminderKind.FOLLOWUP.value,
            Reminder.attack_id == attack_id,
        )
    ).first()
    if row is None:
        return None
    return row.fire_count, row.intake_id, row.next_fire_at if row.enabled else None


def cancel_followup(*, session: Session, user_id: int, attack_id: int) -> None:
    """Stop asking about an attack (it ended, or was deleted)."""
    rows = session.exec(
        select(Reminder).where(
            Reminder.user_id == user_id,
            Reminder.kind == ReminderKind.FOLLOWUP.value,
            Reminder.attack_id == attack_id,
        )
    )
    for row in rows:
        row.enabled = False
        row.next_fire_at = None
        session.add(row)
    session.flush()
