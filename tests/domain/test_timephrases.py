from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.timephrases import (
    parse_date,
    parse_duration,
    parse_past_when,
    parse_when,
    parse_when_after,
    parse_when_near,
)

BERLIN = "Europe/Berlin"
NY = "America/New_York"
# Wednesday 2026-11-25, 15:00 in Berlin.
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
TODAY = date(2026, 11, 25)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15:00", utc(2026, 11, 25, 14)),
        ("3pm", utc(2026, 11, 25, 14)),
        ("3 pm", utc(2026, 11, 25, 14)),
        ("at 3 pm", utc(2026, 11, 25, 14)),
        ("around 9:30", utc(2026, 11, 25, 8, 30)),
        ("now", NOW),
        ("Now!", NOW),
        ("just now", NOW),
        ("2h ago", utc(2026, 11, 25, 12)),
        ("2 hours ago", utc(2026, 11, 25, 12)),
        ("30 min ago", utc(2026, 11, 25, 13, 30)),
        ("90 minutes ago", utc(2026, 11, 25, 12, 30)),
        ("1h30 ago", utc(2026, 11, 25, 12, 30)),
        ("1h 30m ago", utc(2026, 11, 25, 12, 30)),
        ("1 hour and 30 minutes ago", utc(2026, 11, 25, 12, 30)),
        ("1.5 hours ago", utc(2026, 11, 25, 12, 30)),
        ("an hour ago", utc(2026, 11, 25, 13)),
        ("half an hour ago", utc(2026, 11, 25, 13, 30)),
        ("2 days ago", utc(2026, 11, 23, 14)),
        ("yesterday 15:00", utc(2026, 11, 24, 14)),
        ("yesterday 3pm", utc(2026, 11, 24, 14)),
        ("Yesterday at 3 pm", utc(2026, 11, 24, 14)),
        ("3pm yesterday", utc(2026, 11, 24, 14)),
        ("day before yesterday 8:00", utc(2026, 11, 23, 7)),
        ("today 9:30", utc(2026, 11, 25, 8, 30)),
        ("2026-11-20 15:00", utc(2026, 11, 20, 14)),
        ("20.11. 15:00", utc(2026, 11, 20, 14)),
        ("20.11.2026 15:00", utc(2026, 11, 20, 14)),
        ("20/11 15:00", utc(2026, 11, 20, 14)),
        ("20 nov 3 pm", utc(2026, 11, 20, 14)),
        ("nov 20, 3pm", utc(2026, 11, 20, 14)),
        ("20th November 15:00", utc(2026, 11, 20, 14)),
        # Weekdays: the most recent such moment not in the future (today is Wednesday).
        ("mon 14:00", utc(2026, 11, 23, 13)),
        ("monday 14:00", utc(2026, 11, 23, 13)),
        ("on Monday at 2pm", utc(2026, 11, 23, 13)),
        ("wed 14:00", utc(2026, 11, 25, 13)),
        ("wed 16:00", utc(2026, 11, 18, 15)),
        ("last wed 14:00", utc(2026, 11, 18, 13)),
        # A bare time later today stays today: the caller decides.
        ("16:00", utc(2026, 11, 25, 15)),
        ("today 18:00", utc(2026, 11, 25, 17)),
        # Not understood.
        ("", None),
        ("yesterday", None),
        ("today", None),
        ("this morning", None),
        ("x ago", None),
        ("99 days ago", None),
        ("2h", utc(2026, 11, 25, 1)),
        ("31/02 15:00", None),
        ("someday 15:00", None),
        ("1" * 70, None),
    ],
)
def test_parse_when(text: str, expected: datetime | None) -> None:
    assert parse_when(text, now=NOW, tz=BERLIN) == expected


@pytest.mark.parametrize(
    ("text", "now", "tz", "expected"),
    [
        # "since 23:00" said at 01:00 means last night.
        ("23:00", utc(2026, 11, 25, 0), BERLIN, utc(2026, 11, 24, 22)),
        ("11pm", utc(2026, 11, 25, 0), BERLIN, utc(2026, 11, 24, 22)),
        ("00:30", utc(2026, 11, 25, 0), BERLIN, utc(2026, 11, 24, 23, 30)),
        # Not later than now: today.
        ("01:00", utc(2026, 11, 25, 0), BERLIN, utc(2026, 11, 25, 0)),
        ("15:00", NOW, BERLIN, utc(2026, 11, 25, 14)),
        # Only bare times move back; explicit days are kept even in the future.
        ("today 18:00", NOW, BERLIN, utc(2026, 11, 25, 17)),
        ("2h ago", NOW, BERLIN, utc(2026, 11, 25, 12)),
        ("now", NOW, BERLIN, NOW),
        ("nonsense", NOW, BERLIN, None),
        # Yesterday's wall clock on a DST day: 02:30 did not exist in New York on 2026-03-08.
        ("2:30", utc(2026, 3, 9, 5), NY, utc(2026, 3, 8, 7)),
    ],
)
def test_parse_past_when(text: str, now: datetime, tz: str, expected: datetime | None) -> None:
    assert parse_past_when(text, now=now, tz=tz) == expected


