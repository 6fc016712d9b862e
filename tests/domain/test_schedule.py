from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.schedule import (
    EVERY_DAY,
    MISSED_REMINDER_GRACE,
    LatePolicy,
    end_of_quiet_hours,
    in_quiet_hours,
    late_policy,
    local_date_of,
    local_day_bounds,
    next_fire_time,
    validate_weekdays,
)

NY = "America/New_York"
BERLIN = "Europe/Berlin"
LORD_HOWE = "Australia/Lord_Howe"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("local_time", "weekdays", "tz", "after", "expected"),
    [
        # Ordinary day: later today, or tomorrow once passed.
        (time(21, 0), EVERY_DAY, BERLIN, utc(2026, 1, 15, 12, 0), utc(2026, 1, 15, 20, 0)),
        (time(21, 0), EVERY_DAY, BERLIN, utc(2026, 1, 15, 20, 1), utc(2026, 1, 16, 20, 0)),
        # Strictly after: exactly at a fire time gives the next one.
        (time(21, 0), EVERY_DAY, BERLIN, utc(2026, 1, 15, 20, 0), utc(2026, 1, 16, 20, 0)),
        # New York spring forward: 02:30 does not exist, fires at 03:00 EDT.
        (time(2, 30), EVERY_DAY, NY, utc(2026, 3, 7, 12, 0), utc(2026, 3, 8, 7, 0)),
        (time(2, 30), EVERY_DAY, NY, utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)),
        (time(2, 30), EVERY_DAY, NY, utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 0)),
        # New York fall back: 01:30 fires once, at the first (EDT) occurrence.
        (time(1, 30), EVERY_DAY, NY, utc(2026, 10, 31, 12, 0), utc(2026, 11, 1, 5, 30)),
        (time(1, 30), EVERY_DAY, NY, utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)),
        (time(1, 30), EVERY_DAY, NY, utc(2026, 11, 1, 6, 0), utc(2026, 11, 2, 6, 30)),
        # Berlin: spring forward 2026-03-29 02:00 -> 03:00, fall back 2026-10-25 03:00 -> 02:00.
        (time(2, 30), EVERY_DAY, BERLIN, utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 1, 0)),
        (time(9, 0), EVERY_DAY, BERLIN, utc(2026, 3, 28, 12, 0), utc(2026, 3, 29, 7, 0)),
        (time(2, 30), EVERY_DAY, BERLIN, utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 0, 30)),
        (time(2, 30), EVERY_DAY, BERLIN, utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)),
        (time(9, 0), EVERY_DAY, BERLIN, utc(2026, 10, 24, 12, 0), utc(2026, 10, 25, 8, 0)),
        # Lord Howe: 30-minute shifts, 2026-10-04 02:00 -> 02:30 and 2026-04-05 02:00 -> 01:30.
        (time(2, 15), EVERY_DAY, LORD_HOWE, utc(2026, 10, 3, 0, 0), utc(2026, 10, 3, 15, 30)),
        (time(2, 30), EVERY_DAY, LORD_HOWE, utc(2026, 10, 3, 0, 0), utc(2026, 10, 3, 15, 30)),
        (time(2, 15), EVERY_DAY, LORD_HOWE, utc(2026, 10, 3, 15, 30), utc(2026, 10, 4, 15, 15)),
        (time(1, 45), EVERY_DAY, LORD_HOWE, utc(2026, 4, 4, 0, 0), utc(2026, 4, 4, 14, 45)),
        (time(1, 45), EVERY_DAY, LORD_HOWE, utc(2026, 4, 4, 14, 45), utc(2026, 4, 5, 15, 15)),
        # Weekday masks (Monday first). 2026-01-15 is a Thursday.
        (time(8, 0), "1111100", BERLIN, utc(2026, 1, 16, 12, 0), utc(2026, 1, 19, 7, 0)),
        (time(8, 0), "0000011", BERLIN, utc(2026, 1, 15, 12, 0), utc(2026, 1, 17, 7, 0)),
        (time(8, 0), "0001000", BERLIN, utc(2026, 1, 15, 6, 0), utc(2026, 1, 15, 7, 0)),
        (time(8, 0), "0001000", BERLIN, utc(2026, 1, 15, 7, 0), utc(2026, 1, 22, 7, 0)),
        # The weekday is the local one: Tokyo Monday 07:00 is Sunday 22:00 UTC.
        (time(7, 0), "1000000", "Asia/Tokyo", utc(2026, 1, 17, 0, 0), utc(2026, 1, 18, 22, 0)),
        # Year boundaries.
        (time(0, 0), EVERY_DAY, BERLIN, utc(2026, 12, 31, 12, 0), utc(2026, 12, 31, 23, 0)),
        (time(23, 30), EVERY_DAY, NY, utc(2026, 12, 31, 5, 0), utc(2027, 1, 1, 4, 30)),
        (time(9, 0), "1000000", BERLIN, utc(2026, 12, 29, 12, 0), utc(2027, 1, 4, 8, 0)),
        # `after` in another offset is fine.
        (
            time(21, 0),
            EVERY_DAY,
            BERLIN,
            datetime(2026, 1, 15, 15, 0, tzinfo=ZoneInfo(NY)),
            utc(2026, 1, 16, 20, 0),
        ),
    ],
)
def test_next_fire_time(
    local_time: time, weekdays: str, tz: str, after: datetime, expected: datetime
) -> None:
    actual = next_fire_time(local_time=local_time, weekdays=weekdays, tz=tz, after=after)
    assert actual == expected
    assert actual.tzinfo == UTC


