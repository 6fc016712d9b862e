"""What each answer on an attack's screens changes, and which screen follows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.attack_answers import (
    UNSET,
    AttackAnswer,
    AttackChanges,
    ListField,
    Move,
    SetAnswer,
    SetAuraFollowed,
    SetItem,
    SetSide,
    SetSymptom,
    SymptomsDone,
    changes_for,
    screen_after,
    symptoms_done,
)
from bot.domain.attack_flow import Step
from bot.domain.attacks import AttackRecord, Side, Symptom
from bot.domain.medications import DrugClass, IntakeRecord

START = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
OPEN = AttackRecord(id=1, user_id=1, started_at=START, ended_at=None)


def attack(**fields: object) -> AttackRecord:
    return AttackChanges(**fields).applied_to(OPEN)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("answer", "before", "expected"),
    [
        (Move(Step.WHERE, advance=True), OPEN, AttackChanges()),
        (
            SetAnswer(Step.INTENSITY, AttackChanges(peak_intensity=7)),
            OPEN,
            AttackChanges(peak_intensity=7),
        ),
        (SetSide(Side.LEFT, chosen=True), OPEN, AttackChanges(side=Side.LEFT)),
        (SetSide(Side.LEFT, chosen=False), OPEN, AttackChanges()),
        (SetSide(Side.LEFT, chosen=False), attack(side=Side.LEFT), AttackChanges(side=None)),
        (
            SetItem(Step.WHERE, ListField.LOCATIONS, "temple", True),
            OPEN,
            AttackChanges(locations=("temple",)),
        ),
        (
            SetItem(Step.AURA, ListField.AURA_TYPES, "visual", True),
            OPEN,
            AttackChanges(aura_types=("visual",)),
        ),
        (
            SetItem(Step.TRIGGERS, ListField.TRIGGERS, "stress", False),
            attack(triggers=("stress",)),
            AttackChanges(triggers=()),
        ),
        (
            SetItem(Step.RED_FLAGS, ListField.RED_FLAGS, "worst", True),
            OPEN,
            AttackChanges(red_flags=("worst",)),
        ),
        (SetSymptom(Symptom.NAUSEA, True), OPEN, AttackChanges(nausea=True)),
        (
            SetSymptom(Symptom.VOMITING, False),
            attack(vomiting=True),
            AttackChanges(vomiting=False),
        ),
        # Setting what is set already changes nothing (a repeated press).
        (SetSymptom(Symptom.NAUSEA, True), attack(nausea=True), AttackChanges()),
        (SetSymptom(Symptom.LIGHT, True), OPEN, AttackChanges(light_sensitivity=True)),
        (SetSymptom(Symptom.SOUND, True), OPEN, AttackChanges(sound_sensitivity=True)),
        (SetSymptom(Symptom.AURA, True), OPEN, AttackChanges(aura=True)),
        # Unticking aura drops its details, which only make sense with an aura.
        (
            SetSymptom(Symptom.AURA, False),
            attack(aura=True, aura_types=("visual",), aura_headache_within_60min=True),
            AttackChanges(aura=False, aura_types=(), aura_headache_within_60min=None),
        ),
        (SetSymptom(Symptom.TWITCHING, True), OPEN, AttackChanges(other_symptoms=("twitching",))),
        (SetAuraFollowed(followed=False), OPEN, AttackChanges(aura_headache_within_60min=False)),
        (SymptomsDone(), attack(nausea=True), symptoms_done(attack(nausea=True))),
    ],
)
def test_what_an_answer_changes(
    answer: AttackAnswer, before: AttackRecord, expected: AttackChanges
) -> None:
    assert changes_for(answer, before) == expected


def test_done_on_the_checklist_makes_the_unticked_symptoms_absent() -> None:
    # ICHD-3 2.1 (tension-type) needs "no nausea or vomiting": a finished checklist says so.
    changes = symptoms_done(attack(nausea=True, light_sensitivity=False))
    assert changes.items() == {
        "aura": False,
        "vomiting": False,
        "sound_sensitivity": False,
    }
    assert changes.nausea is UNSET


def test_no_changes_are_falsy_and_change_nothing() -> None:
    assert not AttackChanges()
    assert AttackChanges().applied_to(OPEN) == OPEN
    assert AttackChanges(peak_intensity=None)


ENDED = attack(ended_at=START.replace(hour=18))
DOSE = IntakeRecord(
    id=5,
    user_id=1,
    medication_id=2,
    medication_name="Sumatriptan",
    drug_class=DrugClass.TRIPTAN,
    dose="50 mg",
    taken_at=START,
    attack_id=1,
)


@pytest.mark.parametrize(
    ("answer", "record", "logging", "intakes", "expected"),
    [
        (SetItem(Step.WHERE, ListField.LOCATIONS, "eye", True), OPEN, True, (), Step.WHERE),
        (SetSide(Side.BOTH, chosen=True), OPEN, True, (), Step.WHERE),
        (SetAuraFollowed(followed=True), OPEN, True, (), Step.AURA),
        (SetSymptom("nausea", True), OPEN, True, (), Step.SYMPTOMS),
        (Move(Step.QUALITY, advance=False), OPEN, True, (), Step.QUALITY),
        # Medication right after intensity: what matters most mid-attack (issue 16).
        (Move(Step.INTENSITY, advance=True), OPEN, True, (), Step.MEDICATION),
        (SetAnswer(Step.ACTIVITY, AttackChanges()), OPEN, True, (), Step.SYMPTOMS),
        (SymptomsDone(), OPEN, True, (), Step.TRIGGERS),
        (SymptomsDone(), OPEN, False, (), Step.CARD),
        # An ended attack with a dose of unknown effect asks the 2 h effect after medication.
        (Move(Step.MEDICATION, advance=True), ENDED, True, (DOSE,), Step.EFFECT),
        (Move(Step.MEDICATION, advance=True), ENDED, True, (), Step.WHERE),
    ],
)
def test_the_screen_after_an_answer(
    answer: AttackAnswer,
    record: AttackRecord,
    logging: bool,
    intakes: tuple[IntakeRecord, ...],
    expected: Step,
) -> None:
    assert screen_after(answer, record, logging=logging, intakes=intakes) == expected
