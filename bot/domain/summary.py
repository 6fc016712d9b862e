"""The diary's numbers for one period, built from plain records in one pure function.

:func:`build_summary` takes the records of :func:`required_window` (the period, the previous
equal period for the comparison, and the look-backs below) and returns a frozen
:class:`PeriodSummary` of structured numbers; the views word them. Its cost is proportional to
the records passed and the days of the period, never to the whole history.

Look-backs, counted back from the period's dates:

* attacks: :data:`~bot.domain.days.ATTACK_LOOKBACK` before the previous period (an attack
  started up to 7 days earlier can still touch its first day);
* check-ins: :data:`~bot.domain.triggers.TRIGGER_LOOKBACK_DAYS` (trigger "day before");
* doses: :data:`~bot.domain.overuse.OVERUSE_LOOKBACK_DAYS` ending with the period's last day
  (three 30-day windows for the sustained-overuse flag).

Attacks belong to the period they *started* in (counts, intensity, durations, time of day,
symptoms, labels); the day measures count every day an attack touches.

Unknown is not zero (docs/architecture.md): headache-free days are only the days the user said
so, the
summary counts the *recorded* days (headache or headache-free), and the period-level judgements
(the treatment-goal band, the chronic pattern, the comparison with the previous period) are
left out (``None``) unless at least 80 % of the days are recorded
(:func:`~bot.domain.outcomes.enough_recorded`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TypeVar

from bot.domain.attacks import AttackRecord, BodySymptomRecord
from bot.domain.checkins import CheckinRecord, CheckinStatus
from bot.domain.classify import AttackLabel, Classification
from bot.domain.days import (
    ATTACK_LOOKBACK,
    DayCell,
    acute_medication_dates,
    classify_all,
    day_cells,
    headache_dates,
    headache_free_dates,
    is_acute_intake,
    medication_dates,
    migraine_dates,
    moderate_or_severe_dates,
    recorded_dates,
)
from bot.domain.medications import DrugClass, Effect, IntakeRecord
from bot.domain.outcomes import (
    CHRONIC_MIN_MONTHS,
    TreatmentGoalBand,
    enough_recorded,
    is_month_long,
    longest_run,
    meets_chronic_pattern,
    treatment_goal_band,
)
from bot.domain.overuse import (
    OVERUSE_LOOKBACK_DAYS,
    OveruseGroup,
    OveruseStatus,
    rolling_overuse,
    sustained_overuse_at,
)
from bot.domain.periods import MONTH_BLOCK_DAYS, Period, month_blocks, previous_period
from bot.domain.triggers import (
    TRIGGER_LOOKBACK_DAYS,
    TriggerAssociation,
    tagged_triggers,
    trigger_associations,
)
from bot.domain.wallclock import local_date_of, zone

_Key = TypeVar("_Key", bound=StrEnum)
# Where a body symptom recorded without a region is counted.
UNSPECIFIED_REGION = "unspecified"


class TimeOfDay(StrEnum):
    """A quarter of the local day, by the hour an attack started."""

    NIGHT = "night"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


# Local start hours of the quarters: night 00-05, morning 06-11, afternoon 12-17, evening 18-23.
TIME_OF_DAY_STARTS: tuple[tuple[int, TimeOfDay], ...] = (
    (0, TimeOfDay.NIGHT),
    (6, TimeOfDay.MORNING),
    (12, TimeOfDay.AFTERNOON),
    (18, TimeOfDay.EVENING),
)


def time_of_day(hour: int) -> TimeOfDay:
    """The quarter of the day a local clock hour (0-23) falls in."""
    return next(part for start, part in reversed(TIME_OF_DAY_STARTS) if hour >= start)


def median_duration(durations: Sequence[timedelta]) -> timedelta | None:
    """The median of ``durations`` (the mean of the middle two for an even count)."""
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _every(keys: type[_Key], counts: Counter[_Key]) -> dict[_Key, int]:
    """``counts`` with every member of the enumeration ``keys``, in order, zeros included."""
    return {key: counts[key] for key in keys}


def _mean(values: Sequence[float]) -> float | None:
    """The arithmetic mean, or ``None`` for no values."""
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class DrugEffects:
    """How one medication's doses worked at 2 h (counts of doses)."""

    medication_name: str
    drug_class: DrugClass
    none: int
    partial: int
    pain_free: int
    unknown: int


