from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.followups import (
    EFFECT_WINDOW,
    FOLLOWUP_DELAY,
    FOLLOWUP_REPEAT,
    MAX_FOLLOWUPS,
    FollowupAnswer,
    effect_at_two_hours,
    followup_due,
    should_ask_again,
)
from bot.domain.medications import Effect

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
QUIET_START = time(22, 0)
QUIET_END = time(7, 30)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "tz", "expected"),
    [
        # Outside quiet hours: 2 h later. Berlin is UTC+1 in winter, UTC+2 in summer.
        (utc(2026, 1, 15, 10, 0), BERLIN, utc(2026, 1, 15, 12, 0)),
        (utc(2026, 1, 15, 18, 59), BERLIN, utc(2026, 1, 15, 20, 59)),  # 21:59 local
        (utc(2026, 7, 1, 12, 0), BERLIN, utc(2026, 7, 1, 14, 0)),
        # Exactly when quiet hours end: not quiet, sent as is.
        (utc(2026, 1, 16, 4, 30), BERLIN, utc(2026, 1, 16, 6, 30)),
        # Landing at quiet start (22:00 local) or in the night: moved to 07:30 local next day.
        (utc(2026, 1, 15, 19, 0), BERLIN, utc(2026, 1, 16, 6, 30)),
        (utc(2026, 1, 15, 20, 30), BERLIN, utc(2026, 1, 16, 6, 30)),
        # Landing after local midnight: moved to 07:30 the same local day.
        (utc(2026, 1, 15, 22, 0), BERLIN, utc(2026, 1, 16, 6, 30)),
        (utc(2026, 1, 16, 4, 29), BERLIN, utc(2026, 1, 16, 6, 30)),  # 07:29 local
        (utc(2026, 7, 1, 19, 30), BERLIN, utc(2026, 7, 2, 5, 30)),  # summer: 23:30 CEST
        # Spring forward, Berlin 2026-03-29 02:00 CET -> 03:00 CEST: 07:30 CEST is 05:30 UTC.
        (utc(2026, 3, 28, 21, 0), BERLIN, utc(2026, 3, 29, 5, 30)),
        (utc(2026, 3, 28, 23, 30), BERLIN, utc(2026, 3, 29, 5, 30)),  # lands 03:30 CEST
        (utc(2026, 3, 29, 3, 0), BERLIN, utc(2026, 3, 29, 5, 30)),  # lands 07:00 CEST
        (utc(2026, 3, 29, 3, 30), BERLIN, utc(2026, 3, 29, 5, 30)),  # lands 07:30 CEST
        # Fall back, Berlin 2026-10-25 03:00 CEST -> 02:00 CET: 07:30 CET is 06:30 UTC.
        (utc(2026, 10, 24, 20, 0), BERLIN, utc(2026, 10, 25, 6, 30)),
        (utc(2026, 10, 24, 23, 30), BERLIN, utc(2026, 10, 25, 6, 30)),  # lands 02:30 CET
        (utc(2026, 10, 25, 4, 29), BERLIN, utc(2026, 10, 25, 6, 30)),  # lands 07:29 CET
        (utc(2026, 10, 25, 5, 0), BERLIN, utc(2026, 10, 25, 7, 0)),  # lands 08:00 CET
        # New York spring forward 2026-03-08: 07:30 EDT is 11:30 UTC.
        (utc(2026, 3, 8, 4, 0), NEW_YORK, utc(2026, 3, 8, 11, 30)),
        (utc(2026, 3, 7, 19, 0), NEW_YORK, utc(2026, 3, 7, 21, 0)),  # 16:00 EST
    ],
)
def test_followup_due(after: datetime, tz: str, expected: datetime) -> None:
    due = followup_due(
        after=after, tz=tz, quiet_start=QUIET_START, quiet_end=QUIET_END, delay=FOLLOWUP_DELAY
    )
    assert due == expected
    assert due.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("after", "quiet_start", "quiet_end", "delay", "expected"),
    [
        # A local "after" gives a UTC answer for the same instant.
        (
            datetime(2026, 1, 15, 11, 0, tzinfo=ZoneInfo(BERLIN)),
            QUIET_START,
            QUIET_END,
            FOLLOWUP_DELAY,
            utc(2026, 1, 15, 12, 0),
        ),
        (
            datetime(2026, 1, 15, 21, 0, tzinfo=ZoneInfo(BERLIN)),
            QUIET_START,
            QUIET_END,
            FOLLOWUP_DELAY,
            utc(2026, 1, 16, 6, 30),
        ),
        # The repeat delay from a follow-up already asked.
        (
            utc(2026, 1, 15, 12, 0),
            QUIET_START,
            QUIET_END,
            FOLLOWUP_REPEAT,
            utc(2026, 1, 15, 14, 0),
        ),
        # Another delay.
        (
            utc(2026, 1, 15, 20, 45),
            QUIET_START,
            QUIET_END,
            timedelta(minutes=30),
            utc(2026, 1, 16, 6, 30),
        ),
        # Quiet hours that do not wrap midnight (13:00-15:00 local).
        (
            utc(2026, 1, 15, 10, 30),
            time(13, 0),
            time(15, 0),
            FOLLOWUP_DELAY,
            utc(2026, 1, 15, 14, 0),
        ),
        (
            utc(2026, 1, 15, 13, 0),
            time(13, 0),
            time(15, 0),
            FOLLOWUP_DELAY,
            utc(2026, 1, 15, 15, 0),
        ),
        # Equal start and end: no quiet hours at all.
        (utc(2026, 1, 15, 22, 0), time(0, 0), time(0, 0), FOLLOWUP_DELAY, utc(2026, 1, 16, 0, 0)),
    ],
)
def test_followup_due_options(
    after: datetime, quiet_start: time, quiet_end: time, delay: timedelta, expected: datetime
) -> None:
    due = followup_due(
        after=after, tz=BERLIN, quiet_start=quiet_start, quiet_end=quiet_end, delay=delay
    )
    assert due == expected
    assert due.utcoffset() == timedelta(0)