def test_fall_back_fires_once_over_a_sequence() -> None:
    fires = []
    after = utc(2026, 10, 30, 0, 0)
    for _ in range(4):
        after = next_fire_time(local_time=time(1, 30), weekdays=EVERY_DAY, tz=NY, after=after)
        fires.append(after)
    expected = [
        utc(2026, 10, 30, 5, 30),
        utc(2026, 10, 31, 5, 30),
        utc(2026, 11, 1, 5, 30),
        utc(2026, 11, 2, 6, 30),
    ]
    assert fires == expected


@pytest.mark.parametrize("weekdays", ["", "111111", "11111111", "0000000", "111x111", "1111 11"])
def test_bad_weekday_masks_are_rejected(weekdays: str) -> None:
    with pytest.raises(ValueError, match="weekday mask"):
        validate_weekdays(weekdays)
    with pytest.raises(ValueError, match="weekday mask"):
        next_fire_time(local_time=time(9, 0), weekdays=weekdays, tz=BERLIN, after=utc(2026, 1, 1))


@pytest.mark.parametrize("weekdays", [EVERY_DAY, "1000000", "0000001", "0101010"])
def test_good_weekday_masks_are_accepted(weekdays: str) -> None:
    assert validate_weekdays(weekdays) is None  # type: ignore[func-returns-value]


def test_next_fire_time_rejects_naive_after() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_fire_time(
            local_time=time(9, 0), weekdays=EVERY_DAY, tz=BERLIN, after=datetime(2026, 1, 1)
        )


@pytest.mark.parametrize(
    ("instant", "tz", "expected"),
    [
        (utc(2026, 1, 15, 23, 30), BERLIN, date(2026, 1, 16)),
        (utc(2026, 1, 15, 22, 59), BERLIN, date(2026, 1, 15)),
        (utc(2026, 1, 1, 3, 0), NY, date(2025, 12, 31)),
        (utc(2026, 10, 3, 13, 30), LORD_HOWE, date(2026, 10, 4)),
        (utc(2026, 10, 3, 13, 29), LORD_HOWE, date(2026, 10, 3)),
    ],
)
def test_local_date_of(instant: datetime, tz: str, expected: date) -> None:
    assert local_date_of(instant, tz) == expected


@pytest.mark.parametrize(
    ("day", "tz", "expected_start", "expected_end", "expected_length"),
    [
        (date(2026, 1, 15), BERLIN, utc(2026, 1, 14, 23), utc(2026, 1, 15, 23), 24),
        (date(2026, 3, 29), BERLIN, utc(2026, 3, 28, 23), utc(2026, 3, 29, 22), 23),
        (date(2026, 10, 25), BERLIN, utc(2026, 10, 24, 22), utc(2026, 10, 25, 23), 25),
        (date(2026, 3, 8), NY, utc(2026, 3, 8, 5), utc(2026, 3, 9, 4), 23),
        (date(2026, 11, 1), NY, utc(2026, 11, 1, 4), utc(2026, 11, 2, 5), 25),
        (date(2026, 10, 4), LORD_HOWE, utc(2026, 10, 3, 13, 30), utc(2026, 10, 4, 13), 23.5),
        (date(2026, 4, 5), LORD_HOWE, utc(2026, 4, 4, 13), utc(2026, 4, 5, 13, 30), 24.5),
        # Midnight inside the gap: Santiago skips 2026-09-06 00:00 -> 01:00.
        (date(2026, 9, 6), "America/Santiago", utc(2026, 9, 6, 4), utc(2026, 9, 7, 3), 23),
        (date(2026, 12, 31), "Asia/Tokyo", utc(2026, 12, 30, 15), utc(2026, 12, 31, 15), 24),
    ],
)
def test_local_day_bounds(
    day: date,
    tz: str,
    expected_start: datetime,
    expected_end: datetime,
    expected_length: float,
) -> None:
    start, end = local_day_bounds(day, tz)
    assert (start, end) == (expected_start, expected_end)
    assert (end - start) / timedelta(hours=1) == expected_length