@dataclass(frozen=True)
class SleepStats:
    """Sleep from the check-ins: overall, and the night before attack days vs other days."""

    nights: int
    mean_hours: float | None
    mean_before_attack_days: float | None
    mean_before_other_days: float | None


@dataclass(frozen=True)
class KeyNumbers:
    """The main numbers of a period, the ones compared with the previous period."""

    attacks: int
    headache_days: int
    migraine_days: int
    acute_medication_days: int
    mean_intensity: float | None


@dataclass(frozen=True)
class MonthNumbers:
    """One 30-day month of a long period: headache, migraine, acute-medication, recorded days."""

    period: Period
    headache_days: int
    migraine_days: int
    acute_medication_days: int
    recorded_days: int

    @property
    def enough_recorded(self) -> bool:
        """Whether at least 80 % of the month's days are recorded."""
        return enough_recorded(self.recorded_days, self.period.days)

    @property
    def chronic_pattern(self) -> bool:
        """A whole, recorded month with >= 15 headache days, >= 8 of them migraine (ICHD-3 1.3)."""
        return (
            self.period.days == MONTH_BLOCK_DAYS
            and self.enough_recorded
            and meets_chronic_pattern(
                headache_days=self.headache_days, migraine_days=self.migraine_days
            )
        )


@dataclass(frozen=True)
class Comparison:
    """The previous equal period's main numbers, and this period's change from them."""

    previous: Period
    before: KeyNumbers
    previous_has_records: bool
    previous_recorded_days: int
    attacks: int
    headache_days: int
    migraine_days: int
    acute_medication_days: int
    mean_intensity: float | None


@dataclass(frozen=True)
class PeriodSummary:
    """Every number of the diary for one period, ready for the views to word."""

    period: Period
    key: KeyNumbers
    open_attacks: int
    labels: dict[AttackLabel, int]
    moderate_or_migraine_days: int
    medication_days: dict[DrugClass, int]
    overuse: OveruseStatus
    sustained_overuse: frozenset[OveruseGroup]
    peak_intensity: int | None
    closed_attacks: int
    total_duration: timedelta
    median_duration: timedelta | None
    by_time_of_day: dict[TimeOfDay, int]
    effects: tuple[DrugEffects, ...]
    symptoms: dict[str, int]
    body_symptoms: dict[str, dict[str, int]]
    sleep: SleepStats
    triggers: tuple[TriggerAssociation, ...]
    tagged_triggers: dict[str, int]
    checkins_answered: int
    recorded_days: int
    headache_free_days: int
    has_records: bool
    comparison: Comparison
    treatment_goal: TreatmentGoalBand | None
    chronic_pattern: bool | None
    chronic_months: int
    months: tuple[MonthNumbers, ...]
    days: tuple[DayCell, ...]

    @property
    def unknown_days(self) -> int:
        """The days nothing says whether there was a headache on."""
        return self.period.days - self.recorded_days

    @property
    def enough_recorded(self) -> bool:
        """Whether at least 80 % of the days are recorded (period-level judgements need it)."""
        return enough_recorded(self.recorded_days, self.period.days)

    @property
    def comparable(self) -> bool:
        """Whether both this and the previous period are recorded well enough to compare."""
        return self.enough_recorded and enough_recorded(
            self.comparison.previous_recorded_days, self.comparison.previous.days
        )

    @property
    def checkin_adherence(self) -> float:
        """The share of the period's days with an answered check-in."""
        return self.checkins_answered / self.period.days


def required_window(period: Period, tz: str) -> tuple[datetime, datetime]:
    """The UTC span [start, end) whose records :func:`build_summary` needs for ``period``."""
    previous = previous_period(period)
    earliest = min(
        previous.first - ATTACK_LOOKBACK,
        previous.first - timedelta(days=TRIGGER_LOOKBACK_DAYS),
        period.last - timedelta(days=OVERUSE_LOOKBACK_DAYS - 1),
    )
    return Period(earliest, period.last).bounds(tz)


