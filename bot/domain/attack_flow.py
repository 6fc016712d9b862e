"""The order of the optional questions after an attack is logged.

Every question can be skipped; the aura and twitching details are only asked when those
symptoms were ticked, and whether the medication worked within 2 h only for an attack that has
ended (a past one) with a dose whose effect is not yet known: a live attack's follow-up asks
it. After the last question the attack's card (its recap) is shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from bot.domain.attacks import AttackRecord, Symptom
from bot.domain.medications import IntakeRecord, first_acute_dose


class Step(StrEnum):
    """A screen of the attack log; the value is carried in the buttons' data."""

    INTENSITY = "int"
    WHERE = "loc"
    QUALITY = "q"
    ACTIVITY = "act"
    SYMPTOMS = "sym"
    AURA = "aura"
    TWITCHING = "tw"
    MEDICATION = "med"
    EFFECT = "eff"
    TRIGGERS = "trg"
    RED_FLAGS = "red"
    TIMES = "time"
    CARD = "card"


# Ordered by what matters most mid-attack (issue 16): how bad it is, then what was taken for
# it (a triptan works best taken early, so recording it must not wait behind six detail
# screens), then the details that can wait.
QUESTIONS: tuple[Step, ...] = (
    Step.INTENSITY,
    Step.MEDICATION,
    Step.EFFECT,
    Step.WHERE,
    Step.QUALITY,
    Step.ACTIVITY,
    Step.SYMPTOMS,
    Step.AURA,
    Step.TWITCHING,
    Step.TRIGGERS,
)


def applies(step: Step, attack: AttackRecord, intakes: Sequence[IntakeRecord] = ()) -> bool:
    """Whether ``step`` is asked about this attack (``intakes``: the doses taken for it)."""
    if step is Step.AURA:
        return bool(attack.aura)
    if step is Step.TWITCHING:
        return Symptom.TWITCHING.value in attack.other_symptoms
    if step is Step.EFFECT:
        dose = first_acute_dose(intakes)
        return not attack.is_open and dose is not None and dose.effect_2h is None
    return True


def next_step(current: Step, attack: AttackRecord, intakes: Sequence[IntakeRecord] = ()) -> Step:
    """The screen after ``current`` when logging; :attr:`Step.CARD` after the last question."""
    if current not in QUESTIONS:
        return Step.CARD
    for step in QUESTIONS[QUESTIONS.index(current) + 1 :]:
        if applies(step, attack, intakes):
            return step
    return Step.CARD
