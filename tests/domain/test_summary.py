from datetime import date, datetime, timedelta
from typing import Any

import pytest

from bot.domain.attacks import AttackRecord, EndedHow, Quality, Side
from bot.domain.checkins import CheckinStatus, Factor, SleepQuality
from bot.domain.classify import AttackLabel
from bot.domain.days import DayCell
from bot.domain.medications import DrugClass, Effect, IntakeStatus
from bot.domain.outcomes import TreatmentGoalBand
from bot.domain.overuse import GroupCount, OveruseGroup, OveruseLevel, OveruseStatus
from bot.domain.periods import Period, PeriodKind, last_days, parse_period
from bot.domain.summary import (
    Comparison,
    DrugEffects,
    KeyNumbers,
    MonthNumbers,
    PeriodSummary,
    SleepStats,
    TimeOfDay,
    build_summary,
    median_duration,
    required_window,
    time_of_day,
)
from bot.domain.triggers import TriggerAssociation
from bot.domain.wallclock import local_date_of
from tests.domain.diary import (
    BERLIN,
    NEW_YORK,
    at,
    attack,
    body_symptom,
    checkin,
    daily,
    intake,
    utc,
)

BELOW = OveruseLevel.BELOW
TEXTBOOK = {
    "side": Side.LEFT,
    "quality": Quality.PULSATING,
    "worse_with_activity": True,
    "nausea": True,
    "light_sensitivity": True,
    "sound_sensitivity": True,
}


def d(day: int) -> date:
    """A date of October 2026."""
    return date(2026, 10, day)


# A hand-built diary for the Europe/Berlin week of the 2026-10-25 fall-back (a 25-hour day).
WEEK = Period(d(22), d(28))
NOW = at(d(28), 20)
ATTACKS = [
    # The previous week: one moderate migraine-like attack.
    attack(10, at(d(17), 10), at(d(17), 16), peak_intensity=4, **TEXTBOOK),
    # 22:00-03:00 across the DST night: 6 hours, two headache days, migraine-like.
    attack(1, at(d(24), 22), at(d(25), 3), peak_intensity=7, triggers=("stress",), **TEXTBOOK),
    # Issue 5: 3 h, treated successfully, 2 pain features and nausea: migraine-like.
    attack(
        2,
        at(d(26), 9),
        at(d(26), 12),
        peak_intensity=6,
        side=Side.RIGHT,
        quality=Quality.PULSATING,
        nausea=True,
        other_symptoms=("twitching",),
        ended_how=EndedHow.MEDICATION,
    ),
    # Issue 5: bilateral, pressing, mild, no nausea: tension-type-like.
    attack(
        3,
        at(d(27), 14),
        at(d(27), 16),
        peak_intensity=2,
        side=Side.BOTH,
        quality=Quality.PRESSING,
        nausea=False,
    ),
    # Still open at NOW, only the intensity answered: unclassified.
    attack(4, at(d(28), 3), None, peak_intensity=5),
]
INTAKES = [
    intake(
        1,
        at(d(26), 9, 15),
        DrugClass.TRIPTAN,
        name="Sumatriptan",
        attack_id=2,
        effect=Effect.PAIN_FREE,
    ),
    intake(
        2, at(d(27), 14, 30), DrugClass.NSAID, name="Ibuprofen", attack_id=3, effect=Effect.PARTIAL
    ),
    intake(3, at(d(25), 1), DrugClass.PARACETAMOL, name="Paracetamol", attack_id=1),
    intake(4, at(d(22), 8), DrugClass.PREVENTIVE, name="Propranolol"),
    intake(5, at(d(23), 8), DrugClass.PREVENTIVE, name="Propranolol", status=IntakeStatus.SKIPPED),
    # Look-back doses: one triptan day and one NSAID day earlier in the rolling 30 days.
    intake(6, at(d(1), 9), DrugClass.TRIPTAN, name="Sumatriptan"),
    intake(7, at(d(17), 11), DrugClass.NSAID, name="Ibuprofen", attack_id=10),
]
CHECKINS = [
    checkin(d(17), headache=True, sleep_hours=7),
    checkin(d(21), headache=False, sleep_hours=7, sleep_quality=SleepQuality.GOOD),
    checkin(d(22), headache=False, sleep_hours=8, sleep_quality=SleepQuality.GOOD),
    checkin(
        d(23),
        headache=False,
        sleep_hours=7,
        sleep_quality=SleepQuality.OK,
        factors=frozenset({Factor.STRESS}),
    ),
    # Answered at 20:00, before the attack at 22:00: the attack makes it a headache day.
    checkin(
        d(24),
        headache=False,
        sleep_hours=5,
        sleep_quality=SleepQuality.POOR,
        factors=frozenset({Factor.STRESS}),
    ),
    checkin(d(25), headache=True, sleep_hours=6, sleep_quality=SleepQuality.OK),
    checkin(d(26), status=CheckinStatus.PENDING),
    checkin(d(27), headache=True, sleep_hours=7.5),
]
BODY = [
    body_symptom(1, at(d(26), 9, 30), region="eyelid_face"),
    body_symptom(2, at(d(27), 15), region="neck"),
    body_symptom(3, at(d(24), 23), region=None),
    body_symptom(4, at(d(22), 12), region="shoulders", symptom="c:tingling"),
    body_symptom(5, at(d(20), 12), region="jaw"),  # before the week
]


