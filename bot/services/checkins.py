"""Use cases for the daily check-in: each tap answers it (again) in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.domain.attacks import StartProblem
from bot.domain.checkins import (
    NO_CHANGES,
    AnswerQuestion,
    CheckinChanges,
    CheckinCommand,
    CheckinRecord,
    GoToQuestion,
    LogAttackAt,
    Step,
    answerable,
    attack_start,
    question_after,
)
from bot.domain.days import attack_dates
from bot.domain.profiles import UserProfile
from bot.domain.schedule import local_day_bounds
from bot.domain.wallclock import local_date_of
from bot.services import attacks
from bot.services.context import ServiceContext
from bot.storage import attacks as attack_rows
from bot.storage import checkins, medlist, users
from bot.storage.database import DbSession


@dataclass(frozen=True)
class CheckinState:
    """A check-in with what its questions need (the user's zone, whether they take preventives)."""

    checkin: CheckinRecord
    profile: UserProfile
    timezone: str
    has_preventives: bool
    answerable: bool
    # The day's preventive dose is already recorded as taken (the dose reminder's "Taken").
    preventive_known: bool = False


def _state(ctx: ServiceContext, session: Any, record: CheckinRecord) -> CheckinState:
    profile = users.get_user(session=session, user_id=record.user_id)
    tz = profile.timezone or ctx.default_timezone
    start, end = local_day_bounds(record.local_date, tz)
    return CheckinState(
        checkin=record,
        profile=profile,
        timezone=tz,
        has_preventives=medlist.has_preventives(session=session, user_id=record.user_id),
        answerable=answerable(record.local_date, tz=tz, now=ctx.clock.now()),
        preventive_known=record.preventive_taken is None
        and medlist.preventive_taken_between(
            session=session, user_id=record.user_id, start=start, end=end
        ),
    )


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
            changes=CheckinChanges(headache=False),
        )
        return NoHeadache(day, recorded=True)


# -- the check-in's buttons: one transaction each ----------------------------------------------


class Refusal(StrEnum):
    """Why a check-in button did nothing."""

    NOT_YOURS = "not yours"
    TOO_OLD = "too old"
    FAILED = "failed"  # e.g. an hour the attack cannot start at


@dataclass(frozen=True)
class Shown:
    """The answer is stored: show ``step`` of the check-in (``logged_at``: an attack recorded)."""

    state: CheckinState
    step: Step
    morning: bool = False
    logged_at: datetime | None = None


def press(ctx: ServiceContext, *, user_id: int, command: CheckinCommand) -> Shown | Refusal:
    """Run a check-in button's command in one transaction; say what to show next."""
    with ctx.database.transaction() as session:
        record = checkins.get_checkin(
            session=session, user_id=user_id, checkin_id=command.checkin_id
        )
        if record is None:
            return Refusal.NOT_YOURS
        state = _state(ctx, session, record)
        if not state.answerable:
            return Refusal.TOO_OLD
        return _PRESSES[type(command)](ctx, session, state, command)


def _go(
    _ctx: ServiceContext, _session: DbSession, state: CheckinState, command: GoToQuestion
) -> Shown:
    return Shown(state, command.step, command.morning)


def _answer(
    ctx: ServiceContext, session: DbSession, state: CheckinState, command: AnswerQuestion
) -> Shown:
    step = question_after(
        command,
        state.checkin,
        has_preventives=state.has_preventives,
        preventive_known=state.preventive_known,
    )
    if command.changes == NO_CHANGES:
        return Shown(state, step, command.morning)
    updated = checkins.answer_checkin(
        session=session,
        user_id=state.profile.id,
        checkin_id=state.checkin.id,
        now=ctx.clock.now(),
        changes=command.changes,
    )
    assert updated is not None
    return Shown(replace(state, checkin=updated), step, command.morning)


def _log_attack(
    ctx: ServiceContext, session: DbSession, state: CheckinState, command: LogAttackAt
) -> Shown | Refusal:
    """Record the day's headache as an attack from about the hour on the check-in's day.

    Today's goes through "Attack now" (it may still be going on, and gets its follow-up); an
    earlier day's is recorded as a past attack.
    """
    now = ctx.clock.now()
    user_id, day = state.profile.id, state.checkin.local_date
    started_at = attack_start(day, command.hour, tz=state.timezone, now=now)
    if started_at is None:
        return Refusal.FAILED
    if day == local_date_of(now, state.timezone):
        started = attacks.start_attack_in(ctx, session, user_id=user_id, started_at=started_at)
        started_at = started.details.attack.started_at
    else:
        past = attacks.log_past_attack_in(ctx, session, user_id=user_id, started_at=started_at)
        if isinstance(past, StartProblem):
            return Refusal.FAILED
    answered = AnswerQuestion(state.checkin.id, Step.HEADACHE, CheckinChanges(headache=True))
    shown = _answer(ctx, session, state, answered)
    following = question_after(
        AnswerQuestion(state.checkin.id, Step.ATTACK_TIME, NO_CHANGES),
        state.checkin,
        has_preventives=state.has_preventives,
        preventive_known=state.preventive_known,
    )
    return replace(shown, step=following, logged_at=started_at)


_PRESSES: dict[
    type[Any], Callable[[ServiceContext, DbSession, CheckinState, Any], Shown | Refusal]
] = {
    GoToQuestion: _go,
    AnswerQuestion: _answer,
    LogAttackAt: _log_attack,
}
