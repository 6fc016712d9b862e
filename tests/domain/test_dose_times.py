from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.attacks import AttackRecord
from bot.domain.dose_times import (
    DOSE_TIME_MARGIN,
    RELATIVE_DOSE_CHOICES,
    DoseAnchor,
    DoseChoice,
    dose_choices,
    dose_time,
    dose_time_plausible,
    duplicate_dose,
    is_happening_now,
    parse_dose_choice,
)
from bot.domain.medications import DrugClass, IntakeRecord, IntakeStatus

START = datetime(2026, 11, 11, 14, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)  # nine days later
PAST = AttackRecord(id=1, user_id=1, started_at=START, ended_at=START + timedelta(hours=6))
SHORT = AttackRecord(id=1, user_id=1, started_at=START, ended_at=START + timedelta(minutes=45))
OPEN = AttackRecord(id=1, user_id=1, started_at=NOW - timedelta(hours=1), ended_at=None)

AT_START = DoseChoice(DoseAnchor.START, 0)
PLUS_30 = DoseChoice(DoseAnchor.START, 30)
PLUS_1H = DoseChoice(DoseAnchor.START, 60)
PLUS_2H = DoseChoice(DoseAnchor.START, 120)
AT_END = DoseChoice(DoseAnchor.END, 0)


def test_the_offered_relative_choices() -> None:
    assert [choice.code for choice in RELATIVE_DOSE_CHOICES] == ["s0", "s30", "s60", "s120", "e0"]


@pytest.mark.parametrize(
    ("attack", "expected"),
    [
        (PAST, [AT_START, PLUS_30, PLUS_1H, PLUS_2H, AT_END]),
        # A 45-minute attack: nothing later than its end is offered as "into it".
        (SHORT, [AT_START, PLUS_30, AT_END]),
        # While it is going, times are counted back from now instead.
        (OPEN, []),
    ],
)
def test_dose_choices(attack: AttackRecord, expected: list[DoseChoice]) -> None:
    assert dose_choices(attack) == expected
    assert is_happening_now(attack) is (attack.ended_at is None)


@pytest.mark.parametrize(
    ("attack", "choice", "expected"),
    [
        (PAST, AT_START, START),
        (PAST, PLUS_30, START + timedelta(minutes=30)),
        (PAST, PLUS_2H, START + timedelta(hours=2)),
        (PAST, AT_END, START + timedelta(hours=6)),
        (OPEN, AT_END, None),
    ],
)
def test_dose_time(attack: AttackRecord, choice: DoseChoice, expected: datetime | None) -> None:
    assert dose_time(attack, choice) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("s0", AT_START), ("s120", PLUS_2H), ("e0", AT_END), ("s45", None), ("x", None), ("", None)],
)
def test_parse_dose_choice(code: str, expected: DoseChoice | None) -> None:
    assert parse_dose_choice(code) == expected


# The window [start - 12 h, end + 12 h] (product rule: a dose outside it is confirmed first).
@pytest.mark.parametrize(
    ("attack", "taken_at", "expected"),
    [
        (PAST, START, True),
        (PAST, START - DOSE_TIME_MARGIN, True),
        (PAST, START - DOSE_TIME_MARGIN - timedelta(minutes=1), False),
        (PAST, START + timedelta(hours=6) + DOSE_TIME_MARGIN, True),
        (PAST, START + timedelta(hours=6) + DOSE_TIME_MARGIN + timedelta(minutes=1), False),
        # The reported bug: a dose dated today for an attack nine days ago.
        (PAST, NOW, False),
        # An open attack runs to now.
        (OPEN, NOW, True),
        (OPEN, NOW - timedelta(hours=14), False),
    ],
)
def test_dose_time_plausible(attack: AttackRecord, taken_at: datetime, expected: bool) -> None:
    assert dose_time_plausible(taken_at, attack, now=NOW) is expected


def _intake(
    minutes: int, medication_id: int = 7, status: IntakeStatus = IntakeStatus.TAKEN
) -> IntakeRecord:
    return IntakeRecord(
        id=minutes,
        user_id=1,
        medication_id=medication_id,
        medication_name="Ibuprofen",
        drug_class=DrugClass.NSAID,
        dose="400 mg",
        taken_at=START + timedelta(minutes=minutes),
        attack_id=1,
        status=status,
    )


@pytest.mark.parametrize(
    ("intakes", "taken_minutes", "expected_id"),
    [
        ([], 0, None),
        ([_intake(0)], 0, 0),  # the same tap twice
        ([_intake(0)], 5, 0),  # within the 5-minute window, either side
        ([_intake(10)], 5, 10),
        ([_intake(0)], 6, None),  # a real second dose
        ([_intake(0, medication_id=8)], 0, None),  # another medication
        ([_intake(0, status=IntakeStatus.SKIPPED)], 0, None),
        ([_intake(-120), _intake(1)], 0, 1),
    ],
)
def test_duplicate_dose(
    intakes: list[IntakeRecord], taken_minutes: int, expected_id: int | None
) -> None:
    found = duplicate_dose(
        intakes, medication_id=7, taken_at=START + timedelta(minutes=taken_minutes)
    )
    assert (found.id if found else None) == expected_id


@pytest.mark.parametrize(
    "call",
    [
        lambda: dose_time_plausible(datetime(2026, 11, 11), PAST, now=NOW),
        lambda: dose_time_plausible(START, PAST, now=datetime(2026, 11, 11)),
        lambda: duplicate_dose([], medication_id=7, taken_at=datetime(2026, 11, 11)),
    ],
)
def test_naive_times_are_refused(call: object) -> None:
    with pytest.raises(ValueError, match="aware"):
        call()  # type: ignore[operator]
