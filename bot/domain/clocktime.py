"""Parsing a time of day the user types: "21:00", "9pm", "21.30", "0930", "noon"."""

from __future__ import annotations

import re
from datetime import time

HOURS_PER_DAY = 24
MINUTES_PER_HOUR = 60
HOURS_PER_HALF_DAY = 12
MAX_INPUT_LENGTH = 20

NAMED_TIMES: dict[str, time] = {
    "noon": time(12, 0),
    "midday": time(12, 0),
    "midnight": time(0, 0),
}

_CLOCK_PATTERN = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?\s*(?:h|hrs|o\s?clock)?"
    r"\s*(?P<meridiem>[ap])?$"
)
_COMPACT_PATTERN = re.compile(r"^(?P<hour>\d{2})(?P<minute>\d{2})\s*(?P<meridiem>[ap])?$")


def parse_clock_time(text: str) -> time | None:
    """Return the time of day ``text`` names, or None if it is not one.

    Accepts 24-hour ("21:00", "21.30", "21h30", "21", "0930") and 12-hour ("9pm", "9:30 p.m.",
    "12am" is midnight) forms, "noon" and "midnight". Out-of-range values give None.
    """
    if len(text) > MAX_INPUT_LENGTH:
        return None
    key = " ".join(text.strip().lower().rstrip(".").split())
    if key in NAMED_TIMES:
        return NAMED_TIMES[key]
    key = re.sub(r"(?<=[\d\s])([ap])\.?\s?m\.?$", r"\1", key)
    match = _CLOCK_PATTERN.match(key) or _COMPACT_PATTERN.match(key)
    if match is None:
        return None
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    if minute >= MINUTES_PER_HOUR:
        return None
    meridiem = match["meridiem"]
    if meridiem is None:
        return time(hour, minute) if hour < HOURS_PER_DAY else None
    if not 1 <= hour <= HOURS_PER_HALF_DAY:
        return None
    hour %= HOURS_PER_HALF_DAY
    if meridiem == "p":
        hour += HOURS_PER_HALF_DAY
    return time(hour, minute)


_BARE_HOUR_PATTERN = re.compile(r"^(?P<hour>\d{1,2})\s*(?:h|hrs|o\s?clock)?$")


def bare_hour_readings(text: str) -> tuple[time, time] | None:
    """The two readings of a bare hour from 1 to 12 ("9": 09:00 or 21:00), else ``None``.

    A bare "9" for an evening check-in is ambiguous; "09", "9:00", "21" and "9pm" are not:
    a leading zero, minutes or an hour past 12 say which is meant.
    """
    match = _BARE_HOUR_PATTERN.match(" ".join(text.strip().lower().split()))
    if match is None or match["hour"].startswith("0"):
        return None
    hour = int(match["hour"])
    if not 1 <= hour <= HOURS_PER_HALF_DAY:
        return None
    return time(hour % HOURS_PER_HALF_DAY), time(hour % HOURS_PER_HALF_DAY + HOURS_PER_HALF_DAY)
