"""What the reminder dispatcher does with a due reminder: send it, skip it, or hold it back.

Two kinds of reminder rows exist (docs/architecture.md, decision 2):

* **repeating** ones at a local wall-clock time the user chose (the evening check-in, the
  morning sleep question, a preventive's dose time). They fire at that time even inside quiet
  hours: the user picked the time, which is the more specific wish (a 23:00 bedtime pill must
  not wait until 07:30). After firing they move to the next local occurrence, DST-safely.
* **one-shot** ones at a time the bot chose (an attack follow-up). Quiet hours apply to them:
  one falling due inside quiet hours waits until the quiet hours end. A snoozed dose is a
  one-shot too, but the user chose it ("ask me in 30 minutes"), so, like a chosen time, it is
  sent when asked for, quiet hours or not (``quiet_exempt``), and the snooze message's "I'll ask
  again at 22:50" is true.

Catching up after downtime never sends into quiet hours: inside them a repeating reminder is
sent only on time (at most :data:`ON_TIME_SLACK` after its time); a 21:00 check-in found at
22:43, or a 02:15 dose reminder found at 03:58, is skipped.

Either kind, found more than :data:`~bot.domain.schedule.MISSED_REMINDER_GRACE` late (the bot
was down), is skipped rather than sent; nothing is ever sent twice because the row is advanced
in the same transaction that claims it (and queues the message durably, see
:mod:`bot.storage.dispatch`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.domain.profiles import ReminderKind
from bot.domain.schedule import (
    MISSED_REMINDER_GRACE,
    LatePolicy,
    end_of_quiet_hours,
    in_quiet_hours,
    late_policy,
    next_fire_time,
)
from bot.domain.wallclock import local_date_of, require_aware


class Outcome(StrEnum):
    """The dispatcher's decision about one due reminder."""

    SEND = "send"
    SKIP_LATE = "skip_late"
    WAIT_QUIET = "wait_quiet"
    SKIP_OFF = "skip_off"
    SKIP_QUIET = "skip_quiet"


@dataclass(frozen=True)
class DueRule:
    """A due reminder as the dispatcher sees it: its rule, when it was due, and its user's day."""

    local_time: time | None
    weekdays: str
    due_at: datetime
    tz: str
    quiet_start: time
    quiet_end: time
    # A one-shot the user asked for (a snoozed dose): quiet hours do not hold it back.
    quiet_exempt: bool = False

    @property
    def repeating(self) -> bool:
        """Whether the reminder repeats at a local time (otherwise it is a one-shot)."""
        return self.local_time is not None


@dataclass(frozen=True)
class Firing:
    """The decision, the row's next fire time (``None``: a one-shot is used up) and its day."""

    outcome: Outcome
    next_fire_at: datetime | None
    local_date: date


@dataclass(frozen=True)
class ClaimedReminder:
    """A due reminder claimed by one dispatcher: what was decided, and whom it is for."""

    reminder_id: int
    kind: ReminderKind
    outcome: Outcome
    user_id: int
    chat_id: int
    language: str
    tz: str
    due_at: datetime
    local_date: date
    fire_count: int
    medication_id: int | None = None
    attack_id: int | None = None
    intake_id: int | None = None
    # For a dose reminder: the scheduled dose time its buttons record (a snooze keeps it).
    occurrence: datetime | None = None
    # Its row in the dispatcher's durable queue (claims to send only).
    queue_id: int | None = None


@dataclass(frozen=True)
class QueuedMessage:
    """A claimed reminder in the dispatcher's durable queue, waiting for the sender."""

    queue_id: int
    reminder_id: int
    kind: ReminderKind
    user_id: int
    chat_id: int


@dataclass(frozen=True)
class ReminderEntry:
    """A user's reminder row as /reminders and the settings show it."""

    id: int
    kind: ReminderKind
    enabled: bool
    local_time: time | None
    weekdays: str
    next_fire_at: datetime | None
    medication_id: int | None = None
    attack_id: int | None = None


# Inside quiet hours a repeating reminder is sent only this close to its own time: later than
# that it is a catch-up after downtime, and a catch-up never wakes anyone (issue 16). Ten minutes
# covers the dispatcher's 10 s tick and its 60 s misfire grace with room to spare.
ON_TIME_SLACK = timedelta(minutes=10)


def plan_firing(
    rule: DueRule, *, now: datetime, grace: timedelta = MISSED_REMINDER_GRACE
) -> Firing:
    """Decide what to do with ``rule``, due at ``rule.due_at``, at ``now``.

    Args:
        rule: The due reminder.
        now: The current instant (aware).
        grace: How late a reminder may still be sent.

    Returns:
        The outcome, the next fire time to store, and the local date the firing is for (the date
        of the due time, so a late check-in still asks about its own day).
    """
    require_aware(now)
    day = local_date_of(rule.due_at, rule.tz)
    late = late_policy(due_at=rule.due_at, now=now, grace=grace) is LatePolicy.SKIP
    quiet = in_quiet_hours(now, tz=rule.tz, quiet_start=rule.quiet_start, quiet_end=rule.quiet_end)
    if rule.local_time is not None:
        following = next_fire_time(
            local_time=rule.local_time, weekdays=rule.weekdays, tz=rule.tz, after=now
        )
        if late:
            return Firing(Outcome.SKIP_LATE, following, day)
        if quiet and now - rule.due_at > ON_TIME_SLACK:
            return Firing(Outcome.SKIP_QUIET, following, day)
        return Firing(Outcome.SEND, following, day)
    if late:
        return Firing(Outcome.SKIP_LATE, None, day)
    if quiet and not rule.quiet_exempt:
        resume = end_of_quiet_hours(
            now, tz=rule.tz, quiet_start=rule.quiet_start, quiet_end=rule.quiet_end
        )
        return Firing(Outcome.WAIT_QUIET, resume, day)
    return Firing(Outcome.SEND, None, day)


# "Snooze" on a dose reminder asks again this much later (docs/architecture.md, "Product rules").
SNOOZE = timedelta(minutes=30)
_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)
_MINUTE = timedelta(minutes=1)
# Buttons may name an occurrence at most this far from now (anything else is forged).
_OCCURRENCE_RANGE = timedelta(days=400)


def occurrence_code(instant: datetime) -> str:
    """A short code for the minute a reminder was due, carried by its buttons."""
    require_aware(instant)
    return str((instant - _EPOCH) // _MINUTE)


def occurrence_from_code(code: str, *, now: datetime) -> datetime | None:
    """The instant :func:`occurrence_code` encoded; ``None`` for anything else."""
    if not (code.isascii() and code.isdigit()) or len(code) > 9:
        return None
    instant = _EPOCH + int(code) * _MINUTE
    return instant if abs(instant - now) <= _OCCURRENCE_RANGE else None


def clock_in_quiet_hours(value: time, *, quiet_start: time, quiet_end: time) -> bool:
    """Whether the wall-clock time ``value`` lies inside the quiet hours [start, end)."""
    if quiet_start == quiet_end:
        return False
    if quiet_start < quiet_end:
        return quiet_start <= value < quiet_end
    return value >= quiet_start or value < quiet_end
