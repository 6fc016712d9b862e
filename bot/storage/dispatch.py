"""Repository functions for the reminder dispatcher: claim due rows once, and switch kinds.

Claiming is safe with several bot processes on one database. On PostgreSQL the due rows are
selected ``FOR UPDATE SKIP LOCKED``, so a second dispatcher passes over rows the first holds; and
every row is advanced with a compare-and-set on its ``next_fire_at`` in the same transaction,
so a row whose time another process already moved (SQLite takes no row locks) is not claimed
again. A reminder is therefore sent at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from bot.domain.checkins import checkin_day
from bot.domain.dispatch import ClaimedReminder, DueRule, Outcome, ReminderEntry, plan_firing
from bot.domain.profiles import EVERY_DAY, ReminderKind
from bot.storage.models import Reminder, User


def _entry(row: Reminder) -> ReminderEntry:
    assert row.id is not None
    return ReminderEntry(
        id=row.id,
        kind=ReminderKind(row.kind),
        enabled=row.enabled,
        local_time=row.local_time,
        weekdays=row.weekdays,
        next_fire_at=row.next_fire_at,
        medication_id=row.medication_id,
        attack_id=row.attack_id,
    )


def _followups_off(session: Session, user_ids: set[int]) -> set[int]:
    if not user_ids:
        return set()
    return set(
        session.exec(
            select(Reminder.user_id).where(
                col(Reminder.user_id).in_(user_ids),
                Reminder.kind == ReminderKind.FOLLOWUP.value,
                col(Reminder.attack_id).is_(None),
                col(Reminder.enabled).is_(False),
            )
        )
    )


def claim_due(
    *,
    session: Session,
    now: datetime,
    limit: int,
    kinds: Iterable[ReminderKind],
    default_timezone: str,
) -> list[ClaimedReminder]:
    """Claim up to ``limit`` reminders of ``kinds`` due by ``now``, for reachable users.

    Each claimed row is advanced at once (repeating rows to their next local time, one-shot rows
    used up or held until quiet hours end) and returned with the decision; only rows with
    :attr:`Outcome.SEND` are to be sent. Commit the transaction before sending anything.
    """
    rows = session.exec(
        select(Reminder, User)
        .join(User, col(User.id) == col(Reminder.user_id))
        .where(
            col(Reminder.kind).in_([kind.value for kind in kinds]),
            col(Reminder.enabled).is_(True),
            col(Reminder.next_fire_at) <= now,
            col(User.reachable).is_(True),
        )
        .order_by(col(Reminder.next_fire_at), col(Reminder.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=Reminder)
    ).all()
    off = _followups_off(
        session,
        {user.id for reminder, user in rows if reminder.kind == ReminderKind.FOLLOWUP and user.id},
    )
    claimed: list[ClaimedReminder] = []
    for reminder, user in rows:
        assert reminder.id is not None
        assert user.id is not None
        due_at = reminder.next_fire_at
        assert due_at is not None
        kind = ReminderKind(reminder.kind)
        tz = user.timezone or default_timezone
        firing = plan_firing(
            DueRule(
                local_time=reminder.local_time,
                weekdays=reminder.weekdays,
                due_at=due_at,
                tz=tz,
                quiet_start=user.quiet_start,
                quiet_end=user.quiet_end,
                quiet_exempt=kind is ReminderKind.MEDICATION and reminder.local_time is None,
            ),
            now=now,
        )
        local_date = firing.local_date
        if kind is ReminderKind.CHECKIN and reminder.local_time is not None:
            local_date = checkin_day(local_date, reminder.local_time)
        outcome = firing.outcome
        if kind is ReminderKind.FOLLOWUP and user.id in off:
            outcome = Outcome.SKIP_OFF
        sent = outcome is Outcome.SEND
        snoozed_dose = kind is ReminderKind.MEDICATION and reminder.local_time is None
        occurrence = (reminder.last_fired_at or due_at) if snoozed_dose else due_at
        guard = (col(Reminder.id) == reminder.id, col(Reminder.next_fire_at) == due_at)
        if snoozed_dose and outcome is not Outcome.WAIT_QUIET:
            result = session.exec(
                delete(Reminder).where(*guard).execution_options(synchronize_session=False)
            )
        else:
            values: dict[str, object] = {
                "next_fire_at": firing.next_fire_at if outcome is not Outcome.SKIP_OFF else None
            }
            if sent:
                values["last_fired_at"] = now
                values["fire_count"] = reminder.fire_count + 1
            result = session.exec(
                update(Reminder)
                .where(*guard)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        if result.rowcount != 1:
            continue  # another dispatcher claimed it first
        claimed.append(
            ClaimedReminder(
                reminder_id=reminder.id,
                kind=kind,
                outcome=outcome,
                user_id=user.id,
                chat_id=user.chat_id,
                language=user.language,
                tz=tz,
                due_at=due_at,
                local_date=local_date,
                fire_count=reminder.fire_count + (1 if sent else 0),
                medication_id=reminder.medication_id,
                attack_id=reminder.attack_id,
                intake_id=reminder.intake_id,
                occurrence=occurrence if kind is ReminderKind.MEDICATION else None,
            )
        )
    session.expire_all()
    return claimed


def list_entries(
    *, session: Session, user_id: int, kind: ReminderKind | None = None
) -> list[ReminderEntry]:
    """The user's reminder rows (of one kind, if given), oldest first."""
    query = select(Reminder).where(Reminder.user_id == user_id)
    if kind is not None:
        query = query.where(Reminder.kind == kind.value)
    return [_entry(row) for row in session.exec(query.order_by(col(Reminder.id)))]


