"""Forged button data with out-of-range numbers: an "old button" alert, never a traceback."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Attack, User
from tests.flows.helpers import db_session, onboard

STALE = "This button is from an older message and no longer works. Try /help."
HUGE = "9" * 30  # far beyond SQLite's 64-bit INTEGER
BEYOND_63_BITS = str(2**63)
SUPERSCRIPT_TWO = "\u00b2"  # str.isdigit() says yes; int() refuses it

FORGED = [
    f"a:{HUGE}:f:int:v:5",
    f"a:{BEYOND_63_BITS}:f:int:v:5",
    f"a:{SUPERSCRIPT_TWO}:f:int:v:5",
    f"end:{HUGE}:m:30",
    f"end:1:m:{HUGE}",
    f"fu:{HUGE}:b",
    f"h:p:{HUGE}",
    f"undo:a:{HUGE}",
    f"ck:{HUGE}:h:n",
    f"med:e:{HUGE}",
    f"md:{HUGE}:3558180:t",
    f"rc:d:{HUGE}",
    f"bf:s:20261119:{HUGE}",
]


@pytest.mark.parametrize("data", FORGED)
async def test_forged_numbers_in_buttons_get_the_old_button_alert(
    bot: SandboxBot, emulator: BotApiEmulator, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    ann = emulator.user(3301, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "migraine")
    caplog.set_level(logging.ERROR)

    replies = await bot.press_data(ann, ann.last_message.message_id, data)

    assert ann.alerts[-1].text == STALE
    assert ann.alerts[-1].show_alert is True
    assert [m.text for m in replies if "went wrong" in (m.text or "")] == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 3301)).one()
        [attack] = session.exec(select(Attack).where(Attack.user_id == user.id)).all()
    assert attack.peak_intensity is None
    assert attack.ended_at is None
