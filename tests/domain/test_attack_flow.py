from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.attack_flow import QUESTIONS, Step, applies, next_step
from bot.domain.attacks import AttackRecord
from bot.domain.medications import DrugClass, Effect, IntakeRecord, IntakeStatus

START = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
PLAIN = AttackRecord(id=1, user_id=1, started_at=START, ended_at=None)
AURA = AttackRecord(id=1, user_id=1, started_at=START, ended_at=None, aura=True)
TWITCH = AttackRecord(
    id=1, user_id=1, started_at=START, ended_at=None, other_symptoms=("twitching",)
)
BOTH = AttackRecord(
    id=1, user_id=1, started_at=START, ended_at=None, aura=True, other_symptoms=("twitching",)
)
PAST = AttackRecord(id=1, user_id=1, started_at=START, ended_at=START + timedelta(hours=6))


def _dose(
    drug_class: DrugClass = DrugClass.NSAID,
    effect: Effect | None = None,
    status: IntakeStatus = IntakeStatus.TAKEN,
) -> IntakeRecord:
    return IntakeRecord(
        id=1,
        user_id=1,
        medication_id=1,
        medication_name="Ibuprofen",
        drug_class=drug_class,
        dose=None,
        taken_at=START,
        attack_id=1,
        status=status,
        effect_2h=effect,
    )


DOSE = (_dose(),)


@pytest.mark.parametrize(
    ("current", "attack", "expected"),
    [
        # Mid-attack, what matters most first: intensity, then medication (issue 16), then
        # the details that can wait.
        (Step.INTENSITY, PLAIN, Step.MEDICATION),
        (Step.MEDICATION, PLAIN, Step.WHERE),
        (Step.EFFECT, PLAIN, Step.WHERE),
        (Step.WHERE, PLAIN, Step.QUALITY),
        (Step.QUALITY, PLAIN, Step.ACTIVITY),
        (Step.ACTIVITY, PLAIN, Step.SYMPTOMS),
        (Step.SYMPTOMS, PLAIN, Step.TRIGGERS),
        (Step.SYMPTOMS, AURA, Step.AURA),
        (Step.SYMPTOMS, TWITCH, Step.TWITCHING),
        (Step.SYMPTOMS, BOTH, Step.AURA),
        (Step.AURA, BOTH, Step.TWITCHING),
        (Step.AURA, AURA, Step.TRIGGERS),
        (Step.TWITCHING, BOTH, Step.TRIGGERS),
        (Step.TRIGGERS, PLAIN, Step.CARD),
        # Screens outside the question order lead back to the card.
        (Step.RED_FLAGS, PLAIN, Step.CARD),
        (Step.TIMES, PLAIN, Step.CARD),
        (Step.CARD, PLAIN, Step.CARD),
    ],
)
def test_next_step(current: Step, attack: AttackRecord, expected: Step) -> None:
    assert next_step(current, attack) == expected


@pytest.mark.parametrize(
    ("step", "attack", "expected"),
    [
        (Step.AURA, PLAIN, False),
        (Step.AURA, AURA, True),
        (Step.TWITCHING, PLAIN, False),
        (Step.TWITCHING, TWITCH, True),
        (Step.INTENSITY, PLAIN, True),
    ],
)
def test_applies(step: Step, attack: AttackRecord, expected: bool) -> None:
    assert applies(step, attack) is expected


# ICHD-3 1.1 B: a successfully treated attack may be shorter than 4 h, so a past attack with a
# dose is asked whether the medication worked within 2 h (a live one: by the follow-up).
@pytest.mark.parametrize(
    ("attack", "intakes", "expected"),
    [
        (PAST, DOSE, True),
        (PAST, (), False),  # nothing taken: nothing to ask
        (PLAIN, DOSE, False),  # still going: the follow-up asks
        (PAST, (_dose(effect=Effect.PARTIAL),), False),  # already known
        (PAST, (_dose(DrugClass.PREVENTIVE),), False),  # not an acute dose
        (PAST, (_dose(status=IntakeStatus.SKIPPED),), False),
        # The first acute dose is the one asked about.
        (PAST, (_dose(DrugClass.PREVENTIVE), _dose(DrugClass.TRIPTAN)), True),
    ],
)
def test_effect_is_asked_for_past_attacks_with_a_dose(
    attack: AttackRecord, intakes: tuple[IntakeRecord, ...], expected: bool
) -> None:
    assert applies(Step.EFFECT, attack, intakes) is expected
    following = Step.EFFECT if expected else Step.WHERE
    assert next_step(Step.MEDICATION, attack, intakes) is following


def test_every_question_is_reached_when_everything_applies() -> None:
    everything = AttackRecord(
        id=1,
        user_id=1,
        started_at=START,
        ended_at=START + timedelta(hours=2),
        aura=True,
        other_symptoms=("twitching",),
    )
    seen = [Step.INTENSITY]
    while (step := next_step(seen[-1], everything, DOSE)) is not Step.CARD:
        seen.append(step)
    assert tuple(seen) == QUESTIONS