def get_entry(*, session: Session, user_id: int, reminder_id: int) -> ReminderEntry | None:
    """The user's reminder row with this id, or ``None``."""
    row = session.get(Reminder, reminder_id)
    if row is None or row.user_id != user_id:
        return None
    return _entry(row)


def set_entry(
    *,
    session: Session,
    user_id: int,
    reminder_id: int,
    enabled: bool,
    next_fire_at: datetime | None,
) -> None:
    """Switch one of the user's reminder rows on or off and store its next fire time."""
    row = session.get(Reminder, reminder_id)
    if row is None or row.user_id != user_id:
        return
    row.enabled = enabled
    row.next_fire_at = next_fire_at if enabled else None
    session.add(row)
    session.flush()


def add_entry(
    *,
    session: Session,
    user_id: int,
    kind: ReminderKind,
    now: datetime,
    next_fire_at: datetime,
    local_time: time | None = None,
    medication_id: int | None = None,
    last_fired_at: datetime | None = None,
) -> ReminderEntry:
    """Add a reminder row: repeating with ``local_time``, or a one-shot without it."""
    row = Reminder(
        user_id=user_id,
        kind=kind.value,
        enabled=True,
        local_time=local_time,
        weekdays=EVERY_DAY,
        medication_id=medication_id,
        next_fire_at=next_fire_at,
        last_fired_at=last_fired_at,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _entry(row)


def delete_entry(*, session: Session, user_id: int, reminder_id: int) -> bool:
    """Delete one of the user's reminder rows."""
    row = session.get(Reminder, reminder_id)
    if row is None or row.user_id != user_id:
        return False
    session.delete(row)
    session.flush()
    return True


def delete_snoozes(
    *, session: Session, user_id: int, medication_id: int, occurrence: datetime | None = None
) -> None:
    """Delete the user's snoozed dose reminders of a medication (of one dose time, if given)."""
    query = delete(Reminder).where(
        col(Reminder.user_id) == user_id,
        col(Reminder.kind) == ReminderKind.MEDICATION.value,
        col(Reminder.medication_id) == medication_id,
        col(Reminder.local_time).is_(None),
    )
    if occurrence is not None:
        query = query.where(col(Reminder.last_fired_at) == occurrence)
    session.exec(query)
    session.flush()


def followups_enabled(*, session: Session, user_id: int) -> bool:
    """Whether the user wants "How is it now?" follow-ups (the default)."""
    return user_id not in _followups_off(session, {user_id})


def set_followups_enabled(*, session: Session, user_id: int, enabled: bool, now: datetime) -> None:
    """Turn follow-ups on or off for the user.

    "Off" is kept as a disabled follow-up row that names no attack (no schema change needed);
    the dispatcher drops any follow-up due for a user who has one. Turning them off also stops
    the follow-ups already scheduled.
    """
    marker = session.exec(
        select(Reminder).where(
            Reminder.user_id == user_id,
            Reminder.kind == ReminderKind.FOLLOWUP.value,
            col(Reminder.attack_id).is_(None),
        )
    ).first()
    if enabled:
        if marker is not None:
            session.delete(marker)
        session.flush()
        return
    if marker is None:
        session.add(
            Reminder(
                user_id=user_id,
                kind=ReminderKind.FOLLOWUP.value,
                enabled=False,
                created_at=now,
            )
        )
    session.exec(
        update(Reminder)
        .where(
            col(Reminder.user_id) == user_id,
            col(Reminder.kind) == ReminderKind.FOLLOWUP.value,
            col(Reminder.attack_id).is_not(None),
        )
        .values(next_fire_at=None)
    )
    session.flush()
