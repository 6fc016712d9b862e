"""The "How is it now?" follow-up: when to ask, and what an answer says about a dose.

About two hours after an attack starts (or after a dose) the bot asks how it is going; the
answer records the end time and the dose's effect at 2 h. It asks again while the attack goes
on, a bounded number of times, and never during the user's quiet hours (their night).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum

from bot.domain.medications import Effect
from bot.domain.schedule import end_of_quiet_hours
from bot.domain.wallclock import require_aware

FOLLOWUP_DELAY = timedelta(hours=2)  # effect at 2 h: the standard acute-treatment endpoint
FOLLOWUP_REPEAT = timedelta(hours=2)
MAX_FOLLOWUPS = 3
# An answer counts as the dose's "effect at 2 h" when given this long after the dose.
EFFECT_WINDOW = (timedelta(minutes=90), timedelta(hours=4))


class FollowupAnswer(StrEnum):
    """The answers to "How is it now?"."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    OVER = "over"


def followup_due(
    *, after: datetime, tz: str, quiet_start: time, quiet_end: time, delay: timedelta
) -> datetime:
    """When to ask: ``delay`` after ``after``, moved out of quiet hours if it falls in them."""
    require_aware(after)
    due = after + delay
    return end_of_quiet_hours(due, tz=tz, quiet_start=quiet_start, quiet_end=quiet_end)


def should_ask_again(*, answer: FollowupAnswer, asked_count: int) -> bool:
    """Whether to ask once more later, after ``asked_count`` follow-ups for this attack."""
    return answer is not FollowupAnswer.OVER and asked_count < MAX_FOLLOWUPS


def effect_at_two_hours(
    *, answer: FollowupAnswer, dose_taken_at: datetime, answered_at: datetime
) -> Effect | None:
    """The dose's effect at 2 h that ``answer`` implies, or ``None`` if not answered near 2 h."""
    require_aware(dose_taken_at)
    require_aware(answered_at)
    elapsed = answered_at - dose_taken_at
    if not EFFECT_WINDOW[0] <= elapsed <= EFFECT_WINDOW[1]:
        return None
    if answer is FollowupAnswer.OVER:
        return Effect.PAIN_FREE
    if answer is FollowupAnswer.BETTER:
        return Effect.PARTIAL
    return Effect.NONE
