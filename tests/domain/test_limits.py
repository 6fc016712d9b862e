"""The caps on a user's own lists keep every list within one Telegram message."""

from __future__ import annotations

import pytest

from bot.domain.attacks import Symptom, Trigger
from bot.domain.limits import MAX_CUSTOM_SYMPTOMS, MAX_CUSTOM_TRIGGERS, MAX_MEDICATIONS, ListFull

TELEGRAM_MAX_INLINE_BUTTONS = 100  # Bot API: more is refused as "reply markup is too long"
OTHER_BUTTONS = 6  # add-my-own, warning signs, paging (2), and the footer (2)


@pytest.mark.parametrize(
    ("builtin", "cap"),
    [(len(Symptom), MAX_CUSTOM_SYMPTOMS), (len(Trigger), MAX_CUSTOM_TRIGGERS)],
)
def test_a_full_list_and_the_built_in_items_fit_one_keyboard(builtin: int, cap: int) -> None:
    assert builtin + cap + OTHER_BUTTONS <= TELEGRAM_MAX_INLINE_BUTTONS


@pytest.mark.parametrize("cap", [MAX_CUSTOM_SYMPTOMS, MAX_CUSTOM_TRIGGERS, MAX_MEDICATIONS])
def test_list_full_names_the_cap(cap: int) -> None:
    assert ListFull(cap).limit == cap
