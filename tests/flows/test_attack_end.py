"""Ending attacks, past attacks, the follow-up, /history and /undo, end to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import MedicationIntake, Reminder
from tests.flows.conftest import START
from tests.flows.helpers import attack_rows, db_session, onboard, texts


async def test_end_now_then_how_it_ended(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5001, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    clock.advance(timedelta(hours=3))
    screen = texts(await bot.tap_reply(ann, "✅ Attack over"))[0]
    assert screen == "🤕 Attack since 14:00 (3 h so far) · saved\n\nWhen did it end?"
    # 2 h ago is fine; the attack then lasted 1 h.
    screen = texts(await bot.tap(ann, "2 h ago"))[0]
    assert screen.startswith("🤕 Attack 14:00 – 15:00 (1 h) · saved")
    assert screen.endswith("Glad it's over. How did it end?")
    card = texts(await bot.tap(ann, "Medication helped"))[0]
    assert "Ended: Medication helped" in card
    [attack] = attack_rows(bot, 5001)
    assert attack.ended_at == START + timedelta(hours=1)
    assert attack.ended_how == "medication"
    with db_session(bot) as session:
        followup = session.exec(select(Reminder).where(Reminder.kind == "followup")).one()
    assert (followup.enabled, followup.next_fire_at) == (False, None)


async def test_end_before_start_is_refused_and_asked_again(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5002, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    clock.advance(timedelta(minutes=40))
    await bot.say(ann, "/end")
    question = ann.last_message
    assert texts(await bot.tap(ann, "1 h ago")) == []
    assert ann.alerts[-1].text == (
        "The end has to be after the start (14:00). Pick a later time or type one."
    )
    await bot.tap(ann, "Type a time", message=question)
    assert texts(await bot.say(ann, "13:00"))[0].startswith(
        "The end has to be after the start (14:00). When did it end?"
    )
    assert texts(await bot.say(ann, "soonish"))[0].startswith("I couldn't read that time.")
    replies = texts(await bot.say(ann, "14:30"))
    assert replies[0].endswith("Glad it's over. How did it end?")
    [attack] = attack_rows(bot, 5002)
    assert attack.ended_at == START + timedelta(minutes=30)


async def test_woke_up_without_it_across_midnight(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5003, "Ann")
    await onboard(bot, ann)
    clock.set(datetime(2026, 11, 20, 21, 0, tzinfo=UTC))  # 22:00 in Berlin
    await bot.say(ann, "migraine")
    clock.set(datetime(2026, 11, 21, 8, 0, tzinfo=UTC))  # 09:00 next morning
    await bot.say(ann, "it's over")
    await bot.tap(ann, "When I woke up")
    card = texts(await bot.tap(ann, "07:00"))[0]
    assert card.startswith("🤕 Attack yesterday 22:00 – 07:00 (9 h) · saved")
    assert "Ended: Woke up without it" in card
    [attack] = attack_rows(bot, 5003)
    assert attack.ended_at == datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


async def test_several_open_attacks_are_handled_explicitly(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5004, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    clock.advance(timedelta(hours=1))
    replies = texts(await bot.say(ann, "/log"))
    assert replies[0].startswith("The attack from 14:00 is still open; /end closes it.")
    replies = texts(await bot.say(ann, "/end"))
    assert replies == ["Several attacks are open. Which one is over?"]
    assert ann.inline_buttons() == [["Since 14:00"], ["Since 15:00"], ["All of them, just now"]]
    clock.advance(timedelta(minutes=10))
    assert texts(await bot.tap(ann, "All of them, just now")) == ["Closed 2 attacks."]
    assert [a.ended_at for a in attack_rows(bot, 5004)] == [clock.now(), clock.now()]
    assert texts(await bot.say(ann, "/end"))[0].startswith("No attack is open right now.")


async def test_backfill_across_midnight_then_the_same_questions(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(5005, "Ann")
    await onboard(bot, ann)
    screen = texts(await bot.tap_reply(ann, "📝 Past attack"))[0]
    assert screen.startswith("Logging an attack from earlier. Which day did it start?")
    assert ann.inline_buttons()[0] == ["Today", "Yesterday"]
    assert ann.inline_buttons()[1] == ["Wed 18 Nov", "Tue 17 Nov", "Mon 16 Nov"]
    assert texts(await bot.tap(ann, "Yesterday"))[0] == (
        "About what time did it start on Thursday 19 November?"
    )
    screen = texts(await bot.tap(ann, "22:00"))[0]
    assert screen == "🤕 Attack since yesterday 22:00 (16 h so far) · saved\n\nWhen did it end?"
    screen = texts(await bot.tap(ann, "8 hours later"))[0]
    assert screen.startswith("🤕 Attack yesterday 22:00 – 06:00 (8 h) · saved")
    assert screen.endswith(
        "How bad is the pain at its worst? 0 is no pain, 10 the worst imaginable."
    )
    [attack] = attack_rows(bot, 5005)
    assert attack.started_at == datetime(2026, 11, 19, 21, 0, tzinfo=UTC)
    assert attack.ended_at == datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
    assert attack.logged_via == "backfill"


async def test_backfill_typed_and_overlap_is_flagged(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(5006, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/past")
    await bot.tap(ann, "Another day: I'll type it")
    assert texts(await bot.say(ann, "someday"))[0].startswith("I couldn't read that day.")
    assert texts(await bot.say(ann, "2026-12-24"))[0].startswith("That's still in the future.")
    screen = texts(await bot.say(ann, "yesterday 15:00"))[0]
    assert screen.endswith("When did it end?")
    await bot.tap(ann, "Type a time")
    await bot.say(ann, "yesterday 21:00")
    await bot.say(ann, "/past")
    await bot.tap(ann, "Yesterday")
    await bot.tap(ann, "Another time: I'll type it")
    assert texts(await bot.say(ann, "25:00"))[0].startswith("I couldn't read that time.")
    await bot.say(ann, "18:00")
    await bot.tap(ann, "1 hour later")
    await bot.tap(ann, "Finish later")
    card = texts(await bot.tap(ann, "Add details"))[0]
    assert "⚠️ Overlaps with the attack of yesterday 15:00." in card
    assert len(attack_rows(bot, 5006)) == 2


async def test_followup_its_over_ends_the_attack_and_records_the_dose_effect(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5007, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 5007)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(ann, "Ibuprofen")
    await bot.tap(ann, "Just now")
    clock.advance(timedelta(hours=1))
    assert await bot.tick() == 0
    clock.advance(timedelta(hours=1, minutes=1))
    mark = ann.mark()
    assert await bot.tick() == 1
    assert await bot.tick() == 0  # never twice
    [question] = texts(ann.messages_since(mark))
    assert question == "🤕 Attack since 14:00 (2 h 1 min so far) · saved\n\nHow is it now?"
    replies = texts(await bot.tap(ann, "It's over"))
    assert replies[0].startswith(
        "🤕 Attack 14:00 – 16:01 (2 h 1 min) · saved\n\nNoted: It's over."
    )
    assert "Ibuprofen: pain-free at 2 h." in replies[0]
    [ended] = attack_rows(bot, 5007)
    assert ended.ended_at == clock.now()
    with db_session(bot) as session:
        intake = session.exec(select(MedicationIntake)).one()
    assert intake.effect_2h == "pain_free"


async def test_followup_asks_again_bounded_and_not_at_night(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5008, "Ann")
    await onboard(bot, ann, checkin="No evening check-ins")
    clock.set(datetime(2026, 11, 20, 17, 0, tzinfo=UTC))  # 18:00 Berlin
    await bot.say(ann, "/log")
    clock.set(datetime(2026, 11, 20, 19, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    replies = texts(await bot.tap(ann, "Same"))
    assert "I'll ask again at 22:00." in replies[0]
    clock.set(datetime(2026, 11, 20, 21, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    replies = texts(await bot.tap(ann, "Worse"))
    # 00:00 would be in quiet hours (22:30-07:30): asked in the morning instead.
    assert "I'll ask again at 07:30." in replies[0]
    clock.set(datetime(2026, 11, 21, 6, 30, tzinfo=UTC))
    assert await bot.tick() == 1
    replies = texts(await bot.tap(ann, "Better"))
    assert "I won't ask again; when it's over, tap “✅ Attack over”." in replies[0]
    clock.advance(timedelta(hours=5))
    assert await bot.tick() == 0


async def test_followup_missed_while_down_for_hours_is_skipped(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5009, "Ann")
    async with SandboxBot(settings, emulator=emulator, clock=clock) as first:
        await onboard(first, ann)
        await first.say(ann, "/log")
    clock.advance(timedelta(hours=5))  # due at +2 h, the bot was down until +5 h
    async with SandboxBot(settings, emulator=emulator, clock=clock) as second:
        mark = ann.mark()
        assert await second.tick() == 0
        assert ann.messages_since(mark) == []
        with db_session(second) as session:
            followup = session.exec(select(Reminder).where(Reminder.kind == "followup")).one()
    # Skipped, not fired, and not due again: it is never sent late.
    assert (followup.fire_count, followup.next_fire_at) == (0, None)


async def test_history_pages_and_opens_an_attack(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5010, "Ann")
    await onboard(bot, ann)
    assert texts(await bot.tap_reply(ann, "📖 History"))[0].startswith("No attacks recorded yet.")
    for intensity in range(7):
        await bot.say(ann, f"migraine {intensity}")
        clock.advance(timedelta(minutes=20))
        await bot.say(ann, "it's over")
        await bot.tap(ann, "Just now")
        clock.advance(timedelta(minutes=40))
    screen = texts(await bot.say(ann, "/history"))[0]
    assert screen.splitlines()[0] == "Your attacks (1-5 of 7). Tap a number to open one:"
    assert screen.splitlines()[2] == "1. 20:00 · 20 min · 6/10"
    assert ann.inline_buttons() == [["1", "2", "3", "4", "5"], ["Older ›"]]
    screen = texts(await bot.tap(ann, "Older ›"))[0]
    assert screen.splitlines()[2] == "6. 15:00 · 20 min · 1/10"
    assert ann.inline_buttons() == [["6", "7"], ["‹ Newer"]]
    card = texts(await bot.tap(ann, "7"))[0]
    assert card.startswith("🤕 Attack 14:00 – 14:20 (20 min) · saved")
    assert "Intensity: 0/10" in card


async def test_undo_removes_the_last_record(bot: SandboxBot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(5011, "Ann")
    await onboard(bot, ann)
    assert texts(await bot.say(ann, "/undo")) == ["There's nothing to undo: your diary is empty."]
    await bot.say(ann, "migraine 5")
    [attack] = attack_rows(bot, 5011)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(ann, "Paracetamol")
    await bot.tap(ann, "30 min ago")
    screen = texts(await bot.say(ann, "/undo"))[0]
    assert screen == (
        "The last thing you recorded was the dose of Paracetamol 1000 mg at 13:30. Remove it?"
    )
    assert texts(await bot.tap(ann, "Yes, remove it")) == ["Removed."]
    with db_session(bot) as session:
        assert session.exec(select(MedicationIntake)).all() == []
    screen = texts(await bot.say(ann, "/undo"))[0]
    assert screen.startswith("The last thing you recorded was the attack of 14:00")
    assert texts(await bot.tap(ann, "No, keep it")) == ["Kept. Nothing was changed."]
    await bot.say(ann, "/undo")
    await bot.tap(ann, "Yes, remove it")
    assert attack_rows(bot, 5011) == []
