"""The daily check-in: its questions, their order, and the answers a button may carry.

One check-in is kept per local calendar date (docs/architecture.md, "Daily check-in per local
date"). The
evening message asks, in order: headache today? (and, for "yes, log it now", roughly when it
started), hours and quality of last night's sleep, whether the preventive was taken (only for
users with preventives), then optional factors. Three taps on a good day: "No", hours, quality;
everything is saved as it is tapped, so stopping after any tap loses nothing.

The optional morning question asks only about last night's sleep and stores it on that day's
check-in; the evening check-in then skips the sleep questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.wallclock import local_date_of, require_aware, to_utc, zone

# Sleep-hour buttons: 4 means "4 or less", 10 means "10 or more".
SLEEP_HOUR_CHOICES = (4, 5, 6, 7, 8, 9, 10)
FEWEST_SLEEP_HOURS = SLEEP_HOUR_CHOICES[0]
MOST_SLEEP_HOURS = SLEEP_HOUR_CHOICES[-1]
# "Roughly when did it start?" offers these local hours (those not yet past are left out).
START_HOUR_CHOICES = (6, 9, 12, 15, 18, 21)
# An evening check-in set this early in the night (00:00-03:59) is still about the evening
# before: someone who checks in at 00:30 is closing the day that just ended, not asking
# "Headache today?" about a day a few minutes old (the diary day ends at bedtime).
NEW_DAY_STARTS = time(4, 0)
# A check-in can be answered this long after its day (its buttons keep working until then).
ANSWERABLE_FOR = timedelta(days=62)


class CheckinStatus(StrEnum):
    """Where a day's check-in stands."""

    PENDING = "pending"
    ANSWERED = "answered"
    MISSED = "missed"


class Step(StrEnum):
    """A question of the check-in (the codes are part of the buttons' data)."""

    HEADACHE = "h"
    ATTACK_TIME = "at"
    SLEEP_HOURS = "sh"
    SLEEP_QUALITY = "sq"
    PREVENTIVE = "pv"
    FACTORS = "f"
    DONE = "d"


class HeadacheAnswer(StrEnum):
    """The answers to "Headache today?"."""

    NO = "n"
    LOGGED = "l"
    LOG_NOW = "y"


class SleepQuality(StrEnum):
    """How last night's sleep was."""

    POOR = "poor"
    OK = "ok"
    GOOD = "good"


class Factor(StrEnum):
    """Optional factors of the day (each stored as its own yes/no column)."""

    EXERCISE = "exercise"
    CAFFEINE = "caffeine"
    ALCOHOL = "alcohol"
    STRESS = "stress"


@dataclass(frozen=True)
class CheckinRecord:
    """One day's check-in as far as it has been answered."""

    id: int
    user_id: int
    local_date: date
    status: CheckinStatus
    headache: bool | None = None
    sleep_hours: float | None = None
    sleep_quality: SleepQuality | None = None
    preventive_taken: bool | None = None
    factors: frozenset[Factor] = frozenset()

    @property
    def sleep_known(self) -> bool:
        """Whether both sleep questions are answered for this day."""
        return self.sleep_hours is not None and self.sleep_quality is not None


def step_after(
    step: Step,
    *,
    headache: HeadacheAnswer | None = None,
    morning: bool = False,
    has_preventives: bool = False,
    sleep_known: bool = False,
    preventive_known: bool = False,
) -> Step:
    """The question that follows ``step`` in the evening check-in (or the morning question).

    Args:
        step: The question just answered.
        headache: The answer, when ``step`` is the headache question.
        morning: Whether this is the morning sleep question (which ends after sleep).
        has_preventives: Whether the user takes preventive medication.
        sleep_known: Whether sleep was already answered today (by the morning question).
        preventive_known: Whether today's preventive dose is already recorded as taken (the
            dose reminder's "Taken"); the check-in then does not ask it again.
    """
    if step is Step.HEADACHE and headache is HeadacheAnswer.LOG_NOW:
        return Step.ATTACK_TIME
    if step in (Step.HEADACHE, Step.ATTACK_TIME) and not sleep_known:
        return Step.SLEEP_HOURS
    if step is Step.SLEEP_HOURS:
        return Step.SLEEP_QUALITY
    if morning:
        return Step.DONE
    if (
        step in (Step.HEADACHE, Step.ATTACK_TIME, Step.SLEEP_QUALITY)
        and has_preventives
        and not preventive_known
    ):
        return Step.PREVENTIVE
    if step is Step.FACTORS:
        return Step.DONE
    return Step.FACTORS


