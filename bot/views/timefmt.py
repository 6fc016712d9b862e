"""Times, dates, durations and numbers as the user reads them: their timezone, their locale.

Dates are formatted from CLDR *skeletons* (which fields to show, e.g. ``MMMEd``), never from
fixed patterns, so each language gets its own order and punctuation ("Fri 20 Nov",
"пт, 20 нояб.", "Fr., 20. Nov."). English uses the ``en_GB`` conventions (day before month,
24-hour clock), which read naturally to English speakers anywhere.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_decimal

from bot.views.i18n import DEFAULT_LANGUAGE, Translator

RECENT_DAYS = 6
# English dates and times the way most English speakers outside the US write them.
ENGLISH_LOCALE = "en_GB"


def babel_locale(tr: Translator) -> Locale:
    """The Babel locale for the user's language (English if Babel does not know it)."""
    try:
        return Locale.parse(ENGLISH_LOCALE if tr.language == DEFAULT_LANGUAGE else tr.language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(ENGLISH_LOCALE)


def local_date(tr: Translator, day: date | datetime, skeleton: str = "MMMEd") -> str:
    """A date from a CLDR skeleton: ``MMMEd`` "Fri 20 Nov", ``yMMMd`` "20 Nov 2026"."""
    return format_skeleton(skeleton, day, locale=babel_locale(tr))


def date_range(tr: Translator, first: date, last: date, skeleton: str = "MMMd") -> str:
    """Two dates as the locale writes a range: "14–20 Nov", "14—20 нояб."."""
    return format_interval(first, last, skeleton, locale=babel_locale(tr))


def month_name(tr: Translator, day: date) -> str:
    """A month with its year, as a title: "November 2026", "Ноябрь 2026 г."."""
    return upper_first(format_skeleton("yMMMM", day, locale=babel_locale(tr)))


def decimal(tr: Translator, value: float, places: int = 1) -> str:
    """A number with ``places`` decimals and the locale's separator: "7.5", "7,5"."""
    pattern = "0." + "0" * places if places else "0"
    return format_decimal(value, pattern, locale=babel_locale(tr))


def upper_first(text: str) -> str:
    """The text with its first letter upper case and the rest untouched ("NSAIDs" stays)."""
    return text[:1].upper() + text[1:]


def local_clock(instant: datetime, tz: str) -> str:
    """The local wall-clock time, 24-hour: ``14:05``."""
    return instant.astimezone(ZoneInfo(tz)).strftime("%H:%M")


def when(tr: Translator, instant: datetime, *, tz: str, now: datetime) -> str:
    """A past or present moment, as short as is unambiguous.

    ``14:05`` today, ``yesterday 14:05``, ``Mon 14:05`` within the week, ``Mon 16 Nov 14:05``
    this year, ``16 Nov 2025 14:05`` before.
    """
    zone = ZoneInfo(tz)
    local, today = instant.astimezone(zone), now.astimezone(zone).date()
    clock = local.strftime("%H:%M")
    days = (today - local.date()).days
    if days == 0:
        return clock
    if days == 1:
        return tr._("yesterday {clock}", clock=clock)
    if 0 < days <= RECENT_DAYS:
        day = local_date(tr, local, "EEE")
    elif local.year == today.year:
        day = local_date(tr, local, "MMMEd")
    else:
        day = local_date(tr, local, "yMMMd")
    return tr._("{day} {clock}", day=day, clock=clock)


def day_label(tr: Translator, instant: datetime, *, tz: str) -> str:
    """A calendar day with its weekday: ``Fri 20 Nov``."""
    return local_date(tr, instant.astimezone(ZoneInfo(tz)), "MMMEd")


def duration(tr: Translator, span: timedelta) -> str:
    """A duration: ``45 min``, ``4 h 25 min``, ``2 d 3 h``."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return tr._("{days} d {hours} h", days=days, hours=hours)
    if hours:
        return (
            tr._("{hours} h {minutes} min", hours=hours, minutes=mins)
            if mins
            else tr._("{hours} h", hours=hours)
        )
    return tr._("{minutes} min", minutes=mins)
