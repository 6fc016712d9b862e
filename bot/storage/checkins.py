"""Repository functions for daily check-ins (one row per user and local date)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.domain.checkins import (
    CheckinChanges,
    CheckinRecord,
    CheckinStatus,
    Factor,
    SleepQuality,
)
from bot.storage.models import CheckIn


def _record(row: CheckIn) -> CheckinRecord:
    assert row.id is not None
    return CheckinRecord(
        id=row.id,
        user_id=row.user_id,
        local_date=row.local_date,
        status=CheckinStatus(row.status),
        headache=row.headache,
        sleep_hours=row.sleep_hours,
        sleep_quality=SleepQuality(row.sleep_quality) if row.sleep_quality else None,
        preventive_taken=row.preventive_taken,
        factors=frozenset(factor for factor in Factor if getattr(row, factor.value)),
    )


def open_checkin(
    *, session: Session, user_id: int, local_date: date, now: datetime
) -> CheckinRecord:
    """Return the user's check-in for ``local_date``, creating it as pending.

    Earlier check-ins still pending are marked missed: they were not answered before this one.
    """
    session.exec(
        update(CheckIn)
        .where(
            col(CheckIn.user_id) == user_id,
            col(CheckIn.local_date) < local_date,
            col(CheckIn.status) == CheckinStatus.PENDING.value,
        )
        .values(status=CheckinStatus.MISSED.value, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    row = session.exec(
        select(CheckIn).where(CheckIn.user_id == user_id, CheckIn.local_date == local_date)
    ).first()
    if row is None:
        row = CheckIn(
            user_id=user_id,
            local_date=local_date,
            status=CheckinStatus.PENDING.value,
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
    return _record(row)


def open_checkins(
    *, session: Session, wanted: list[tuple[int, date]], now: datetime
) -> dict[tuple[int, date], CheckinRecord]:
    """:func:`open_checkin` for many ``(user id, local date)`` pairs in a few statements."""
    by_day: dict[date, set[int]] = {}
    for user_id, day in wanted:
        by_day.setdefault(day, set()).add(user_id)
    found: dict[tuple[int, date], CheckIn] = {}
    for day, user_ids in by_day.items():
        session.exec(
            update(CheckIn)
            .where(
                col(CheckIn.user_id).in_(user_ids),
                col(CheckIn.local_date) < day,
                col(CheckIn.status) == CheckinStatus.PENDING.value,
            )
            .values(status=CheckinStatus.MISSED.value, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        for row in session.exec(
            select(CheckIn).where(col(CheckIn.user_id).in_(user_ids), CheckIn.local_date == day)
        ):
            found[(row.user_id, day)] = row
        for user_id in user_ids - {uid for uid, d in found if d == day}:
            row = CheckIn(
                user_id=user_id,
                local_date=day,
                status=CheckinStatus.PENDING.value,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            found[(user_id, day)] = row
    session.flush()
    return {key: _record(row) for key, row in found.items()}


def get_checkin(*, session: Session, user_id: int, checkin_id: int) -> CheckinRecord | None:
    """The user's check-in with this id, or ``None`` (also for another user's)."""
    row = session.get(CheckIn, checkin_id)
    if row is None or row.user_id != user_id:
        return None
    return _record(row)


def checkins_between(
    *, session: Session, user_id: int, first: date, last: date
) -> list[CheckinRecord]:
    """The user's check-ins from ``first`` to ``last`` (inclusive), oldest first."""
    rows = session.exec(
        select(CheckIn)
        .where(CheckIn.user_id == user_id, CheckIn.local_date >= first, CheckIn.local_date <= last)
        .order_by(col(CheckIn.local_date))
    )
    return [_record(row) for row in rows]


def answer_checkin(
    *, session: Session, user_id: int, checkin_id: int, now: datetime, changes: CheckinChanges
) -> CheckinRecord | None:
    """Store answers on the user's check-in (marking it answered); ``None`` if not theirs."""
    row = session.get(CheckIn, checkin_id)
    if row is None or row.user_id != user_id:
        return None
    if changes.headache is not None:
        row.headache = changes.headache
    if changes.sleep_hours is not None:
        row.sleep_hours = changes.sleep_hours
    if changes.sleep_quality is not None:
        row.sleep_quality = changes.sleep_quality.value
    if changes.preventive_taken is not None:
        row.preventive_taken = changes.preventive_taken
    for factor in Factor:  # one column each, named by the factor
        ticked: bool | None = getattr(changes, factor.value)
        if ticked is not None:
            setattr(row, factor.value, ticked)
    row.status = CheckinStatus.ANSWERED.value
    row.updated_at = now
    session.add(row)
    session.flush()
    return _record(row)
