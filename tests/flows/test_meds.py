"""/meds and preventive dose reminders, end to end."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from sqlmodel import select

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Medication, MedicationIntake, Reminder
from tests.flows.helpers import db_session, texts
from tests.flows.test_checkin import onboard


async def test_add_an_unknown_medication_through_every_question(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(5001, "Ann")
    await onboard(bot, ann)
    replies = texts(await bot.say(ann, "/meds"))
    assert replies[0].startswith("Your medications\nNothing here yet.")
    await bot.tap(ann, "➕ Add a medication")
    assert texts(await bot.say(ann, "   ")) == [
        "That doesn't look like a medication name. Please type just the name, up to 40 "
        "characters, for example Sumatriptan."
    ]
    replies = texts(await bot.say(ann, "magnesium citrate"))
    assert replies[0].startswith("What kind of medication is Magnesium citrate?")
    replies = texts(await bot.tap(ann, "Other"))
    assert replies == ["Do you take Magnesium citrate for attacks, or every day to prevent them?"]
    replies = texts(await bot.tap(ann, "Every day (preventive)"))
    assert replies[0].startswith("Type your usual dose of Magnesium citrate")
    assert texts(await bot.say(ann, "lots")) == [
        "I couldn't read that as a dose. Please type a number with its unit, for example "
        "50 mg or 1 tablet (up to 24 characters)."
    ]
    replies = texts(await bot.say(ann, "400mg"))
    assert replies[0] == "Magnesium citrate · Other · 400 mg · preventive"
    assert replies[1] == "When should I remind you to take Magnesium citrate?"
    await bot.tap(ann, "Another time: I'll type it")
    assert texts(await bot.say(ann, "25:99")) == [
        "“25:99” isn't a time I can read. Please type it like 08:30 or 9pm."
    ]
    replies = texts(await bot.say(ann, "23:00"))
    assert replies[0].startswith("Magnesium citrate · Other · 400 mg · preventive · ⏰ 23:00")
    assert "inside your quiet hours; I'll still send it" in replies[0]
    with db_session(bot) as session:
        med = session.exec(select(Medication)).one()
        reminder = session.exec(select(Reminder).where(Reminder.kind == "medication")).one()
    assert (med.name, med.drug_class, med.is_preventive, med.usual_dose) == (
        "Magnesium citrate",
        "other",
        True,
        "400 mg",
    )
    assert reminder.local_time == time(23, 0)
    assert reminder.medication_id == med.id
    # Typed text is no longer taken as a time.
    assert texts(await bot.say(ann, "08:00"))[0].startswith("I didn't catch that")


async def test_known_medication_edit_and_archive(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(5002, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    replies = texts(await bot.say(ann, "ibuprofen"))
    assert replies == [
        "Added Ibuprofen. Check the details below:\n"
        "Ibuprofen · Anti-inflammatory (NSAID) · 400 mg · acute"
    ]
    await bot.tap(ann, "Dose")
    replies = texts(await bot.say(ann, "600 mg"))
    assert replies[0] == "Ibuprofen · Anti-inflammatory (NSAID) · 600 mg · acute"
    replies = texts(await bot.tap(ann, "Kind"))
    replies = texts(await bot.tap(ann, "Triptan"))
    assert replies[0] == "Ibuprofen · Triptan · 600 mg · acute"
    replies = texts(await bot.tap(ann, "🗄 Archive (keeps its history)"))
    assert replies[0].startswith("Ibuprofen is archived")
    replies = texts(await bot.tap(ann, "« All medications"))
    assert replies[0].startswith("Your medications\nNothing here yet.")


async def test_preventive_reminder_taken_skip_snooze(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(5003, "Ann")
    await onboard(bot, ann, zone="Europe/Berlin", at="21:00 ✓")
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    replies = texts(await bot.say(ann, "Propranolol"))
    assert replies[1] == "When should I remind you to take Propranolol?"
    await bot.tap(ann, "08:00")
    # 08:00 Berlin on Saturday 21 Nov is 07:00 UTC.
    clock.set(datetime(2026, 11, 21, 7, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    reminder = ann.last_message
    assert reminder.text == "💊 Time for Propranolol, your 08:00 dose."
    assert reminder.inline_buttons() == [
        ["Taken", "Skip"],
        ["Snooze 30 min"],
        ["🔕 Turn off dose reminders"],
    ]
    replies = texts(await bot.tap(ann, "Snooze 30 min"))
    assert replies == ["💊 Propranolol, 08:00 dose: I'll ask again at 08:30."]
    clock.advance(timedelta(minutes=30))
    assert await bot.tick() == 1
    assert ann.last_message.text == "💊 Time for Propranolol, your 08:00 dose."
    replies = texts(await bot.tap(ann, "Taken"))
    assert replies == ["💊 Propranolol, 08:00 dose: taken ✓"]
    # Pressing the first message's Taken too does not record a second dose.
    await bot.tap(ann, "Taken", message=reminder)
    await bot.tap(ann, "Skip")
    with db_session(bot) as session:
        intakes = session.exec(select(MedicationIntake)).all()
        reminders = session.exec(select(Reminder).where(Reminder.kind == "medication")).all()
    assert [(i.status, i.taken_at) for i in intakes] == [
        ("skipped", datetime(2026, 11, 21, 7, 0, tzinfo=UTC))
    ]
    assert len(reminders) == 1  # the snooze is gone
    # A forged dose button for another user's medication is refused.
    bob = emulator.user(5004, "Bob")
    await onboard(bot, bob)
    med_id = intakes[0].medication_id
    await bot.press_data(bob, bob.last_message.message_id, f"md:{med_id}:3558180:t")
    assert bob.alerts[-1].text == "That medication is no longer on your list."


async def test_reminders_lists_everything_in_local_time(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(5005, "Ann")
    await onboard(bot, ann, zone="Europe/Berlin", at="21:00 ✓")
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    await bot.say(ann, "Topiramate")
    await bot.tap(ann, "20:00")
    replies = texts(await bot.say(ann, "/reminders"))
    assert replies == [
        "Your reminders · Europe/Berlin\n"
        "Evening check-in: 21:00 (next: 21:00)\n"
        "Morning sleep question: off\n"
        "Topiramate: 20:00 (next: 20:00)\n"
        "Weekly recap: Sundays at 19:00 (next: Sun 22 Nov 19:00)\n"
        "Attack follow-ups: on (about 2 h after an attack or a dose)\n"
        "Quiet hours: 22:30-07:30. Attack follow-ups wait until they end; times you chose "
        "yourself (check-in, dose times, a snooze) are kept."
    ]
    assert ann.inline_buttons() == [
        ["🔕 Evening check-ins off"],
        ["🌅 Morning sleep question"],
        ["🔕 Dose reminders off"],
        ["🔕 Attack follow-ups off"],
        ["🔕 Weekly recaps off"],
        ["🌙 Quiet hours"],
    ]
    replies = texts(await bot.tap(ann, "🔕 Dose reminders off"))
    assert "Topiramate: off" in replies[0]
    await bot.tap(ann, "🔕 Attack follow-ups off")
    replies = texts(await bot.tap(ann, "🌙 Quiet hours"))
    await bot.tap(ann, "23:00")
    replies = texts(await bot.tap(ann, "07:00"))
    assert replies[0] == "Quiet hours: 23:00-07:00."
    assert "Attack follow-ups: off" in replies[1]
    assert "Quiet hours: 23:00-07:00." in replies[1]
    # Changing the timezone moves the dose reminder with it.
    await bot.say(ann, "/settings")
    await bot.tap(ann, "Change timezone")
    await bot.say(ann, "Tokyo")
    await bot.say(ann, "/reminders")
    await bot.tap(ann, "🔔 Dose reminders on")
    with db_session(bot) as session:
        checkin = session.exec(select(Reminder).where(Reminder.kind == "checkin")).one()
        dose = session.exec(select(Reminder).where(Reminder.kind == "medication")).one()
    # 13:00 UTC is 22:00 in Tokyo: 21:00 and 20:00 Tokyo tomorrow.
    assert checkin.next_fire_at == datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    assert dose.next_fire_at == datetime(2026, 11, 21, 11, 0, tzinfo=UTC)
