"""Use case: the report for a doctor (``/report``), default the last 90 days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.adherence import Adherence, adherence
from bot.domain.attacks import AttackRecord
from bot.domain.classify import Classification
from bot.domain.days import classify_all
from bot.domain.medications import IntakeRecord
from bot.domain.periods import Period, last_days, parse_period
from bot.domain.wallclock import local_date_of
from bot.services.context import ServiceContext
from bot.services.summary import SummaryResult, summarise
from bot.storage import medlist, users

DEFAULT_REPORT_DAYS = 90


@dataclass(frozen=True)
class ReportAttack:
    """One attack as the report's table lists it."""

    attack: AttackRecord
    classification: Classification
    doses: list[IntakeRecord]


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows."""

    result: SummaryResult
    attacks: list[ReportAttack]
    generated_at: datetime
    preventives: list[Adherence]


def report_period(ctx: ServiceContext, *, user_id: int, argument: str) -> Period | None:
    """The period a /report argument names (default: the last 90 days)."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
    today = local_date_of(ctx.clock.now(), profile.timezone or ctx.default_timezone)
    if not argument.strip():
        return last_days(DEFAULT_REPORT_DAYS, today=today)
    return parse_period(argument, today=today)


def build_report(ctx: ServiceContext, *, user_id: int, period: Period) -> ReportData:
    """The numbers and the attack table of the user's report for ``period``."""
    now = ctx.clock.now()
    result = summarise(ctx, user_id=user_id, period=period)
    tz = result.timezone
    started = sorted(
        (a for a in result.attacks if period.contains(local_date_of(a.started_at, tz))),
        key=lambda a: a.started_at,
    )
    labels = classify_all(started, result.intakes, now=now)
    with ctx.database.transaction() as session:
        plans = medlist.preventive_plans(session=session, user_id=user_id)
    return ReportData(
        result=result,
        attacks=[
            ReportAttack(
                attack=attack,
                classification=labels[attack.id],
                doses=[i for i in result.intakes if i.attack_id == attack.id],
            )
            for attack in started
        ],
        generated_at=now,
        preventives=[
            adherence(plan, result.intakes, period=period, tz=tz, now=now) for plan in plans
        ],
    )
