"""Times and durations as the user reads them: their timezone, their language's names."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_datetime

from bot.views.i18n import Translator

RECENT_DAYS = 6


def babel_locale(tr: Translator) -> Locale:
    """The Babel locale for the user's language (English if Babel does not know it)."""
    try:
        return Locale.parse(tr.language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


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
    locale = babel_locale(tr)
    if 0 < days <= RECENT_DAYS:
        return format_datetime(local, "EEE HH:mm", locale=locale)
    if local.year == today.year:
        return format_datetime(local, "EEE d MMM HH:mm", locale=locale)
    return format_datetime(local, "d MMM y HH:mm", locale=locale)


def day_label(tr: Translator, instant: datetime, *, tz: str) -> str:
    """A calendar day with its weekday: ``Fri 20 Nov``."""
    return format_datetime(instant.astimezone(ZoneInfo(tz)), "EEE d MMM", locale=babel_locale(tr))


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
