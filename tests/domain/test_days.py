from datetime import date, datetime, timedelta

import pytest

from bot.domain.attacks import AttackRecord, EndedHow, Quality, Side
from bot.domain.checkins import CheckinRecord
from bot.domain.classify import AttackLabel
from bot.domain.days import (
    DayCell,
    acute_medication_dates,
    attack_dates,
    attack_end,
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
from bot.domain.medications import DrugClass, Effect, IntakeRecord, IntakeStatus
from bot.domain.periods import Period
from tests.domain.diary import BERLIN, NEW_YORK, at, attack, body_symptom, checkin, intake, utc

D = date(2026, 10, 12)  # a Monday, far from DST changes


def day(offset: int) -> date:
    return D + timedelta(days=offset)


NOW = at(day(10), 12)
WEEK = Period(day(0), day(6))
MIGRAINE_FIELDS = {
    "peak_intensity": 7,
    "side": Side.LEFT,
    "quality": Quality.PULSATING,
    "nausea": True,
}


@pytest.mark.parametrize(
    ("record", "tz", "now", "expected"),
    [
        # Issue 5: an attack from 22:00 to 03:00 touches two headache days.
        (attack(1, at(day(0), 22), at(day(1), 3)), BERLIN, NOW, [day(0), day(1)]),
        (attack(1, at(day(0), 10), at(day(0), 12)), BERLIN, NOW, [day(0)]),
        # An end exactly at midnight does not touch the new day; a minute later does.
        (attack(1, at(day(0), 20), at(day(1), 0)), BERLIN, NOW, [day(0)]),
        (attack(1, at(day(0), 20), at(day(1), 0, 1)), BERLIN, NOW, [day(0), day(1)]),
        # Three days for a long attack.
        (attack(1, at(day(0), 8), at(day(2), 8)), BERLIN, NOW, [day(0), day(1), day(2)]),
        # An open attack runs to now...
        (attack(1, at(day(9), 22), None), BERLIN, NOW, [day(9), day(10)]),
        # ...but no further than 7 days from its start.
        (
            attack(1, at(day(0), 10), None),
            BERLIN,
            NOW,
            [day(n) for n in range(8)],
        ),
        # The attack is counted in the user's zone: 22:00-03:00 UTC is 18:00-23:00 in New York.
        (attack(1, utc(2026, 10, 12, 22), utc(2026, 10, 13, 3)), NEW_YORK, NOW, [day(0)]),
        # Europe/Berlin falls back on 2026-10-25: a 25-hour day is still one day.
        (
            attack(1, at(date(2026, 10, 24), 23), at(date(2026, 10, 25), 23, 30)),
            BERLIN,
            NOW,
            [date(2026, 10, 24), date(2026, 10, 25)],
        ),
        # America/New_York 2026-11-01: 00:30 to the second 01:30 is one day, not two.
        (
            attack(
                1,
                at(date(2026, 11, 1), 0, 30, tz=NEW_YORK),
                at(date(2026, 11, 1), 1, 30, tz=NEW_YORK, fold=1),
            ),
            NEW_YORK,
            NOW,
            [date(2026, 11, 1)],
        ),
    ],
)
def test_attack_dates(record: AttackRecord, tz: str, now: datetime, expected: list[date]) -> None:
    assert attack_dates(record, tz=tz, now=now) == expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (attack(1, at(day(0), 10), at(day(0), 12)), at(day(0), 12)),
        (attack(1, at(day(9), 10), None), NOW),
        (attack(1, at(day(0), 10), None), at(day(7), 10)),
    ],
)
def test_attack_end(record: AttackRecord, expected: datetime) -> None:
    assert attack_end(record, now=NOW) == expected


@pytest.mark.parametrize(
    ("record", "preventive_ids", "expected"),
    [
        (intake(1, NOW, DrugClass.TRIPTAN), frozenset(), True),
        (intake(1, NOW, DrugClass.ANTIEMETIC), frozenset(), True),
        (intake(1, NOW, DrugClass.OTHER), frozenset(), True),
        (intake(1, NOW, DrugClass.PREVENTIVE), frozenset(), False),
        (intake(1, NOW, DrugClass.NSAID, status=IntakeStatus.SKIPPED), frozenset(), False),
        # A gepant on the user's preventive list is a preventive dose.
        (intake(1, NOW, DrugClass.GEPANT, medication_id=7), frozenset({7}), False),
        (intake(1, NOW, DrugClass.GEPANT, medication_id=8), frozenset({7}), True),
    ],
)
def test_is_acute_intake(
    record: IntakeRecord, preventive_ids: frozenset[int], expected: bool
) -> None:
    assert is_acute_intake(record, preventive_ids) is expected