def overuse(window: Period, **days: int) -> OveruseStatus:
    thresholds = {
        OveruseGroup.ERGOT: (10, 8),
        OveruseGroup.TRIPTAN: (10, 8),
        OveruseGroup.SIMPLE_ANALGESIC: (15, 12),
        OveruseGroup.OPIOID: (10, 8),
        OveruseGroup.COMBINATION: (10, 8),
        OveruseGroup.MULTIPLE: (10, 8),
    }
    return OveruseStatus(
        window,
        tuple(
            GroupCount(group, days.get(group.value, 0), threshold, warn, BELOW)
            for group, (threshold, warn) in thresholds.items()
        ),
    )


def association(
    factor: str, days_with: int, attacks_with: int, days_without: int, attacks_without: int, n: int
) -> TriggerAssociation:
    return TriggerAssociation(factor, days_with, attacks_with, days_without, attacks_without, n)


def test_a_dst_week_summary() -> None:
    summary = build_summary(
        WEEK,
        attacks=ATTACKS,
        intakes=INTAKES,
        checkins=CHECKINS,
        body_symptoms=BODY,
        tz=BERLIN,
        now=NOW,
    )
    before = KeyNumbers(
        attacks=1, headache_days=1, migraine_days=1, acute_medication_days=1, mean_intensity=4.0
    )
    assert summary == PeriodSummary(
        period=WEEK,
        key=KeyNumbers(
            attacks=4,
            headache_days=5,
            migraine_days=3,
            acute_medication_days=3,
            mean_intensity=5.0,
        ),
        open_attacks=1,
        labels={
            AttackLabel.MIGRAINE_LIKE: 2,
            AttackLabel.PROBABLE_MIGRAINE: 0,
            AttackLabel.TENSION_TYPE_LIKE: 1,
            AttackLabel.UNCLASSIFIED: 1,
        },
        moderate_or_migraine_days=4,
        medication_days={DrugClass.TRIPTAN: 1, DrugClass.NSAID: 1, DrugClass.PARACETAMOL: 1},
        overuse=overuse(
            Period(date(2026, 9, 29), d(28)), triptan=2, simple_analgesic=3, multiple=5
        ),
        sustained_overuse=frozenset(),
        peak_intensity=7,
        closed_attacks=3,
        total_duration=timedelta(hours=11),  # 6 h across the DST night, 3 h, 2 h
        median_duration=timedelta(hours=3),
        by_time_of_day={
            TimeOfDay.NIGHT: 1,
            TimeOfDay.MORNING: 1,
            TimeOfDay.AFTERNOON: 1,
            TimeOfDay.EVENING: 1,
        },
        effects=(
            DrugEffects("Ibuprofen", DrugClass.NSAID, none=0, partial=1, pain_free=0, unknown=0),
            DrugEffects(
                "Paracetamol", DrugClass.PARACETAMOL, none=0, partial=0, pain_free=0, unknown=1
            ),
            DrugEffects(
                "Sumatriptan", DrugClass.TRIPTAN, none=0, partial=0, pain_free=1, unknown=0
            ),
        ),
        symptoms={"nausea": 2, "light": 1, "sound": 1, "twitching": 1},
        body_symptoms={
            "twitching": {"eyelid_face": 1, "neck": 1, "unspecified": 1},
            "c:tingling": {"shoulders": 1},
        },
        sleep=SleepStats(
            nights=5, mean_hours=6.7, mean_before_attack_days=6.25, mean_before_other_days=7.0
        ),
        # Days 26-28 lack a check-in on the day or the day before: left out.
        triggers=(
            association("exercise", 0, 0, 4, 1, 1),
            association("caffeine", 0, 0, 4, 1, 1),
            association("alcohol", 0, 0, 4, 1, 1),
            association("stress", 3, 1, 1, 0, 1),
            association("poor_sleep", 2, 1, 2, 0, 1),
        ),
        tagged_triggers={"stress": 1},
        checkins_answered=5,
        recorded_days=7,
        headache_free_days=2,  # 22 and 23; the "no" on the 24th is outranked by the attack
        has_records=True,
        comparison=Comparison(
            previous=Period(d(15), d(21)),
            before=before,
            previous_has_records=True,
            previous_recorded_days=2,  # the 17th (attack) and the 21st ("no")
            attacks=3,
            headache_days=4,
            migraine_days=2,
            acute_medication_days=2,
            mean_intensity=1.0,
        ),
        treatment_goal=None,
        chronic_pattern=None,
        chronic_months=0,
        months=(MonthNumbers(WEEK, 5, 3, 3, 7),),
        days=(
            DayCell(d(22), False, max_intensity=None, acute_medication=False, headache_free=True),
            DayCell(d(23), False, max_intensity=None, acute_medication=False, headache_free=True),
            DayCell(d(24), True, max_intensity=7, acute_medication=False, headache_free=False),
            DayCell(d(25), True, max_intensity=7, acute_medication=True, headache_free=False),
            DayCell(d(26), True, max_intensity=6, acute_medication=True, headache_free=False),
            DayCell(d(27), True, max_intensity=2, acute_medication=True, headache_free=False),
            DayCell(d(28), True, max_intensity=5, acute_medication=False, headache_free=False),
        ),
    )
    # All 7 days recorded, but the week before only on 2: too few to compare with.
    assert (summary.checkin_adherence, summary.unknown_days) == (5 / 7, 0)
    assert (summary.enough_recorded, summary.comparable) == (True, False)


