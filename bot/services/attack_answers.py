"""The use case behind every answer button on an attack's screens: one transaction each.

:func:`answer_question` reads the attack once, applies the answer's typed changes (worked out by
the domain, :mod:`bot.domain.attack_answers`), and loads only what the next screen shows: a
tick on "Where does it hurt?" costs a read, an update and the update's once-only record, and
nothing is read back after it was written. It commits before the handler calls the Bot API.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain.attack_answers import (
    AttackAnswer,
    ListField,
    SetItem,
    SetSymptom,
    changes_for,
    screen_after,
)
from bot.domain.attack_flow import Step
from bot.domain.attacks import AttackDetails, AttackRecord, Symptom, overlaps
from bot.domain.medications import IntakeRecord
from bot.domain.profiles import UserProfile
from bot.services.context import ServiceContext
from bot.storage import attacks, medications, symptoms
from bot.storage.database import DbSession

CUSTOM_SYMPTOM = "symptom"
CUSTOM_TRIGGER = "trigger"
# Screens that show the attack's doses (the 2 h effect question needs them too).
_SHOW_DOSES = frozenset({Step.MEDICATION, Step.EFFECT, Step.CARD})


@dataclass(frozen=True)
class Answered:
    """The answer is saved: show ``step`` (or the card) for ``details``.

    ``urgent`` is true when a warning sign was ticked (the urgent-care message follows).
    """

    details: AttackDetails
    step: Step
    urgent: bool = False


def answer_question(
    ctx: ServiceContext,
    *,
    profile: UserProfile,
    attack_id: int,
    answer: AttackAnswer,
    logging: bool,
) -> Answered | None:
    """Apply ``answer`` to the user's attack; ``None`` if it is not theirs (or was deleted)."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=profile.id, attack_id=attack_id)
        if attack is None:
            return None
        changes = changes_for(answer, attack)
        if changes:
            updated = attacks.update_attack(
                session=session, user_id=profile.id, attack_id=attack_id, now=now, changes=changes
            )
            assert updated is not None
            attack = updated
        if isinstance(answer, SetSymptom) and answer.key == Symptom.TWITCHING and changes:
            _toggle_twitching(session, attack, ticked=answer.present, now=now)
        intakes: list[IntakeRecord] = []
        if not attack.is_open:  # whether the 2 h effect is asked depends on the doses
            intakes = medications.intakes_for_attack(
                session=session, user_id=profile.id, attack_id=attack_id
            )
        step = screen_after(answer, attack, logging=logging, intakes=intakes)
        details = details_for_screen(ctx, session, profile, attack, step, intakes=intakes)
    # A tick always brings the urgent-care message, even a repeated one (the first press's
    # message may be the one Telegram lost).
    urgent = isinstance(answer, SetItem) and answer.field is ListField.RED_FLAGS and answer.present
    return Answered(details, step, urgent)


def _toggle_twitching(
    session: DbSession, attack: AttackRecord, *, ticked: bool, now: datetime
) -> None:
    """Twitching has its own record (region, side, phase): create it on tick, drop it on untick."""
    if ticked:
        symptoms.add_body_symptom(
            session=session,
            user_id=attack.user_id,
            attack_id=attack.id,
            symptom=Symptom.TWITCHING.value,
            occurred_at=attack.started_at,
            now=now,
        )
    else:
        symptoms.delete_body_symptoms(
            session=session,
            user_id=attack.user_id,
            attack_id=attack.id,
            symptom=Symptom.TWITCHING.value,
        )


def details_for_screen(
    ctx: ServiceContext,
    session: DbSession,
    profile: UserProfile,
    attack: AttackRecord,
    step: Step,
    *,
    intakes: Sequence[IntakeRecord] = (),
) -> AttackDetails:
    """What the screen for ``step`` shows of the attack, and no more (inside a transaction)."""
    user_id = profile.id
    if step in _SHOW_DOSES and not intakes:
        intakes = medications.intakes_for_attack(
            session=session, user_id=user_id, attack_id=attack.id
        )
    details = AttackDetails(
        attack=attack,
        timezone=profile.timezone or ctx.default_timezone,
        intakes=list(intakes),
    )
    if step in (Step.TWITCHING, Step.CARD):
        details.body_symptoms.extend(
            symptoms.body_symptoms_for_attack(
                session=session, user_id=user_id, attack_id=attack.id
            )
        )
    if step is Step.MEDICATION:
        details.medications.extend(
            medications.list_medications(session=session, user_id=user_id, preventive=False)
        )
    if step is Step.SYMPTOMS:
        details.custom_symptoms.extend(
            symptoms.custom_labels(session=session, user_id=user_id, kind=CUSTOM_SYMPTOM)
        )
    if step is Step.TRIGGERS:
        details.custom_triggers.extend(
            symptoms.custom_labels(session=session, user_id=user_id, kind=CUSTOM_TRIGGER)
        )
    if step is Step.CARD:
        now = ctx.clock.now()
        around = attacks.attacks_overlapping(
            session=session, user_id=user_id, start=attack.started_at, end=attack.ended_at or now
        )
        details.overlapping.extend(overlaps(attack, around, now=now))
    return details
