"""Preventive medication adherence: doses taken against doses scheduled in a period.

docs/clinical.md ("What guidelines say a diary should record") lists preventive medication
adherence. Scheduled doses come from the user's dose reminders (a local time and weekdays each),
counted from when the reminder was set up and never past ``now``; taken and skipped doses are
the "Taken" / "Skip" answers stored as intakes of that medication. The reminders in force
today are the schedule: a time changed during the period is counted at its current value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from bot.domain.medications import IntakeRecord, IntakeStatus, MedicationRecord
from bot.domain.periods import Period
from bot.domain.schedule import WEEKDAY_ON
from bot.domain.wallclock import local_date_of, require_aware, to_utc


@dataclass(frozen=True)
class DoseSchedule:
    """One dose reminder: a local time on some weekdays, in force since ``since``."""

    local_time: time
    weekdays: str
    since: datetime


@dataclass(frozen=True)
class PreventivePlan:
    """A preventive medication, when it was added to the diary, and its dose reminders."""

    medication: MedicationRecord
    since: datetime
    schedules: tuple[DoseSchedule, ...]


@dataclass(frozen=True)
class Adherence:
    """A preventive's doses in a period: taken, skipped, and scheduled (``None``: no reminder)."""

    plan: PreventivePlan
    taken: int
    skipped: int
    scheduled: int | None


def scheduled_doses(
    schedules: Iterable[DoseSchedule], *, period: Period, tz: str, now: datetime
) -> int:
    """How many reminder dose times fell in the period, after each was set up, up to ``now``."""
    require_aware(now)
    count = 0
    for schedule in schedules:
        for day in period.dates():
            if schedule.weekdays[day.weekday()] != WEEKDAY_ON:
                continue
            at = to_utc(day, schedule.local_time, tz)
            count += schedule.since <= at <= now
    return count


def adherence(
    plan: PreventivePlan,
    intakes: Iterable[IntakeRecord],
    *,
    period: Period,
    tz: str,
    now: datetime,
) -> Adherence:
    """The preventive's taken, skipped and scheduled doses in ``period``."""
    own = [
        i
        for i in intakes
        if i.medication_id == plan.medication.id and period.contains(local_date_of(i.taken_at, tz))
    ]
    return Adherence(
        plan=plan,
        taken=sum(1 for i in own if i.status is IntakeStatus.TAKEN),
        skipped=sum(1 for i in own if i.status is IntakeStatus.SKIPPED),
        scheduled=scheduled_doses(plan.schedules, period=period, tz=tz, now=now)
        if plan.schedules
        else None,
    )
