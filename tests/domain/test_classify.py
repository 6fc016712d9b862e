from datetime import date, timedelta
from typing import Any

import pytest

from bot.domain.attacks import AttackRecord, AuraType, EndedHow, Quality, Side
from bot.domain.classify import (
    AttackLabel,
    AuraFinding,
    Classification,
    Criterion,
    DataField,
    Status,
    classify_attack,
    symptoms_answered,
    treated_successfully,
)
from bot.domain.medications import DrugClass, Effect, IntakeRecord, IntakeStatus
from tests.domain.diary import at, attack, intake

DAY = date(2026, 10, 12)
START = at(DAY, 10)
NOW = at(DAY + timedelta(days=5), 12)
MIGRAINE = AttackLabel.MIGRAINE_LIKE
PROBABLE = AttackLabel.PROBABLE_MIGRAINE
TENSION = AttackLabel.TENSION_TYPE_LIKE
UNCLASSIFIED = AttackLabel.UNCLASSIFIED
MET, NOT_MET, UNKNOWN = Status.MET, Status.NOT_MET, Status.UNKNOWN
TENSION_UNMET = (Criterion.TENSION_PAIN, Criterion.TENSION_SYMPTOMS)

# Every answer of a textbook migraine-like attack (ICHD-3 1.1 C all four, D both ways).
TEXTBOOK: dict[str, Any] = {
    "peak_intensity": 7,
    "side": Side.LEFT,
    "quality": Quality.PULSATING,
    "worse_with_activity": True,
    "nausea": True,
    "light_sensitivity": True,
    "sound_sensitivity": True,
}
# A textbook tension-type-like attack: bilateral, pressing, mild, not worse, no symptoms.
PRESSING: dict[str, Any] = {
    "peak_intensity": 2,
    "side": Side.BOTH,
    "quality": Quality.PRESSING,
    "worse_with_activity": False,
    "nausea": False,
}
# Bilateral and pulsating, worse with activity, no nausea: the intensity decides.
BILATERAL_PULSATING: dict[str, Any] = {
    "side": Side.BOTH,
    "quality": Quality.PULSATING,
    "worse_with_activity": True,
    "nausea": False,
}


def lasting(duration: timedelta | None, **fields: Any) -> AttackRecord:
    """An attack from START lasting ``duration`` (``None``: still open at NOW)."""
    return attack(1, START, None if duration is None else START + duration, **fields)


