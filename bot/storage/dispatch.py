"""Repository functions for the reminder dispatcher: claim due rows once, queue, send, switch.

Claiming is safe with several bot processes on one database. On PostgreSQL the due rows are
selected ``FOR UPDATE SKIP LOCKED``, so a second dispatcher passes over rows the first holds; and
every row is advanced with a compare-and-set on its ``next_fire_at`` in the same transaction,
so a row whose time another process already moved (SQLite takes no row locks) is not claimed
again.

A claimed reminder to send becomes a row of the durable queue (:class:`QueuedReminder`) in that
same transaction, owned by the claiming process. Just before its Bot API call the sender moves
it from ``queued`` to ``sending`` with a compare-and-set on state and owner
(:func:`start_sending`), and only then counts the reminder as fired (:func:`mark_fired`); the
row is deleted once the call returned (:func:`finish`). So a message is sent at most once:

* a process that stops gracefully gives its ``queued`` rows back (:func:`release`) and the next
  start sends them;
* rows a killed process still held ``queued`` are taken over (:func:`take_over`) at once by a
  process on the same host that sees the owner is gone, otherwise once the owner stopped
  renewing them (:func:`renew`) for a lease;
* a row a killed process left ``sending`` may or may not have reached Telegram, so it is
  dropped, never sent again: a kill -9 loses at most the messages in flight (one per send slot).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import datetime, time

from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from bot.domain.checkins import checkin_day
from bot.domain.dispatch import (
    ClaimedReminder,
    DueRule,
    Outcome,
    QueuedMessage,
    ReminderEntry,
    plan_firing,
)
from bot.domain.profiles import EVERY_DAY, ReminderKind
from bot.storage.models import QueuedReminder, Reminder, User

QUEUED = "queued"
SENDING = "sending"


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
    owner: str = "",
) -> list[ClaimedReminder]:
    """Claim up to ``limit`` reminders of ``kinds`` due by ``now``, for reachable users.

    Each claimed row is advanced at once (repeating rows to their next local time, one-shot rows
    used up or held until quiet hours end) and returned with the decision; a row with
    :attr:`Outcome.SEND` is queued for ``owner`` (its ``queue_id``). It counts as fired only
    once it is being sent (:func:`mark_fired`). Commit before sending anything.
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
            result = session.exec(
                update(Reminder)
                .where(*guard)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
        if result.rowcount != 1:
            continue  # another dispatcher claimed it first
        queued: QueuedReminder | None = None
        if sent:
            queued = QueuedReminder(
                user_id=user.id,
                reminder_id=reminder.id,
                kind=kind.value,
                due_at=due_at,
                local_date=local_date,
                medication_id=reminder.medication_id,
                attack_id=reminder.attack_id,
                occurrence=occurrence if kind is ReminderKind.MEDICATION else None,
                state=QUEUED,
                owner=owner,
                claimed_at=now,
                created_at=now,
            )
            session.add(queued)
            session.flush()
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
                fire_count=reminder.fire_count,
                medication_id=reminder.medication_id,
                attack_id=reminder.attack_id,
                intake_id=reminder.intake_id,
                occurrence=occurrence if kind is ReminderKind.MEDICATION else None,
                queue_id=queued.id if queued is not None else None,
            )
        )
    session.expire_all()
    return claimed


def _message(row: QueuedReminder, chat_id: int) -> QueuedMessage:
    assert row.id is not None
    return QueuedMessage(
        queue_id=row.id,
        reminder_id=row.reminder_id,
        kind=ReminderKind(row.kind),
        user_id=row.user_id,
        chat_id=chat_id,
    )


def queue_owners(*, session: Session) -> set[str]:
    """The processes holding rows of the queue."""
    return {
        owner
        for owner in session.exec(select(QueuedReminder.owner).distinct())
        if owner is not None
    }


