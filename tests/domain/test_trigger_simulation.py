"""The trigger rule on simulated diaries: few false alarms, and a real trigger is found.

docs/architecture.md "Triggers": on diaries with no real trigger something is flagged in at most
5 % of
them; issue 12 adds that a trigger doubling the attack rate over 90 days is found in at least
70 %. Each diary is 90 days (with the check-in of the day before, for the same-day-or-day-before
exposure), simulated with a seeded generator so the test is deterministic.

The simulated person (chosen to be realistic, and stated here because the result depends on it):

* answers the evening check-in on 90 % of days; on an answered day ticks exercise with
  probability 30 %, caffeine 60 %, alcohol 15 %, stress 30 %, and reports poor sleep on 20 %;
* has attacks often enough for a trigger analysis to be worth asking for: an attack starts on
  35 % of days without the trigger (about 10 a month: high-frequency episodic migraine);
* in the planted diaries, an attack starts on 70 % of the days with stress (that day or the day
  before: about half the days), twice the rate; in the null diaries, on 35 % of all days,
  whatever the factors.

Measured with these seeds: a false alarm in 4.0 % of null diaries; the planted trigger found in
78.1 % of diaries. The power depends on how often attacks happen: with the same rule, a
doubling from 20 % to 40 % of days (6 a month) is found in about 32 % of 90-day diaries, from
25 % in 48 %, from 30 % in 60 %. Three months of a less frequent migraine are too few to show a
doubling reliably, and the summary then says "no clear association" rather than guess.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from bot.domain.attacks import AttackRecord
from bot.domain.checkins import CheckinRecord, CheckinStatus, Factor, SleepQuality
from bot.domain.periods import last_days
from bot.domain.triggers import trigger_associations

DIARIES = 1000
PERIOD = last_days(90, today=date(2026, 10, 31))
ANSWERED = 0.9
FACTOR_PREVALENCE = {
    Factor.EXERCISE: 0.3,
    Factor.CAFFEINE: 0.6,
    Factor.ALCOHOL: 0.15,
    Factor.STRESS: 0.3,
}
POOR_SLEEP = 0.2
BASE_ATTACK_RATE = 0.35
PLANTED = Factor.STRESS
PLANTED_RATE_RATIO = 2


def _diary(rng: random.Random, *, planted: bool) -> tuple[list[AttackRecord], list[CheckinRecord]]:
    """One simulated 90-day diary: check-ins from the day before the period, attack onsets."""
    checkins: list[CheckinRecord] = []
    stressed: dict[date, bool] = {}
    for day in [PERIOD.first - timedelta(days=1), *PERIOD.dates()]:
        factors = frozenset(f for f, p in FACTOR_PREVALENCE.items() if rng.random() < p)
        stressed[day] = PLANTED in factors
        sleep = SleepQuality.POOR if rng.random() < POOR_SLEEP else SleepQuality.GOOD
        if rng.random() < ANSWERED:
            checkins.append(
                CheckinRecord(
                    id=day.toordinal(),
                    user_id=1,
                    local_date=day,
                    status=CheckinStatus.ANSWERED,
                    sleep_quality=sleep,
                    factors=factors,
                )
            )
    attacks: list[AttackRecord] = []
    for day in PERIOD.dates():
        exposed = stressed[day] or stressed[day - timedelta(days=1)]
        rate = BASE_ATTACK_RATE * (PLANTED_RATE_RATIO if planted and exposed else 1)
        if rng.random() < rate:
            start = datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
            attacks.append(
                AttackRecord(
                    id=len(attacks) + 1,
                    user_id=1,
                    started_at=start,
                    ended_at=start + timedelta(hours=6),
                )
            )
    return attacks, checkins


def _flagged(seed: int, *, planted: bool) -> tuple[float, float]:
    """The share of diaries with any factor flagged, and with the planted factor flagged."""
    rng = random.Random(seed)
    anything = found = 0
    for _ in range(DIARIES):
        attacks, checkins = _diary(rng, planted=planted)
        results = trigger_associations(attacks, checkins, tz="UTC", period=PERIOD)
        anything += any(r.associated for r in results)
        found += any(r.associated and r.factor == PLANTED.value for r in results)
    return anything / DIARIES, found / DIARIES


def test_diaries_without_a_trigger_rarely_flag_anything() -> None:
    anything, _ = _flagged(1, planted=False)
    assert anything <= 0.05
    assert anything == 0.040  # the measured rate, reported in the module's docstring


def test_a_trigger_that_doubles_the_attack_rate_is_found() -> None:
    _, found = _flagged(2, planted=True)
    assert found >= 0.70
    assert found == 0.781  # the measured rate, reported in the module's docstring