def test_headache_dates() -> None:
    attacks = [
        attack(1, at(day(-1), 22), at(day(0), 3)),  # started before the week, touches day 0
        attack(2, at(day(2), 22), at(day(3), 3)),
        attack(3, at(day(6), 22), at(day(7), 3)),  # its second day is after the week
    ]
    checkins = [
        checkin(day(4), headache=True),  # said yes without logging an attack
        checkin(day(5), headache=False),
        checkin(day(1), headache=None),
        checkin(day(8), headache=True),  # outside the week
    ]
    assert headache_dates(attacks, checkins, tz=BERLIN, now=NOW, period=WEEK) == frozenset(
        {day(0), day(2), day(3), day(4), day(6)}
    )


def test_medication_dates_per_class_and_overall() -> None:
    intakes = [
        intake(1, at(day(0), 9), DrugClass.PARACETAMOL),
        intake(2, at(day(0), 20), DrugClass.PARACETAMOL),  # a second dose, same day
        intake(3, at(day(1), 9), DrugClass.NSAID),
        intake(4, at(day(1), 10), DrugClass.TRIPTAN),
        intake(5, at(day(2), 9), DrugClass.PREVENTIVE),
        intake(6, at(day(3), 9), DrugClass.NSAID, status=IntakeStatus.SKIPPED),
        intake(7, at(day(4), 9), DrugClass.GEPANT, medication_id=70),
        intake(8, at(day(7), 9), DrugClass.TRIPTAN),  # after the week
        intake(9, at(day(5), 23, 30), DrugClass.ANTIEMETIC),
    ]
    by_class = medication_dates(intakes, tz=BERLIN, period=WEEK, preventive_ids=frozenset({70}))
    assert (by_class, acute_medication_dates(by_class)) == (
        {
            DrugClass.PARACETAMOL: frozenset({day(0)}),
            DrugClass.NSAID: frozenset({day(1)}),
            DrugClass.TRIPTAN: frozenset({day(1)}),
            DrugClass.ANTIEMETIC: frozenset({day(5)}),
        },
        frozenset({day(0), day(1), day(5)}),
    )


def test_acute_medication_dates_of_nothing() -> None:
    assert acute_medication_dates({}) == frozenset()


def test_migraine_dates() -> None:
    attacks = [
        attack(1, at(day(0), 22), at(day(1), 3), **MIGRAINE_FIELDS),  # 5 h, migraine-like
        attack(2, at(day(2), 9), at(day(2), 11), **MIGRAINE_FIELDS),  # 2 h untreated: probable
        attack(3, at(day(3), 9), at(day(3), 15), peak_intensity=8),  # unclassified
        attack(
            4,
            at(day(4), 9),
            at(day(4), 11),
            peak_intensity=2,
            side=Side.BOTH,
            quality=Quality.PRESSING,
            nausea=False,
        ),  # tension-type-like only
    ]
    intakes = [
        intake(1, at(day(5), 9), DrugClass.TRIPTAN, effect=Effect.NONE),  # whatever its effect
        intake(2, at(day(6), 9), DrugClass.NSAID),
        intake(3, at(day(3), 10), DrugClass.DITAN),
        intake(4, at(day(-3), 10), DrugClass.ERGOT),  # before the week
    ]
    classes = classify_all(attacks, intakes, now=NOW)
    medication = medication_dates(intakes, tz=BERLIN, period=WEEK)
    result = migraine_dates(attacks, classes, medication, tz=BERLIN, now=NOW, period=WEEK)
    assert result == frozenset({day(0), day(1), day(2), day(3), day(5)})


