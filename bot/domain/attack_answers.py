"""Answers to an attack's questions as typed values, and what each changes on the attack.

A button press on an attack's screens decodes (``bot.views.callbacks``) into one of the answer
types here; :func:`changes_for` says what it changes, as an :class:`AttackChanges` (a typed
partial update: a misspelt field is a type error, not a silently ignored column name), and
:func:`screen_after` which screen follows. Clinical meaning lives here too: "Done" on the
symptom checklist answers it (:func:`symptoms_done`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from enum import Enum, StrEnum
from typing import Any, Final

from bot.domain.attack_flow import Step, next_step
from bot.domain.attacks import (
    AttackRecord,
    EndedHow,
    Quality,
    Side,
    Symptom,
    with_member,
)
from bot.domain.medications import IntakeRecord


class Unset(Enum):
    """The value of an :class:`AttackChanges` field that is not changed."""

    UNSET = "unset"


UNSET: Final = Unset.UNSET


@dataclass(frozen=True)
class AttackChanges:
    """A partial update of an attack: only the fields not :data:`UNSET` change."""

    started_at: datetime | Unset = UNSET
    ended_at: datetime | Unset | None = UNSET
    peak_intensity: int | Unset | None = UNSET
    side: Side | Unset | None = UNSET
    locations: tuple[str, ...] | Unset = UNSET
    quality: Quality | Unset | None = UNSET
    worse_with_activity: bool | Unset | None = UNSET
    aura: bool | Unset | None = UNSET
    aura_types: tuple[str, ...] | Unset = UNSET
    aura_headache_within_60min: bool | Unset | None = UNSET
    nausea: bool | Unset | None = UNSET
    vomiting: bool | Unset | None = UNSET
    light_sensitivity: bool | Unset | None = UNSET
    sound_sensitivity: bool | Unset | None = UNSET
    other_symptoms: tuple[str, ...] | Unset = UNSET
    triggers: tuple[str, ...] | Unset = UNSET
    ended_how: EndedHow | Unset | None = UNSET
    red_flags: tuple[str, ...] | Unset = UNSET

    def items(self) -> dict[str, Any]:
        """The changed fields and their new values."""
        return {
            field.name: getattr(self, field.name)
            for field in fields(self)
            if getattr(self, field.name) is not UNSET
        }

    def __bool__(self) -> bool:
        return bool(self.items())

    def applied_to(self, attack: AttackRecord) -> AttackRecord:
        """The attack with these changes made."""
        return replace(attack, **self.items())


class ListField(StrEnum):
    """The multi-select answers a tick toggles an item in."""

    LOCATIONS = "locations"
    AURA_TYPES = "aura_types"
    TRIGGERS = "triggers"
    RED_FLAGS = "red_flags"


@dataclass(frozen=True)
class Move:
    """Skip, Done or Open: nothing changes; ``advance`` goes on to the next screen."""

    step: Step
    advance: bool


@dataclass(frozen=True)
class SetAnswer:
    """A final answer (intensity, quality, worse with activity): set it, then go on."""

    step: Step
    changes: AttackChanges


@dataclass(frozen=True)
class SetSide:
    """Choose a side (``chosen``), or clear it if it was the chosen one.

    Buttons carry the state they set, never "flip": pressing one twice gives the same answer.
    """

    side: Side
    chosen: bool


@dataclass(frozen=True)
class SetItem:
    """Tick (``present``) or untick ``key`` in the multi-select answer ``field``."""

    step: Step
    field: ListField
    key: str
    present: bool


@dataclass(frozen=True)
class SetSymptom:
    """Tick (``present``) or untick a symptom on the checklist (built-in or the user's own)."""

    key: str
    present: bool


@dataclass(frozen=True)
class SetAuraFollowed:
    """Whether the headache followed the aura within 60 minutes."""

    followed: bool


@dataclass(frozen=True)
class SymptomsDone:
    """The "Done" button on the symptom checklist."""


AttackAnswer = Move | SetAnswer | SetSide | SetItem | SetSymptom | SetAuraFollowed | SymptomsDone


def symptoms_done(attack: AttackRecord) -> AttackChanges:
    """The "Done" button answers the checklist: a symptom left unticked is absent, not unknown.

    The ICHD-3 criteria need the absence as much as the presence (ICHD-3 2.1 tension-type
    headache: "no nausea or vomiting"), and a finished checklist is the user saying so.
    """
    return AttackChanges(
        aura=_absent(attack.aura),
        nausea=_absent(attack.nausea),
        vomiting=_absent(attack.vomiting),
        light_sensitivity=_absent(attack.light_sensitivity),
        sound_sensitivity=_absent(attack.sound_sensitivity),
    )


def _absent(answer: bool | None) -> bool | Unset:
    return False if answer is None else UNSET


def symptom_set(attack: AttackRecord, key: str, *, present: bool) -> AttackChanges:
    """Tick or untick one symptom (no change if it is so already).

    Unticking aura also clears its details.
    """
    now_ticked = present
    if (key in attack.symptoms) is present:
        return AttackChanges()
    if key == Symptom.AURA:
        if now_ticked:
            return AttackChanges(aura=True)
        return AttackChanges(aura=False, aura_types=(), aura_headache_within_60min=None)
    if key == Symptom.NAUSEA:
        return AttackChanges(nausea=now_ticked)
    if key == Symptom.VOMITING:
        return AttackChanges(vomiting=now_ticked)
    if key == Symptom.LIGHT:
        return AttackChanges(light_sensitivity=now_ticked)
    if key == Symptom.SOUND:
        return AttackChanges(sound_sensitivity=now_ticked)
    return AttackChanges(other_symptoms=with_member(attack.other_symptoms, key, present=present))


def item_set(attack: AttackRecord, field: ListField, key: str, *, present: bool) -> AttackChanges:
    """Tick (``present``) or untick ``key`` in a multi-select answer."""
    if field is ListField.LOCATIONS:
        return AttackChanges(locations=with_member(attack.locations, key, present=present))
    if field is ListField.AURA_TYPES:
        return AttackChanges(aura_types=with_member(attack.aura_types, key, present=present))
    if field is ListField.TRIGGERS:
        return AttackChanges(triggers=with_member(attack.triggers, key, present=present))
    return AttackChanges(red_flags=with_member(attack.red_flags, key, present=present))


def changes_for(answer: AttackAnswer, attack: AttackRecord) -> AttackChanges:
    """What ``answer`` changes on ``attack`` (nothing for a move)."""
    if isinstance(answer, SetAnswer):
        return answer.changes
    if isinstance(answer, SetSide):
        if answer.chosen:
            return AttackChanges(side=answer.side)
        return AttackChanges(side=None) if attack.side is answer.side else AttackChanges()
    if isinstance(answer, SetItem):
        return item_set(attack, answer.field, answer.key, present=answer.present)
    if isinstance(answer, SetSymptom):
        return symptom_set(attack, answer.key, present=answer.present)
    if isinstance(answer, SetAuraFollowed):
        return AttackChanges(aura_headache_within_60min=answer.followed)
    if isinstance(answer, SymptomsDone):
        return symptoms_done(attack)
    return AttackChanges()


def answer_step(answer: AttackAnswer) -> Step:
    """The screen the answer was given on."""
    if isinstance(answer, Move | SetAnswer | SetItem):
        return answer.step
    if isinstance(answer, SetSide):
        return Step.WHERE
    if isinstance(answer, SetAuraFollowed):
        return Step.AURA
    return Step.SYMPTOMS


def advances(answer: AttackAnswer) -> bool:
    """Whether the answer moves on from its screen (else the screen is shown again)."""
    if isinstance(answer, Move):
        return answer.advance
    return isinstance(answer, SetAnswer | SymptomsDone)


def screen_after(
    answer: AttackAnswer,
    attack: AttackRecord,
    *,
    logging: bool,
    intakes: Sequence[IntakeRecord] = (),
) -> Step:
    """The screen to show after ``answer`` on the (updated) ``attack``.

    While logging, an answer that moves on shows the next question that applies; when editing
    from the card, it shows the card. Ticks and Open show their own screen again. ``intakes``
    (the attack's doses) decide whether the 2 h effect is asked of an attack that has ended.
    """
    step = answer_step(answer)
    if not advances(answer):
        return step
    return next_step(step, attack, intakes) if logging else Step.CARD