@pytest.mark.parametrize(
    ("instant", "tz", "quiet_start", "quiet_end", "expected"),
    [
        # Wrapping window 22:00-07:00 in Berlin (UTC+1 in January).
        (utc(2026, 1, 15, 20, 59), BERLIN, time(22), time(7), False),
        (utc(2026, 1, 15, 21, 0), BERLIN, time(22), time(7), True),
        (utc(2026, 1, 15, 23, 0), BERLIN, time(22), time(7), True),
        (utc(2026, 1, 16, 5, 59), BERLIN, time(22), time(7), True),
        (utc(2026, 1, 16, 6, 0), BERLIN, time(22), time(7), False),
        (utc(2026, 1, 16, 12, 0), BERLIN, time(22), time(7), False),
        # Non-wrapping window 13:00-15:00.
        (utc(2026, 1, 16, 11, 59), BERLIN, time(13), time(15), False),
        (utc(2026, 1, 16, 12, 0), BERLIN, time(13), time(15), True),
        (utc(2026, 1, 16, 14, 0), BERLIN, time(13), time(15), False),
        # Equal start and end: no quiet hours at all.
        (utc(2026, 1, 16, 12, 0), BERLIN, time(13), time(13), False),
        (utc(2026, 1, 16, 12, 0), BERLIN, time(0), time(0), False),
    ],
)
def test_in_quiet_hours(
    instant: datetime, tz: str, quiet_start: time, quiet_end: time, expected: bool
) -> None:
    actual = in_quiet_hours(instant, tz=tz, quiet_start=quiet_start, quiet_end=quiet_end)
    assert actual == expected


@pytest.mark.parametrize(
    ("instant", "tz", "quiet_start", "quiet_end", "expected"),
    [
        # Not quiet: the instant itself.
        (utc(2026, 1, 16, 12, 0), BERLIN, time(22), time(7), utc(2026, 1, 16, 12, 0)),
        # Before midnight: ends tomorrow morning; after midnight: ends this morning.
        (utc(2026, 1, 15, 22, 0), BERLIN, time(22), time(7), utc(2026, 1, 16, 6, 0)),
        (utc(2026, 1, 16, 2, 0), BERLIN, time(22), time(7), utc(2026, 1, 16, 6, 0)),
        (utc(2026, 1, 16, 12, 30), BERLIN, time(13), time(15), utc(2026, 1, 16, 14, 0)),
        # The night Berlin springs forward: 7 hours of wall clock, 6 real hours.
        (utc(2026, 3, 28, 21, 0), BERLIN, time(22), time(7), utc(2026, 3, 29, 5, 0)),
        # Quiet hours ending inside the New York gap end at 03:00 EDT.
        (utc(2026, 3, 8, 4, 0), NY, time(22), time(2, 30), utc(2026, 3, 8, 7, 0)),
        # Fall back: quiet until 01:30 ends at the first 01:30 (EDT)...
        (utc(2026, 11, 1, 4, 0), NY, time(22), time(1, 30), utc(2026, 11, 1, 5, 30)),
        # ...and if the repeated hour brings the wall clock back into the window, the second.
        (utc(2026, 11, 1, 6, 0), NY, time(22), time(1, 30), utc(2026, 11, 1, 6, 30)),
    ],
)
def test_end_of_quiet_hours(
    instant: datetime, tz: str, quiet_start: time, quiet_end: time, expected: datetime
) -> None:
    actual = end_of_quiet_hours(instant, tz=tz, quiet_start=quiet_start, quiet_end=quiet_end)
    assert actual == expected
    assert not in_quiet_hours(actual, tz=tz, quiet_start=quiet_start, quiet_end=quiet_end)


@pytest.mark.parametrize(
    ("due_at", "now", "grace", "expected"),
    [
        (utc(2026, 1, 1, 9), utc(2026, 1, 1, 9), MISSED_REMINDER_GRACE, LatePolicy.SEND),
        (utc(2026, 1, 1, 9), utc(2026, 1, 1, 8), MISSED_REMINDER_GRACE, LatePolicy.SEND),
        (utc(2026, 1, 1, 9), utc(2026, 1, 1, 10, 59), MISSED_REMINDER_GRACE, LatePolicy.SEND),
        (utc(2026, 1, 1, 9), utc(2026, 1, 1, 11), MISSED_REMINDER_GRACE, LatePolicy.SKIP),
        (utc(2026, 1, 1, 9), utc(2026, 1, 2, 9), MISSED_REMINDER_GRACE, LatePolicy.SKIP),
        (utc(2026, 1, 1, 9), utc(2026, 1, 1, 9, 10), timedelta(minutes=5), LatePolicy.SKIP),
    ],
)
def test_late_policy(
    due_at: datetime, now: datetime, grace: timedelta, expected: LatePolicy
) -> None:
    assert late_policy(due_at=due_at, now=now, grace=grace) == expected


def test_late_policy_default_grace_is_two_hours() -> None:
    assert timedelta(hours=2) == MISSED_REMINDER_GRACE
    assert late_policy(due_at=utc(2026, 1, 1, 9), now=utc(2026, 1, 1, 10)) == "send"
