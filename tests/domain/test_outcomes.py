import pytest

from bot.domain.outcomes import (
    TreatmentGoalBand,
    is_month_long,
    meets_chronic_pattern,
    treatment_goal_band,
)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, TreatmentGoalBand.FREE),
        (1, TreatmentGoalBand.OPTIMAL),
        (3, TreatmentGoalBand.OPTIMAL),
        (4, TreatmentGoalBand.MODEST),
        (6, TreatmentGoalBand.MODEST),
        (7, TreatmentGoalBand.INSUFFICIENT),
        (30, TreatmentGoalBand.INSUFFICIENT),
    ],
)
def test_treatment_goal_band(days: int, expected: TreatmentGoalBand) -> None:
    assert treatment_goal_band(days) is expected


@pytest.mark.parametrize(
    ("days", "expected"),
    [(7, False), (27, False), (28, True), (30, True), (31, True), (32, False), (90, False)],
)
def test_is_month_long(days: int, expected: bool) -> None:
    assert is_month_long(days) is expected


@pytest.mark.parametrize(
    ("headache_days", "migraine_days", "expected"),
    [
        (15, 8, True),
        (20, 12, True),
        (14, 8, False),
        (15, 7, False),
        (30, 0, False),
    ],
)
def test_meets_chronic_pattern(headache_days: int, migraine_days: int, expected: bool) -> None:
    assert (
        meets_chronic_pattern(headache_days=headache_days, migraine_days=migraine_days) is expected
    )
