"""/summary and the weekly recap, end to end."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator, SentMessage
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Reminder, User
from tests.flows.helpers import db_session, onboard, texts


def _png_size(message: SentMessage) -> tuple[int, int]:
    assert message.photo is not None
    png = message.photo.content
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


async def test_summary_sends_the_chart_and_the_numbers(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(7001, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "migraine 6")
    clock.advance(timedelta(hours=5))
    await bot.say(ann, "it's over")
    await bot.tap(ann, "Just now")
    chart, text = await bot.tap_reply(ann, "📊 Summary")
    assert chart.caption == "Your last 7 days (14 Nov – 20 Nov)"
    assert _png_size(chart) == (1080, 720)
    assert text.text is not None
    assert text.text.startswith(
        "Your last 7 days (14 Nov – 20 Nov)\n\n1 attack · headache days: 1 of 7\n"
    )
    assert "Intensity: 6.0 on average, 6 at worst" in text.text
    assert "Duration: 5 h median, 5 h in all" in text.text
    [chart, text] = await bot.say(ann, "/summary 30")
    assert chart.caption == "Your last 30 days (22 Oct – 20 Nov)"
    assert text.text is not None
    assert "Treatment goal (IHS 2025)" in text.text


async def test_summary_of_an_empty_period_and_a_bad_argument(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(7002, "Ann")
    await onboard(bot, ann)
    assert texts(await bot.say(ann, "/summary")) == [
        "Your last 7 days (14 Nov – 20 Nov)\n\n"
        "Nothing is recorded for these days yet. When an attack starts, tap “🤕 Attack now”; "
        "the evening check-in records headache-free days too, and those count."
    ]
    for bad in ("/summary 12", "/summary someday", "/summary 2027-01"):
        replies = texts(await bot.say(ann, bad))
        assert replies[0].startswith("I can summarise the last 7, 30, 90 or 365 days"), bad
    replies = texts(await bot.say(ann, "/summary 2026-10"))
    assert replies == [
        "October 2026\n\n"
        "Nothing is recorded for these days yet. When an attack starts, tap “🤕 Attack now”; "
        "the evening check-in records headache-free days too, and those count."
    ]


async def test_weekly_recap_arrives_on_sunday_evening_and_not_for_an_empty_week(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(7003, "Ann")
    bob = emulator.user(7004, "Bob")
    await onboard(bot, ann, checkin="No evening check-ins")
    await onboard(bot, bob, checkin="No evening check-ins")
    await bot.say(ann, "migraine 5")
    clock.set(datetime(2026, 11, 22, 17, 59, tzinfo=UTC))  # Sunday 18:59 in Berlin
    assert await bot.tick() == 0
    clock.set(datetime(2026, 11, 22, 18, 0, tzinfo=UTC))  # Sunday 19:00
    mark = ann.mark()
    assert await bot.tick() == 1  # Ann's recap; Bob recorded nothing, so none for him
    chart, text = ann.messages_since(mark)
    assert chart.caption == "Your last 7 days (16 Nov – 22 Nov)"
    assert _png_size(chart) == (1080, 720)
    assert text.text is not None
    assert "1 attack (1 still going) · headache days: 3 of 7" in text.text
    assert bob.messages_since(mark) == []
    clock.advance(timedelta(hours=1))
    assert await bot.tick() == 0  # once, never twice


async def test_recap_day_and_time_can_be_changed_or_turned_off(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(7005, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/settings")
    screen = texts(await bot.tap(ann, "Weekly recap"))[0]
    assert screen.endswith("Now: Sundays at 19:00.")
    assert ann.inline_buttons() == [
        ["Mon", "Tue", "Wed", "Thu"],
        ["Fri", "Sat", "✓ Sun"],
        ["17:00", "18:00", "✓ 19:00", "20:00", "21:00"],
        ["No weekly recap", "✓ Done"],
    ]
    await bot.tap(ann, "Mon")
    screen = texts(await bot.tap(ann, "20:00"))[0]
    assert screen.endswith("Now: Mondays at 20:00.")
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 7005)).one()
        recap = session.exec(
            select(Reminder).where(Reminder.user_id == user.id, Reminder.kind == "recap")
        ).one()
    assert (recap.weekdays, recap.local_time, recap.enabled) == ("1000000", time(20, 0), True)
    # Monday 23 Nov 20:00 in Berlin is 19:00 UTC.
    assert recap.next_fire_at == datetime(2026, 11, 23, 19, 0, tzinfo=UTC)
    screen = texts(await bot.tap(ann, "No weekly recap"))[0]
    assert screen.endswith("Now: off.")
    replies = texts(await bot.tap(ann, "✓ Done"))
    assert "Weekly recap: off" in replies[0]