def test_an_empty_period() -> None:
    period = last_days(7, today=d(28))
    summary = build_summary(
        period, attacks=[], intakes=[], checkins=[], body_symptoms=[], tz=BERLIN, now=NOW
    )
    zero = KeyNumbers(0, 0, 0, 0, None)
    assert (
        summary.has_records,
        summary.key,
        list(summary.labels.values()),
        list(summary.by_time_of_day.values()),
        summary.median_duration,
        summary.total_duration,
        summary.peak_intensity,
        summary.sleep,
        summary.checkin_adherence,
        summary.headache_free_days,
        summary.recorded_days,
        summary.comparison,
        [cell.unknown for cell in summary.days],
    ) == (
        False,
        zero,
        [0, 0, 0, 0],
        [0, 0, 0, 0],
        None,
        timedelta(),
        None,
        SleepStats(0, None, None, None),
        0.0,
        # docs/architecture.md "Unknown is not zero": an empty week has no headache-free day.
        0,
        0,
        Comparison(Period(d(15), d(21)), zero, False, 0, 0, 0, 0, 0, None),
        [True] * 7,
    )


def _no_headache_on_other_days(period: Period, attacks: list[AttackRecord]) -> list[Any]:
    """A "no headache" check-in on every day of ``period`` that no attack started on."""
    attack_days = {local_date_of(a.started_at, BERLIN) for a in attacks}
    return [checkin(day, headache=False) for day in period.dates() if day not in attack_days]


