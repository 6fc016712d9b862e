"""Reminder time maths: next fire time, local days, quiet hours, and the late-send policy.

Reminders are stored as a local wall-clock time plus weekdays in the user's IANA zone; the next
fire time is kept in UTC (docs/architecture.md, decision 2). DST rules: a time inside the
spring-forward gap fires at the first valid minute after the gap; an ambiguous time in the
fall-back overlap fires once, at its first occurrence.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.wallclock import local_date_of, require_aware, to_utc, zone

__all__ = [
    "EVERY_DAY",
    "MISSED_REMINDER_GRACE",
    "LatePolicy",
    "end_of_quiet_hours",
    "in_quiet_hours",
    "late_policy",
    "local_date_of",
    "local_day_bounds",
    "next_fire_time",
    "validate_weekdays",
]

DAYS_PER_WEEK = 7
WEEKDAY_ON = "1"
WEEKDAY_OFF = "0"
EVERY_DAY = WEEKDAY_ON * DAYS_PER_WEEK
ONE_DAY = timedelta(days=1)
# A reminder missed while the bot was down is still sent if it is less than this late
# (docs/architecture.md, decision 2), otherwise skipped; it is never sent twice.
MISSED_REMINDER_GRACE = timedelta(hours=2)


class LatePolicy(StrEnum):
    """What to do with a reminder whose due time has already passed."""

    SEND = "send"
    SKIP = "skip"


def validate_weekdays(weekdays: str) -> None:
    """Raise ``ValueError`` unless ``weekdays`` is a 7-char 0/1 mask, Monday first, not all 0."""
    if len(weekdays) != DAYS_PER_WEEK or set(weekdays) - {WEEKDAY_ON, WEEKDAY_OFF}:
        raise ValueError(f"weekday mask must be 7 characters of 0/1, got {weekdays!r}")
    if WEEKDAY_ON not in weekdays:
        raise ValueError("weekday mask must allow at least one day")


def next_fire_time(*, local_time: time, weekdays: str, tz: str, after: datetime) -> datetime:
    """Return the first UTC instant strictly after ``after`` when ``tz`` shows ``local_time``.

    Args:
        local_time: Wall-clock time of the reminder.
        weekdays: 7-character mask of allowed days, Monday first ("1111100" is weekdays).
        tz: IANA timezone name.
        after: Aware instant; the result is strictly later.

    Returns:
        An aware UTC datetime on an allowed local weekday.

    Raises:
        ValueError: If ``weekdays`` is malformed or ``after`` is naive.
    """
    validate_weekdays(weekdays)
    require_aware(after)
    day = local_date_of(after, tz) - ONE_DAY
    while True:
        if weekdays[day.weekday()] == WEEKDAY_ON:
            candidate = to_utc(day, local_time, tz)
            if candidate > after:
                return candidate
        day += ONE_DAY


def local_day_bounds(day: date, tz: str) -> tuple[datetime, datetime]:
    """Return the UTC start (inclusive) and end (exclusive) of local ``day`` in ``tz``.

    The day is 23 or 25 hours long on DST change days.
    """
    return to_utc(day, time(0, 0), tz), to_utc(day + ONE_DAY, time(0, 0), tz)


def in_quiet_hours(instant: datetime, *, tz: str, quiet_start: time, quiet_end: time) -> bool:
    """Return whether the local wall clock at ``instant`` is inside [start, end).

    The window may wrap midnight (22:00-07:00). Equal start and end means no quiet hours.
    """
    require_aware(instant)
    if quiet_start == quiet_end:
        return False
    local = instant.astimezone(zone(tz)).time()
    if quiet_start < quiet_end:
        return quiet_start <= local < quiet_end
    return local >= quiet_start or local < quiet_end


def end_of_quiet_hours(
    instant: datetime, *, tz: str, quiet_start: time, quiet_end: time
) -> datetime:
    """Return the next UTC instant when quiet hours end, or ``instant`` if not in quiet hours."""
    if not in_quiet_hours(instant, tz=tz, quiet_start=quiet_start, quiet_end=quiet_end):
        return instant.astimezone(UTC)
    today = local_date_of(instant, tz)
    candidates = [
        to_utc(today + offset * ONE_DAY, quiet_end, tz, fold=fold)
        for offset in (0, 1)
        for fold in (0, 1)
    ]
    return min(candidate for candidate in candidates if candidate > instant)


def late_policy(
    *, due_at: datetime, now: datetime, grace: timedelta = MISSED_REMINDER_GRACE
) -> LatePolicy:
    """Return whether a reminder due at ``due_at`` should still be sent at ``now``."""
    require_aware(due_at)
    require_aware(now)
    return LatePolicy.SEND if now - due_at < grace else LatePolicy.SKIP
