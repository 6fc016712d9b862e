"""Honest trigger statistics: attack rates on days with and without a factor, and a test.

The result is data, never a cause: how often an attack started on days with the factor (that
day or the day before) against days without it, once there are at least
:data:`MIN_DAYS_WITH_FACTOR` days with it, :data:`MIN_DAYS_WITHOUT_FACTOR` without it and
:data:`MIN_ATTACKS` attacks. A factor is *associated with more attacks* (docs/architecture.md
"Triggers")
only when all of these hold:

* an exact test says the difference is unlikely by chance: the one-sided mid-p value of
  Fisher's exact test (:func:`~bot.domain.exact_tests.mid_p_greater`) on the 2x2 table of days
  with/without the factor by days with/without an attack;
* after correcting for the number of factors tested: Holm's adjustment over every factor with
  enough data, at the level :data:`ASSOCIATION_LEVEL`;
* and the effect is large enough to matter: the attack rate with the factor is at least
  :data:`MIN_RATE_RATIO` times the rate without it.

The tests prove it with a simulation: on random 90-day diaries with no real trigger something
is flagged in at most 5 % of them, and a factor that doubles the attack rate is found in at
least 70 % (tests/domain/test_trigger_simulation.py). The views word it "associated with", and
always show the counts behind it.

Decisions:

* Exposure comes from the evening check-in only, because it is asked every day whatever
  happened. Triggers tagged on an attack are recorded only on attack days, so comparing them
  with days without attacks would find an association every time; they are counted as tags
  (:func:`tagged_triggers`), never as an association.
* On an answered check-in the optional factors are a checklist: an unticked factor counts as
  absent. A day without an answered check-in is unknown and left out.
* Poor sleep is known when either sleep answer is; it is present when the quality was "poor"
  or the hours were under :data:`SHORT_SLEEP_HOURS`. The check-in of day D holds the night
  before D, so it is exposure on D.
* A day D is *with* the factor if it was present on D or D-1, *without* it if it was known
  absent on both, and otherwise left out. An attack day is a day on which an attack started;
  a day with two attacks is one attack day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from fractions import Fraction

from bot.domain.attacks import AttackRecord, Trigger
from bot.domain.checkins import CheckinRecord, CheckinStatus, Factor, SleepQuality
from bot.domain.exact_tests import holm_adjusted, mid_p_greater
from bot.domain.periods import Period
from bot.domain.wallclock import local_date_of

MIN_DAYS_WITH_FACTOR = 3  # docs/architecture.md "Triggers": at least 3 days with the factor
MIN_DAYS_WITHOUT_FACTOR = 3  # docs/architecture.md "Triggers": at least 3 days without it
MIN_ATTACKS = 3  # docs/architecture.md "Triggers": at least 3 attacks
EXPOSURE_LAG_DAYS = 1  # docs/architecture.md "Triggers": the same day and the day before
# docs/architecture.md "Triggers": at most 5 % of diaries without a real trigger may flag
# anything, so the
# family-wise level over all factors (Holm 1979) is 5 %.
ASSOCIATION_LEVEL = 0.05
# The smallest effect worth a line: attacks at least 1.5 times as frequent with the factor.
# A convention of this diary (unverified clinically): smaller ratios are within what day-to-day
# variation and recall produce, and the simulation's power target is a doubling.
MIN_RATE_RATIO = Fraction(3, 2)
# Check-ins needed before a period's first day (for "the day before").
TRIGGER_LOOKBACK_DAYS = EXPOSURE_LAG_DAYS
# Under 6 hours counts as short sleep (a common sleep-research cut-off; unverified convention).
SHORT_SLEEP_HOURS = 6
POOR_SLEEP = Trigger.POOR_SLEEP.value
# The factors analysed, as stored keys (check-in factors, then poor sleep).
FACTOR_KEYS: tuple[str, ...] = (*(factor.value for factor in Factor), POOR_SLEEP)


@dataclass(frozen=True)
class TriggerAssociation:
    """Attack days on days with and without one factor, over the days where it is known."""

    factor: str
    days_with: int
    attack_days_with: int
    days_without: int
    attack_days_without: int
    attacks: int
    p_value: float | None = None
    adjusted_p: float | None = None
    associated: bool = False

    @property
    def enough_data(self) -> bool:
        """Whether there are enough days and attacks to show the rates at all."""
        return (
            self.days_with >= MIN_DAYS_WITH_FACTOR
            and self.days_without >= MIN_DAYS_WITHOUT_FACTOR
            and self.attacks >= MIN_ATTACKS
        )

    @property
    def rate_with(self) -> float | None:
        """The share of days with the factor on which an attack started (if enough data)."""
        return self.attack_days_with / self.days_with if self.enough_data else None

    @property
    def rate_without(self) -> float | None:
        """The share of days without the factor on which an attack started (if enough data)."""
        return self.attack_days_without / self.days_without if self.enough_data else None

    @property
    def relative_rate(self) -> float | None:
        """Rate with over rate without; ``None`` without enough data or attacks without it."""
        if self.rate_with is None or not self.rate_without:
            return None
        return self.rate_with / self.rate_without

    @property
    def large_effect(self) -> bool:
        """Whether attacks are at least :data:`MIN_RATE_RATIO` times as frequent with it.

        Compared exactly (cross-multiplied), so a ratio of exactly 1.5 counts.
        """
        if not self.enough_data or not self.attack_days_with:
            return False
        return (
            self.attack_days_with * self.days_without
            >= MIN_RATE_RATIO * self.attack_days_without * self.days_with
        )


def exact_p_value(item: TriggerAssociation) -> float:
    """The one-sided mid-p value that attack days are this concentrated on days with it."""
    return mid_p_greater(
        item.attack_days_with,
        row_total=item.days_with,
        column_total=item.attack_days_with + item.attack_days_without,
        grand_total=item.days_with + item.days_without,
    )


def apply_exact_tests(items: Sequence[TriggerAssociation]) -> tuple[TriggerAssociation, ...]:
    """``items`` with their exact tests, Holm-corrected over those with enough data."""
    testable = [i for i, item in enumerate(items) if item.enough_data]
    p_values = [exact_p_value(items[i]) for i in testable]
    adjusted = dict(
        zip(testable, zip(p_values, holm_adjusted(p_values), strict=True), strict=True)
    )
    results = []
    for index, item in enumerate(items):
        if index not in adjusted:
            results.append(item)
            continue
        p_value, holm = adjusted[index]
        results.append(
            replace(
                item,
                p_value=p_value,
                adjusted_p=holm,
                associated=holm <= ASSOCIATION_LEVEL and item.large_effect,
            )
        )
    return tuple(results)


def day_exposure(checkin: CheckinRecord) -> dict[str, bool]:
    """The factors known on an answered check-in's day, each present or absent."""
    if checkin.status is not CheckinStatus.ANSWERED:
        return {}
    known = {factor.value: factor in checkin.factors for factor in Factor}
    if checkin.sleep_hours is not None or checkin.sleep_quality is not None:
        known[POOR_SLEEP] = checkin.sleep_quality is SleepQuality.POOR or (
            checkin.sleep_hours is not None and checkin.sleep_hours < SHORT_SLEEP_HOURS
        )
    return known


