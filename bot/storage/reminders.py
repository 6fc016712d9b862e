"""Repository functions for reminder rules."""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Session, col, select

from bot.domain.followups import DueFollowup
from bot.domain.profiles import ReminderKind, ReminderRule
from bot.storage.models import Reminder, User


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


def claim_due_followups(*, session: Session, now: datetime, limit: int) -> list[DueFollowup]:
    """Claim follow-ups due by ``now`` for reachable users: each is returned once, ever.

    Claiming clears the next fire time and counts the firing in the same transaction, and on
    PostgreSQL skips rows another process has locked, so two bot processes never both send one.
    """
    rows = session.exec(
        select(Reminder, User)
        .join(User, col(User.id) == col(Reminder.user_id))
        .where(
            Reminder.kind == ReminderKind.FOLLOWUP.value,
            col(Reminder.enabled).is_(True),
            col(Reminder.next_fire_at) <= now,
            col(User.reachable).is_(True),
        )
        .order_by(col(Reminder.next_fire_at))
        .limit(limit)
        .with_for_update(skip_locked=True, of=Reminder)
    ).all()
    claimed = []
    for reminder, user in rows:
        assert reminder.id is not None
        assert reminder.attack_id is not None
        assert reminder.next_fire_at is not None
        assert user.id is not None
        claimed.append(
            DueFollowup(
                reminder_id=reminder.id,
                user_id=user.id,
                chat_id=user.chat_id,
                language=user.language,
                attack_id=reminder.attack_id,
                intake_id=reminder.intake_id,
                asked_count=reminder.fire_count + 1,
                due_at=reminder.next_fire_at,
            )
        )
        reminder.fire_count += 1
        reminder.last_fired_at = now
        reminder.next_fire_at = None
        session.add(reminder)
    session.flush()
    return claimed
