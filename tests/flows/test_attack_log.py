"""Logging an attack mid-attack, end to end: one tap, the questions, the card."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import col, select

from bot.clock import FixedClock
from bot.config import Settings
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import BodySymptom, Medication, MedicationIntake, Reminder
from tests.flows.conftest import START
from tests.flows.helpers import attack_rows, db_session, onboard, texts


async def test_one_tap_records_the_attack_before_any_question(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4001, "Ann")
    await onboard(bot, ann)
    replies = texts(await bot.tap_reply(ann, "🤕 Attack now"))
    assert replies == [
        "🤕 Attack since 14:00 (0 min so far) · saved\n\n"
        "How bad is the pain at its worst? 0 is no pain, 10 the worst imaginable."
    ]
    assert ann.inline_buttons() == [
        ["0", "1", "2", "3"],
        ["4", "5", "6", "7"],
        ["8", "9", "10"],
        ["Skip ›", "Finish later"],
    ]
    # Abandoned after the first tap: the attack is stored, open, with a follow-up in 2 h.
    [attack] = attack_rows(bot, 4001)
    assert (attack.started_at, attack.ended_at, attack.logged_via) == (START, None, "now")
    with db_session(bot) as session:
        followup = session.exec(select(Reminder).where(Reminder.kind == "followup")).one()
    assert followup.attack_id == attack.id
    assert followup.next_fire_at == START + timedelta(hours=2)


async def test_every_question_answered_then_the_card(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4002, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    screen = texts(await bot.tap(ann, "7"))[0]
    # Medication comes right after intensity: what matters most mid-attack.
    assert screen.endswith("Did you take anything for it? Tap what you took.")
    await bot.tap(ann, "Sumatriptan")
    clock.advance(timedelta(minutes=5))
    screen = texts(await bot.tap(ann, "Just now"))[0]
    assert "Taken for this attack:\n• Sumatriptan 50 mg at 14:05" in screen
    screen = texts(await bot.tap(ann, "Done ›"))[0]
    assert screen.endswith("Where does it hurt? Tap all that apply.")
    # Multi-select edits the same message in place.
    message_id = ann.last_message.message_id
    await bot.tap(ann, "Left")
    await bot.tap(ann, "Temple")
    await bot.tap(ann, "Around the eye")
    assert ann.last_message.message_id == message_id
    assert ann.inline_buttons()[0] == ["✓ Left", "Right", "Both sides"]
    assert [b for row in ann.inline_buttons() for b in row if "Temple" in b] == ["✓ Temple"]
    await bot.tap(ann, "Done ›")
    await bot.tap(ann, "Throbbing / pulsating")
    await bot.tap(ann, "Yes, worse")
    for symptom in ("Aura", "Nausea", "Light hurts", "Noise hurts", "Muscle twitching"):
        await bot.tap(ann, symptom)
    screen = texts(await bot.tap(ann, "Done ›"))[0]
    assert "About the aura" in screen
    await bot.tap(ann, "Visual (zigzags, flashes, blind spot)")
    await bot.tap(ann, "Headache within 60 min")
    screen = texts(await bot.tap(ann, "Done ›"))[0]
    assert "About the muscle twitching" in screen
    await bot.tap(ann, "Eyelid / face")
    await bot.tap(ann, "Left")
    await bot.tap(ann, "Before the headache")
    await bot.tap(ann, "✎ Describe it")
    replies = texts(await bot.say(ann, "left eyelid flickering"))
    assert "✎ Change the description" in [b for row in ann.inline_buttons() for b in row]
    assert "About the muscle twitching" in replies[0]
    screen = texts(await bot.tap(ann, "Done ›"))[0]
    assert "Anything that might have set it off?" in screen
    await bot.tap(ann, "Poor sleep")
    await bot.tap(ann, "Stress")
    card = texts(await bot.tap(ann, "Done ›"))[0]
    assert card == (
        "🤕 Attack since 14:00 (5 min so far) · saved\n"
        "\n"
        "Intensity: 7/10\n"
        "Where: Left, Temple, Around the eye\n"
        "Feels: Throbbing / pulsating, worse with activity\n"
        "Symptoms: Aura, Nausea, Light hurts, Noise hurts, Muscle twitching\n"
        "Aura: Visual (zigzags, flashes, blind spot); headache within 60 min: yes\n"
        "Twitching: Eyelid / face, Left, Before the headache: “left eyelid flickering”\n"
        "Medication: Sumatriptan 50 mg at 14:05\n"
        "Possible triggers: Poor sleep, Stress"
    )
    [attack] = attack_rows(bot, 4002)
    assert attack.peak_intensity == 7
    assert (attack.side, attack.locations, attack.quality) == (
        "left",
        ["temple", "eye"],
        "pulsating",
    )
    assert (attack.worse_with_activity, attack.aura, attack.aura_types) == (True, True, ["visual"])
    assert attack.aura_headache_within_60min is True
    assert (attack.nausea, attack.light_sensitivity, attack.sound_sensitivity) == (
        True,
        True,
        True,
    )
    # Not ticked when "Done" was tapped: recorded as absent.
    assert attack.vomiting is False
    assert attack.other_symptoms == ["twitching"]
    assert attack.triggers == ["poor_sleep", "stress"]
    with db_session(bot) as session:
        twitch = session.exec(select(BodySymptom)).one()
        intake = session.exec(select(MedicationIntake)).one()
        med = session.exec(select(Medication)).one()
        followup = session.exec(select(Reminder).where(Reminder.kind == "followup")).one()
    assert (twitch.region, twitch.side, twitch.phase) == ("eyelid_face", "left", "before")
    assert twitch.description == "left eyelid flickering"
    assert (med.name, med.drug_class, med.usual_dose) == ("Sumatriptan", "triptan", "50 mg")
    assert (intake.drug_class, intake.dose, intake.attack_id) == ("triptan", "50 mg", attack.id)
    assert intake.taken_at == START + timedelta(minutes=5)
    # The follow-up moved to two hours after the dose.
    assert followup.next_fire_at == START + timedelta(minutes=125)
    assert ann.inline_buttons()[-2:] == [
        ["Aura", "Twitching", "Did it work?"],
        ["🗑 Delete", "✓ Done"],
    ]
    await bot.tap(ann, "Twitching")
    await bot.tap(ann, "✎ Change the description")
    assert texts(await bot.say(ann, "x" * 301))[0].startswith(
        "That description is too long; please keep it under 300 characters."
    )
    await bot.say(ann, "both eyelids")
    assert texts(await bot.tap(ann, "✓ Done"))[0].startswith("🤕 Attack since 14:00")
    closed = texts(await bot.tap(ann, "✓ Done"))[0]
    assert "Twitching: Eyelid / face, Left, Before the headache: “both eyelids”" in closed
    assert closed.endswith("When it's over, tap “✅ Attack over” or send /end.")


async def test_finish_later_keeps_the_attack_open(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4003, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "migraine 6")
    screen = texts(await bot.tap(ann, "Finish later"))[0]
    assert screen == (
        "🤕 Attack since 14:00 (0 min so far) · saved\n\n"
        "Rest now. I'll ask how it's going at 16:00. Add details any time:"
    )
    [attack] = attack_rows(bot, 4003)
    assert (attack.peak_intensity, attack.ended_at) == (6, None)
    card = texts(await bot.tap(ann, "Add details"))[0]
    assert "Intensity: 6/10" in card


async def test_typed_attack_with_start_time_and_intensity(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4004, "Ann")
    await onboard(bot, ann)
    screen = texts(await bot.say(ann, "headache 5/10 since 11:30"))[0]
    # The intensity is known, so the first question is the medication.
    assert screen.startswith("🤕 Attack since 11:30 (2 h 30 min so far) · saved")
    assert screen.endswith("Did you take anything for it? Tap what you took.")
    [attack] = attack_rows(bot, 4004)
    assert attack.started_at == datetime(2026, 11, 20, 10, 30, tzinfo=UTC)
    assert attack.peak_intensity == 5


async def test_out_of_range_intensity_and_unreadable_start_are_explained(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4005, "Ann")
    await onboard(bot, ann)
    screen = texts(await bot.say(ann, "migraine 12"))[0]
    assert screen.startswith("Intensity goes from 0 to 10; tap it below.")
    assert "How bad is the pain at its worst?" in screen
    [attack] = attack_rows(bot, 4005)
    assert attack.peak_intensity is None


async def test_double_tap_continues_the_same_attack(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4006, "Ann")
    await onboard(bot, ann)
    await bot.tap_reply(ann, "🤕 Attack now")
    replies = texts(await bot.tap_reply(ann, "🤕 Attack now"))
    assert replies[0].startswith("You just logged this one; carrying on with it.")
    assert len(attack_rows(bot, 4006)) == 1
    # The same intensity button pressed twice stores one answer.
    question = ann.last_message
    await bot.tap(ann, "8", message=question)
    await bot.press_data(ann, question.message_id, ann_intensity_data(bot, 4006, 8))
    [attack] = attack_rows(bot, 4006)
    assert attack.peak_intensity == 8


def ann_intensity_data(bot: SandboxBot, telegram_id: int, value: int) -> str:
    [attack] = attack_rows(bot, telegram_id)
    return f"a:{attack.id}:f:int:v:{value}"


async def test_a_foreign_attack_id_is_refused_without_leaking(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4007, "Ann")
    eve = emulator.user(4008, "Eve")
    await onboard(bot, ann)
    await onboard(bot, eve)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 4007)
    eve_message = eve.last_message
    for data in (
        f"a:{attack.id}:f:int:v:3",
        f"a:{attack.id}:e:card:delyes",
        f"a:{attack.id}:e:card:show",
        f"end:{attack.id}:m:0",
        f"fu:{attack.id}:over",
    ):
        replies = await bot.press_data(eve, eve_message.message_id, data)
        assert replies == []
        assert eve.alerts[-1].text == "That attack isn't in your diary any more."
    [unchanged] = attack_rows(bot, 4007)
    assert (unchanged.peak_intensity, unchanged.ended_at) == (None, None)


async def test_forged_values_on_real_attacks_are_refused(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4009, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 4009)
    message = ann.last_message
    for data in (
        f"a:{attack.id}:f:int:v:11",
        f"a:{attack.id}:f:int:v:x",
        f"a:{attack.id}:f:loc:t:knee",
        f"a:{attack.id}:f:q:v:sharp",
        f"a:{attack.id}:f:nope:v:1",
        f"a:{attack.id}:x:int:v:1",
        f"a:{attack.id}:f:sym:ct:5",
        f"a:{attack.id}:f:med:m:999",
    ):
        await bot.press_data(ann, message.message_id, data)
        assert ann.alerts[-1].text == (
            "This button is from an older message and no longer works. Try /help."
        ), data
    [unchanged] = attack_rows(bot, 4009)
    assert (unchanged.peak_intensity, unchanged.locations, unchanged.quality) == (None, [], None)


async def test_restart_mid_flow_and_the_old_buttons_still_work(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(4010, "Ann")
    async with SandboxBot(settings, emulator=emulator, clock=clock) as first:
        await onboard(first, ann)
        await first.say(ann, "/log")
        await first.tap(ann, "9")
        await first.tap(ann, "Skip ›")  # the medication
        where = ann.last_message
        await first.tap(ann, "Right", message=where)
    async with SandboxBot(settings, emulator=emulator, clock=clock) as second:
        await second.tap(ann, "Neck", message=where)
        screen = texts(await second.tap(ann, "Done ›", message=where))[0]
        assert screen.endswith("What does the pain feel like?")
        [attack] = attack_rows(second, 4010)
    assert (attack.peak_intensity, attack.side, attack.locations) == (9, "right", ["neck"])


async def test_typed_medicine_unknown_name_asks_its_class(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4011, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 4011)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(ann, "Something else: I'll type it")
    assert texts(await bot.say(ann, "   "))[0].startswith("That doesn't look like a medicine name")
    assert texts(await bot.say(ann, "!!!"))[0].startswith("That doesn't look like a medicine name")
    screen = texts(await bot.say(ann, "zomig nasal"))[0]
    assert "What kind of medicine is Zomig nasal?" in screen
    await bot.tap(ann, "Triptan")
    await bot.tap(ann, "Add the dose")
    assert texts(await bot.say(ann, "a lot"))[0].startswith(
        "I couldn't read that dose; it needs a number"
    )
    screen = texts(await bot.say(ann, "5mg"))[0]
    assert "• Zomig nasal 5 mg at 14:00" in screen
    with db_session(bot) as session:
        med = session.exec(select(Medication)).one()
        intake = session.exec(select(MedicationIntake)).one()
    assert (med.name, med.drug_class) == ("Zomig nasal", "triptan")
    assert (intake.drug_class, intake.dose) == ("triptan", "5 mg")


async def test_custom_symptom_and_trigger_are_added_to_the_lists(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4012, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 4012)
    message = ann.last_message.message_id
    await bot.press_data(ann, message, f"a:{attack.id}:f:sym:open")
    await bot.tap(ann, "+ Add my own")
    too_long = "x" * 41
    assert texts(await bot.say(ann, too_long))[0].startswith("That's not a symptom I can save")
    screen = await bot.say(ann, "jaw pain")
    assert "✓ Jaw pain" in [b for row in screen[0].inline_buttons() for b in row]
    [triggers] = await bot.press_data(ann, message, f"a:{attack.id}:f:trg:open")
    await bot.tap(ann, "+ Add my own", message=triggers)
    await bot.say(ann, "bright light")
    [stored] = attack_rows(bot, 4012)
    assert stored.other_symptoms == ["c:Jaw pain"]
    assert stored.triggers == ["c:Bright light"]
    # The user's own items are offered next time, unticked.
    await bot.say(ann, "/log")
    rows = attack_rows(bot, 4012)
    assert len(rows) == 1  # continued (double-tap window)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:sym:open")
    assert "✓ Jaw pain" in [b for row in ann.inline_buttons() for b in row]


async def test_red_flag_gets_the_urgent_message(bot: SandboxBot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(4013, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    await bot.tap(ann, "Skip ›")
    [attack] = attack_rows(bot, 4013)
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:sym:open")
    await bot.tap(ann, "🚩 Worst ever, weakness, numbness, confusion…")
    replies = texts(await bot.tap(ann, "Numbness"))
    assert replies[-1].startswith("🚨 Please seek urgent medical care now.")
    assert attack_rows(bot, 4013)[0].red_flags == ["numbness"]
    # Typing it is enough too.
    replies = texts(await bot.say(ann, "worst headache of my life"))
    assert replies[-1].startswith("🚨 Please seek urgent medical care now.")


async def test_edit_from_the_card_and_delete_with_confirmation(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(4014, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "migraine 4")
    await bot.tap(ann, "Finish later")
    await bot.tap(ann, "Add details")
    await bot.tap(ann, "Intensity")
    assert ann.inline_buttons()[-1] == ["« Back"]
    assert "✓ 4" in [b for row in ann.inline_buttons() for b in row]
    card = texts(await bot.tap(ann, "6"))
    assert "Intensity: 6/10" in card[0]
    await bot.tap(ann, "Start / end")
    await bot.tap(ann, "Change the start")
    assert texts(await bot.say(ann, "tomorrow-ish"))[0].startswith("I couldn't read that time.")
    replies = texts(await bot.say(ann, "13:10"))
    assert replies[0].startswith("🤕 Attack since 13:10")
    assert attack_rows(bot, 4014)[0].started_at == datetime(2026, 11, 20, 12, 10, tzinfo=UTC)
    await bot.tap(ann, "🗑 Delete")
    assert texts(await bot.tap(ann, "No, keep it"))[0].startswith("🤕 Attack since 13:10")
    await bot.tap(ann, "🗑 Delete")
    assert texts(await bot.tap(ann, "Yes, delete it")) == ["Deleted. It's gone from your diary."]
    assert attack_rows(bot, 4014) == []
    with db_session(bot) as session:
        assert (
            session.exec(select(Reminder).where(col(Reminder.attack_id).is_not(None))).all() == []
        )