def _exposed(window: list[dict[str, bool]], factor: str) -> bool | None:
    """Whether a day counts with (True) or without (False) the factor, or is left out.

    ``window`` holds the known factors of the day and the days before it.
    """
    known = [day.get(factor) for day in window]
    if True in known:
        return True
    return False if None not in known else None


def trigger_associations(
    attacks: Iterable[AttackRecord],
    checkins: Iterable[CheckinRecord],
    *,
    tz: str,
    period: Period,
) -> tuple[TriggerAssociation, ...]:
    """One association per factor in :data:`FACTOR_KEYS` over the period's days, tested."""
    exposure = {c.local_date: day_exposure(c) for c in checkins}
    onsets = Counter(local_date_of(a.started_at, tz) for a in attacks)
    windows = [
        (
            day,
            [exposure.get(day - timedelta(days=lag), {}) for lag in range(EXPOSURE_LAG_DAYS + 1)],
        )
        for day in period.dates()
    ]
    results = []
    for factor in FACTOR_KEYS:
        counts = Counter[tuple[bool, str]]()
        for day, window in windows:
            exposed = _exposed(window, factor)
            if exposed is None:
                continue
            counts[exposed, "days"] += 1
            counts[exposed, "attack_days"] += day in onsets
            counts[exposed, "attacks"] += onsets[day]
        results.append(
            TriggerAssociation(
                factor=factor,
                days_with=counts[True, "days"],
                attack_days_with=counts[True, "attack_days"],
                days_without=counts[False, "days"],
                attack_days_without=counts[False, "attack_days"],
                attacks=counts[True, "attacks"] + counts[False, "attacks"],
            )
        )
    return apply_exact_tests(results)


def tagged_triggers(attacks: Iterable[AttackRecord]) -> dict[str, int]:
    """How many attacks were tagged with each trigger key (built-in or custom)."""
    return dict(Counter(key for attack in attacks for key in set(attack.triggers)))
