"""Parsing when something happened: "3pm", "2h ago", "yesterday 15:00", "mon 14:00", "20/11".

Conventions:

* Numeric dates are day first: "20/11" and "20.11." are 20 November (never US month first).
* A date typed without a year is the most recent such date on or before today (a diary looks
  back); a year can be given ("20.11.2026", "2026-11-20").
* A weekday name ("mon", "monday") is the most recent such day, today included; with a time,
  the most recent such moment that is not in the future.
* Local times inside a DST gap move forward to the first valid minute; an ambiguous local time
  is its first occurrence.
* Every parser takes the user's ``language`` and reads the time words of every supported
  language (the user's first): "gestern 15 Uhr", "вчера в 15:00", "hace 2 horas", "14h",
  "1430", "2pm" (see :mod:`bot.domain.timewords`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum

from bot.domain.clocktime import parse_clock_time
from bot.domain.timewords import english_forms
from bot.domain.wallclock import local_date_of, require_aware, to_utc

MAX_INPUT_LENGTH = 64
DAYS_PER_WEEK = 7
TWO_DIGIT_YEAR_BASE = 2000
# How far back a yearless 29 February may be looked for (leap years are at most 8 years apart).
MAX_YEARS_BACK = 8
# "ago" phrases further back than this are treated as typos.
MAX_AGO = timedelta(days=31)

WEEKDAYS: dict[str, int] = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}

MONTHS: dict[str, int] = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "yesterday": 1,
    "day before yesterday": 2,
    "the day before yesterday": 2,
}

NOW_WORDS = frozenset({"now", "just now", "right now"})
FILLER_WORDS = frozenset({"at", "@", "on", "around", "about", "approx", "approximately"})

UNIT_SECONDS: dict[str, int] = {"d": 86_400, "h": 3_600, "m": 60}

_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
_NUMERIC_DATE = re.compile(
    r"^(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?:(?P=sep)(?P<year>\d{4}|\d{2})?)?$"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY_MONTH = re.compile(
    rf"^(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>[a-z]+)\.?(?:\s+(?P<year>\d{{4}}))?$"
)
_MONTH_DAY = re.compile(
    rf"^(?P<month>[a-z]+)\.?\s+(?P<day>\d{{1,2}}){_ORDINAL}(?:\s+(?P<year>\d{{4}}))?$"
)
_LAST_WEEKDAY = re.compile(r"^last\s+(?P<weekday>[a-z]+)$")
_DURATION_PART = (
    r"(?P<amount>\d{1,4}(?:[.,]\d{1,2})?)\s*"
    r"(?P<unit>days?|d|hours?|hrs?|h|minutes?|mins?|m)(?:\s+and)?"
)
_DURATION = re.compile(rf"^(?:{_DURATION_PART}\s*)+$")
_DURATION_PARTS = re.compile(_DURATION_PART)
_HOURS_MINUTES = re.compile(r"^(?P<hours>\d{1,2})\s*h\s*(?P<minutes>\d{2})$")
_AGO = re.compile(r"^(?P<duration>.+?)\s*ago$")
_DURATION_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\ban hour and a half\b"), "90 min"),
    (re.compile(r"\bhalf an hour\b"), "30 min"),
    (re.compile(r"\b(?:a|an|one)\s+(?=(?:day|hour|minute|min)\b)"), "1 "),
)


class DateKind(Enum):
    """How a date was written, which decides how a time on it is read."""

    RELATIVE = "relative"
    WEEKDAY = "weekday"
    CALENDAR = "calendar"


class WhenKind(Enum):
    """How a moment was written."""

    NOW = "now"
    AGO = "ago"
    BARE_TIME = "bare_time"
    DATED = "dated"


@dataclass(frozen=True)
class _When:
    """A parsed moment with the local pieces needed to adjust it."""

    instant: datetime
    kind: WhenKind
    local_time: time | None = None


def parse_date(text: str, *, today: date, language: str | None = None) -> date | None:
    """Return the date ``text`` names ("yesterday", "2026-11-20", "20.11", "gestern", "вчера")."""
    if len(text) > MAX_INPUT_LENGTH:
        return None
    for form in english_forms(text, language):
        parsed = _parse_date(_normalise(form), today)
        if parsed is not None:
            return parsed[0]
    return None


def parse_time_of_day(text: str, *, language: str | None = None) -> time | None:
    """Return the time of day ``text`` names ("15:00", "3pm", "15 Uhr", "в 15:00", "14h")."""
    if len(text) > MAX_INPUT_LENGTH:
        return None
    for form in english_forms(text, language):
        key = " ".join(word for word in _normalise(form).split() if word not in FILLER_WORDS)
        parsed = parse_clock_time(key)
        if parsed is not None:
            return parsed
    return None


def parse_duration(text: str) -> timedelta | None:
    """Return the length ``text`` names ("2h", "90 minutes", "1h30", "half an hour")."""
    key = _normalise(text)
    for pattern, replacement in _DURATION_WORDS:
        key = pattern.sub(replacement, key)
    hours_minutes = _HOURS_MINUTES.match(key)
    if hours_minutes is not None:
        return timedelta(hours=int(hours_minutes["hours"]), minutes=int(hours_minutes["minutes"]))
    if not _DURATION.match(key):
        return None
    seconds = sum(
        float(part["amount"].replace(",", ".")) * UNIT_SECONDS[part["unit"][0]]
        for part in _DURATION_PARTS.finditer(key)
    )
    return timedelta(seconds=round(seconds))


def parse_when(
    text: str, *, now: datetime, tz: str, language: str | None = None
) -> datetime | None:
    """Return the aware UTC moment ``text`` names, or None.

    Accepts "now", "15:00", "3 pm", "2h ago", "90 minutes ago", "yesterday 3pm", "today 9:30",
    "2026-11-20 15:00", "20.11. 15:00", "20/11 15:00" (day first) and "mon 14:00". A bare time
    is today even if that is later than ``now``: the caller decides whether the future is
    allowed (see :func:`parse_past_when`).
    """
    parsed = _parse_when(text, now=now, tz=tz, language=language)
    return None if parsed is None else parsed.instant


def parse_past_when(
    text: str, *, now: datetime, tz: str, language: str | None = None
) -> datetime | None:
    """Like :func:`parse_when`, but a bare time later than ``now`` today means yesterday.

    Someone saying "since 23:00" at 01:00 means last night.
    """
    parsed = _parse_when(text, now=now, tz=tz, language=language)
    if parsed is None:
        return None
    if (
        parsed.kind is WhenKind.BARE_TIME
        and parsed.instant > now
        and parsed.local_time is not None
    ):
        yesterday = local_date_of(now, tz) - timedelta(days=1)
        return to_utc(yesterday, parsed.local_time, tz)
    return parsed.instant


def parse_when_after(
    text: str, *, after: datetime, now: datetime, tz: str, language: str | None = None
) -> datetime | None:
    """Like :func:`parse_past_when`, but a bare time is the first such time after ``after``.

    For the end of an attack that started at ``after``: "03:00" after a start on Sunday 22:00 is
    Monday 03:00, whenever it is typed; a time with a day ("wed 03:00", "2h ago") is kept.
    """
    parsed = _parse_when(text, now=now, tz=tz, language=language)
    if parsed is None:
        return None
    if parsed.kind is not WhenKind.BARE_TIME or parsed.local_time is None:
        return parsed.instant
    day = local_date_of(after, tz)
    candidates = (to_utc(day + timedelta(days=offset), parsed.local_time, tz) for offset in (0, 1))
    return next(candidate for candidate in candidates if candidate > after)


def parse_when_near(
    text: str,
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    tz: str,
    language: str | None = None,
) -> datetime | None:
    """Like :func:`parse_past_when`, but a bare time is read on the day(s) of ``[start, end]``.

    For a dose taken for a past attack: "14:30" is the 14:30 nearest to the attack (within it if
    one is), never in the future; a time with a day ("yesterday 15:00", "2h ago") is kept.
    """
    require_aware(start)
    require_aware(end)
    parsed = _parse_when(text, now=now, tz=tz, language=language)
    if parsed is None:
        return None
    if parsed.kind is not WhenKind.BARE_TIME or parsed.local_time is None:
        return parsed.instant
    first, last = local_date_of(start, tz), local_date_of(end, tz)
    days = [first + timedelta(days=offset) for offset in range(-1, (last - first).days + 2)]
    # The day before the start always gives a time before the start, so one is never future.
    candidates = [
        moment for day in days if (moment := to_utc(day, parsed.local_time, tz)) <= max(now, start)
    ]

    def distance(moment: datetime) -> timedelta:
        return max(start - moment, moment - end, timedelta(0))

    return min(candidates, key=lambda moment: (distance(moment), moment))


def _parse_when(text: str, *, now: datetime, tz: str, language: str | None) -> _When | None:
    """Parse ``text``, in any language, into a moment and how it was written."""
    require_aware(now)
    if len(text) > MAX_INPUT_LENGTH:
        return None
    for form in english_forms(text, language):
        parsed = _parse_english_when(form, now=now, tz=tz)
        if parsed is not None:
            return parsed
    return None


def _parse_english_when(text: str, *, now: datetime, tz: str) -> _When | None:
    """Parse an English time phrase into a moment and how it was written."""
    key = " ".join(word for word in _normalise(text).split() if word not in FILLER_WORDS)
    if key in NOW_WORDS:
        return _When(now.astimezone(UTC), WhenKind.NOW)
    ago = _AGO.match(key)
    if ago is not None:
        duration = parse_duration(ago["duration"])
        if duration is None or duration > MAX_AGO:
            return None
        return _When((now - duration).astimezone(UTC), WhenKind.AGO)
    today = local_date_of(now, tz)
    bare = parse_clock_time(key)
    if bare is not None:
        return _When(to_utc(today, bare, tz), WhenKind.BARE_TIME, bare)
    words = key.split()
    for split in range(1, len(words)):
        head, tail = " ".join(words[:split]), " ".join(words[split:])
        for date_text, time_text in ((head, tail), (tail, head)):
            dated = _parse_date(date_text, today)
            local_time = parse_clock_time(time_text)
            if dated is not None and local_time is not None:
                day, kind = dated
                instant = to_utc(day, local_time, tz)
                if kind is DateKind.WEEKDAY and instant > now:
                    instant = to_utc(day - timedelta(days=DAYS_PER_WEEK), local_time, tz)
                return _When(instant, WhenKind.DATED, local_time)
    return None


def _parse_date(key: str, today: date) -> tuple[date, DateKind] | None:
    """Parse an already-normalised date phrase."""
    if key in RELATIVE_DAYS:
        return today - timedelta(days=RELATIVE_DAYS[key]), DateKind.RELATIVE
    if key in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[key]) % DAYS_PER_WEEK
        return today - timedelta(days=back), DateKind.WEEKDAY
    last = _LAST_WEEKDAY.match(key)
    if last is not None and last["weekday"] in WEEKDAYS:
        back = (today.weekday() - WEEKDAYS[last["weekday"]] - 1) % DAYS_PER_WEEK + 1
        return today - timedelta(days=back), DateKind.WEEKDAY
    match = (
        _ISO_DATE.match(key)
        or _NUMERIC_DATE.match(key)
        or _DAY_MONTH.match(key)
        or _MONTH_DAY.match(key)
    )
    if match is None:
        return None
    month_text = match["month"]
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    if month is None:
        return None
    day = _calendar_date(int(match["day"]), month, match["year"], today)
    return None if day is None else (day, DateKind.CALENDAR)


def _calendar_date(day: int, month: int, year_text: str | None, today: date) -> date | None:
    """Build a date; a missing year means the most recent such date on or before ``today``."""
    if year_text is not None:
        year = int(year_text)
        if len(year_text) == 2:
            year += TWO_DIGIT_YEAR_BASE
        return _safe_date(year, month, day)
    for year in range(today.year, today.year - MAX_YEARS_BACK - 1, -1):
        candidate = _safe_date(year, month, day)
        if candidate is not None and candidate <= today:
            return candidate
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    """Return ``date(year, month, day)``, or None if there is no such day."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _normalise(text: str) -> str:
    """Lower-case, turn sentence punctuation (not decimal commas) into spaces, collapse."""
    spaced = re.sub(r"[!?;()]+|(?<!\d),|,(?!\d)", " ", text.lower())
    return " ".join(spaced.split())
