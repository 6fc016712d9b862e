"""/start onboarding, end to end, as a user would go through it."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlmodel import select

from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Reminder, User
from tests.flows.helpers import db_session, texts


def _user_row(bot: SandboxBot, telegram_id: int) -> User:
    with db_session(bot) as session:
        return session.exec(select(User).where(User.telegram_id == telegram_id)).one()


def _checkin_reminder(bot: SandboxBot, user_id: int) -> Reminder | None:
    with db_session(bot) as session:
        return session.exec(
            select(Reminder).where(Reminder.user_id == user_id, Reminder.kind == "checkin")
        ).first()


async def test_start_walks_through_timezone_and_checkin(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001, "Ann", language_code="en-DE")
    replies = texts(await bot.say(ann, "/start"))
    assert replies[0].startswith("Hi Ann! I'm your headache diary.")
    assert "I don't give medical advice." in replies[0]
    assert replies[1].startswith("First, which timezone are you in?")
    labels = [row[0] for row in ann.inline_buttons()]
    # An English speaker in Germany is offered Berlin first, at its local time (13:00 UTC).
    assert labels[0] == "Berlin · 14:00"
    assert labels[-1] == "Another one: I'll type it"

    replies = texts(await bot.tap(ann, "Berlin · 14:00"))
    assert replies == [
        "Timezone: Europe/Berlin (it's 14:00 there now).",
        "When should I check in each evening? It takes three taps on a good day: headache or "
        "not, sleep, medication. Headache-free days count too.",
    ]
    assert ann.inline_buttons() == [
        ["19:00", "20:00", "21:00 ✓", "22:00"],
        ["Another time: I'll type it"],
        ["No evening check-ins"],
    ]

    replies = texts(await bot.tap(ann, "20:00"))
    assert replies == [
        "Evening check-in: every day at 20:00.",
        "You're all set. The buttons below stay at hand; /help lists everything I can do.",
    ]
    assert ann.reply_keyboard == [
        ["🤕 Attack now", "✅ Attack over"],
        ["📝 Past attack", "📖 History"],
        ["📊 Summary", "⚙️ Settings"],
        ["❓ Help"],
    ]
    row = _user_row(bot, 1001)
    assert (row.timezone, row.onboarding_step, row.language) == ("Europe/Berlin", None, "en")
    reminder = _checkin_reminder(bot, row.id or 0)
    assert reminder is not None
    assert (reminder.enabled, reminder.local_time) == (True, time(20, 0))
    # 20:00 in Berlin on 2026-11-20 (CET, UTC+1) is 19:00 UTC.
    assert reminder.next_fire_at == datetime(2026, 11, 20, 19, 0, tzinfo=UTC)


async def test_typed_timezone_and_time_with_bad_input_first(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    bob = emulator.user(1002, "Bob", language_code="en")
    await bot.say(bob, "/start")

    replies = texts(await bot.say(bob, "Xyzzy"))
    assert replies == [
        "I couldn't find a timezone for “Xyzzy”. Try a nearby big city, or a name like "
        "Europe/Paris or UTC+2."
    ]
    assert _user_row(bot, 1002).timezone is None

    replies = texts(await bot.say(bob, "Lisbn"))
    assert replies[0].startswith("I don't know “Lisbn” exactly. Did you mean one of these?")
    assert ["Lisbon · 13:00"] in bob.inline_buttons()

    replies = texts(await bot.say(bob, "new york"))
    assert replies[0] == "Timezone: America/New_York (it's 08:00 there now)."
    assert replies[1].startswith("When should I check in each evening?")

    await bot.tap(bob, "Another time: I'll type it")
    replies = texts(await bot.say(bob, "25:99"))
    assert replies == ["“25:99” isn't a time I can read. Please type it like 20:30 or 9pm."]
    assert _user_row(bot, 1002).onboarding_step == "checkin"

    replies = texts(await bot.say(bob, "9:30pm"))
    assert replies[0] == "Evening check-in: every day at 21:30."
    row = _user_row(bot, 1002)
    assert (row.timezone, row.onboarding_step) == ("America/New_York", None)
    reminder = _checkin_reminder(bot, row.id or 0)
    assert reminder is not None
    assert reminder.local_time == time(21, 30)
    # 21:30 EST on 2026-11-20 is 02:30 UTC the next day.
    assert reminder.next_fire_at == datetime(2026, 11, 21, 2, 30, tzinfo=UTC)


async def test_no_checkins_choice_is_stored_as_off(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    cat = emulator.user(1003, "Cat")
    await bot.say(cat, "/start")
    await bot.say(cat, "UTC")
    replies = texts(await bot.tap(cat, "No evening check-ins"))
    assert replies[0] == "Evening check-ins are off. You can turn them on in /settings."
    reminder = _checkin_reminder(bot, _user_row(bot, 1003).id or 0)
    assert reminder is not None
    assert (reminder.enabled, reminder.next_fire_at) == (False, None)


async def test_start_again_after_setup_does_not_repeat_questions(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    dan = emulator.user(1004, "Dan")
    await bot.say(dan, "/start")
    await bot.say(dan, "Europe/Paris")
    await bot.tap(dan, "21:00 ✓")
    replies = texts(await bot.say(dan, "/start"))
    assert replies == [
        "Welcome back, Dan! Your diary is ready. /settings changes timezone and check-ins."
    ]


async def test_text_before_start_begins_onboarding_as_a_timezone_answer(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    eve = emulator.user(1005, "Eve")
    replies = texts(await bot.say(eve, "Tokyo"))
    assert replies[0] == "Timezone: Asia/Tokyo (it's 22:00 there now)."
    assert _user_row(bot, 1005).onboarding_step == "checkin"
