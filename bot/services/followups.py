"""Use cases of the "How is it now?" follow-up: claim the due ones, and record the answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.attacks import AttackDetails
from bot.domain.followups import (
    FOLLOWUP_REPEAT,
    FollowupAnswer,
    effect_at_two_hours,
    should_ask_again,
)
from bot.domain.medications import Effect, IntakeRecord
from bot.services.attacks import details_of, end_attack, schedule_followup
from bot.services.context import ServiceContext
from bot.storage import attacks, medications, reminders, users


@dataclass(frozen=True)
class FollowupResult:
    """What answering a follow-up recorded."""

    details: AttackDetails
    answer: FollowupAnswer
    already_ended: bool = False
    dose: IntakeRecord | None = None
    effect: Effect | None = None
    next_at: datetime | None = None


def answer_followup(
    ctx: ServiceContext, *, user_id: int, attack_id: int, answer: FollowupAnswer
) -> FollowupResult | None:
    """Record "Better / Same / Worse / It's over" for the user's attack.

    The answer gives the latest dose its effect at 2 h (when answered near 2 h after it);
    "It's over" ends the attack now; otherwise the bot asks again later, a bounded number of
    times and never in quiet hours. ``None`` if the attack is not the user's.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        profile = users.get_user(session=session, user_id=user_id)
        if not attack.is_open:
            return FollowupResult(details_of(ctx, session, profile, attack), answer, True)
        state = reminders.followup_state(session=session, user_id=user_id, attack_id=attack_id)
        asked, linked_dose = (state[0], state[1]) if state else (1, None)
        doses = medications.intakes_for_attack(
            session=session, user_id=user_id, attack_id=attack_id
        )
        dose = next((d for d in doses if d.id == linked_dose), doses[-1] if doses else None)
        effect = None
        if dose is not None and dose.effect_2h is None:
            effect = effect_at_two_hours(
                answer=answer, dose_taken_at=dose.taken_at, answered_at=now
            )
            if effect is not None:
                medications.set_intake_effect(
                    session=session, user_id=user_id, intake_id=dose.id, effect=effect
                )
        next_at = None
        if should_ask_again(answer=answer, asked_count=asked):
            schedule_followup(
                ctx, session, profile, attack_id=attack_id, after=now, delay=FOLLOWUP_REPEAT
            )
            state = reminders.followup_state(session=session, user_id=user_id, attack_id=attack_id)
            next_at = state[2] if state else None
        elif answer is not FollowupAnswer.OVER:
            reminders.cancel_followup(session=session, user_id=user_id, attack_id=attack_id)
        details = details_of(ctx, session, profile, attack)
    if answer is FollowupAnswer.OVER:
        # "It's over" answers a question asked hours after the start and means "now": it is not
        # a typed time that could be read on the wrong day, so it needs no length check.
        ended = end_attack(ctx, user_id=user_id, attack_id=attack_id, ended_at=now, confirmed=True)
        details = ended.details or details
    return FollowupResult(details, answer, False, dose, effect, next_at)
