"""Summary periods in the user's timezone: what ``/summary`` arguments mean, and what to compare.

A period is a run of whole local calendar dates, first and last included; it never reaches past
``today``. Its UTC bounds come from :func:`~bot.domain.schedule.local_day_bounds`, so a day of
23 or 25 hours (a DST change) is still exactly one day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.domain.schedule import local_day_bounds

ONE_DAY = timedelta(days=1)
DEFAULT_DAYS = 7  # docs/architecture.md: /summary defaults to the last 7 days
# The "last N days" lengths /summary accepts (issue 5: 7, 30, 90, 365).
ALLOWED_DAYS = (7, 30, 90, 365)
MONTH_WORD = "month"
# The earliest calendar month /summary accepts ("2026-10"); older is a typo, not a diary.
EARLIEST_YEAR = 2000
# The month of the month-by-month numbers: 30 days, the convention of "monthly" headache days
# (docs/clinical.md "Outcome measures": MHD, MMD, AMD are counted per 30-day month).
MONTH_BLOCK_DAYS = 30
_MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})")


class PeriodKind(StrEnum):
    """How a period was chosen (the views name it accordingly)."""

    LAST_DAYS = "last_days"
    MONTH_TO_DATE = "month_to_date"
    CALENDAR_MONTH = "calendar_month"


@dataclass(frozen=True)
class Period:
    """A run of local calendar dates, ``first`` to ``last`` inclusive."""

    first: date
    last: date
    kind: PeriodKind = PeriodKind.LAST_DAYS

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period ends on or after its first day")

    @property
    def days(self) -> int:
        """How many calendar dates the period holds."""
        return (self.last - self.first).days + 1

    def dates(self) -> list[date]:
        """Every date of the period, in order."""
        return [self.first + offset * ONE_DAY for offset in range(self.days)]

    def contains(self, day: date) -> bool:
        """Whether ``day`` is one of the period's dates."""
        return self.first <= day <= self.last

    def bounds(self, tz: str) -> tuple[datetime, datetime]:
        """The UTC start (inclusive) and end (exclusive) of the period in ``tz``."""
        return local_day_bounds(self.first, tz)[0], local_day_bounds(self.last, tz)[1]


def last_days(days: int, *, today: date) -> Period:
    """The ``days`` dates ending with ``today``."""
    if days < 1:
        raise ValueError("a period holds at least one day")
    return Period(today - (days - 1) * ONE_DAY, today, PeriodKind.LAST_DAYS)


def month_to_date(today: date) -> Period:
    """This calendar month from its first day up to ``today``."""
    return Period(today.replace(day=1), today, PeriodKind.MONTH_TO_DATE)


def _month_end(first: date) -> date:
    """The last date of the month that starts on ``first``."""
    following = (first.replace(day=28) + 4 * ONE_DAY).replace(day=1)
    return following - ONE_DAY


def calendar_month(year: int, month: int, *, today: date) -> Period | None:
    """The calendar month ``year``-``month`` (up to ``today`` if current); ``None`` if future."""
    first = date(year, month, 1)
    if first > today:
        return None
    if first == today.replace(day=1):
        return month_to_date(today)
    return Period(first, _month_end(first), PeriodKind.CALENDAR_MONTH)


def parse_period(argument: str, *, today: date) -> Period | None:
    """The period a ``/summary`` argument names ("", "30", "month", "2026-10"); ``None`` if bad."""
    text = argument.strip().lower()
    if not text:
        return last_days(DEFAULT_DAYS, today=today)
    if text.isascii() and text.isdecimal():
        days = int(text)
        return last_days(days, today=today) if days in ALLOWED_DAYS else None
    if text == MONTH_WORD:
        return month_to_date(today)
    match = _MONTH_PATTERN.fullmatch(text)
    if match is None:
        return None
    year, month = int(match[1]), int(match[2])
    if year < EARLIEST_YEAR or not 1 <= month <= 12:
        return None
    return calendar_month(year, month, today=today)


def previous_period(period: Period) -> Period:
    """The equal period just before ``period``, to compare with.

    The last N days are compared with the N days before them; a calendar month with the whole
    previous month (January for February); this month so far with the same days of the previous
    month, cut at its end (September 1-15 for October 1-15, February 1-28 for March 1-31).
    """
    if period.kind is PeriodKind.LAST_DAYS:
        return Period(period.first - period.days * ONE_DAY, period.first - ONE_DAY, period.kind)
    first = (period.first - ONE_DAY).replace(day=1)
    month_end = _month_end(first)
    if period.kind is PeriodKind.CALENDAR_MONTH:
        return Period(first, month_end, period.kind)
    return Period(first, min(first + (period.days - 1) * ONE_DAY, month_end), period.kind)


def month_blocks(period: Period) -> list[Period]:
    """The period cut into 30-day months counted back from its last day, oldest first.

    The oldest block is shorter when the period is not a multiple of 30 days (365 days: 5 days,
    then twelve 30-day months).
    """
    blocks = []
    last = period.last
    while last >= period.first:
        first = max(period.first, last - (MONTH_BLOCK_DAYS - 1) * ONE_DAY)
        blocks.append(Period(first, last))
        last = first - ONE_DAY
    return blocks[::-1]
