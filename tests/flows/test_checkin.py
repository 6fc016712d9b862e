"""The evening check-in and the morning sleep question, tapped through against the emulator."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Attack, CheckIn, User
from tests.flows.helpers import db_session, recap_off, texts

EVENING = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)  # 20:00 UTC, a Friday


async def onboard(bot: SandboxBot, user: SimUser, zone: str = "UTC", at: str = "20:00") -> None:
    await bot.say(user, "/start")
    await bot.say(user, zone)
    await bot.tap(user, at)


def checkins_of(bot: SandboxBot, telegram_id: int) -> list[CheckIn]:
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == telegram_id)).one()
        return list(
            session.exec(
                select(CheckIn).where(CheckIn.user_id == user.id).order_by(col(CheckIn.local_date))
            )
        )


async def test_a_good_day_takes_three_taps(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4001, "Ann")
    await onboard(bot, ann)
    clock.set(EVENING)
    assert await bot.tick() == 1
    question = ann.last_message
    assert question.text == "Evening check-in · Fri 20 Nov\nHeadache today?"
    assert question.inline_buttons() == [
        ["No", "Yes, already logged"],
        ["Yes, log it now"],
        ["🔕 Turn off evening check-ins"],
    ]
    replies = texts(await bot.tap(ann, "No"))
    assert replies == ["Evening check-in · Fri 20 Nov\nHow many hours did you sleep last night?"]
    assert ann.inline_buttons() == [["≤4", "5", "6", "7"], ["8", "9", "10+"]]
    await bot.tap(ann, "7")
    replies = texts(await bot.tap(ann, "😊 Good"))
    assert replies == [
        "Evening check-in · Fri 20 Nov\nSaved ✓\nAnything else today? Optional: tap what applies."
    ]
    [row] = checkins_of(bot, 4001)
    assert (row.local_date, row.status, row.headache, row.sleep_hours, row.sleep_quality) == (
        date(2026, 11, 20),
        "answered",
        False,
        7.0,
        "good",
    )
    await bot.tap(ann, "☕ Caffeine")
    assert ann.inline_buttons()[0] == ["🏃 Exercise", "✓ ☕ Caffeine"]
    replies = texts(await bot.tap(ann, "Done"))
    assert replies == [
        "Evening check-in · Fri 20 Nov ✓\nHeadache: no\nSleep: 7 h, 😊 Good\nAlso: ☕ Caffeine"
    ]
    [row] = checkins_of(bot, 4001)
    assert (row.caffeine, row.exercise) == (True, None)
    # Answering again edits the same day.
    await bot.tap(ann, "Change headache")
    await bot.tap(ann, "Yes, already logged")
    [row] = checkins_of(bot, 4001)
    assert row.headache is True
    # Nothing more is sent before tomorrow's time.
    clock.advance(timedelta(hours=1))
    assert await bot.tick() == 0


async def test_yes_log_it_now_records_an_attack_on_that_day(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4002, "Ann")
    await onboard(bot, ann, zone="Europe/Berlin", at="21:00 ✓")
    clock.set(EVENING)
    await bot.tick()
    replies = texts(await bot.tap(ann, "Yes, log it now"))
    assert replies == ["Evening check-in · Fri 20 Nov\nRoughly when did it start?"]
    assert ann.inline_buttons() == [["06:00", "09:00", "12:00"], ["15:00", "18:00", "21:00"]]
    replies = texts(await bot.tap(ann, "15:00"))
    assert replies[0].startswith("Logged a headache from about 15:00.")
    with db_session(bot) as session:
        attack = session.exec(select(Attack)).one()
    assert attack.started_at == datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    [row] = checkins_of(bot, 4002)
    assert row.headache is True


async def test_an_unanswered_checkin_is_missed_and_its_buttons_still_work(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4003, "Ann")
    await onboard(bot, ann)
    clock.set(EVENING)
    await bot.tick()
    friday = ann.last_message
    clock.advance(timedelta(days=1))
    await bot.tick()
    rows = checkins_of(bot, 4003)
    assert [(r.local_date.day, r.status) for r in rows] == [(20, "missed"), (21, "pending")]
    # Friday's old message still answers Friday.
    await bot.tap(ann, "No", message=friday)
    rows = checkins_of(bot, 4003)
    assert [(r.local_date.day, r.status, r.headache) for r in rows] == [
        (20, "answered", False),
        (21, "pending", None),
    ]


async def test_another_users_checkin_button_is_refused(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4004, "Ann")
    bob = emulator.user(4005, "Bob")
    await onboard(bot, ann)
    await onboard(bot, bob)
    clock.set(EVENING)
    await bot.tick()
    [ann_row] = checkins_of(bot, 4004)
    await bot.press_data(bob, bob.last_message.message_id, f"ck:{ann_row.id}:h:n")
    assert bob.alerts[-1].text == "This check-in is no longer available."
    [ann_row] = checkins_of(bot, 4004)
    assert ann_row.headache is None
    for data in (f"ck:{ann_row.id}:sh:99", "ck:x:h:n", f"ck:{ann_row.id}:h:maybe"):
        await bot.press_data(ann, ann.last_message.message_id, data)
        assert (ann.alerts[-1].text or "").startswith("This button is from an older message")


async def test_morning_question_then_evening_skips_sleep(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4006, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/reminders")
    await bot.tap(ann, "🌅 Morning sleep question")
    replies = texts(await bot.tap(ann, "08:00"))
    assert "Morning sleep question: 08:00" in replies[0]
    clock.set(datetime(2026, 11, 21, 8, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    assert ann.last_message.text == (
        "Good morning · Sat 21 Nov\nHow many hours did you sleep last night?"
    )
    await bot.tap(ann, "≤4")
    replies = texts(await bot.tap(ann, "😣 Poor"))
    assert replies == ["Good morning · Sat 21 Nov ✓\nSleep: ≤4 h, 😣 Poor"]
    clock.set(datetime(2026, 11, 21, 20, 0, tzinfo=UTC))
    await bot.tick()
    replies = texts(await bot.tap(ann, "No"))
    assert replies[0].endswith("Anything else today? Optional: tap what applies.")
    rows = checkins_of(bot, 4006)
    assert [(r.local_date.day, r.headache, r.sleep_hours, r.sleep_quality) for r in rows] == [
        (21, False, 4.0, "poor")
    ]


async def test_turning_checkins_off_from_the_message(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4007, "Ann")
    await onboard(bot, ann)
    await recap_off(bot, ann)
    clock.set(EVENING)
    await bot.tick()
    replies = texts(await bot.tap(ann, "🔕 Turn off evening check-ins"))
    assert replies == ["Evening check-ins are off. /reminders turns them back on."]
    clock.advance(timedelta(days=1))
    assert await bot.tick() == 0
    replies = texts(await bot.tap(ann, "Undo"))
    assert replies == ["Evening check-ins are on again."]
    clock.advance(timedelta(days=1))
    assert await bot.tick() == 1
