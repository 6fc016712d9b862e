from datetime import time

import pytest

from bot.domain.profiles import OnboardingStep, UserProfile


def make_profile(step: OnboardingStep | None) -> UserProfile:
    return UserProfile(
        id=1,
        telegram_id=100_001,
        chat_id=100_001,
        first_name="Ann",
        language="en",
        timezone=None if step is OnboardingStep.TIMEZONE else "Europe/Berlin",
        onboarding_step=step,
        quiet_start=time(22, 0),
        quiet_end=time(7, 0),
        reachable=True,
    )


@pytest.mark.parametrize(
    ("step", "onboarded"),
    [(None, True), (OnboardingStep.TIMEZONE, False), (OnboardingStep.CHECKIN, False)],
)
def test_onboarded(step: OnboardingStep | None, onboarded: bool) -> None:
    assert make_profile(step).onboarded is onboarded
