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
    SymptomsDone,
    ToggleItem,
    ToggleSide,
    ToggleSymptom,
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
        (ToggleSide(Side.LEFT), OPEN, AttackChanges(side=Side.LEFT)),
        (ToggleSide(Side.LEFT), attack(side=Side.LEFT), AttackChanges(side=None)),
        (
            ToggleItem(Step.WHERE, ListField.LOCATIONS, "temple"),
            OPEN,
            AttackChanges(locations=("temple",)),
        ),
        (
            ToggleItem(Step.AURA, ListField.AURA_TYPES, "visual"),
            OPEN,
            AttackChanges(aura_types=("visual",)),
        ),
        (
            ToggleItem(Step.TRIGGERS, ListField.TRIGGERS, "stress"),
            attack(triggers=("stress",)),
            AttackChanges(triggers=()),
        ),
        (
            ToggleItem(Step.RED_FLAGS, ListField.RED_FLAGS, "worst"),
            OPEN,
            AttackChanges(red_flags=("worst",)),
        ),
        (ToggleSymptom(Symptom.NAUSEA), OPEN, AttackChanges(nausea=True)),
        (ToggleSymptom(Symptom.VOMITING), attack(vomiting=True), AttackChanges(vomiting=False)),
        (ToggleSymptom(Symptom.LIGHT), OPEN, AttackChanges(light_sensitivity=True)),
        (ToggleSymptom(Symptom.SOUND), OPEN, AttackChanges(sound_sensitivity=True)),
        (ToggleSymptom(Symptom.AURA), OPEN, AttackChanges(aura=True)),
        # Unticking aura drops its details, which only make sense with an aura.
        (
            ToggleSymptom(Symptom.AURA),
            attack(aura=True, aura_types=("visual",), aura_headache_within_60min=True),
            AttackChanges(aura=False, aura_types=(), aura_headache_within_60min=None),
        ),
        (ToggleSymptom(Symptom.TWITCHING), OPEN, AttackChanges(other_symptoms=("twitching",))),
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
        (ToggleItem(Step.WHERE, ListField.LOCATIONS, "eye"), OPEN, True, (), Step.WHERE),
        (ToggleSide(Side.BOTH), OPEN, True, (), Step.WHERE),
        (SetAuraFollowed(followed=True), OPEN, True, (), Step.AURA),
        (ToggleSymptom("nausea"), OPEN, True, (), Step.SYMPTOMS),
        (Move(Step.QUALITY, advance=False), OPEN, True, (), Step.QUALITY),
        (Move(Step.INTENSITY, advance=True), OPEN, True, (), Step.WHERE),
        (SetAnswer(Step.ACTIVITY, AttackChanges()), OPEN, True, (), Step.SYMPTOMS),
        (SymptomsDone(), OPEN, True, (), Step.MEDICATION),
        (SymptomsDone(), OPEN, False, (), Step.CARD),
        # An ended attack with a dose of unknown effect asks the 2 h effect after medication.
        (Move(Step.MEDICATION, advance=True), ENDED, True, (DOSE,), Step.EFFECT),
        (Move(Step.MEDICATION, advance=True), ENDED, True, (), Step.TRIGGERS),
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
