from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.domain.dispatch import (
    SNOOZE,
    DueRule,
    Firing,
    Outcome,
    clock_in_quiet_hours,
    occurrence_code,
    occurrence_from_code,
    plan_firing,
)
from bot.domain.schedule import EVERY_DAY, next_fire_time

NY = "America/New_York"
BERLIN = "Europe/Berlin"
LORD_HOWE = "Australia/Lord_Howe"
QUIET = (time(22, 30), time(7, 30))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def rule(
    due_at: datetime,
    *,
    local_time: time | None = time(21, 0),
    tz: str = BERLIN,
    weekdays: str = EVERY_DAY,
    quiet: tuple[time, time] = QUIET,
) -> DueRule:
    return DueRule(
        local_time=local_time,
        weekdays=weekdays,
        due_at=due_at,
        tz=tz,
        quiet_start=quiet[0],
        quiet_end=quiet[1],
    )


@pytest.mark.parametrize(
    ("due", "now", "expected"),
    [
        # Repeating, on time: send, next local day at the same wall-clock time.
        (
            rule(utc(2026, 1, 15, 20, 0)),
            utc(2026, 1, 15, 20, 0),
            Firing(Outcome.SEND, utc(2026, 1, 16, 20, 0), date(2026, 1, 15)),
        ),
        # Late under 2 h (the bot was down): still sent, for its own day (before quiet hours).
        (
            rule(utc(2026, 1, 15, 20, 0)),
            utc(2026, 1, 15, 21, 29),
            Firing(Outcome.SEND, utc(2026, 1, 16, 20, 0), date(2026, 1, 15)),
        ),
        # Exactly 2 h late and later: skipped, never twice.
        (
            rule(utc(2026, 1, 15, 20, 0)),
            utc(2026, 1, 15, 22, 0),
            Firing(Outcome.SKIP_LATE, utc(2026, 1, 16, 20, 0), date(2026, 1, 15)),
        ),
        # Down for three days: skipped, and the next one is in the future.
        (
            rule(utc(2026, 1, 15, 20, 0)),
            utc(2026, 1, 18, 21, 0),
            Firing(Outcome.SKIP_LATE, utc(2026, 1, 19, 20, 0), date(2026, 1, 15)),
        ),
        # A late evening check-in sent after local midnight still asks about its own day.
        (
            rule(utc(2026, 1, 15, 22, 30), local_time=time(23, 30), quiet=(time(0), time(0))),
            utc(2026, 1, 15, 23, 15),
            Firing(Outcome.SEND, utc(2026, 1, 16, 22, 30), date(2026, 1, 15)),
        ),
        # Explicit times fire inside quiet hours (the user chose them).
        (
            rule(utc(2026, 1, 15, 22, 0), local_time=time(23, 0)),
            utc(2026, 1, 15, 22, 0),
            Firing(Outcome.SEND, utc(2026, 1, 16, 22, 0), date(2026, 1, 15)),
        ),
        # Catch-up after downtime never sends into quiet hours (22:30-07:30): a 21:00 check-in
        # found at 22:43 is skipped (issue 16)...
        (
            rule(utc(2026, 1, 15, 20, 0)),
            utc(2026, 1, 15, 21, 43),
            Firing(Outcome.SKIP_QUIET, utc(2026, 1, 16, 20, 0), date(2026, 1, 15)),
        ),
        # ...and so is a 02:15 reminder (a chosen time inside them) found at 03:58...
        (
            rule(utc(2026, 1, 16, 1, 15), local_time=time(2, 15)),
            utc(2026, 1, 16, 2, 58),
            Firing(Outcome.SKIP_QUIET, utc(2026, 1, 17, 1, 15), date(2026, 1, 16)),
        ),
        # ...while on time (within ON_TIME_SLACK, 10 min) the chosen 02:15 is still sent.
        (
            rule(utc(2026, 1, 16, 1, 15), local_time=time(2, 15)),
            utc(2026, 1, 16, 1, 25),
            Firing(Outcome.SEND, utc(2026, 1, 17, 1, 15), date(2026, 1, 16)),
        ),
        # A late catch-up outside quiet hours is still sent.
        (
            rule(utc(2026, 1, 15, 17, 0), local_time=time(18, 0)),
            utc(2026, 1, 15, 18, 40),
            Firing(Outcome.SEND, utc(2026, 1, 16, 17, 0), date(2026, 1, 15)),
        ),
        # New York spring forward: 02:30 does not exist on 03-08; fires 03:00 EDT, then 02:30.
        (
            rule(utc(2026, 3, 8, 7, 0), local_time=time(2, 30), tz=NY),
            utc(2026, 3, 8, 7, 0),
            Firing(Outcome.SEND, utc(2026, 3, 9, 6, 30), date(2026, 3, 8)),
        ),
        # New York fall back: 01:30 happens twice on 11-01 but fires once.
        (
            rule(utc(2026, 11, 1, 5, 30), local_time=time(1, 30), tz=NY),
            utc(2026, 11, 1, 5, 30),
            Firing(Outcome.SEND, utc(2026, 11, 2, 6, 30), date(2026, 11, 1)),
        ),
        (
            rule(utc(2026, 11, 1, 5, 30), local_time=time(1, 30), tz=NY, quiet=(time(0), time(0))),
            utc(2026, 11, 1, 6, 30),
            Firing(Outcome.SEND, utc(2026, 11, 2, 6, 30), date(2026, 11, 1)),
        ),
        # Berlin: 21:00 the day before and after the changes.
        (
            rule(utc(2026, 3, 28, 20, 0)),
            utc(2026, 3, 28, 20, 0),
            Firing(Outcome.SEND, utc(2026, 3, 29, 19, 0), date(2026, 3, 28)),
        ),
        (
            rule(utc(2026, 10, 24, 19, 0)),
            utc(2026, 10, 24, 19, 0),
            Firing(Outcome.SEND, utc(2026, 10, 25, 20, 0), date(2026, 10, 24)),
        ),
        # Lord Howe's 30-minute shift: 02:15 falls in the gap on 10-04, fires at 02:30 LHDT.
        (
            rule(utc(2026, 10, 3, 15, 30), local_time=time(2, 15), tz=LORD_HOWE),
            utc(2026, 10, 3, 15, 30),
            Firing(Outcome.SEND, utc(2026, 10, 4, 15, 15), date(2026, 10, 4)),
        ),
        # Weekday masks are honoured (Monday only; 2026-01-19 is a Monday).
        (
            rule(utc(2026, 1, 19, 7, 0), local_time=time(8, 0), weekdays="1000000"),
            utc(2026, 1, 19, 7, 1),
            Firing(Outcome.SEND, utc(2026, 1, 26, 7, 0), date(2026, 1, 19)),
        ),
        # One-shot (follow-up, snooze): sent once, then used up.
        (
            rule(utc(2026, 1, 15, 15, 0), local_time=None),
            utc(2026, 1, 15, 15, 0),
            Firing(Outcome.SEND, None, date(2026, 1, 15)),
        ),
        (
            rule(utc(2026, 1, 15, 15, 0), local_time=None),
            utc(2026, 1, 15, 17, 0),
            Firing(Outcome.SKIP_LATE, None, date(2026, 1, 15)),
        ),
        # One-shot due inside quiet hours waits for their end (07:30 Berlin = 06:30 UTC).
        (
            rule(utc(2026, 1, 15, 22, 0), local_time=None),
            utc(2026, 1, 15, 22, 0),
            Firing(Outcome.WAIT_QUIET, utc(2026, 1, 16, 6, 30), date(2026, 1, 15)),
        ),
        # ...and at their end it is sent (measured from the new due time).
        (
            rule(utc(2026, 1, 16, 6, 30), local_time=None),
            utc(2026, 1, 16, 6, 30),
            Firing(Outcome.SEND, None, date(2026, 1, 16)),
        ),
        # A snoozed dose is the user's explicit wish: sent at its time even in quiet hours,
        # as the snooze message promised.
        (
            DueRule(
                local_time=None,
                weekdays=EVERY_DAY,
                due_at=utc(2026, 1, 15, 21, 50),
                tz=BERLIN,
                quiet_start=QUIET[0],
                quiet_end=QUIET[1],
                quiet_exempt=True,
            ),
            utc(2026, 1, 15, 21, 50),
            Firing(Outcome.SEND, None, date(2026, 1, 15)),
        ),
        # No quiet hours (start == end): a one-shot at night is sent.
        (
            rule(utc(2026, 1, 15, 23, 0), local_time=None, quiet=(time(0), time(0))),
            utc(2026, 1, 15, 23, 0),
            Firing(Outcome.SEND, None, date(2026, 1, 16)),
        ),
    ],
)
def test_plan_firing(due: DueRule, now: datetime, expected: Firing) -> None:
    assert plan_firing(due, now=now) == expected