def _chronic_september(*, with_checkins: bool) -> PeriodSummary:
    # September 2026: an 8 h migraine-like attack every other day (15 days), a triptan on each,
    # and a mild unclassified headache on 3 of the others.
    september = parse_period("2026-09", today=d(28))
    assert september == Period(date(2026, 9, 1), date(2026, 9, 30), PeriodKind.CALENDAR_MONTH)
    first = september.first
    attacks = [
        attack(
            n,
            at(first + timedelta(days=2 * n), 8),
            at(first + timedelta(days=2 * n), 16),
            peak_intensity=6,
            **TEXTBOOK,
        )
        for n in range(15)
    ] + [
        attack(
            100 + n,
            at(first + timedelta(days=2 * n + 1), 8),
            at(first + timedelta(days=2 * n + 1), 9),
            peak_intensity=2,
        )
        for n in range(3)
    ]
    intakes = [
        intake(n, at(first + timedelta(days=2 * n), 9), DrugClass.TRIPTAN) for n in range(15)
    ]
    return build_summary(
        september,
        attacks=attacks,
        intakes=intakes,
        checkins=_no_headache_on_other_days(september, attacks) if with_checkins else [],
        body_symptoms=[],
        tz=BERLIN,
        now=NOW,
    )


@pytest.mark.parametrize(
    ("with_checkins", "expected"),
    [
        # Every other day said "no headache": 30 of 30 recorded, the month is judged.
        (True, (30, 12, TreatmentGoalBand.INSUFFICIENT, True)),
        # No check-ins: 18 of 30 days recorded (< 80 %, docs/architecture.md), nothing is judged.
        (False, (18, 0, None, None)),
    ],
)
def test_a_month_gets_the_treatment_goal_band_and_the_chronic_flag(
    with_checkins: bool, expected: tuple[int, int, TreatmentGoalBand | None, bool | None]
) -> None:
    summary = _chronic_september(with_checkins=with_checkins)
    # ICHD-3 1.3: >= 15 headache days, >= 8 migraine days; IHS 2025: > 6 days insufficient.
    assert (
        summary.key.headache_days,
        summary.key.migraine_days,
        summary.moderate_or_migraine_days,
        summary.overuse.over,
        summary.comparison.previous,
        summary.chronic_months,  # one month is "this month", never "chronic"
    ) == (
        18,
        15,
        15,
        frozenset({OveruseGroup.TRIPTAN}),
        Period(date(2026, 8, 1), date(2026, 8, 31), PeriodKind.CALENDAR_MONTH),
        0,
    )
    assert (
        summary.recorded_days,
        summary.headache_free_days,
        summary.treatment_goal,
        summary.chronic_pattern,
    ) == expected