def take_over(
    *,
    session: Session,
    owner: str,
    now: datetime,
    gone: Collection[str],
    stale_before: datetime,
    limit: int,
) -> tuple[list[QueuedMessage], int]:
    """Take up to ``limit`` queued rows nobody holds any more; drop rows left ``sending``.

    A row is free when it was given back, when its owner is in ``gone`` (known to have died), or
    when its owner last renewed it before ``stale_before``. Returns the rows taken and how many
    rows left ``sending`` by such owners were dropped (they may have reached Telegram).
    """
    abandoned = or_(
        col(QueuedReminder.owner).is_(None),
        col(QueuedReminder.owner).in_(list(gone)),
        col(QueuedReminder.claimed_at) < stale_before,
    )
    dropped = session.exec(
        delete(QueuedReminder)
        .where(col(QueuedReminder.state) == SENDING, abandoned)
        .execution_options(synchronize_session=False)
    ).rowcount
    if limit <= 0:
        return [], int(dropped or 0)
    rows = session.exec(
        select(QueuedReminder, User.chat_id)
        .join(User, col(User.id) == col(QueuedReminder.user_id))
        .where(col(QueuedReminder.state) == QUEUED, abandoned)
        .order_by(col(QueuedReminder.id))
        .limit(limit)
        .with_for_update(skip_locked=True, of=QueuedReminder)
    ).all()
    taken: list[QueuedMessage] = []
    for row, chat_id in rows:
        result = session.exec(
            update(QueuedReminder)
            .where(
                col(QueuedReminder.id) == row.id,
                col(QueuedReminder.state) == QUEUED,
                col(QueuedReminder.claimed_at) == row.claimed_at,
            )
            .values(owner=owner, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            taken.append(_message(row, chat_id))
    session.expire_all()
    return taken, int(dropped or 0)


def renew(*, session: Session, owner: str, now: datetime) -> None:
    """Renew ``owner``'s hold on its queued rows (so no other process takes them over)."""
    session.exec(
        update(QueuedReminder)
        .where(col(QueuedReminder.owner) == owner)
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )


def start_sending(
    *, session: Session, queue_id: int, owner: str, now: datetime, default_timezone: str
) -> ClaimedReminder | None:
    """Mark ``owner``'s queued row as being sent; ``None`` if it is not (any longer) theirs."""
    result = session.exec(
        update(QueuedReminder)
        .where(
            col(QueuedReminder.id) == queue_id,
            col(QueuedReminder.state) == QUEUED,
            col(QueuedReminder.owner) == owner,
        )
        .values(state=SENDING, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return None
    found = session.exec(
        select(QueuedReminder, User)
        .join(User, col(User.id) == col(QueuedReminder.user_id))
        .where(col(QueuedReminder.id) == queue_id)
    ).one()
    row, user = found
    assert user.id is not None
    return ClaimedReminder(
        reminder_id=row.reminder_id,
        kind=ReminderKind(row.kind),
        outcome=Outcome.SEND,
        user_id=user.id,
        chat_id=user.chat_id,
        language=user.language,
        tz=user.timezone or default_timezone,
        due_at=row.due_at,
        local_date=row.local_date,
        fire_count=0,
        medication_id=row.medication_id,
        attack_id=row.attack_id,
        occurrence=row.occurrence,
        queue_id=queue_id,
    )


def mark_fired(*, session: Session, reminder_id: int, now: datetime) -> None:
    """Count the reminder as fired (its message is being sent)."""
    session.exec(
        update(Reminder)
        .where(col(Reminder.id) == reminder_id)
        .values(last_fired_at=now, fire_count=Reminder.fire_count + 1)
        .execution_options(synchronize_session=False)
    )


def finish(*, session: Session, queue_id: int) -> None:
    """Forget a queued row: its message was sent (or given up on, or is not to be sent)."""
    session.exec(
        delete(QueuedReminder)
        .where(col(QueuedReminder.id) == queue_id)
        .execution_options(synchronize_session=False)
    )


def release(*, session: Session, owner: str) -> int:
    """Give ``owner``'s queued rows back for any process to send; returns how many."""
    result = session.exec(
        update(QueuedReminder)
        .where(col(QueuedReminder.owner) == owner, col(QueuedReminder.state) == QUEUED)
        .values(owner=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)


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