def test_plan_firing_custom_grace() -> None:
    due = rule(utc(2026, 1, 15, 20, 0))
    firing = plan_firing(due, now=utc(2026, 1, 15, 20, 20), grace=timedelta(minutes=15))
    assert firing.outcome is Outcome.SKIP_LATE


def test_plan_firing_refuses_naive_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        plan_firing(rule(utc(2026, 1, 15, 20, 0)), now=datetime(2026, 1, 15, 20, 0))


def test_repeating_flag() -> None:
    assert rule(utc(2026, 1, 1)).repeating is True
    assert rule(utc(2026, 1, 1), local_time=None).repeating is False


def test_a_daily_reminder_fires_exactly_once_per_local_day_across_dst() -> None:
    """Tick every 5 minutes through both 2026 New York changes: one firing per local day."""
    for start, days in ((utc(2026, 3, 6), 5), (utc(2026, 10, 30), 5)):
        for local_time in (time(1, 30), time(2, 30), time(21, 0)):
            next_at: datetime | None = next_fire_time(
                local_time=local_time, weekdays=EVERY_DAY, tz=NY, after=start
            )
            assert next_at is not None
            due = rule(next_at, local_time=local_time, tz=NY)
            fired: list[date] = []
            now = start
            while now < start + timedelta(days=days):
                if next_at is not None and next_at <= now:
                    firing = plan_firing(due, now=now)
                    fired.append(firing.local_date)
                    next_at = firing.next_fire_at
                    assert next_at is not None
                    due = rule(next_at, local_time=local_time, tz=NY)
                now += timedelta(minutes=5)
            assert len(fired) == len(set(fired)), (local_time, fired)
            assert len(fired) in (days, days + 1)


