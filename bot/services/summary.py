"""Use case: the diary's numbers for a period (``/summary``, the weekly recap, the report).

Only the records the period needs are loaded (:func:`bot.domain.summary.required_window`), so
the cost grows with the period asked for, not with the length of the user's history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.attacks import AttackRecord
from bot.domain.medications import IntakeRecord
from bot.domain.periods import Period, last_days, parse_period
from bot.domain.summary import PeriodSummary, build_summary, required_window
from bot.domain.wallclock import local_date_of
from bot.services.context import ServiceContext
from bot.storage import attacks, checkins, medications, symptoms, users

WEEKLY_RECAP_DAYS = 7


@dataclass(frozen=True)
class SummaryResult:
    """A period's summary, the timezone it was computed in, and the records it used."""

    summary: PeriodSummary
    timezone: str
    attacks: list[AttackRecord] = field(default_factory=list)
    intakes: list[IntakeRecord] = field(default_factory=list)
    first_name: str | None = None


def resolve_period(ctx: ServiceContext, *, user_id: int, argument: str) -> Period | None:
    """The period a /summary argument names for this user ("", "30", "month", "2026-10")."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
    tz = profile.timezone or ctx.default_timezone
    return parse_period(argument, today=local_date_of(ctx.clock.now(), tz))


def summarise(ctx: ServiceContext, *, user_id: int, period: Period) -> SummaryResult:
    """Every number of the user's diary for ``period``."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        tz = profile.timezone or ctx.default_timezone
        start, end = required_window(period, tz)
        first_day, last_day = local_date_of(start, tz), local_date_of(end, tz)
        found_attacks = attacks.attacks_overlapping(
            session=session, user_id=user_id, start=start, end=end
        )
        found_intakes = medications.intakes_between(
            session=session, user_id=user_id, start=start, end=end
        )
        found_checkins = checkins.checkins_between(
            session=session, user_id=user_id, first=first_day, last=last_day
        )
        found_body = symptoms.body_symptoms_between(
            session=session, user_id=user_id, start=start, end=end
        )
        preventive = frozenset(
            m.id
            for m in medications.list_medications(
                session=session, user_id=user_id, preventive=True
            )
        )
    summary = build_summary(
        period,
        attacks=found_attacks,
        intakes=found_intakes,
        checkins=found_checkins,
        body_symptoms=found_body,
        tz=tz,
        now=now,
        preventive_ids=preventive,
    )
    return SummaryResult(summary, tz, found_attacks, found_intakes, profile.first_name)


def last_week(ctx: ServiceContext, *, user_id: int) -> SummaryResult:
    """The weekly recap's numbers: the last seven days ending today."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
    tz = profile.timezone or ctx.default_timezone
    period = last_days(WEEKLY_RECAP_DAYS, today=local_date_of(ctx.clock.now(), tz))
    return summarise(ctx, user_id=user_id, period=period)
