"""Use cases for the daily check-in: read it, answer it (again), log the day's headache."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.domain.attacks import StartProblem
from bot.domain.checkins import CheckinRecord, answerable, attack_start
from bot.domain.days import attack_dates
from bot.domain.profiles import UserProfile
from bot.domain.schedule import local_day_bounds
from bot.domain.wallclock import local_date_of
from bot.services import attacks
from bot.services.context import ServiceContext
from bot.storage import attacks as attack_rows
from bot.storage import checkins, medlist, users


@dataclass(frozen=True)
class CheckinState:
    """A check-in with what its questions need (the user's zone, whether they take preventives)."""

    checkin: CheckinRecord
    profile: UserProfile
    timezone: str
    has_preventives: bool
    answerable: bool


@dataclass(frozen=True)
class LoggedAttack:
    """The attack "Yes, log it now" recorded, and the check-in it answered."""

    state: CheckinState
    attack_id: int
    started_at: datetime


def _state(ctx: ServiceContext, session: Any, record: CheckinRecord) -> CheckinState:
    profile = users.get_user(session=session, user_id=record.user_id)
    tz = profile.timezone or ctx.default_timezone
    return CheckinState(
        checkin=record,
        profile=profile,
        timezone=tz,
        has_preventives=medlist.has_preventives(session=session, user_id=record.user_id),
        answerable=answerable(record.local_date, tz=tz, now=ctx.clock.now()),
    )


def get_state(ctx: ServiceContext, *, user_id: int, checkin_id: int) -> CheckinState | None:
    """The user's check-in; ``None`` if it is not theirs."""
    with ctx.database.transaction() as session:
        record = checkins.get_checkin(session=session, user_id=user_id, checkin_id=checkin_id)
        return _state(ctx, session, record) if record is not None else None


def answer(
    ctx: ServiceContext, *, user_id: int, checkin_id: int, changes: dict[str, Any]
) -> CheckinState | None:
    """Store answers on the user's check-in at once; ``None`` if not theirs or too old."""
    with ctx.database.transaction() as session:
        record = checkins.get_checkin(session=session, user_id=user_id, checkin_id=checkin_id)
        if record is None:
            return None
        state = _state(ctx, session, record)
        if not state.answerable:
            return state
        updated = checkins.answer_checkin(
            session=session,
            user_id=user_id,
            checkin_id=checkin_id,
            now=ctx.clock.now(),
            changes=changes,
        )
        assert updated is not None
        return _state(ctx, session, updated)


def log_headache(
    ctx: ServiceContext, *, user_id: int, checkin_id: int, hour: int
) -> LoggedAttack | StartProblem | None:
    """Record the day's headache as an attack from about ``hour`` o'clock on the check-in's day.

    Today's goes through "Attack now" (it may still be going on, and gets its follow-up); an
    earlier day's is recorded as a past attack. ``None`` if the check-in is not the user's.
    """
    state = get_state(ctx, user_id=user_id, checkin_id=checkin_id)
    if state is None or not state.answerable:
        return None
    now = ctx.clock.now()
    day = state.checkin.local_date
    started_at = attack_start(day, hour, tz=state.timezone, now=now)
    if started_at is None:
        return None
    if day == local_date_of(now, state.timezone):
        started = attacks.start_attack(ctx, user_id=user_id, started_at=started_at)
        attack_id = started.details.attack.id
        started_at = started.details.attack.started_at
    else:
        past = attacks.log_past_attack(ctx, user_id=user_id, started_at=started_at)
        if isinstance(past, StartProblem):
            return past
        attack_id = past.attack.id
    updated = answer(ctx, user_id=user_id, checkin_id=checkin_id, changes={"headache": True})
    assert updated is not None
    return LoggedAttack(updated, attack_id, started_at)


@dataclass(frozen=True)
class NoHeadache:
    """What ``/noheadache`` did: recorded ``day`` as headache-free, or not (an attack on it)."""

    day: date
    recorded: bool


def record_no_headache(ctx: ServiceContext, *, user_id: int, yesterday: bool) -> NoHeadache:
    """Record today (or yesterday) as a day without headache, on that day's check-in.

    A day an attack touched stays a headache day (an attack outranks a "no"), so nothing is
    written then. Otherwise the day's check-in (created if the evening reminder has not run)
    gets the answer "no headache", exactly as if the check-in's first button had been tapped.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        tz = profile.timezone or ctx.default_timezone
        day = local_date_of(now, tz) - timedelta(days=1 if yesterday else 0)
        start, end = local_day_bounds(day, tz)
        touching = [
            attack
            for attack in attack_rows.attacks_overlapping(
                session=session, user_id=user_id, start=start, end=end
            )
            if day in attack_dates(attack, tz=tz, now=now)
        ]
        if touching:
            return NoHeadache(day, recorded=False)
        record = checkins.open_checkin(session=session, user_id=user_id, local_date=day, now=now)
        checkins.answer_checkin(
            session=session,
            user_id=user_id,
            checkin_id=record.id,
            now=now,
            changes={"headache": False},
        )
        return NoHeadache(day, recorded=True)