@pytest.mark.parametrize(
    ("migraine_attacks", "no_headache_days", "expected"),
    [
        # IHS 2025 bands, with every other day answered "no headache".
        (0, 30, (TreatmentGoalBand.FREE, False)),
        (3, 27, (TreatmentGoalBand.OPTIMAL, False)),
        (6, 24, (TreatmentGoalBand.MODEST, False)),
        # Issue 12: an empty 30-day diary is not "optimal control"; nothing is judged.
        (0, 0, (None, None)),
        # docs/architecture.md: 80 % of 30 days is 24 recorded days; 23 is too few.
        (0, 24, (TreatmentGoalBand.FREE, False)),
        (0, 23, (None, None)),
        (2, 21, (None, None)),
        (2, 22, (TreatmentGoalBand.OPTIMAL, False)),
    ],
)
def test_treatment_goal_band_of_a_30_day_period(
    migraine_attacks: int,
    no_headache_days: int,
    expected: tuple[TreatmentGoalBand | None, bool | None],
) -> None:
    period = last_days(30, today=d(28))
    attacks = [
        attack(
            n,
            at(period.first + timedelta(days=n), 8),
            at(period.first + timedelta(days=n), 16),
            peak_intensity=7,
            **TEXTBOOK,
        )
        for n in range(migraine_attacks)
    ]
    other_days = _no_headache_on_other_days(period, attacks)
    checkins = other_days[len(other_days) - no_headache_days :]
    summary = build_summary(
        period,
        attacks=attacks,
        intakes=[],
        checkins=checkins,
        body_symptoms=[],
        tz=BERLIN,
        now=NOW,
    )
    assert summary.recorded_days == migraine_attacks + no_headache_days
    assert (summary.treatment_goal, summary.chronic_pattern) == expected


def _months_with_pattern(pattern: list[bool], *, recorded: bool = True) -> PeriodSummary:
    """Consecutive 30-day months ending 2026-10-28: 16 migraine days in a qualifying month,
    2 otherwise, "no headache" on the other days when ``recorded``."""
    period = last_days(30 * len(pattern), today=d(28))
    attacks: list[AttackRecord] = []
    for month, qualifies in enumerate(pattern):
        first = period.first + timedelta(days=30 * month)
        for n in range(16 if qualifies else 2):
            day = first + timedelta(days=n)
            attacks.append(
                attack(len(attacks) + 1, at(day, 8), at(day, 16), peak_intensity=7, **TEXTBOOK)
            )
    return build_summary(
        period,
        attacks=attacks,
        intakes=[],
        checkins=_no_headache_on_other_days(period, attacks) if recorded else [],
        body_symptoms=[],
        tz=BERLIN,
        now=NOW,
    )


@pytest.mark.parametrize(
    ("pattern", "recorded", "expected"),
    [
        # ICHD-3 1.3 needs the pattern for more than 3 months: say more only after 3 in a row.
        ([True, True, True], True, 3),
        ([True, True, False], True, 0),
        ([True, False, True], True, 0),
        ([False, True, True, True], True, 3),
        ([True, True, True, True], True, 4),
        # Unknown days are not evidence: months under 80 % recorded never qualify.
        ([True, True, True], False, 0),
    ],
)
def test_the_chronic_pattern_needs_three_consecutive_months(
    pattern: list[bool], recorded: bool, expected: int
) -> None:
    summary = _months_with_pattern(pattern, recorded=recorded)
    assert summary.chronic_months == expected
    assert [m.chronic_pattern for m in summary.months] == [q and recorded for q in pattern]


def test_month_numbers_of_a_year() -> None:
    # A 365-day period: a 5-day remainder, then twelve 30-day months (oldest first).
    summary = build_summary(
        last_days(365, today=d(28)),
        attacks=[attack(1, at(d(27), 8), at(d(27), 16), peak_intensity=7, **TEXTBOOK)],
        intakes=[intake(1, at(d(27), 9), DrugClass.TRIPTAN)],
        checkins=[checkin(d(26), headache=False)],
        body_symptoms=[],
        tz=BERLIN,
        now=NOW,
    )
    assert [m.period.days for m in summary.months] == [5] + [30] * 12
    assert summary.months[-1] == MonthNumbers(
        Period(d(28) - timedelta(days=29), d(28)), 1, 1, 1, 2
    )
    assert not summary.months[-1].enough_recorded