def parse_sleep_hours(value: str) -> int | None:
    """The hours a sleep button carries, or ``None`` if it is not one of the choices."""
    if not value.isdigit():
        return None
    hours = int(value)
    return hours if hours in SLEEP_HOUR_CHOICES else None


def start_hour_choices(day: date, *, tz: str, now: datetime) -> list[int]:
    """The "roughly when did it start?" hours to offer for ``day``: none in the future.

    On the day itself only hours already past are offered; if none is (an early check-in), the
    current hour is.
    """
    require_aware(now)
    hours = [hour for hour in START_HOUR_CHOICES if to_utc(day, time(hour), tz) <= now]
    return hours or [now.astimezone(zone(tz)).hour]


def attack_start(day: date, hour: int, *, tz: str, now: datetime) -> datetime | None:
    """The instant "about ``hour`` o'clock on ``day``" means, capped at ``now``.

    Returns ``None`` for an hour that is not a clock hour.
    """
    require_aware(now)
    if not 0 <= hour <= 23:
        return None
    return min(to_utc(day, time(hour), tz), now)


def answerable(day: date, *, tz: str, now: datetime) -> bool:
    """Whether a check-in for ``day`` may still be answered (not in the future, not too old)."""
    today = local_date_of(now, tz)
    return today - timedelta(days=ANSWERABLE_FOR.days) <= day <= today


def checkin_day(fired_on: date, local_time: time) -> date:
    """The day an evening check-in at ``local_time``, firing on ``fired_on``, asks about.

    A check-in set between midnight and :data:`NEW_DAY_STARTS` belongs to the evening before.
    """
    return fired_on - timedelta(days=1) if local_time < NEW_DAY_STARTS else fired_on


@dataclass(frozen=True)
class CheckinChanges:
    """A typed partial update of a check-in: the fields that are not ``None`` change."""

    headache: bool | None = None
    sleep_hours: float | None = None
    sleep_quality: SleepQuality | None = None
    preventive_taken: bool | None = None
    exercise: bool | None = None
    caffeine: bool | None = None
    alcohol: bool | None = None
    stress: bool | None = None


NO_CHANGES = CheckinChanges()


# -- what a check-in button asks for (the codec is bot.views.callbacks) ------------------------


@dataclass(frozen=True)
class GoToQuestion:
    """Show ``step`` of the check-in again (from its summary)."""

    checkin_id: int
    step: Step
    morning: bool = False


@dataclass(frozen=True)
class AnswerQuestion:
    """Store ``changes`` as the answer to ``step``, then show what comes next.

    A factor tick stays on the factors question; "Done" there (no changes) moves on, as does
    "Yes, log it now" (``headache`` :attr:`HeadacheAnswer.LOG_NOW`, nothing stored yet).
    """

    checkin_id: int
    step: Step
    changes: CheckinChanges
    morning: bool = False
    headache: HeadacheAnswer | None = None


@dataclass(frozen=True)
class LogAttackAt:
    """After "Yes, log it now", the hour: record the day's attack from about ``hour``."""

    checkin_id: int
    hour: int


CheckinCommand = GoToQuestion | AnswerQuestion | LogAttackAt


def question_after(
    command: AnswerQuestion,
    record: CheckinRecord,
    *,
    has_preventives: bool,
    preventive_known: bool = False,
) -> Step:
    """The question shown after ``command`` was stored on ``record`` (as it was before).

    ``preventive_known``: the day's preventive dose is already recorded as taken.
    """
    if command.step is Step.FACTORS and command.changes != NO_CHANGES:
        return Step.FACTORS  # a tick: the same question, the tick shown
    return step_after(
        command.step,
        headache=command.headache,
        morning=command.morning,
        has_preventives=has_preventives,
        preventive_known=preventive_known,
        sleep_known=record.sleep_known and command.step is not Step.SLEEP_HOURS,
    )