def _started_in(attacks: Sequence[AttackRecord], *, tz: str, period: Period) -> list[AttackRecord]:
    """The attacks whose local start date is in the period."""
    return [a for a in attacks if period.contains(local_date_of(a.started_at, tz))]


def _key_numbers(
    period: Period,
    attacks: Sequence[AttackRecord],
    checkins: Sequence[CheckinRecord],
    classifications: dict[int, Classification],
    medication: dict[DrugClass, frozenset[date]],
    *,
    tz: str,
    now: datetime,
) -> KeyNumbers:
    """The main numbers of ``period``."""
    started = _started_in(attacks, tz=tz, period=period)
    intensities = [a.peak_intensity for a in started if a.peak_intensity is not None]
    return KeyNumbers(
        attacks=len(started),
        headache_days=len(headache_dates(attacks, checkins, tz=tz, now=now, period=period)),
        migraine_days=len(
            migraine_dates(attacks, classifications, medication, tz=tz, now=now, period=period)
        ),
        acute_medication_days=len(acute_medication_dates(medication)),
        mean_intensity=_mean(intensities),
    )


def _effects(intakes: Sequence[IntakeRecord]) -> tuple[DrugEffects, ...]:
    """Dose effects at 2 h per medication, by name."""
    counts: dict[tuple[str, DrugClass], Counter[Effect | None]] = defaultdict(Counter)
    for intake in intakes:
        counts[intake.medication_name, intake.drug_class][intake.effect_2h] += 1
    return tuple(
        DrugEffects(
            medication_name=name,
            drug_class=drug_class,
            none=effects[Effect.NONE],
            partial=effects[Effect.PARTIAL],
            pain_free=effects[Effect.PAIN_FREE],
            unknown=effects[None],
        )
        for (name, drug_class), effects in sorted(counts.items())
    )


def _sleep(checkins: Sequence[CheckinRecord], attack_days: set[date]) -> SleepStats:
    """Sleep hours overall and the night before attack days vs other days."""
    hours = {c.local_date: c.sleep_hours for c in checkins if c.sleep_hours is not None}
    return SleepStats(
        nights=len(hours),
        mean_hours=_mean(list(hours.values())),
        mean_before_attack_days=_mean([h for day, h in hours.items() if day in attack_days]),
        mean_before_other_days=_mean([h for day, h in hours.items() if day not in attack_days]),
    )


