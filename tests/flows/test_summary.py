"""/summary and the weekly recap, end to end."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator, SentMessage
from bot.sandbox.harness import SandboxBot
from bot.storage.models import CheckIn, Reminder, User
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
    # Issue 12.8: the title is said once, in the text (the chart draws it in the image).
    assert chart.caption is None
    assert _png_size(chart)[0] == 1080
    assert text.text is not None
    assert text.text.startswith(
        "Your last 7 days (14\u2009–\u200920 Nov)\n"
        "Recorded on 1 of 7 days (1 with headache, 0 without) · 6 days unknown (not counted as "
        "headache-free)\n\n"
        "1 attack · headache days: 1 of 7\n"
    )
    assert "Intensity: 6.0 on average, 6 at worst" in text.text
    assert "Duration: 5 h median, 5 h in all" in text.text
    [chart, text] = await bot.say(ann, "/summary 30")
    assert chart.caption is None
    assert text.text is not None
    assert text.text.startswith("Your last 30 days (22 Oct\u2009–\u200920 Nov)\n")
    # One recorded day of 30 is too few for the treatment-goal band (issue 12.4).
    assert "Treatment goal (IHS 2025)" not in text.text


async def test_summary_of_an_empty_period_and_a_bad_argument(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(7002, "Ann")
    await onboard(bot, ann)
    assert texts(await bot.say(ann, "/summary")) == [
        "Your last 7 days (14\u2009–\u200920 Nov)\n\n"
        "Nothing is recorded for these days yet. When an attack starts, tap “🤕 Attack now”; "
        "the evening check-in records headache-free days too, and those count."
    ]
    for bad in ("/summary 12", "/summary someday", "/summary 2027-01"):
        replies = texts(await bot.say(ann, bad))
        assert replies[0].startswith("I can summarise the last 7, 30, 90 or 365 days"), bad
    # Issue 12.8: on the 1st of a month "this month so far" is one day, not "1 days".
    clock.set(datetime(2026, 12, 1, 20, 0, tzinfo=UTC))
    await bot.say(ann, "migraine 5")
    [_, text] = await bot.say(ann, "/summary month")
    assert text.text is not None
    assert text.text.startswith(
        "This month so far (1 Dec)\nRecorded on 1 of 1 day (1 with headache, 0 without)"
        "\n\n1 attack (1 still going)"
    )
    assert " 1 days" not in text.text
    assert "answered on 0 of 1 day" in text.text
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
    # Both recaps are queued; Bob recorded nothing, so his sends nothing (checked when sent).
    assert await bot.tick() == 2
    chart, text = ann.messages_since(mark)
    assert chart.caption is None
    assert text.text is not None
    assert text.text.startswith("Your last 7 days (16\u2009–\u200922 Nov)\n")
    assert _png_size(chart)[0] == 1080
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


async def test_days_without_a_record_are_unknown_until_the_user_says_no_headache(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    # Issue 12.4: an almost empty 30-day diary is not "optimal control".
    ann = emulator.user(7006, "Ann")
    await onboard(bot, ann, checkin="No evening check-ins")
    await bot.say(ann, "migraine 6")
    clock.advance(timedelta(hours=5))
    await bot.say(ann, "it's over")
    await bot.tap(ann, "Just now")
    [_, text] = await bot.say(ann, "/summary 30")
    assert text.text is not None
    assert (
        "Recorded on 1 of 30 days (1 with headache, 0 without) · 29 days unknown (not counted "
        "as headache-free)\n"
        "Left out until at least 24 of the 30 days are recorded: the treatment-goal band, the "
        "chronic-pattern check."
    ) in text.text
    assert "Treatment goal" not in text.text
    assert "headache-free days" not in text.text
    # A day with an attack stays a headache day.
    assert texts(await bot.say(ann, "/noheadache")) == [
        "An attack is recorded on Fri 20 Nov, so it stays a headache day. If that attack was "
        "a mistake, /history can delete it."
    ]
    assert texts(await bot.say(ann, "/noheadache tomorrow"))[0].startswith(
        "Send /noheadache for today, or /noheadache yesterday."
    )
    # 23 more days said headache-free, one a day (and one of them for yesterday): 24 of 30.
    for _ in range(22):
        clock.advance(timedelta(days=1))
        [reply] = texts(await bot.say(ann, "/noheadache"))
        assert reply.startswith("Noted: no headache today (")
    clock.advance(timedelta(days=2))
    assert texts(await bot.say(ann, "/noheadache yesterday")) == [
        "Noted: no headache yesterday (Sun 13 Dec)."
    ]
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 7006)).one()
        rows = session.exec(select(CheckIn).where(CheckIn.user_id == user.id)).all()
    assert len(rows) == 23
    assert {(row.headache, row.status) for row in rows} == {(False, "answered")}
    [_, text] = await bot.say(ann, "/summary 30")
    assert text.text is not None
    assert "Recorded on 24 of 30 days (1 with headache, 23 without)" in text.text
    assert (
        "Treatment goal (IHS 2025): 1 day with migraine or moderate/severe headache: optimal "
        "control (under 4)."
    ) in text.text