def hours(value: float) -> timedelta:
    return timedelta(hours=value)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        # Issue 5: a 3 h attack treated successfully, 2 pain features and nausea: migraine-like.
        (
            lasting(
                hours(3),
                side=Side.RIGHT,
                quality=Quality.PULSATING,
                nausea=True,
                ended_how=EndedHow.MEDICATION,
            ),
            (
                MIGRAINE,
                (Criterion.TENSION_SYMPTOMS,),
                (DataField.INTENSITY, DataField.ACTIVITY),
                True,
            ),
        ),
        # Issue 5: bilateral, pressing, mild, without nausea: tension-type-like.
        (
            lasting(
                hours(3), peak_intensity=2, side=Side.BOTH, quality=Quality.PRESSING, nausea=False
            ),
            (
                TENSION,
                (
                    Criterion.MIGRAINE_DURATION,
                    Criterion.MIGRAINE_PAIN,
                    Criterion.MIGRAINE_SYMPTOMS,
                ),
                (DataField.ACTIVITY,),
                False,
            ),
        ),
        # The same attack with nothing ticked on the symptom list: nausea is unknown.
        (
            lasting(hours(3), peak_intensity=2, side=Side.BOTH, quality=Quality.PRESSING),
            (
                UNCLASSIFIED,
                (Criterion.MIGRAINE_DURATION, Criterion.MIGRAINE_PAIN),
                (DataField.ACTIVITY, DataField.SYMPTOMS),
                False,
            ),
        ),
        # ...but ticking only light sensitivity answers the checklist: no nausea, no sound.
        (
            lasting(hours(3), **PRESSING | {"nausea": None, "light_sensitivity": True}),
            (
                TENSION,
                (
                    Criterion.MIGRAINE_DURATION,
                    Criterion.MIGRAINE_PAIN,
                    Criterion.MIGRAINE_SYMPTOMS,
                ),
                (),
                False,
            ),
        ),
        # A custom symptom ticked answers the checklist too.
        (
            lasting(hours(5), **PRESSING | {"nausea": None, "other_symptoms": ("c:jaw",)}),
            (
                TENSION,
                (Criterion.MIGRAINE_PAIN, Criterion.MIGRAINE_SYMPTOMS),
                (),
                False,
            ),
        ),
        # Textbook migraine, 4 to 72 h untreated.
        (lasting(hours(4), **TEXTBOOK), (MIGRAINE, TENSION_UNMET, (), True)),
        (lasting(hours(72), **TEXTBOOK), (MIGRAINE, TENSION_UNMET, (), True)),
        # Under 4 h untreated (or woken without it): all but one, so probable migraine.
        (
            lasting(hours(3.9), **TEXTBOOK),
            (PROBABLE, (Criterion.MIGRAINE_DURATION, *TENSION_UNMET), (), True),
        ),
        (
            lasting(hours(3), **TEXTBOOK, ended_how=EndedHow.WOKE_WITHOUT),
            (PROBABLE, (Criterion.MIGRAINE_DURATION, *TENSION_UNMET), (), True),
        ),
        # Over 72 h is not 1.1 B (status migrainosus), however it was treated.
        (
            lasting(hours(73), **TEXTBOOK, ended_how=EndedHow.MEDICATION),
            (PROBABLE, (Criterion.MIGRAINE_DURATION, *TENSION_UNMET), (), True),
        ),
        # Two pain features are enough; one is not.
        (
            lasting(hours(5), peak_intensity=4, worse_with_activity=True, vomiting=True),
            (MIGRAINE, (Criterion.TENSION_SYMPTOMS,), (DataField.SIDE, DataField.QUALITY), True),
        ),
        (
            lasting(
                hours(5),
                peak_intensity=3,
                side=Side.BOTH,
                quality=Quality.PULSATING,
                worse_with_activity=False,
                light_sensitivity=True,
                sound_sensitivity=True,
            ),
            (
                PROBABLE,
                (Criterion.MIGRAINE_PAIN, Criterion.TENSION_SYMPTOMS),
                (),
                True,
            ),
        ),
        # Only light, or only sound, is not 1.1 D.
        (
            lasting(hours(5), **TEXTBOOK | {"nausea": False, "sound_sensitivity": None}),
            (PROBABLE, (Criterion.MIGRAINE_SYMPTOMS, Criterion.TENSION_PAIN), (), True),
        ),
        # Two criteria met and the third unknown is at least probable migraine.
        (
            lasting(hours(6), peak_intensity=8, side=Side.LEFT),
            (
                PROBABLE,
                (),
                (DataField.QUALITY, DataField.ACTIVITY, DataField.SYMPTOMS),
                True,
            ),
        ),
        # Moderate (4-6 of 10) counts for both sets of pain features. Bilateral, pressing,
        # moderate, worse with activity, no nausea, 5 h: tension-type-like wins over probable
        # migraine (a definite beats a probable), and it still counts as a migraine day.
        (
            lasting(hours(5), **PRESSING | {"peak_intensity": 5, "worse_with_activity": True}),
            (TENSION, (Criterion.MIGRAINE_SYMPTOMS,), (), True),
        ),
        # Severe (7 of 10 or more) is not "mild or moderate": 6 still is.
        (
            lasting(hours(5), **BILATERAL_PULSATING | {"peak_intensity": 6}),
            (TENSION, (Criterion.MIGRAINE_SYMPTOMS,), (), True),
        ),
        (
            lasting(hours(5), **BILATERAL_PULSATING | {"peak_intensity": 7}),
            (
                PROBABLE,
                (Criterion.MIGRAINE_SYMPTOMS, Criterion.TENSION_PAIN),
                (),
                True,
            ),
        ),
        # Tension-type needs 30 min; there is no treatment clause for it.
        (
            lasting(timedelta(minutes=20), **PRESSING, ended_how=EndedHow.MEDICATION),
            (
                UNCLASSIFIED,
                (
                    Criterion.MIGRAINE_PAIN,
                    Criterion.MIGRAINE_SYMPTOMS,
                    Criterion.TENSION_DURATION,
                ),
                (),
                False,
            ),
        ),
        (
            lasting(timedelta(minutes=30), **PRESSING),
            (
                TENSION,
                (
                    Criterion.MIGRAINE_DURATION,
                    Criterion.MIGRAINE_PAIN,
                    Criterion.MIGRAINE_SYMPTOMS,
                ),
                (),
                False,
            ),
        ),
        (
            lasting(timedelta(days=7, minutes=1), **PRESSING),
            (
                UNCLASSIFIED,
                (
                    Criterion.MIGRAINE_DURATION,
                    Criterion.MIGRAINE_PAIN,
                    Criterion.MIGRAINE_SYMPTOMS,
                    Criterion.TENSION_DURATION,
                ),
                (),
                False,
            ),
        ),
        # Nothing but the intensity: unclassified, with what is missing.
        (
            lasting(hours(5), peak_intensity=6),
            (
                UNCLASSIFIED,
                (),
                (DataField.SIDE, DataField.QUALITY, DataField.ACTIVITY, DataField.SYMPTOMS),
                False,
            ),
        ),
        # Open attacks: long enough once 4 h have passed; before that, the end is unknown.
        (
            attack(1, NOW - hours(5), None, **TEXTBOOK),
            (MIGRAINE, (*TENSION_UNMET,), (DataField.END,), True),
        ),
        (
            attack(1, NOW - hours(2), None, **TEXTBOOK),
            (PROBABLE, (*TENSION_UNMET,), (DataField.END,), True),
        ),
        (
            attack(1, NOW - timedelta(minutes=10), None, **PRESSING),
            (
                UNCLASSIFIED,
                (Criterion.MIGRAINE_PAIN, Criterion.MIGRAINE_SYMPTOMS),
                (DataField.END,),
                False,
            ),
        ),
    ],
)
def test_classify_attack(
    record: AttackRecord,
    expected: tuple[AttackLabel, tuple[Criterion, ...], tuple[DataField, ...], bool],
) -> None:
    result = classify_attack(record, now=NOW)
    assert (result.label, result.unmet, result.missing, result.counts_as_migraine_day) == expected


