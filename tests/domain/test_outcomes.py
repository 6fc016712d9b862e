import pytest

from bot.domain.outcomes import (
    TreatmentGoalBand,
    enough_recorded,
    is_month_long,
    longest_run,
    meets_chronic_pattern,
    recorded_days_needed,
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


@pytest.mark.parametrize(
    ("days", "needed"),
    [
        # docs/architecture.md "Unknown is not zero": at least 80 % of the days, rounded up.
        (1, 1),
        (7, 6),  # 5.6
        (28, 23),  # 22.4
        (30, 24),
        (31, 25),  # 24.8
        (90, 72),
        (365, 292),
    ],
)
def test_recorded_days_needed(days: int, needed: int) -> None:
    assert recorded_days_needed(days) == needed
    assert enough_recorded(needed, days)
    assert not enough_recorded(needed - 1, days)


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        ([], 0),
        ([False], 0),
        ([True, True, False, True], 2),
        ([False, True, True, True], 3),
    ],
)
def test_longest_run(flags: list[bool], expected: int) -> None:
    # ICHD-3 1.3 "for more than 3 months": consecutive qualifying months are counted.
    assert longest_run(flags) == expected
