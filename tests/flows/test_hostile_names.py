"""User-typed names that look like HTML, through every screen that shows them.

The emulator parses HTML exactly as strictly as Telegram (stricter for a stray ``&``), so an
unescaped name fails the send; each screen must also show the name exactly as typed.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator, SentMessage, SimUser
from bot.sandbox.harness import SandboxBot
from tests.flows.helpers import attack_rows, texts

FIRST_NAME = "<b>Al</b> & Co"
SYMPTOM = "<b>x</b>"  # stored with a capital first letter where it is a letter
TRIGGER = "A < b & c"
DESCRIPTION = "&nbsp; feels &lt;odd&gt;"
MEDICATION = "&nbsp;"
PREVENTIVE = "<i>Mg</i> & B6"


def everything_seen(user: SimUser) -> str:
    """Every text, caption, button and alert the user has seen."""
    parts: list[str] = []
    for message in user.messages:
        parts.append(message.text or message.caption or "")
        parts += [label for row in message.inline_buttons() for label in row]
    parts += [alert.text or "" for alert in user.alerts]
    return "\n".join(parts)


def shows(messages: list[SentMessage], *names: str) -> str:
    text = "\n".join(texts(messages))
    for name in names:
        assert name in text, f"{name!r} not shown in {text!r}"
    return text


async def test_hostile_names_show_literally_on_every_screen(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(8101, FIRST_NAME)
    welcome = await bot.say(ann, "/start")
    shows(welcome, f"Hi {FIRST_NAME}!")
    await bot.say(ann, "UTC")
    await bot.tap(ann, "20:00")
    assert texts(await bot.say(ann, "/start"))[0].startswith(f"Welcome back, {FIRST_NAME}!")

    # The attack: own symptom, own trigger, twitching description, a typed medicine.
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 8101)
    await bot.tap(ann, "Skip ›")  # intensity; medication comes next
    await bot.tap(ann, "Something else: I'll type it")
    shows(await bot.say(ann, MEDICATION), f"What kind of medicine is {MEDICATION}?")
    await bot.tap(ann, "Triptan")
    shows(await bot.tap(ann, "Just now"), f"• {MEDICATION} at 13:00")
    assert f"✕ Remove {MEDICATION}" in [b for row in ann.inline_buttons() for b in row]
    await bot.tap(ann, "Done ›")
    card_id = ann.last_message.message_id
    await bot.press_data(ann, card_id, f"a:{attack.id}:f:sym:open")
    await bot.tap(ann, "Muscle twitching")
    await bot.tap(ann, "+ Add my own")
    await bot.say(ann, SYMPTOM)
    assert f"✓ {SYMPTOM}" in [b for row in ann.inline_buttons() for b in row]
    await bot.tap(ann, "Done ›")
    await bot.tap(ann, "✎ Describe it")
    shows(await bot.say(ann, DESCRIPTION), "About the muscle twitching")
    await bot.tap(ann, "Done ›")
    await bot.tap(ann, "+ Add my own")
    await bot.say(ann, TRIGGER)
    assert f"✓ {TRIGGER}" in [b for row in ann.inline_buttons() for b in row]
    card = shows(
        await bot.tap(ann, "Done ›"),
        f"Symptoms: Muscle twitching, {SYMPTOM}",
        f"Twitching: —: “{DESCRIPTION}”",
        f"Medication: {MEDICATION} at 13:00",
        f"Possible triggers: {TRIGGER}",
    )
    assert card.startswith("🤕 Attack since 13:00")

    # The follow-up two hours after the dose names the medicine.
    clock.advance(timedelta(hours=2))
    assert await bot.tick() == 1
    shows(await bot.tap(ann, "Better"), f"{MEDICATION}: ")

    # /history and /undo name it too.
    await bot.say(ann, "it's over")
    await bot.tap(ann, "Just now")
    shows(await bot.say(ann, "/history"), f"· {MEDICATION}")
    shows(await bot.say(ann, "/undo"), f"the dose of {MEDICATION} at")
    await bot.tap(ann, "No, keep it")

    # A preventive with a reminder: /meds, its screen, the reminder, /reminders.
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    shows(await bot.say(ann, PREVENTIVE), f"What kind of medication is {PREVENTIVE}?")
    await bot.tap(ann, "Other")
    await bot.tap(ann, "Every day (preventive)")
    shows(await bot.say(ann, "400mg"), f"{PREVENTIVE} · Other · 400 mg · preventive")
    await bot.tap(ann, "21:00")
    shows(await bot.say(ann, "/meds"), f"{MEDICATION} · Triptan", PREVENTIVE)
    assert [PREVENTIVE] in ann.inline_buttons()
    shows(await bot.tap(ann, PREVENTIVE), f"{PREVENTIVE} · Other · 400 mg")
    shows(await bot.say(ann, "/reminders"), f"{PREVENTIVE}: 21:00")
    # 21:00: the evening check-in (due since 20:00) and the dose reminder.
    clock.set(datetime(2026, 11, 20, 21, 0, tzinfo=UTC))
    assert await bot.tick() == 2
    [checkin, reminder] = ann.messages[-2:]
    shows([reminder], f"💊 Time for {PREVENTIVE} (400 mg), your 21:00 dose.")
    shows(await bot.tap(ann, "Taken", message=reminder), f"💊 {PREVENTIVE}, 21:00 dose: taken ✓")
    await bot.tap(ann, "Yes, already logged", message=checkin)
    await bot.tap(ann, "7", message=checkin)
    # No preventive question: the dose was just recorded as taken.
    await bot.tap(ann, "😊 Good", message=checkin)
    shows(await bot.tap(ann, "Done", message=checkin), "Evening check-in · Fri 20 Nov ✓")
    summary = shows(
        await bot.say(ann, "/summary"),
        f"{MEDICATION} at 2 h",
        f"{SYMPTOM} 1",
        f"Tagged on attacks: {TRIGGER} 1",
    )
    assert "Your last 7 days" in summary

    # Nothing anywhere was refused, shown escaped, or shown as formatting.
    seen = everything_seen(ann)
    # The description and the medicine were typed with entities in them; nothing else has any.
    rest = seen.replace(DESCRIPTION, "").replace(MEDICATION, "")
    assert [e for e in ("&lt;", "&gt;", "&amp;", "&quot;") if e in rest] == []
    assert "went wrong" not in seen
