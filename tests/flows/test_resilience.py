"""Restarts, old and forged buttons, Telegram errors and the allowlist, end to end."""

from __future__ import annotations

import logging

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Reminder, User
from tests.flows.helpers import db_session, texts


async def test_restart_mid_onboarding_then_press_the_old_button(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(3001, "Ann", language_code="en-GB")
    async with SandboxBot(settings, emulator=emulator, clock=clock) as first:
        await first.say(ann, "/start")
    question = ann.last_message
    assert question.inline_buttons()[0] == ["London · 13:00"]

    async with SandboxBot(settings, emulator=emulator, clock=clock) as second:
        replies = texts(await second.tap(ann, "London · 13:00", message=question))
        assert replies[0] == "Timezone: Europe/London (it's 13:00 there now)."
        checkin_question = ann.last_message
    async with SandboxBot(settings, emulator=emulator, clock=clock) as third:
        replies = texts(await third.tap(ann, "22:00", message=checkin_question))
        assert replies[0] == "Evening check-in: every day at 22:00."
        with db_session(third) as session:
            user = session.exec(select(User).where(User.telegram_id == 3001)).one()
            reminders = session.exec(select(Reminder).where(Reminder.user_id == user.id)).all()
    assert (user.timezone, user.onboarding_step) == ("Europe/London", None)
    assert sorted(r.kind for r in reminders) == ["checkin", "recap"]


async def test_button_pressed_twice_changes_nothing_twice(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(3002, "Ann")
    await bot.say(ann, "/start")
    await bot.say(ann, "UTC")
    question = ann.last_message
    await bot.tap(ann, "20:00", message=question)
    # The edited message no longer has buttons; an impatient double tap sends the same data.
    replies = await bot.press_data(ann, question.message_id, "ci:2000")
    # The confirmation is already on screen (not edited again); the current settings follow.
    assert texts(replies) == [
        "Settings\nLanguage: English\nTimezone: UTC · 13:00\n"
        "Evening check-in: every day at 20:00\n"
        "Weekly recap: Sundays at 19:00\nQuiet hours: 22:30-07:30. Attack follow-ups wait "
        "until they end; times you chose "
        "yourself (check-in, dose times, a snooze) are kept."
    ]
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 3002)).one()
        reminders = session.exec(select(Reminder).where(Reminder.user_id == user.id)).all()
    assert sorted(r.kind for r in reminders) == ["checkin", "recap"]


@pytest.mark.parametrize(
    "data",
    ["zz:1:2", "tz:Not/AZone", "ci:2599", "ci:abc", "st:nope", "", "tz"],
)
async def test_unknown_or_forged_buttons_get_a_friendly_alert(
    bot: SandboxBot, emulator: BotApiEmulator, data: str
) -> None:
    ann = emulator.user(3003, "Ann")
    await bot.say(ann, "/start")
    question = ann.last_message
    await bot.press_data(ann, question.message_id, data)
    assert ann.alerts[-1].text == (
        "This button is from an older message and no longer works. Try /help."
    )
    assert ann.alerts[-1].show_alert is True
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 3003)).one()
    assert user.timezone is None


async def test_unknown_command_and_stickers_get_help_not_silence(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(3004, "Ann")
    replies = texts(await bot.say(ann, "/frobnicate"))
    assert replies[0].startswith("I'm a headache diary.")


async def test_a_telegram_failure_is_apologised_for_and_nothing_is_lost(
    bot: SandboxBot, emulator: BotApiEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    ann = emulator.user(3005, "Ann")
    await bot.say(ann, "/start")
    # Failing longer than the reply retries wait (bot/replies.py): a flood wait of a minute.
    emulator.fail("sendMessage", error="retry_after", retry_after=60, chat_id=3005)
    with caplog.at_level(logging.ERROR, logger="bot.handlers.errors"):
        replies = texts(await bot.say(ann, "Europe/Rome"))
    assert "error while handling an update" in caplog.text
    # The answer was stored before the confirmation failed to send...
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 3005)).one()
    assert user.timezone == "Europe/Rome"
    # ...and the user is told, without a traceback, that it was our side.
    assert replies == [
        "Sorry, something went wrong on my side. What you told me before is saved; "
        "please try that again."
    ]


async def test_allowlist_refuses_others_once_and_stores_nothing(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    private = settings.model_copy(update={"allowed_user_ids": frozenset({3006})})
    owner = emulator.user(3006, "Owner")
    stranger = emulator.user(3007, "Stranger")
    async with SandboxBot(private, emulator=emulator, clock=clock) as bot:
        assert texts(await bot.say(stranger, "/start")) == [
            "Sorry, this is a private diary bot and it isn't open to new users."
        ]
        assert texts(await bot.say(stranger, "hello?")) == []
        replies = texts(await bot.say(owner, "/start"))
        assert replies[0].startswith("Hi Owner!")
        with db_session(bot) as session:
            ids = session.exec(select(User.telegram_id)).all()
    assert ids == [3006]
