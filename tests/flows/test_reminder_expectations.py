"""Reminders that behave as people expect (issue 16), driven through the emulator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SandboxBot
from bot.storage.models import CheckIn, Reminder
from tests.flows.helpers import db_session, onboard, recap_off, texts

# Berlin is UTC+1 in November: 21:00 local is 20:00 UTC.
FRIDAY_2100 = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)


async def add_preventive(bot: SandboxBot, user: SimUser, name: str, at: str) -> None:
    """Add a preventive from /meds with one dose time (a known preventive asks only the time)."""
    await bot.say(user, "/meds")
    await bot.tap(user, "➕ Add a medication")
    await bot.say(user, name)
    await bot.tap(user, at)


async def test_turning_off_one_medications_reminders_keeps_the_others(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16001, "Ann")
    await onboard(bot, ann)
    await recap_off(bot, ann)
    await add_preventive(bot, ann, "Propranolol", "08:00")
    await add_preventive(bot, ann, "Topiramate", "20:00")
    clock.set(datetime(2026, 11, 21, 7, 0, tzinfo=UTC))  # 08:00 Berlin
    assert await bot.tick() == 1
    assert ann.last_message.text == "💊 Time for Propranolol, your 08:00 dose."
    replies = texts(await bot.tap(ann, "🔕 Turn off dose reminders"))
    assert replies == [
        "Dose reminders for Propranolol are off; other medications keep theirs. "
        "/reminders turns them back on."
    ]
    assert ann.inline_buttons() == [["Undo"], ["🔕 Turn off all dose reminders"]]
    # Topiramate still reminds at 20:00; Propranolol no longer does.
    clock.set(datetime(2026, 11, 21, 19, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    assert ann.last_message.text == "💊 Time for Topiramate, your 20:00 dose."
    clock.set(datetime(2026, 11, 22, 7, 0, tzinfo=UTC))
    assert await bot.tick() == 0
    # The separate way to stop all of them.
    await bot.tap(ann, "🔕 Turn off all dose reminders", message=ann.messages[-2])
    with db_session(bot) as session:
        doses = session.exec(select(Reminder).where(Reminder.kind == "medication")).all()
    assert [row.enabled for row in doses] == [False, False]


async def test_follow_ups_and_the_weekly_recap_have_an_off_button(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16002, "Ann")
    await onboard(bot, ann, checkin="No evening check-ins")
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    await bot.say(ann, "/log")
    clock.advance(timedelta(hours=2))
    assert await bot.tick() == 1
    assert ann.last_message.inline_buttons()[-1] == ["🔕 Turn off follow-ups"]
    replies = texts(await bot.tap(ann, "🔕 Turn off follow-ups"))
    assert replies == ["Attack follow-ups are off. /reminders turns them back on."]
    # The recap on Sunday 19:00 Berlin (18:00 UTC) has its own.
    clock.set(datetime(2026, 11, 22, 18, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    assert ann.last_message.inline_buttons() == [["🔕 Turn off weekly recaps"]]
    replies = texts(await bot.tap(ann, "🔕 Turn off weekly recaps"))
    assert replies == ["Weekly recaps are off. /reminders turns them back on."]
    clock.set(datetime(2026, 11, 29, 18, 0, tzinfo=UTC))
    assert await bot.tick() == 0


async def test_taken_preventive_is_not_asked_again_in_the_checkin(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16003, "Ann")
    await onboard(bot, ann)
    await recap_off(bot, ann)
    await add_preventive(bot, ann, "Propranolol", "20:00")
    clock.set(FRIDAY_2100 - timedelta(hours=1))
    assert await bot.tick() == 1
    await bot.tap(ann, "Taken")
    clock.set(FRIDAY_2100)
    assert await bot.tick() == 1
    await bot.tap(ann, "No")
    await bot.tap(ann, "7")
    replies = texts(await bot.tap(ann, "😊 Good"))
    # Straight to the optional factors: the dose is already recorded as taken.
    assert replies == [
        "Evening check-in · Fri 20 Nov\nSaved ✓\nAnything else today? Optional: tap what applies."
    ]


async def test_an_answered_day_is_not_asked_again_after_moving_the_checkin(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16004, "Ann")
    await onboard(bot, ann, checkin="20:00")
    await recap_off(bot, ann)
    clock.set(FRIDAY_2100 - timedelta(hours=1))
    assert await bot.tick() == 1
    await bot.tap(ann, "No")
    await bot.tap(ann, "7")
    await bot.tap(ann, "😊 Good")
    # Moving the check-in later the same evening, then the timezone west: no second question.
    await bot.say(ann, "/settings")
    await bot.tap(ann, "Change check-in time")
    await bot.tap(ann, "22:00")
    clock.set(datetime(2026, 11, 20, 21, 0, tzinfo=UTC))
    seen = len(ann.messages)
    await bot.tick()  # the moved reminder fires for the same day, and sends nothing
    assert len(ann.messages) == seen
    await bot.say(ann, "/settings")
    await bot.tap(ann, "Change timezone")
    await bot.say(ann, "Europe/London")  # 22:00 London is 22:00 UTC, still Friday there
    clock.set(datetime(2026, 11, 20, 22, 0, tzinfo=UTC))
    await bot.tick()
    assert [t for t in texts(ann.messages[seen:]) if "Headache" in t] == []
    # The next day is asked as usual.
    clock.set(datetime(2026, 11, 21, 22, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    assert ann.last_message.text == "Evening check-in · Sat 21 Nov\nHeadache today?"


async def test_a_snooze_into_quiet_hours_asks_when_it_said(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16005, "Ann")
    await onboard(bot, ann, checkin="No evening check-ins")
    await recap_off(bot, ann)
    await add_preventive(bot, ann, "Propranolol", "22:00")
    clock.set(datetime(2026, 11, 20, 21, 20, tzinfo=UTC))  # 22:20 Berlin, 10 min late
    assert await bot.tick() == 1
    replies = texts(await bot.tap(ann, "Snooze 30 min"))
    assert replies == ["💊 Propranolol, 22:00 dose: I'll ask again at 22:50."]
    # 22:50 is inside the quiet hours (22:30-07:30) but the user asked for it: it comes then.
    clock.set(datetime(2026, 11, 20, 21, 50, tzinfo=UTC))
    assert await bot.tick() == 1
    assert ann.last_message.text == "💊 Time for Propranolol, your 22:00 dose."


async def test_catch_up_after_downtime_never_sends_into_quiet_hours(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16006, "Ann")
    async with SandboxBot(settings, emulator=emulator, clock=clock) as first:
        await onboard(first, ann)
        await recap_off(first, ann)
    # The bot was down from before 21:00 until 22:43 Berlin (inside quiet hours from 22:30).
    clock.set(datetime(2026, 11, 20, 21, 43, tzinfo=UTC))
    async with SandboxBot(settings, emulator=emulator, clock=clock) as second:
        assert await second.tick() == 0
        with db_session(second) as session:
            row = session.exec(select(Reminder).where(Reminder.kind == "checkin")).one()
        assert row.next_fire_at == FRIDAY_2100 + timedelta(days=1)
        # Back before quiet hours the next evening: a 1 h late check-in is still sent.
        clock.set(FRIDAY_2100 + timedelta(days=1, hours=1))
        assert await second.tick() == 1


async def test_a_bare_hour_asks_morning_or_evening(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(16007, "Ann")
    await bot.say(ann, "/start")
    await bot.say(ann, "Europe/Berlin")
    await bot.tap(ann, "Another time: I'll type it")
    replies = texts(await bot.say(ann, "9"))
    assert replies == ["Which do you mean?"]
    assert ann.inline_buttons() == [["09:00", "21:00"]]
    replies = texts(await bot.tap(ann, "21:00"))
    assert replies[0] == "Evening check-in: every day at 21:00."


async def test_a_checkin_after_midnight_asks_about_the_evening_before(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16008, "Ann")
    await bot.say(ann, "/start")
    await bot.say(ann, "Europe/Berlin")
    await bot.tap(ann, "Another time: I'll type it")
    await bot.say(ann, "00:30")
    await recap_off(bot, ann)
    clock.set(datetime(2026, 11, 20, 23, 30, tzinfo=UTC))  # Sat 21 Nov 00:30 Berlin
    assert await bot.tick() == 1
    assert ann.last_message.text == "Evening check-in · Fri 20 Nov\nHeadache yesterday?"
    await bot.tap(ann, "No")
    with db_session(bot) as session:
        [row] = session.exec(select(CheckIn)).all()
    assert (row.local_date.isoformat(), row.headache) == ("2026-11-20", False)


async def test_reminders_says_they_are_paused_for_a_blocked_user(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(16009, "Ann")
    await onboard(bot, ann)
    await recap_off(bot, ann)
    emulator.fail("sendMessage", error="forbidden", chat_id=16009)
    clock.set(FRIDAY_2100)
    assert await bot.tick() == 1  # the 403 pauses her reminders
    clock.advance(timedelta(days=3, hours=-1))
    # She comes back with /reminders: they resume from now, and no stale "next" is shown.
    replies = texts(await bot.say(ann, "/reminders"))
    assert "Evening check-in: 21:00 (next: 21:00)" in replies[0]
    assert "Paused" not in replies[0]


async def test_quiet_hours_read_the_same_everywhere_and_the_card_names_a_kind_once(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(16010, "Ann")
    await onboard(bot, ann)
    quiet = (
        "Quiet hours: 22:30-07:30. Attack follow-ups wait until they end; times you chose "
        "yourself (check-in, dose times, a snooze) are kept."
    )
    assert quiet in texts(await bot.say(ann, "/settings"))[0].split("\n")
    assert quiet in texts(await bot.say(ann, "/reminders"))[0].split("\n")
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    replies = texts(await bot.say(ann, "Propranolol"))
    assert replies[0] == "Added Propranolol. Check the details below:\nPropranolol · Preventive"
