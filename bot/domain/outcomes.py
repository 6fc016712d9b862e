"""Month-level outcome measures: the IHS 2025 treatment-goal band and the chronic-pattern flag.

Both are defined per month, so they are only given for periods of :data:`MONTH_MIN_DAYS` to
:data:`MONTH_MAX_DAYS` days, and only when the diary was kept on enough of its days
(:func:`enough_recorded`): a day without a record is unknown, never headache-free. The band
counts days with migraine *or* a moderate-to-severe headache (IHS 2025 position statement,
Cephalalgia, doi 10.1177/03331024251320608). Its "optimal" band also asks for pain freedom
within 2 h of acute treatment; the band here is by days only, and the 2-hour effects are
reported beside it. Neither result is a diagnosis.
"""

from __future__ import annotations

from enum import StrEnum

OPTIMAL_BELOW_DAYS = 4  # IHS 2025: optimal control, < 4 days/month
MODEST_MAX_DAYS = 6  # IHS 2025: modest control, 4-6 days/month; insufficient above
CHRONIC_HEADACHE_DAYS = 15  # ICHD-3 1.3 A: headache on >= 15 days/month
CHRONIC_MIGRAINE_DAYS = 8  # ICHD-3 1.3 C: migraine features on >= 8 days/month
# A period is "a month" for the per-month measures when it is 28 to 31 days long.
MONTH_MIN_DAYS = 28
MONTH_MAX_DAYS = 31
# docs/architecture.md "Unknown is not zero": period-level judgements (treatment-goal band, chronic
# pattern, comparison with the previous period) need at least 80 % of the days recorded.
MIN_RECORDED_PERCENT = 80
# ICHD-3 1.3 asks for the pattern on >= 15 days/month for more than 3 months: the diary says no
# more than "this month" until it has seen 3 consecutive qualifying months.
CHRONIC_MIN_MONTHS = 3


class TreatmentGoalBand(StrEnum):
    """IHS 2025 treatment-goal band by days with migraine or moderate/severe headache."""

    FREE = "free"
    OPTIMAL = "optimal"
    MODEST = "modest"
    INSUFFICIENT = "insufficient"


def is_month_long(days: int) -> bool:
    """Whether a period of ``days`` days counts as a month for per-month measures."""
    return MONTH_MIN_DAYS <= days <= MONTH_MAX_DAYS


def treatment_goal_band(days: int) -> TreatmentGoalBand:
    """The band for a month with ``days`` days of migraine or moderate/severe headache."""
    if days == 0:
        return TreatmentGoalBand.FREE
    if days < OPTIMAL_BELOW_DAYS:
        return TreatmentGoalBand.OPTIMAL
    if days <= MODEST_MAX_DAYS:
        return TreatmentGoalBand.MODEST
    return TreatmentGoalBand.INSUFFICIENT


def meets_chronic_pattern(*, headache_days: int, migraine_days: int) -> bool:
    """Whether one month shows the chronic pattern (>= 15 headache days, >= 8 migraine days)."""
    return headache_days >= CHRONIC_HEADACHE_DAYS and migraine_days >= CHRONIC_MIGRAINE_DAYS


def recorded_days_needed(days: int) -> int:
    """The fewest recorded days a period of ``days`` days needs for period-level judgements."""
    return -(-days * MIN_RECORDED_PERCENT // 100)


def enough_recorded(recorded: int, days: int) -> bool:
    """Whether ``recorded`` of ``days`` days is enough (at least 80 %) to judge the period."""
    return recorded >= recorded_days_needed(days)


def longest_run(flags: list[bool]) -> int:
    """The length of the longest run of consecutive ``True`` values."""
    longest = current = 0
    for flag in flags:
        current = current + 1 if flag else 0
        longest = max(longest, current)
    return longest