def test_sustained_overuse_over_three_windows() -> None:
    # Paracetamol every day for 90 days: over the threshold in each 30-day window.
    end = d(28)
    intakes = daily(DrugClass.PARACETAMOL, end - timedelta(days=89), 90)
    summary = build_summary(
        last_days(7, today=end),
        attacks=[],
        intakes=intakes,
        checkins=[],
        body_symptoms=[],
        tz=BERLIN,
        now=NOW,
    )
    assert (summary.sustained_overuse, summary.overuse.over) == (
        frozenset({OveruseGroup.SIMPLE_ANALGESIC}),
        frozenset({OveruseGroup.SIMPLE_ANALGESIC}),
    )


def test_a_gepant_on_the_preventive_list_is_not_acute() -> None:
    end = d(28)
    intakes = [
        intake(1, at(end, 8), DrugClass.GEPANT, medication_id=5),
        intake(2, at(end - timedelta(days=1), 8), DrugClass.GEPANT, medication_id=6),
    ]
    summary = build_summary(
        last_days(7, today=end),
        attacks=[],
        intakes=intakes,
        checkins=[],
        body_symptoms=[],
        tz=BERLIN,
        now=NOW,
        preventive_ids=frozenset({5}),
    )
    assert (summary.key.acute_medication_days, summary.key.migraine_days) == (1, 1)


def test_a_new_york_dst_week_counts_each_day_once() -> None:
    # America/New_York falls back on 2026-11-01: an attack 00:30-01:30 every night, the one on
    # the 1st ending at the second 01:30 (two hours long).
    week = Period(date(2026, 10, 29), date(2026, 11, 4))
    attacks = [
        attack(
            n,
            at(day, 0, 30, tz=NEW_YORK),
            at(day, 1, 30, tz=NEW_YORK, fold=1),
            peak_intensity=3,
        )
        for n, day in enumerate(week.dates())
    ]
    summary = build_summary(
        week,
        attacks=attacks,
        intakes=[],
        checkins=[],
        body_symptoms=[],
        tz=NEW_YORK,
        now=at(date(2026, 11, 4), 12, tz=NEW_YORK),
    )
    assert (
        summary.key.attacks,
        summary.key.headache_days,
        [cell.day for cell in summary.days if cell.headache],
        summary.total_duration,
        summary.by_time_of_day[TimeOfDay.NIGHT],
    ) == (7, 7, week.dates(), timedelta(hours=8), 7)


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (0, TimeOfDay.NIGHT),
        (5, TimeOfDay.NIGHT),
        (6, TimeOfDay.MORNING),
        (11, TimeOfDay.MORNING),
        (12, TimeOfDay.AFTERNOON),
        (17, TimeOfDay.AFTERNOON),
        (18, TimeOfDay.EVENING),
        (23, TimeOfDay.EVENING),
    ],
)
def test_time_of_day(hour: int, expected: TimeOfDay) -> None:
    assert time_of_day(hour) is expected


def hours(*values: float) -> list[timedelta]:
    return [timedelta(hours=value) for value in values]


@pytest.mark.parametrize(
    ("durations", "expected"),
    [
        ([], None),
        (hours(1), timedelta(hours=1)),
        (hours(3, 1), timedelta(hours=2)),
        (hours(1, 5, 2), timedelta(hours=2)),
        (hours(4, 1, 2, 8), timedelta(hours=3)),
    ],
)
def test_median_duration(durations: list[timedelta], expected: timedelta | None) -> None:
    assert median_duration(durations) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # 7 days: the 90 days of doses for the sustained-overuse flag reach furthest back.
        (WEEK, (utc(2026, 7, 30, 22), utc(2026, 10, 28, 23))),
        # A year: the previous year and an attack that started 7 days before it.
        (
            last_days(365, today=d(28)),
            (utc(2024, 10, 21, 22), utc(2026, 10, 28, 23)),
        ),
    ],
)
def test_required_window(period: Period, expected: tuple[datetime, datetime]) -> None:
    assert required_window(period, BERLIN) == expected
