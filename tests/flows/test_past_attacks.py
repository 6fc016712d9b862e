"""Past attacks on their own timeline: dose times, the 2 h effect, typed ends, one dose once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import MedicationIntake
from tests.flows.conftest import START
from tests.flows.helpers import attack_rows, db_session, onboard, texts


def intakes(bot: SandboxBot) -> list[MedicationIntake]:
    with db_session(bot) as session:
        return list(session.exec(select(MedicationIntake).order_by(col(MedicationIntake.id))))


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


async def test_doses_for_an_attack_nine_days_ago_land_on_its_day(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(7101, "Ann")
    await onboard(bot, ann)  # Berlin; today is Friday 20 November, 14:00
    await bot.say(ann, "/past")
    await bot.tap(ann, "Another day: I'll type it")
    await bot.say(ann, "11.11")
    await bot.tap(ann, "15:00")
    await bot.tap(ann, "4 hours later")
    [attack] = attack_rows(bot, 7101)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
    screen = texts(await bot.tap(ann, "Ibuprofen"))[0]
    assert screen.endswith("When did you take Ibuprofen 400 mg?")
    # The choices are on the attack's timeline, not counted back from today.
    assert ann.inline_buttons() == [
        ["At its start (15:00)", "30 min in (15:30)"],
        ["1 h in (16:00)", "2 h in (17:00)"],
        ["At its end (19:00)"],
        ["Another time: I'll type it"],
        ["« Back"],
    ]
    screen = texts(await bot.tap(ann, "1 h in (16:00)"))[0]
    assert "• Ibuprofen 400 mg at Wed 11 Nov 16:00" in screen
    # A typed clock time is read on the attack's day.
    await bot.tap(ann, "Sumatriptan")
    await bot.tap(ann, "Another time: I'll type it")
    assert texts(await bot.say(ann, "whenever"))[0].startswith("I couldn't read that time.")
    # "yesterday 15:00" is a week after the attack: shown and asked about, not saved.
    screen = texts(await bot.say(ann, "yesterday 15:00"))[0]
    assert screen.endswith(
        "Sumatriptan 50 mg at yesterday 15:00: that's 7 d 20 h after the attack ended. "
        "Is that right?"
    )
    assert len(intakes(bot)) == 1
    await bot.tap(ann, "No, another time")
    await bot.tap(ann, "Another time: I'll type it")
    screen = texts(await bot.say(ann, "14:30"))[0]
    assert "• Sumatriptan 50 mg at Wed 11 Nov 14:30" in screen
    assert [i.taken_at for i in intakes(bot)] == [utc(11, 15), utc(11, 13, 30)]

    # The same when a dose is added from /history.
    await bot.say(ann, "/history")
    await bot.tap(ann, "1")
    await bot.tap(ann, "Medication")
    await bot.tap(ann, "Paracetamol")
    assert ann.inline_buttons()[0] == ["At its start (15:00)", "30 min in (15:30)"]
    await bot.tap(ann, "Another time: I'll type it")
    screen = texts(await bot.say(ann, "13.11 09:00"))[0]
    assert "that's 1 d 14 h after the attack ended. Is that right?" in screen
    screen = texts(await bot.tap(ann, "Yes, that's right"))[0]
    assert "• Paracetamol 1000 mg at Fri 13 Nov 09:00" in screen
    assert [i.taken_at for i in intakes(bot)] == [utc(11, 15), utc(11, 13, 30), utc(13, 8)]
    # Nothing landed on the day it was typed.
    assert all(i.taken_at < START - timedelta(days=6) for i in intakes(bot))


async def test_past_attack_asks_whether_the_medication_worked(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(7102, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/past")
    await bot.tap(ann, "Yesterday")
    await bot.tap(ann, "15:00")
    await bot.tap(ann, "2 hours later")
    # A 2-hour attack with every migraine feature: untreated it would be too short (ICHD-3 1.1 B).
    await bot.tap(ann, "7")
    await bot.tap(ann, "Sumatriptan")
    await bot.tap(ann, "At its start (15:00)")
    screen = texts(await bot.tap(ann, "Done ›"))[0]
    assert "Did the medication work within 2 hours?" in screen
    assert ann.inline_buttons()[:3] == [
        ["Yes: pain gone within 2 h"],
        ["Partly: better, not gone"],
        ["No"],
    ]
    screen = texts(await bot.tap(ann, "Yes: pain gone within 2 h"))[0]
    assert screen.endswith("Where does it hurt? Tap all that apply.")
    await bot.tap(ann, "Left")
    await bot.tap(ann, "Done ›")
    await bot.tap(ann, "Throbbing / pulsating")
    await bot.tap(ann, "Yes, worse")
    await bot.tap(ann, "Nausea")
    screen = texts(await bot.tap(ann, "Done ›"))[0]
    assert screen.endswith("Anything that might have set it off? Tap all that apply.")
    [intake] = intakes(bot)
    assert intake.effect_2h == "pain_free"
    # Labelled as the same attack logged live would be.
    replies = texts(await bot.say(ann, "/summary"))
    assert "meet the migraine criteria: 1" in "\n".join(replies)

    # The card edits it.
    await bot.say(ann, "/history")
    card = texts(await bot.tap(ann, "1"))[0]
    assert "Medication: Sumatriptan 50 mg at yesterday 15:00 (pain-free at 2 h)" in card
    await bot.tap(ann, "Did it work?")
    card = texts(await bot.tap(ann, "Partly: better, not gone"))[0]
    assert "Medication: Sumatriptan 50 mg at yesterday 15:00 (better at 2 h)" in card
    [intake] = intakes(bot)
    assert intake.effect_2h == "partial"


async def test_a_bare_end_time_is_the_first_after_the_start(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(7103, "Ann")
    await onboard(bot, ann)
    clock.set(utc(25, 14))  # Wednesday 15:00 in Berlin
    await bot.say(ann, "/past")
    await bot.tap(ann, "Another day: I'll type it")
    await bot.say(ann, "sunday 22:00")
    await bot.tap(ann, "Type a time")
    screen = texts(await bot.say(ann, "03:00"))[0]
    # Monday 03:00, not Wednesday 03:00 (which made it "2 d 5 h" and three headache days).
    assert screen.startswith("🤕 Attack Sun 22:00 – Mon 03:00 (5 h) · saved")
    [attack] = attack_rows(bot, 7103)
    assert attack.ended_at == utc(23, 2)


async def test_an_attack_over_a_day_is_confirmed_before_it_is_saved(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(7104, "Ann")
    await onboard(bot, ann)
    clock.set(utc(25, 14))
    await bot.say(ann, "/past")
    await bot.tap(ann, "Another day: I'll type it")
    await bot.say(ann, "monday 08:00")
    await bot.tap(ann, "Type a time")
    # A typed end with a day.
    screen = texts(await bot.say(ann, "wed 09:00"))[0]
    assert screen.endswith(
        "That makes the attack 2 d 1 h long (Mon 08:00 – 09:00). Is that right?"
    )
    [attack] = attack_rows(bot, 7104)
    assert attack.ended_at is None
    screen = texts(await bot.tap(ann, "No, change it"))[0]
    assert screen.endswith("When did it end?")
    await bot.tap(ann, "Type a time")
    await bot.say(ann, "tue 09:00")
    screen = texts(await bot.tap(ann, "Yes, that's right"))[0]
    assert screen.startswith("🤕 Attack Mon 08:00 – yesterday 09:00 (1 d 1 h) · saved")
    assert screen.endswith(
        "How bad is the pain at its worst? 0 is no pain, 10 the worst imaginable."
    )
    [attack] = attack_rows(bot, 7104)
    assert attack.ended_at == utc(24, 8)

    # /end on an attack open for 26 h asks too.
    await bot.say(ann, "/log")
    clock.advance(timedelta(hours=26))
    await bot.say(ann, "/end")
    screen = texts(await bot.tap(ann, "Just now"))[0]
    assert screen.endswith(
        "That makes the attack 1 d 2 h long (yesterday 15:00 – 17:00). Is that right?"
    )
    assert attack_rows(bot, 7104)[-1].ended_at is None
    screen = texts(await bot.tap(ann, "Yes, that's right"))[0]
    assert screen.endswith("Glad it's over. How did it end?")
    assert attack_rows(bot, 7104)[-1].ended_at == clock.now().replace(second=0, microsecond=0)

    # And a changed start on the card.
    await bot.say(ann, "/history")
    await bot.tap(ann, "1")
    await bot.tap(ann, "Start / end")
    await bot.tap(ann, "Change the start")
    screen = texts(await bot.say(ann, "mon 12:00"))[0]
    assert "Is that right?" in screen
    await bot.tap(ann, "No, change it")
    assert attack_rows(bot, 7104)[-1].started_at == utc(25, 14)


async def test_a_dose_tapped_twice_is_recorded_once(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(7105, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 7105)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(ann, "Ibuprofen")
    # Two quick taps on "Just now", the second before the first was answered.
    ann.press("Just now")
    clock.advance(timedelta(seconds=20))
    second = ann.press("Just now")
    await bot.handled(second)
    assert len(intakes(bot)) == 1
    assert ann.alerts[-1].text == "Already recorded: that dose is in your diary once."
    assert "• Ibuprofen 400 mg at 14:00" in (ann.last_message.text or "")
    # A real second dose, at another time, is still recorded.
    await bot.tap(ann, "Ibuprofen 400 mg")
    await bot.tap(ann, "2 h ago")
    first_at = START + timedelta(seconds=20)  # both taps were handled after the clock moved
    assert [i.taken_at for i in intakes(bot)] == [first_at, first_at - timedelta(hours=2)]