@pytest.mark.parametrize(
    "instant",
    [utc(2026, 1, 15, 20, 0), utc(2026, 11, 1, 5, 31), utc(2027, 6, 30, 23, 59)],
)
def test_occurrence_code_round_trip(instant: datetime) -> None:
    assert occurrence_from_code(occurrence_code(instant), now=instant) == instant


@pytest.mark.parametrize("code", ["", "abc", "-5", "1234567890", "1", "\u00b2", "2958\u00b2"])
def test_occurrence_code_rejects_forged(code: str) -> None:
    assert occurrence_from_code(code, now=utc(2026, 1, 15)) is None


def test_occurrence_code_refuses_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        occurrence_code(datetime(2026, 1, 1))


def test_snooze_is_thirty_minutes() -> None:
    assert timedelta(minutes=30) == SNOOZE


@pytest.mark.parametrize(
    ("value", "quiet", "expected"),
    [
        (time(23, 0), QUIET, True),
        (time(7, 29), QUIET, True),
        (time(7, 30), QUIET, False),
        (time(21, 0), QUIET, False),
        (time(13, 0), (time(12, 0), time(14, 0)), True),
        (time(14, 0), (time(12, 0), time(14, 0)), False),
        (time(23, 0), (time(0), time(0)), False),
    ],
)
def test_clock_in_quiet_hours(value: time, quiet: tuple[time, time], expected: bool) -> None:
    assert clock_in_quiet_hours(value, quiet_start=quiet[0], quiet_end=quiet[1]) is expected