def test_classify_all_passes_each_attack_its_own_doses() -> None:
    short = {**MIGRAINE_FIELDS}
    attacks = [
        attack(1, at(day(0), 9), at(day(0), 11), **short),
        attack(2, at(day(1), 9), at(day(1), 11), **short),
        attack(3, at(day(2), 9), at(day(2), 11), **short, ended_how=EndedHow.MEDICATION),
    ]
    intakes = [
        intake(1, at(day(0), 9, 30), DrugClass.TRIPTAN, attack_id=1, effect=Effect.PAIN_FREE),
        intake(2, at(day(1), 9, 30), DrugClass.TRIPTAN, attack_id=None, effect=Effect.PAIN_FREE),
    ]
    labels = {key: value.label for key, value in classify_all(attacks, intakes, now=NOW).items()}
    assert labels == {
        1: AttackLabel.MIGRAINE_LIKE,
        2: AttackLabel.PROBABLE_MIGRAINE,
        3: AttackLabel.MIGRAINE_LIKE,
    }


def test_moderate_or_severe_dates() -> None:
    attacks = [
        attack(1, at(day(0), 9), at(day(0), 11), peak_intensity=4),
        attack(2, at(day(1), 9), at(day(1), 11), peak_intensity=3),
        attack(3, at(day(2), 9), at(day(2), 11)),
        attack(4, at(day(3), 22), at(day(4), 2), peak_intensity=9),
    ]
    assert moderate_or_severe_dates(attacks, tz=BERLIN, now=NOW, period=WEEK) == frozenset(
        {day(0), day(3), day(4)}
    )


def test_headache_free_dates() -> None:
    # docs/architecture.md "Unknown is not zero": only a "no headache" answer makes a
    # headache-free day.
    checkins = [
        checkin(day(0), headache=False),
        checkin(day(1), headache=False),  # but an attack touched it: a headache day
        checkin(day(2), headache=True),
        checkin(day(3), headache=None),  # sleep answered, headache not: unknown
        checkin(day(9), headache=False),  # outside the week
    ]
    headache = frozenset({day(1), day(2)})
    assert headache_free_dates(checkins, headache, period=WEEK) == frozenset({day(0)})


def test_recorded_dates() -> None:
    assert recorded_dates(
        [attack(1, at(day(-1), 23), at(day(0), 1))],
        [intake(1, at(day(1), 9), DrugClass.PREVENTIVE, status=IntakeStatus.SKIPPED)],
        [checkin(day(2), headache=False), checkin(day(9), headache=False)],
        [body_symptom(1, at(day(3), 9), region="jaw")],
        tz=BERLIN,
        now=NOW,
        period=WEEK,
    ) == frozenset({day(0), day(1), day(2), day(3)})


def test_day_cells() -> None:
    attacks = [
        attack(1, at(day(0), 22), at(day(1), 3), peak_intensity=5),
        attack(2, at(day(1), 15), at(day(1), 18), peak_intensity=8),
        attack(3, at(day(1), 19), at(day(1), 20), peak_intensity=2),
        attack(4, at(day(2), 9), at(day(2), 10)),
    ]
    cells = day_cells(
        attacks,
        headache=frozenset({day(0), day(1), day(2)}),
        acute_medication=frozenset({day(1)}),
        headache_free=frozenset({day(3)}),
        tz=BERLIN,
        now=NOW,
        period=Period(day(0), day(4)),
    )
    assert cells == (
        DayCell(day(0), True, max_intensity=5, acute_medication=False, headache_free=False),
        DayCell(day(1), True, max_intensity=8, acute_medication=True, headache_free=False),
        DayCell(day(2), True, max_intensity=None, acute_medication=False, headache_free=False),
        DayCell(day(3), False, max_intensity=None, acute_medication=False, headache_free=True),
        DayCell(day(4), False, max_intensity=None, acute_medication=False, headache_free=False),
    )
    # Day 4 has no record: unknown, never a good day (docs/architecture.md "Unknown is not zero").
    assert [cell.unknown for cell in cells] == [False, False, False, False, True]


def test_a_dst_week_counts_each_day_once() -> None:
    # Europe/Berlin, week of 2026-10-25 (25 hours): an attack every evening 22:00-01:00.
    week = Period(date(2026, 10, 22), date(2026, 10, 28))
    first = date(2026, 10, 21)
    attacks = [
        attack(n, at(first + timedelta(days=n), 22), at(first + timedelta(days=n + 1), 1))
        for n in range(7)
    ]
    checkins: list[CheckinRecord] = []
    now = at(date(2026, 10, 29), 12)
    assert sorted(headache_dates(attacks, checkins, tz=BERLIN, now=now, period=week)) == (
        week.dates()
    )
