"""Typed dates and times outside the diary are refused with a clear answer and asked again.

Nothing recorded lies in the future, nor further back than MAX_TYPED_AGE (8 years): a typed
year such as 1900 or 2100 is a slip, and a start in 1900 would vanish from every summary.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import MedicationIntake
from tests.flows.conftest import START
from tests.flows.helpers import attack_rows, db_session, onboard, texts

TOO_OLD = "That's further back than the diary goes (8 years)."
FUTURE = "That's in the future."
UNREADABLE = "I couldn't read that time."
START_PROMPT = "When did it start?"
DOSE_PROMPT = "When did you take it?"

# (typed, the reason the answer starts with)
BAD_STARTS = [
    ("1900-01-01 10:00", TOO_OLD),
    ("1.1.1900 10:00", TOO_OLD),
    ("2017-01-01 10:00", TOO_OLD),
    ("2100-01-01 10:00", FUTURE),
    ("9999-12-31 23:59", FUTURE),
    ("31.12.99 10:00", FUTURE),
    ("25:99", UNREADABLE),
    ("24:00", UNREADABLE),
    ("tomorrow 10:00", UNREADABLE),
    ("10:00 tomorrow", UNREADABLE),
    ("in 2 hours", UNREADABLE),
    ("-5h ago", UNREADABLE),
    ("0000-01-01 10:00", UNREADABLE),
    ("9" * 5000, UNREADABLE),
]


@pytest.mark.parametrize(("typed", "reason"), BAD_STARTS)
async def test_a_start_outside_the_diary_is_refused_and_asked_again(
    bot: SandboxBot, emulator: BotApiEmulator, typed: str, reason: str
) -> None:
    ann = emulator.user(9201, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "migraine 4")
    await bot.tap(ann, "Finish later")
    await bot.tap(ann, "Add details")
    await bot.tap(ann, "Start / end")
    await bot.tap(ann, "Change the start")
    [reply] = texts(await bot.say(ann, typed))
    assert reply.startswith(reason)
    assert START_PROMPT in reply
    assert attack_rows(bot, 9201)[0].started_at == START
    # Still waiting for the start: a good answer is taken.
    replies = texts(await bot.say(ann, "13:10"))
    assert replies[0].startswith("🤕 Attack since 13:10")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1900-01-01 10:00", TOO_OLD),
        ("2100-01-01 10:00", "That's still in the future."),
    ],
)
async def test_a_past_attack_typed_with_a_year_far_out_is_refused(
    bot: SandboxBot, emulator: BotApiEmulator, typed: str, reason: str
) -> None:
    ann = emulator.user(9202, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/past")
    await bot.tap(ann, "Another day: I'll type it")
    [reply] = texts(await bot.say(ann, typed))
    assert reply.startswith(reason)
    assert attack_rows(bot, 9202) == []
    # Still asking for the day.
    await bot.say(ann, "11.11")
    await bot.tap(ann, "Another time: I'll type it")
    [reply] = texts(await bot.say(ann, "25:99"))
    assert reply.startswith(UNREADABLE)
    assert attack_rows(bot, 9202) == []


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("1900-01-01 10:00", TOO_OLD),
        ("1.1.2000 10:00", TOO_OLD),
        ("2100-01-01 10:00", FUTURE),
        ("25:99", UNREADABLE),
        ("tomorrow 10:00", UNREADABLE),
    ],
)
async def test_a_dose_time_outside_the_diary_is_refused_and_asked_again(
    bot: SandboxBot, emulator: BotApiEmulator, typed: str, reason: str
) -> None:
    ann = emulator.user(9203, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 9203)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(ann, "Ibuprofen")
    await bot.tap(ann, "Another time: I'll type it")
    [reply] = texts(await bot.say(ann, typed))
    assert reply.startswith(reason)
    assert DOSE_PROMPT in reply
    with db_session(bot) as session:
        assert session.exec(select(MedicationIntake)).all() == []
    screen = texts(await bot.say(ann, "10 min ago"))[0]
    assert "• Ibuprofen 400 mg at 13:50" in screen


async def test_a_live_attack_since_a_mistyped_year_starts_now_and_says_so(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(9204, "Ann")
    await onboard(bot, ann)
    replies = texts(await bot.say(ann, "migraine since 1.1.1900 10:00"))
    assert "I couldn't read when it started, so I logged it as now." in replies[0]
    [attack] = attack_rows(bot, 9204)
    assert attack.started_at == START
