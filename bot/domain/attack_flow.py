"""The order of the optional questions after an attack is logged.

Every question can be skipped; the aura and twitching details are only asked when those
symptoms were ticked. After the last question the attack's card (its recap) is shown.
"""

from __future__ import annotations

from enum import StrEnum

from bot.domain.attacks import AttackRecord, Symptom


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
    TRIGGERS = "trg"
    RED_FLAGS = "red"
    TIMES = "time"
    CARD = "card"


QUESTIONS: tuple[Step, ...] = (
    Step.INTENSITY,
    Step.WHERE,
    Step.QUALITY,
    Step.ACTIVITY,
    Step.SYMPTOMS,
    Step.AURA,
    Step.TWITCHING,
    Step.MEDICATION,
    Step.TRIGGERS,
)


def applies(step: Step, attack: AttackRecord) -> bool:
    """Whether ``step`` is asked about this attack."""
    if step is Step.AURA:
        return bool(attack.aura)
    if step is Step.TWITCHING:
        return Symptom.TWITCHING.value in attack.other_symptoms
    return True


def next_step(current: Step, attack: AttackRecord) -> Step:
    """The screen after ``current`` when logging; :attr:`Step.CARD` after the last question."""
    if current not in QUESTIONS:
        return Step.CARD
    for step in QUESTIONS[QUESTIONS.index(current) + 1 :]:
        if applies(step, attack):
            return step
    return Step.CARD