def test_full_classification_of_a_textbook_attack() -> None:
    assert classify_attack(lasting(hours(10), **TEXTBOOK), now=NOW) == Classification(
        label=MIGRAINE,
        criteria={
            Criterion.MIGRAINE_DURATION: MET,
            Criterion.MIGRAINE_PAIN: MET,
            Criterion.MIGRAINE_SYMPTOMS: MET,
            Criterion.TENSION_DURATION: MET,
            Criterion.TENSION_PAIN: NOT_MET,
            Criterion.TENSION_SYMPTOMS: NOT_MET,
        },
        missing=(),
        aura=AuraFinding(reported=False),
        meets_probable_migraine_criteria=False,
    )


def test_unknown_answers_leave_criteria_unknown() -> None:
    result = classify_attack(lasting(hours(2), peak_intensity=5), now=NOW)
    assert result.criteria == {
        Criterion.MIGRAINE_DURATION: NOT_MET,
        Criterion.MIGRAINE_PAIN: UNKNOWN,
        Criterion.MIGRAINE_SYMPTOMS: UNKNOWN,
        Criterion.TENSION_DURATION: MET,
        Criterion.TENSION_PAIN: UNKNOWN,
        Criterion.TENSION_SYMPTOMS: UNKNOWN,
    }


def dose(**fields: Any) -> IntakeRecord:
    values: dict[str, Any] = {
        "attack_id": 1,
        "effect": Effect.PAIN_FREE,
        "status": IntakeStatus.TAKEN,
        "drug_class": DrugClass.TRIPTAN,
    } | fields
    drug_class = values.pop("drug_class")
    return intake(1, START + hours(1), drug_class, **values)


@pytest.mark.parametrize(
    ("ended_how", "intakes", "expected"),
    [
        (EndedHow.MEDICATION, [], True),
        (None, [dose()], True),
        (EndedHow.ON_ITS_OWN, [dose(drug_class=DrugClass.NSAID)], True),
        (None, [dose(effect=Effect.PARTIAL)], False),
        (None, [dose(effect=None)], False),
        (None, [dose(status=IntakeStatus.SKIPPED)], False),
        (None, [dose(drug_class=DrugClass.PREVENTIVE)], False),
        (None, [dose(attack_id=2)], False),
        (None, [dose(attack_id=None)], False),
        (EndedHow.WOKE_WITHOUT, [], False),
        (None, [], False),
    ],
)
def test_treated_successfully(
    ended_how: EndedHow | None, intakes: list[IntakeRecord], expected: bool
) -> None:
    assert treated_successfully(lasting(hours(3), ended_how=ended_how), intakes) is expected


def test_a_pain_free_dose_makes_a_short_attack_long_enough() -> None:
    record = lasting(hours(2), **TEXTBOOK)
    labels = [
        classify_attack(record, now=NOW, intakes=intakes).label for intakes in ([], [dose()])
    ]
    assert labels == [PROBABLE, MIGRAINE]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, False),
        ({"nausea": False}, True),
        ({"aura": True}, True),
        ({"sound_sensitivity": True}, True),
        ({"other_symptoms": ("dizziness",)}, True),
    ],
)
def test_symptoms_answered(fields: dict[str, Any], expected: bool) -> None:
    assert symptoms_answered(lasting(hours(1), **fields)) is expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, AuraFinding(reported=False)),
        ({"aura": False}, AuraFinding(reported=False)),
        (
            {"aura": True},
            AuraFinding(reported=True, kinds=frozenset(), typical_kinds_only=False),
        ),
        (
            {
                "aura": True,
                "aura_types": ("visual", "sensory"),
                "aura_headache_within_60min": True,
            },
            AuraFinding(
                reported=True,
                kinds=frozenset({AuraType.VISUAL, AuraType.SENSORY}),
                typical_kinds_only=True,
                headache_within_60min=MET,
            ),
        ),
        (
            {"aura": True, "aura_types": ("speech", "motor"), "aura_headache_within_60min": False},
            AuraFinding(
                reported=True,
                kinds=frozenset({AuraType.SPEECH, AuraType.MOTOR}),
                typical_kinds_only=False,
                headache_within_60min=NOT_MET,
            ),
        ),
        (
            {"aura": True, "aura_types": ("visual", "other")},
            AuraFinding(
                reported=True,
                kinds=frozenset({AuraType.VISUAL}),
                typical_kinds_only=False,
            ),
        ),
        (
            {"aura": True, "aura_types": ("other",)},
            AuraFinding(reported=True, kinds=frozenset(), typical_kinds_only=False),
        ),
    ],
)
def test_aura_is_reported_not_labelled(fields: dict[str, Any], expected: AuraFinding) -> None:
    assert classify_attack(lasting(hours(5), **fields), now=NOW).aura == expected