def _body_symptoms(records: Sequence[BodySymptomRecord]) -> dict[str, dict[str, int]]:
    """Body symptoms counted per symptom, then per body region."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for record in records:
        counts[record.symptom][record.region or UNSPECIFIED_REGION] += 1
    return {symptom: dict(regions) for symptom, regions in counts.items()}


def _chronic_run(months: Sequence[MonthNumbers]) -> int:
    """Consecutive months with the chronic pattern, once there are at least 3 (else 0)."""
    run = longest_run([month.chronic_pattern for month in months])
    return run if run >= CHRONIC_MIN_MONTHS else 0


def build_summary(
    period: Period,
    *,
    attacks: Sequence[AttackRecord],
    intakes: Sequence[IntakeRecord],
    checkins: Sequence[CheckinRecord],
    body_symptoms: Sequence[BodySymptomRecord],
    tz: str,
    now: datetime,
    preventive_ids: frozenset[int] = frozenset(),
) -> PeriodSummary:
    """Every number of the diary for ``period`` (records of :func:`required_window`)."""
    previous = previous_period(period)
    classifications = classify_all(attacks, intakes, now=now)
    medication = medication_dates(intakes, tz=tz, period=period, preventive_ids=preventive_ids)
    key = _key_numbers(period, attacks, checkins, classifications, medication, tz=tz, now=now)
    before_medication = medication_dates(
        intakes, tz=tz, period=previous, preventive_ids=preventive_ids
    )
    before = _key_numbers(
        previous, attacks, checkins, classifications, before_medication, tz=tz, now=now
    )
    started = _started_in(attacks, tz=tz, period=period)
    closed = [a.duration(now) for a in started if not a.is_open]
    period_checkins = [c for c in checkins if period.contains(c.local_date)]
    period_intakes = [
        i
        for i in intakes
        if is_acute_intake(i, preventive_ids) and period.contains(local_date_of(i.taken_at, tz))
    ]
    period_body = [b for b in body_symptoms if period.contains(local_date_of(b.occurred_at, tz))]
    headache = headache_dates(attacks, checkins, tz=tz, now=now, period=period)
    free = headache_free_dates(checkins, headache, period=period)
    acute = acute_medication_dates(medication)
    strong = moderate_or_severe_dates(attacks, tz=tz, now=now, period=period)
    migraine = migraine_dates(attacks, classifications, medication, tz=tz, now=now, period=period)
    previous_headache = headache_dates(attacks, checkins, tz=tz, now=now, period=previous)
    previous_free = headache_free_dates(checkins, previous_headache, period=previous)
    judged = is_month_long(period.days) and enough_recorded(len(headache | free), period.days)
    months = tuple(
        MonthNumbers(
            period=block,
            headache_days=sum(1 for day in headache if block.contains(day)),
            migraine_days=sum(1 for day in migraine if block.contains(day)),
            acute_medication_days=sum(1 for day in acute if block.contains(day)),
            recorded_days=sum(1 for day in headache | free if block.contains(day)),
        )
        for block in month_blocks(period)
    )
    return PeriodSummary(
        period=period,
        key=key,
        open_attacks=sum(1 for a in started if a.is_open),
        labels=_every(AttackLabel, Counter(classifications[a.id].label for a in started)),
        moderate_or_migraine_days=len(strong | migraine),
        medication_days={drug_class: len(days) for drug_class, days in medication.items()},
        overuse=rolling_overuse(intakes, tz=tz, end=period.last, preventive_ids=preventive_ids),
        sustained_overuse=sustained_overuse_at(
            intakes, tz=tz, end=period.last, preventive_ids=preventive_ids
        ),
        peak_intensity=max(
            (a.peak_intensity for a in started if a.peak_intensity is not None), default=None
        ),
        closed_attacks=len(closed),
        total_duration=sum(closed, timedelta()),
        median_duration=median_duration(closed),
        by_time_of_day=_every(
            TimeOfDay,
            Counter(time_of_day(a.started_at.astimezone(zone(tz)).hour) for a in started),
        ),
        effects=_effects(period_intakes),
        symptoms=dict(Counter(symptom for a in started for symptom in a.symptoms)),
        body_symptoms=_body_symptoms(period_body),
        sleep=_sleep(period_checkins, {local_date_of(a.started_at, tz) for a in started}),
        triggers=trigger_associations(attacks, checkins, tz=tz, period=period),
        tagged_triggers=tagged_triggers(started),
        checkins_answered=sum(1 for c in period_checkins if c.status is CheckinStatus.ANSWERED),
        recorded_days=len(headache | free),
        headache_free_days=len(free),
        has_records=bool(
            recorded_dates(
                attacks, intakes, checkins, body_symptoms, tz=tz, now=now, period=period
            )
        ),
        comparison=Comparison(
            previous=previous,
            before=before,
            previous_has_records=bool(
                recorded_dates(
                    attacks, intakes, checkins, body_symptoms, tz=tz, now=now, period=previous
                )
            ),
            previous_recorded_days=len(previous_headache | previous_free),
            attacks=key.attacks - before.attacks,
            headache_days=key.headache_days - before.headache_days,
            migraine_days=key.migraine_days - before.migraine_days,
            acute_medication_days=key.acute_medication_days - before.acute_medication_days,
            mean_intensity=None
            if key.mean_intensity is None or before.mean_intensity is None
            else key.mean_intensity - before.mean_intensity,
        ),
        treatment_goal=treatment_goal_band(len(strong | migraine)) if judged else None,
        chronic_pattern=meets_chronic_pattern(
            headache_days=key.headache_days, migraine_days=key.migraine_days
        )
        if judged
        else None,
        chronic_months=_chronic_run(months),
        months=months,
        days=day_cells(
            attacks,
            headache=headache,
            acute_medication=acute,
            headache_free=free,
            tz=tz,
            now=now,
            period=period,
        ),
    )
