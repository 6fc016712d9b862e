from datetime import date, datetime, time

import pytest

from bot.domain.adherence import (
    Adherence,
    DoseSchedule,
    PreventivePlan,
    adherence,
    scheduled_doses,
)
from bot.domain.medications import DrugClass, IntakeStatus, MedicationRecord
from bot.domain.periods import Period
from tests.domain.diary import BERLIN, at, intake

# docs/clinical.md "What guidelines say a diary should record": preventive medication adherence.
WEEK = Period(date(2026, 3, 23), date(2026, 3, 29))  # Mon-Sun; Berlin springs forward on the 29th
AFTER = at(date(2026, 3, 30), 12)
EVERY_DAY = "1111111"


@pytest.mark.parametrize(
    ("schedules", "now", "expected"),
    [
        ([DoseSchedule(time(8), EVERY_DAY, at(date(2026, 1, 1), 0))], AFTER, 7),
        # Two dose times a day.
        (
            [
                DoseSchedule(time(8), EVERY_DAY, at(date(2026, 1, 1), 0)),
                DoseSchedule(time(20), EVERY_DAY, at(date(2026, 1, 1), 0)),
            ],
            AFTER,
            14,
        ),
        # Mondays and Thursdays only.
        ([DoseSchedule(time(8), "1001000", at(date(2026, 1, 1), 0))], AFTER, 2),
        # Set up on Wednesday at 09:00: that day's 08:00 dose was not yet scheduled.
        ([DoseSchedule(time(8), EVERY_DAY, at(date(2026, 3, 25), 9))], AFTER, 4),
        # Asked on Friday at 07:00: Friday's 08:00 dose is still to come.
        ([DoseSchedule(time(8), EVERY_DAY, at(date(2026, 1, 1), 0))], at(date(2026, 3, 27), 7), 4),
        # 02:30 does not exist on 29 March in Berlin: it moves to 03:00 and still counts once.
        ([DoseSchedule(time(2, 30), EVERY_DAY, at(date(2026, 1, 1), 0))], AFTER, 7),
        ([], AFTER, 0),
    ],
)
def test_scheduled_doses(schedules: list[DoseSchedule], now: datetime, expected: int) -> None:
    assert scheduled_doses(schedules, period=WEEK, tz=BERLIN, now=now) == expected


PROPRANOLOL = MedicationRecord(1, 1, "Propranolol", DrugClass.PREVENTIVE, True, "40 mg")


@pytest.mark.parametrize(
    ("schedules", "expected"),
    [
        ((DoseSchedule(time(8), EVERY_DAY, at(date(2026, 1, 1), 0)),), (3, 1, 7)),
        # No dose reminder: nothing was scheduled, so adherence cannot be a share.
        ((), (3, 1, None)),
    ],
)
def test_adherence(
    schedules: tuple[DoseSchedule, ...], expected: tuple[int, int, int | None]
) -> None:
    plan = PreventivePlan(PROPRANOLOL, at(date(2026, 1, 1), 0), schedules)
    intakes = [
        intake(1, at(date(2026, 3, 23), 8), DrugClass.PREVENTIVE, medication_id=1),
        intake(2, at(date(2026, 3, 24), 8), DrugClass.PREVENTIVE, medication_id=1),
        intake(3, at(date(2026, 3, 29), 8), DrugClass.PREVENTIVE, medication_id=1),
        intake(
            4,
            at(date(2026, 3, 25), 8),
            DrugClass.PREVENTIVE,
            medication_id=1,
            status=IntakeStatus.SKIPPED,
        ),
        intake(5, at(date(2026, 3, 22), 8), DrugClass.PREVENTIVE, medication_id=1),  # before
        intake(6, at(date(2026, 3, 26), 8), DrugClass.NSAID, medication_id=2),  # another drug
    ]
    assert adherence(plan, intakes, period=WEEK, tz=BERLIN, now=AFTER) == Adherence(
        plan, *expected
    )
