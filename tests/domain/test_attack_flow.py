from datetime import UTC, datetime

import pytest

from bot.domain.attack_flow import QUESTIONS, Step, applies, next_step
from bot.domain.attacks import AttackRecord

START = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
PLAIN = AttackRecord(id=1, user_id=1, started_at=START, ended_at=None)
AURA = AttackRecord(id=1, user_id=1, started_at=START, ended_at=None, aura=True)
TWITCH = AttackRecord(
    id=1, user_id=1, started_at=START, ended_at=None, other_symptoms=("twitching",)
)
BOTH = AttackRecord(
    id=1, user_id=1, started_at=START, ended_at=None, aura=True, other_symptoms=("twitching",)
)


@pytest.mark.parametrize(
    ("current", "attack", "expected"),
    [
        (Step.INTENSITY, PLAIN, Step.WHERE),
        (Step.WHERE, PLAIN, Step.QUALITY),
        (Step.QUALITY, PLAIN, Step.ACTIVITY),
        (Step.ACTIVITY, PLAIN, Step.SYMPTOMS),
        (Step.SYMPTOMS, PLAIN, Step.MEDICATION),
        (Step.SYMPTOMS, AURA, Step.AURA),
        (Step.SYMPTOMS, TWITCH, Step.TWITCHING),
        (Step.SYMPTOMS, BOTH, Step.AURA),
        (Step.AURA, BOTH, Step.TWITCHING),
        (Step.AURA, AURA, Step.MEDICATION),
        (Step.TWITCHING, BOTH, Step.MEDICATION),
        (Step.MEDICATION, PLAIN, Step.TRIGGERS),
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


def test_every_question_is_reached_when_everything_applies() -> None:
    seen = [Step.INTENSITY]
    while (step := next_step(seen[-1], BOTH)) is not Step.CARD:
        seen.append(step)
    assert tuple(seen) == QUESTIONS
