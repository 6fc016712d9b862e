from datetime import time

import pytest

from bot.domain.profiles import OnboardingStep, UserProfile, mask_weekday, single_weekday


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


@pytest.mark.parametrize(("weekday", "mask"), [(0, "1000000"), (3, "0001000"), (6, "0000001")])
def test_single_weekday_and_back(weekday: int, mask: str) -> None:
    assert single_weekday(weekday) == mask
    assert mask_weekday(mask) == weekday


@pytest.mark.parametrize("weekday", [-1, 7])
def test_single_weekday_refuses_no_day(weekday: int) -> None:
    with pytest.raises(ValueError, match="no weekday"):
        single_weekday(weekday)


@pytest.mark.parametrize("mask", ["1111111", "0000000", "1000001"])
def test_mask_weekday_is_none_for_other_masks(mask: str) -> None:
    assert mask_weekday(mask) is None
