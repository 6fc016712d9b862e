from datetime import date, datetime, timedelta

import pytest

from bot.domain.periods import (
    Period,
    PeriodKind,
    calendar_month,
    last_days,
    month_blocks,
    month_to_date,
    parse_period,
    previous_period,
)
from tests.domain.diary import BERLIN, NEW_YORK, utc

TODAY = date(2026, 10, 15)
LAST = PeriodKind.LAST_DAYS
MTD = PeriodKind.MONTH_TO_DATE
MONTH = PeriodKind.CALENDAR_MONTH


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("", Period(date(2026, 10, 9), TODAY, LAST)),
        ("   ", Period(date(2026, 10, 9), TODAY, LAST)),
        ("7", Period(date(2026, 10, 9), TODAY, LAST)),
        ("30", Period(date(2026, 9, 16), TODAY, LAST)),
        (" 90 ", Period(date(2026, 7, 18), TODAY, LAST)),
        ("365", Period(date(2025, 10, 16), TODAY, LAST)),
        ("month", Period(date(2026, 10, 1), TODAY, MTD)),
        ("Month", Period(date(2026, 10, 1), TODAY, MTD)),
        ("2026-10", Period(date(2026, 10, 1), TODAY, MTD)),
        ("2026-09", Period(date(2026, 9, 1), date(2026, 9, 30), MONTH)),
        ("2026-02", Period(date(2026, 2, 1), date(2026, 2, 28), MONTH)),
        ("2024-02", Period(date(2024, 2, 1), date(2024, 2, 29), MONTH)),
        ("2025-12", Period(date(2025, 12, 1), date(2025, 12, 31), MONTH)),
        # Anything else is refused, and the handler shows the usage line.
        ("2026-11", None),
        ("2027-01", None),
        ("2026-13", None),
        ("2026-00", None),
        ("1999-12", None),
        ("2026-1", None),
        ("26-10", None),
        ("14", None),
        ("0", None),
        ("-7", None),
        ("٣٠", None),
        ("٢٠٢٦-٠٩", None),
        ("week", None),
        ("7 days", None),
    ],
)
def test_parse_period(argument: str, expected: Period | None) -> None:
    assert parse_period(argument, today=TODAY) == expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # The last N days: the N days before them.
        (
            Period(date(2026, 10, 9), TODAY, LAST),
            Period(date(2026, 10, 2), date(2026, 10, 8), LAST),
        ),
        (
            Period(date(2026, 9, 16), TODAY, LAST),
            Period(date(2026, 8, 17), date(2026, 9, 15), LAST),
        ),
        # A whole calendar month: the whole previous month, whatever their lengths.
        (
            Period(date(2026, 3, 1), date(2026, 3, 31), MONTH),
            Period(date(2026, 2, 1), date(2026, 2, 28), MONTH),
        ),
        (
            Period(date(2026, 2, 1), date(2026, 2, 28), MONTH),
            Period(date(2026, 1, 1), date(2026, 1, 31), MONTH),
        ),
        (
            Period(date(2026, 1, 1), date(2026, 1, 31), MONTH),
            Period(date(2025, 12, 1), date(2025, 12, 31), MONTH),
        ),
        # This month so far: the same days of the previous month, cut at its end.
        (Period(date(2026, 10, 1), TODAY, MTD), Period(date(2026, 9, 1), date(2026, 9, 15), MTD)),
        (
            Period(date(2026, 3, 1), date(2026, 3, 31), MTD),
            Period(date(2026, 2, 1), date(2026, 2, 28), MTD),
        ),
    ],
)
def test_previous_period(period: Period, expected: Period) -> None:
    assert previous_period(period) == expected


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2026, 9, Period(date(2026, 9, 1), date(2026, 9, 30), MONTH)),
        (2026, 10, Period(date(2026, 10, 1), TODAY, MTD)),
        (2026, 11, None),
    ],
)
def test_calendar_month(year: int, month: int, expected: Period | None) -> None:
    assert calendar_month(year, month, today=TODAY) == expected


def test_month_to_date_on_the_first() -> None:
    assert month_to_date(date(2026, 11, 1)) == Period(date(2026, 11, 1), date(2026, 11, 1), MTD)


@pytest.mark.parametrize("days", [0, -1])
def test_last_days_needs_a_day(days: int) -> None:
    with pytest.raises(ValueError, match="at least one day"):
        last_days(days, today=TODAY)


def test_period_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends on or after"):
        Period(TODAY, TODAY - timedelta(days=1))


def test_days_dates_and_contains() -> None:
    period = Period(date(2026, 10, 30), date(2026, 11, 2))
    assert (period.days, period.dates()) == (
        4,
        [date(2026, 10, 30), date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 2)],
    )
    assert [period.contains(day) for day in (date(2026, 10, 29), date(2026, 11, 2))] == [
        False,
        True,
    ]


@pytest.mark.parametrize(
    ("period", "tz", "expected_bounds", "expected_hours"),
    [
        # Europe/Berlin falls back on 2026-10-25: that week has 7 days and 169 hours.
        (
            last_days(7, today=date(2026, 10, 28)),
            BERLIN,
            (utc(2026, 10, 21, 22), utc(2026, 10, 28, 23)),
            169,
        ),
        # America/New_York falls back on 2026-11-01.
        (
            Period(date(2026, 11, 1), date(2026, 11, 1)),
            NEW_YORK,
            (utc(2026, 11, 1, 4), utc(2026, 11, 2, 5)),
            25,
        ),
        # And springs forward on 2026-03-08: a 23-hour day.
        (
            Period(date(2026, 3, 8), date(2026, 3, 8)),
            NEW_YORK,
            (utc(2026, 3, 8, 5), utc(2026, 3, 9, 4)),
            23,
        ),
    ],
)
def test_bounds_across_dst(
    period: Period, tz: str, expected_bounds: tuple[datetime, datetime], expected_hours: int
) -> None:
    start, end = period.bounds(tz)
    assert ((start, end), (end - start) / timedelta(hours=1)) == (expected_bounds, expected_hours)


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # Per-30-day months (docs/clinical.md "Outcome measures"), counted back from the last day.
        (Period(date(2026, 11, 14), date(2026, 11, 20)), [(date(2026, 11, 14), 7)]),
        (
            last_days(90, today=date(2026, 11, 20)),
            [(date(2026, 8, 23), 30), (date(2026, 9, 22), 30), (date(2026, 10, 22), 30)],
        ),
        (
            last_days(65, today=date(2026, 11, 20)),
            [(date(2026, 9, 17), 5), (date(2026, 9, 22), 30), (date(2026, 10, 22), 30)],
        ),
    ],
)
def test_month_blocks(period: Period, expected: list[tuple[date, int]]) -> None:
    blocks = month_blocks(period)
    assert [(block.first, block.days) for block in blocks] == expected
    assert blocks[-1].last == period.last