@pytest.mark.parametrize(
    ("text", "now", "tz", "expected"),
    [
        # Spring-forward gaps move forward to the first valid minute.
        ("2026-03-29 02:30", utc(2026, 3, 29, 12), BERLIN, utc(2026, 3, 29, 1)),
        ("2:30", utc(2026, 3, 8, 12), NY, utc(2026, 3, 8, 7)),
        ("today 2:15", utc(2026, 10, 4, 1), "Australia/Lord_Howe", utc(2026, 10, 3, 15, 30)),
        # Fall-back: the first occurrence.
        ("1:30", utc(2026, 11, 1, 12), NY, utc(2026, 11, 1, 5, 30)),
        ("2026-10-25 02:30", utc(2026, 10, 25, 12), BERLIN, utc(2026, 10, 25, 0, 30)),
        # "Ago" is exact elapsed time, whatever the wall clock did.
        ("3 hours ago", utc(2026, 3, 8, 8), NY, utc(2026, 3, 8, 5)),
        # A weekday a week back over a DST change keeps its wall-clock time.
        ("sun 9:00", utc(2026, 3, 28, 12), BERLIN, utc(2026, 3, 22, 8)),
        ("sun 9:00", utc(2026, 3, 29, 12), BERLIN, utc(2026, 3, 29, 7)),
        ("sun 14:00", utc(2026, 3, 29, 11), BERLIN, utc(2026, 3, 22, 13)),
        # Local "today" follows the user's zone: 23:30 UTC is already tomorrow in Tokyo.
        ("today 8:00", utc(2026, 11, 25, 23, 30), "Asia/Tokyo", utc(2026, 11, 25, 23)),
    ],
)
def test_parse_when_across_zones_and_dst(
    text: str, now: datetime, tz: str, expected: datetime
) -> None:
    assert parse_when(text, now=now, tz=tz) == expected


def test_parse_when_rejects_naive_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when("15:00", now=datetime(2026, 11, 25, 14), tz=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2h", timedelta(hours=2)),
        ("2 hours", timedelta(hours=2)),
        ("90 minutes", timedelta(minutes=90)),
        ("30 min", timedelta(minutes=30)),
        ("30m", timedelta(minutes=30)),
        ("1h30", timedelta(minutes=90)),
        ("1 h 30", timedelta(minutes=90)),
        ("1h 30m", timedelta(minutes=90)),
        ("1 hour and 30 minutes", timedelta(minutes=90)),
        ("1.5 hours", timedelta(minutes=90)),
        ("1,5h", timedelta(minutes=90)),
        ("an hour", timedelta(hours=1)),
        ("one hour", timedelta(hours=1)),
        ("a day", timedelta(days=1)),
        ("2 days", timedelta(days=2)),
        ("3d", timedelta(days=3)),
        ("half an hour", timedelta(minutes=30)),
        ("an hour and a half", timedelta(minutes=90)),
        ("0 min", timedelta(0)),
        ("", None),
        ("2", None),
        ("hours", None),
        ("2 parsecs", None),
        ("2h ago", None),
    ],
)
def test_parse_duration(text: str, expected: timedelta | None) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("today", TODAY, TODAY),
        ("yesterday", TODAY, date(2026, 11, 24)),
        ("Yesterday!", TODAY, date(2026, 11, 24)),
        ("the day before yesterday", TODAY, date(2026, 11, 23)),
        ("2026-11-20", TODAY, date(2026, 11, 20)),
        ("2026-1-5", TODAY, date(2026, 1, 5)),
        ("2027-01-05", TODAY, date(2027, 1, 5)),
        # Day first.
        ("20.11", TODAY, date(2026, 11, 20)),
        ("20.11.", TODAY, date(2026, 11, 20)),
        ("20.11.2026", TODAY, date(2026, 11, 20)),
        ("20.11.26", TODAY, date(2026, 11, 20)),
        ("20/11", TODAY, date(2026, 11, 20)),
        ("5/3", TODAY, date(2026, 3, 5)),
        ("20/11/2025", TODAY, date(2025, 11, 20)),
        ("20 nov", TODAY, date(2026, 11, 20)),
        ("20th of November", TODAY, date(2026, 11, 20)),
        ("nov 20", TODAY, date(2026, 11, 20)),
        ("Nov. 20th", TODAY, date(2026, 11, 20)),
        ("Nov 20, 2025", TODAY, date(2025, 11, 20)),
        ("1 sept", TODAY, date(2026, 9, 1)),
        # No year: the most recent such date, today included.
        ("25.11", TODAY, TODAY),
        ("20.12", TODAY, date(2025, 12, 20)),
        ("31 dec", date(2027, 1, 1), date(2026, 12, 31)),
        ("29.02", TODAY, date(2024, 2, 29)),
        ("29 feb", date(2028, 3, 1), date(2028, 2, 29)),
        # Weekdays: the most recent such day, today included; "last" means before today.
        ("wed", TODAY, TODAY),
        ("mon", TODAY, date(2026, 11, 23)),
        ("thursday", TODAY, date(2026, 11, 19)),
        ("last wed", TODAY, date(2026, 11, 18)),
        ("last tue", TODAY, date(2026, 11, 24)),
        # Not dates.
        ("31/02", TODAY, None),
        ("31/02/2026", TODAY, None),
        ("13/13", TODAY, None),
        ("32.1", TODAY, None),
        ("20 foo", TODAY, None),
        ("last foo", TODAY, None),
        ("tomorrow", TODAY, None),
        ("11/20/2026", TODAY, None),
        ("", TODAY, None),
    ],
)
def test_parse_date(text: str, today: date, expected: date | None) -> None:
    assert parse_date(text, today=today) == expected


