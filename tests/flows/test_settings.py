"""/settings and /help, end to end."""

from __future__ import annotations

from datetime import UTC, datetime, time

from sqlmodel import select

from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Reminder, User
from tests.flows.helpers import db_session, texts


async def _onboard(bot: SandboxBot, user: SimUser, zone: str, checkin: str) -> None:
    await bot.say(user, "/start")
    await bot.say(user, zone)
    await bot.tap(user, checkin)


async def test_settings_card_shows_current_choices(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(2001, "Ann")
    await _onboard(bot, ann, "Europe/Berlin", "20:00")
    replies = texts(await bot.tap_reply(ann, "⚙️ Settings"))
    assert replies == [
        "Settings\n"
        "Language: English\n"
        "Timezone: Berlin · 14:00\n"
        "Evening check-in: every day at 20:00\n"
        "Weekly recap: Sundays at 19:00\n"
        "Quiet hours: 22:30-07:30. Attack follow-ups wait until they end; times you chose "
        "yourself (check-in, dose times, a snooze) are kept."
    ]
    assert ann.inline_buttons() == [
        ["Change timezone", "Language"],
        ["Change check-in time"],
        ["Quiet hours", "Weekly recap"],
        ["Medications", "Reminders"],
        ["Close"],
    ]
    closed = await bot.tap(ann, "Close")
    assert texts(closed) == ["Settings saved. /settings opens them again."]
    assert closed[0].inline_buttons() == []


async def test_changing_timezone_moves_the_checkin(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(2002, "Ann")
    await _onboard(bot, ann, "Europe/Berlin", "20:00")
    await bot.say(ann, "/settings")
    replies = texts(await bot.tap(ann, "Change timezone"))
    assert replies[0].startswith("Which timezone are you in now?")
    # The current zone is offered first.
    assert ann.inline_buttons()[0] == ["Berlin · 14:00"]
    replies = texts(await bot.say(ann, "Tokyo"))
    assert replies[0] == "Timezone: Asia/Tokyo (it's 22:00 there now)."
    assert replies[1].startswith(
        "Settings\nLanguage: English\nTimezone: Tokyo · 22:00\n"
        "Evening check-in: every day at 20:00"
    )
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 2002)).one()
        reminder = session.exec(
            select(Reminder).where(Reminder.user_id == user.id, Reminder.kind == "checkin")
        ).one()
    assert user.timezone == "Asia/Tokyo"
    assert reminder.local_time == time(20, 0)
    # 20:00 in Tokyo (UTC+9) after 13:00 UTC on 11-20 is 11:00 UTC on 11-21.
    assert reminder.next_fire_at == datetime(2026, 11, 21, 11, 0, tzinfo=UTC)


async def test_changing_checkin_time_and_turning_it_off(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(2003, "Ann")
    await _onboard(bot, ann, "UTC", "20:00")
    await bot.say(ann, "/settings")
    await bot.tap(ann, "Change check-in time")
    await bot.tap(ann, "Another time: I'll type it")
    replies = texts(await bot.say(ann, "half past nine"))
    assert replies == [
        "“half past nine” isn't a time I can read. Please type it like 20:30 or 9pm."
    ]
    replies = texts(await bot.say(ann, "21.45"))
    assert replies[0] == "Evening check-in: every day at 21:45."
    assert "Evening check-in: every day at 21:45" in replies[1]
    await bot.tap(ann, "Change check-in time")
    replies = texts(await bot.tap(ann, "No evening check-ins"))
    assert replies[0] == "Evening check-ins are off. You can turn them on in /settings."
    assert "Evening check-in: off" in replies[1]
    # Typed text is no longer taken as a time once the question is answered.
    replies = texts(await bot.say(ann, "22:00"))
    assert replies == [
        "I didn't catch that. Use the buttons below, or /help to see what I can do."
    ]


async def test_settings_before_setup_asks_to_finish_it(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(2004, "Ann")
    await bot.say(ann, "/start")
    replies = texts(await bot.say(ann, "/settings"))
    assert replies[0] == "Let's finish setting up first: just one or two questions."
    assert replies[1].startswith("First, which timezone are you in?")


async def test_help_lists_every_command_and_menu_is_registered(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(2005, "Ann")
    replies = texts(await bot.say(ann, "/help"))
    assert "/start: Set up the diary (timezone, check-in time)" in replies[0]
    assert "/settings: Timezone, check-in, quiet hours, medications" in replies[0]
    assert "/help: What I can do" in replies[0]
    assert "I don't give medical advice." in replies[0]
    registered = emulator.calls_to("setMyCommands")[-1].params["commands"]
    names = [command["command"] for command in registered]
    assert names == [
        "log",
        "end",
        "past",
        "history",
        "undo",
        "noheadache",
        "summary",
        "report",
        "meds",
        "reminders",
        "settings",
        "language",
        "export",
        "import",
        "privacy",
        "delete",
        "start",
        "help",
    ]
    for name in names:
        assert f"/{name}:" in replies[0]