def test_followup_due_rejects_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        followup_due(
            after=datetime(2026, 1, 15, 10, 0),
            tz=BERLIN,
            quiet_start=QUIET_START,
            quiet_end=QUIET_END,
            delay=FOLLOWUP_DELAY,
        )


@pytest.mark.parametrize(
    ("answer", "asked_count", "expected"),
    [
        # It's over: never ask again.
        (FollowupAnswer.OVER, 0, False),
        (FollowupAnswer.OVER, 1, False),
        (FollowupAnswer.OVER, MAX_FOLLOWUPS, False),
        # Still going: ask again until MAX_FOLLOWUPS have been asked.
        *[
            (answer, count, count < MAX_FOLLOWUPS)
            for answer in (FollowupAnswer.BETTER, FollowupAnswer.SAME, FollowupAnswer.WORSE)
            for count in range(MAX_FOLLOWUPS + 2)
        ],
    ],
)
def test_should_ask_again(answer: FollowupAnswer, asked_count: int, expected: bool) -> None:
    assert should_ask_again(answer=answer, asked_count=asked_count) == expected


@pytest.mark.parametrize(
    ("asked_count", "expected"),
    [(0, True), (1, True), (2, True), (3, False), (4, False)],
)
def test_should_ask_again_bound(asked_count: int, expected: bool) -> None:
    # Spelled out for the current bound, so a changed MAX_FOLLOWUPS is noticed.
    assert MAX_FOLLOWUPS == 3
    assert should_ask_again(answer=FollowupAnswer.SAME, asked_count=asked_count) == expected


DOSE_AT = utc(2026, 1, 15, 10, 0)
INSIDE = [
    EFFECT_WINDOW[0],
    timedelta(minutes=90),
    timedelta(hours=2),
    timedelta(hours=3, minutes=59, seconds=59),
    EFFECT_WINDOW[1],
    timedelta(hours=4),
]
OUTSIDE = [
    -timedelta(hours=2),
    timedelta(0),
    timedelta(minutes=89, seconds=59),
    timedelta(hours=4, seconds=1),
    timedelta(hours=6),
]
EXPECTED_EFFECT = {
    FollowupAnswer.OVER: Effect.PAIN_FREE,
    FollowupAnswer.BETTER: Effect.PARTIAL,
    FollowupAnswer.SAME: Effect.NONE,
    FollowupAnswer.WORSE: Effect.NONE,
}


@pytest.mark.parametrize(
    ("answer", "elapsed", "expected"),
    [
        *[
            (answer, elapsed, effect)
            for answer, effect in EXPECTED_EFFECT.items()
            for elapsed in INSIDE
        ],
        *[(answer, elapsed, None) for answer in FollowupAnswer for elapsed in OUTSIDE],
    ],
)
def test_effect_at_two_hours(
    answer: FollowupAnswer, elapsed: timedelta, expected: Effect | None
) -> None:
    actual = effect_at_two_hours(
        answer=answer, dose_taken_at=DOSE_AT, answered_at=DOSE_AT + elapsed
    )
    assert actual == expected


def test_effect_at_two_hours_across_zones() -> None:
    # 11:00 Berlin is 10:00 UTC; answered at 12:00 UTC is 2 h later, not 1 h.
    dose_taken_at = datetime(2026, 1, 15, 11, 0, tzinfo=ZoneInfo(BERLIN))
    actual = effect_at_two_hours(
        answer=FollowupAnswer.BETTER, dose_taken_at=dose_taken_at, answered_at=utc(2026, 1, 15, 12)
    )
    assert actual == Effect.PARTIAL


@pytest.mark.parametrize(
    ("dose_taken_at", "answered_at"),
    [
        (datetime(2026, 1, 15, 10, 0), utc(2026, 1, 15, 12, 0)),
        (DOSE_AT, datetime(2026, 1, 15, 12, 0)),
    ],
)
def test_effect_at_two_hours_rejects_naive(dose_taken_at: datetime, answered_at: datetime) -> None:
    with pytest.raises(ValueError, match="aware"):
        effect_at_two_hours(
            answer=FollowupAnswer.SAME, dose_taken_at=dose_taken_at, answered_at=answered_at
        )
