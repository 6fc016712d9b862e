"""Plain records of a user and their reminders, as the services and views see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum


class OnboardingStep(StrEnum):
    """Where a new user is in /start."""

    TIMEZONE = "timezone"
    CHECKIN = "checkin"


class ReminderKind(StrEnum):
    """What a reminder row reminds of."""

    CHECKIN = "checkin"
    MORNING_SLEEP = "morning_sleep"
    MEDICATION = "medication"
    FOLLOWUP = "followup"
    RECAP = "recap"


DEFAULT_CHECKIN_TIME = time(21, 0)
EVERY_DAY = "1111111"
# The weekly recap: Sundays at 19:00 local unless the user picks another day, time, or off.
DEFAULT_RECAP_TIME = time(19, 0)
DEFAULT_RECAP_WEEKDAY = 6  # Monday is 0


def single_weekday(weekday: int) -> str:
    """The weekday mask of one day (Monday is 0): ``single_weekday(6) == "0000001"``."""
    if not 0 <= weekday <= 6:
        raise ValueError(f"no weekday {weekday}")
    return "".join("1" if day == weekday else "0" for day in range(7))


def mask_weekday(weekdays: str) -> int | None:
    """The one day a single-day mask names, or ``None`` for any other mask."""
    return weekdays.index("1") if weekdays.count("1") == 1 else None


@dataclass(frozen=True)
class UserProfile:
    """A user and their preferences."""

    id: int
    telegram_id: int
    chat_id: int
    first_name: str | None
    language: str
    timezone: str | None
    onboarding_step: OnboardingStep | None
    quiet_start: time
    quiet_end: time
    reachable: bool

    @property
    def onboarded(self) -> bool:
        """Whether /start has been completed."""
        return self.onboarding_step is None


@dataclass(frozen=True)
class ReminderRule:
    """A repeating reminder at a local time of day on some weekdays."""

    id: int
    user_id: int
    kind: ReminderKind
    enabled: bool
    local_time: time | None
    weekdays: str
    next_fire_at: datetime | None


@dataclass(frozen=True)
class AwaitedInput:
    """What the bot is waiting for the user to type."""

    kind: str
    ref_id: int | None
    since: datetime