# NOW is Wednesday 25 November 2026, 15:00 in Berlin.
SUNDAY_22 = utc(2026, 11, 22, 21)  # Sunday 22:00 Berlin


@pytest.mark.parametrize(
    ("text", "after", "tz", "expected"),
    [
        # The reported case: "03:00" for an attack from Sunday 22:00, typed on Wednesday, is
        # Monday 03:00 (5 h), not Wednesday 03:00 (2 days 5 h).
        ("03:00", SUNDAY_22, BERLIN, utc(2026, 11, 23, 2)),
        ("23:30", SUNDAY_22, BERLIN, utc(2026, 11, 22, 22, 30)),  # the same evening
        ("22:00", SUNDAY_22, BERLIN, utc(2026, 11, 23, 21)),  # strictly after: a day later
        ("3pm", utc(2026, 11, 25, 8), BERLIN, utc(2026, 11, 25, 14)),  # today, after the start
        # A time with a day, or counted back from now, is taken as written.
        ("tue 03:00", SUNDAY_22, BERLIN, utc(2026, 11, 24, 2)),
        ("2h ago", SUNDAY_22, BERLIN, utc(2026, 11, 25, 12)),
        ("soon", SUNDAY_22, BERLIN, None),
        # DST: New York skipped 02:00-03:00 on 8 March 2026; 02:30 is the first valid minute.
        ("2:30", utc(2026, 3, 8, 3), NY, utc(2026, 3, 8, 7)),
    ],
)
def test_parse_when_after(text: str, after: datetime, tz: str, expected: datetime | None) -> None:
    assert parse_when_after(text, after=after, now=NOW, tz=tz) == expected


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        # Sunday 22:00 - Monday 03:00 Berlin: "23:30" is within it, on Sunday.
        ("23:30", SUNDAY_22, utc(2026, 11, 23, 2), utc(2026, 11, 22, 22, 30)),
        # "01:00" is within it on Monday (not Sunday 01:00, 21 h before the start).
        ("01:00", SUNDAY_22, utc(2026, 11, 23, 2), utc(2026, 11, 23, 0)),
        # Outside the attack: the nearest such time (Sunday 21:00, 1 h before it).
        ("21:00", SUNDAY_22, utc(2026, 11, 23, 2), utc(2026, 11, 22, 20)),
        # Sunday 09:00 is 13 h before the start, Monday 09:00 6 h after the end: the nearer.
        ("09:00", SUNDAY_22, utc(2026, 11, 23, 2), utc(2026, 11, 23, 8)),
        # An attack that ended 15 min ago: "16:00" would be in the future, so it is yesterday's.
        ("16:00", utc(2026, 11, 25, 12), utc(2026, 11, 25, 13, 45), utc(2026, 11, 24, 15)),
        # Times with a day (calendar words mean the calendar) and "ago" are kept.
        ("yesterday 15:00", SUNDAY_22, utc(2026, 11, 23, 2), utc(2026, 11, 24, 14)),
        ("2h ago", SUNDAY_22, utc(2026, 11, 23, 2), utc(2026, 11, 25, 12)),
        ("whenever", SUNDAY_22, utc(2026, 11, 23, 2), None),
    ],
)
def test_parse_when_near(
    text: str, start: datetime, end: datetime, expected: datetime | None
) -> None:
    assert parse_when_near(text, start=start, end=end, now=NOW, tz=BERLIN) == expected


def test_parse_when_near_rejects_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_when_near("12:00", start=datetime(2026, 11, 22), end=NOW, now=NOW, tz=BERLIN)
