"""Telegram's size limits on every screen: huge typed messages, and very long lists.

The emulator refuses what Telegram refuses (4,096 characters of text after entity parsing, 100
inline buttons, 64-byte callback data, 200-character callback answers), so a screen that would
break a limit fails its send and the user sees "something went wrong" instead.
"""

from __future__ import annotations

from datetime import time

from sqlmodel import select

from bot.sandbox import BotApiEmulator, SentMessage, SimUser
from bot.sandbox.entities import utf16_length
from bot.sandbox.harness import SandboxBot
from bot.services import medlist
from bot.services.context import ServiceContext
from bot.storage.models import Attack, CustomItem, Medication, MedicationIntake, User
from bot.views.callbacks import Action, encode
from tests.flows.helpers import attack_rows, db_session, texts
from tests.flows.test_checkin import onboard

HUGE = ("migraine " * 10_000)[:90_000] + "<b>&"  # 90 KB, ending in markup characters
MAX_TEXT = 4096
MAX_BUTTONS = 100


def within_limits(messages: list[SentMessage]) -> list[SentMessage]:
    """Assert that each message fits Telegram's limits; return them."""
    for message in messages:
        assert utf16_length(message.text or message.caption or "") <= MAX_TEXT
        assert sum(len(row) for row in message.inline_buttons()) <= MAX_BUTTONS
    return messages


def no_error(user: SimUser) -> None:
    seen = [m.text or "" for m in user.messages]
    assert not [text for text in seen if "went wrong" in text], seen


async def answer_huge(bot: SandboxBot, user: SimUser) -> str:
    """Send the 90 KB message; return the bot's first reply, checked against the limits."""
    replies = within_limits(await bot.say(user, HUGE))
    no_error(user)
    assert replies, "no reply to a 90 KB message"
    return texts(replies)[0]


async def test_a_90_kb_message_gets_a_short_answer_in_every_state(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(8201, "Ann")
    await bot.say(ann, "/start")
    assert "for “migraine migraine migraine migraine mig…”" in await answer_huge(bot, ann)
    await bot.say(ann, "UTC")
    await bot.tap(ann, "Another time: I'll type it")
    reply = await answer_huge(bot, ann)
    assert reply.startswith("“migraine migraine migraine migraine mig…” isn't a time I can read")
    await bot.tap(ann, "20:00")
    # Nothing awaited: free text.
    await answer_huge(bot, ann)
    # Every typed answer of an attack.
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 8201)
    message = ann.last_message.message_id
    for step, op in (
        ("sym", "add"),
        ("trg", "add"),
        ("med", "new"),
        ("time", "start"),
        ("time", "end"),
    ):
        await bot.press_data(ann, message, f"a:{attack.id}:e:{step}:open")
        within_limits(
            await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:e:{step}:{op}")
        )
        await answer_huge(bot, ann)
        await bot.say(ann, "/start")  # leave the typed question
    # /meds: a name, then a time.
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    await answer_huge(bot, ann)
    # /past: a typed day.
    await bot.say(ann, "/past")
    await bot.tap(ann, "Another day: I'll type it")
    await answer_huge(bot, ann)
    # /settings: a typed timezone.
    await bot.say(ann, "/settings")
    await bot.tap(ann, "Change timezone")
    await answer_huge(bot, ann)
    # /import expects a file.
    await bot.say(ann, "/import")
    await answer_huge(bot, ann)


async def test_commands_with_a_90_kb_argument(bot: SandboxBot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(8202, "Ann")
    await onboard(bot, ann)
    for command in ("/summary", "/report", "/start", "/log", "/end", "/history", "/meds"):
        replies = within_limits(await bot.say(ann, f"{command} {HUGE}"))
        assert replies, command
        no_error(ann)


def seed_long_lists(bot: SandboxBot, telegram_id: int, attack_id: int, count: int) -> None:
    """Give the user ``count`` own symptoms, triggers and medications (as an old import might).

    All of them are ticked on the attack, with a dose of each medication (long labels, so the
    lists are as long as they can be).
    """
    services = bot.application.bot_data["services"]
    assert isinstance(services, ServiceContext)
    now = services.clock.now()
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == telegram_id)).one()
        assert user.id is not None
        user_id = user.id
        symptoms = [f"Symptom number {n:03d} with a long name xx" for n in range(count)]
        triggers = [f"Trigger number {n:03d} with a long name xxx" for n in range(count)]
        for kind, labels in (("symptom", symptoms), ("trigger", triggers)):
            session.add_all(
                CustomItem(user_id=user.id, kind=kind, label=label, created_at=now)
                for label in labels
            )
        meds = [
            Medication(
                user_id=user.id,
                name=f"Medication {n:03d} with a long name",
                drug_class="preventive" if n % 2 else "nsaid",
                is_preventive=bool(n % 2),
                usual_dose="400 mg",
                created_at=now,
            )
            for n in range(count)
        ]
        session.add_all(meds)
        session.flush()
        session.add_all(
            MedicationIntake(
                user_id=user.id,
                medication_id=med.id or 0,
                attack_id=attack_id,
                drug_class=med.drug_class,
                dose="400 mg",
                taken_at=now,
                created_at=now,
            )
            for med in meds
            if not med.is_preventive
        )
        attack = session.get(Attack, attack_id)
        assert attack is not None
        attack.other_symptoms = [f"c:{label}" for label in symptoms]
        attack.triggers = [f"c:{label}" for label in triggers]
        session.add(attack)
        session.commit()
        preventive_ids = [med.id or 0 for med in meds if med.is_preventive]
    for medication_id in preventive_ids:
        added = medlist.add_dose_time(
            services, user_id=user_id, medication_id=medication_id, local_time=time(8, 0)
        )
        assert added is not None


async def test_500_own_triggers_symptoms_and_medications_fit_every_screen(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(8203, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 8203)
    assert attack.id is not None
    seed_long_lists(bot, 8203, attack.id, 500)
    message = ann.last_message.message_id
    for step in ("sym", "med"):
        assert within_limits(await bot.press_data(ann, message, f"a:{attack.id}:e:{step}:open"))
        no_error(ann)
    assert "… and 240 earlier doses" in (ann.last_message.text or "")
    # The triggers page through the user's own ones, 20 a page; a tick keeps its page.
    within_limits(await bot.press_data(ann, message, f"a:{attack.id}:e:trg:open"))
    assert "✓ Trigger number 019 with a long name xxx" in str(ann.inline_buttons())
    for _ in range(2):
        within_limits(await bot.tap(ann, "More ›"))
    assert ann.inline_buttons()[0] == [
        "✓ Trigger number 040 with a long name xxx",
        "✓ Trigger number 041 with a long name xxx",
    ]
    within_limits(await bot.tap(ann, "✓ Trigger number 041 with a long name xxx"))
    assert ann.inline_buttons()[0][1] == "Trigger number 041 with a long name xxx"
    last = ann.last_message.message_id
    within_limits(await bot.press_data(ann, last, f"a:{attack.id}:e:trg:pg:24"))
    assert "More ›" not in str(ann.inline_buttons())
    assert "✓ Trigger number 499 with a long name xxx" in str(ann.inline_buttons())
    card = within_limits(await bot.press_data(ann, message, f"a:{attack.id}:e:card:show"))
    no_error(ann)
    assert "Trigger number 019 with a long name xxx … and 479 more" in texts(card)[0]
    for command in ("/meds", "/reminders", "/history", "/undo", "/summary", "/end"):
        assert within_limits(await bot.say(ann, command)), command
        no_error(ann)
    # /meds pages through all 500, ten at a time.
    [first] = await bot.say(ann, "/meds")
    within_limits(await bot.tap(ann, "More ›"))
    assert "Page 2 of 50." in (ann.last_message.text or "")
    within_limits(await bot.press_data(ann, first.message_id, encode(Action.MEDS, "l", 49)))
    assert ann.last_message.text is not None
    assert "Page 50 of 50." in ann.last_message.text
    assert ["Medication 499 with a long name"] in ann.inline_buttons()


async def test_own_items_and_medications_are_capped_with_a_clear_answer(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(8204, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    [attack] = attack_rows(bot, 8204)
    assert attack.id is not None
    seed_long_lists(bot, 8204, attack.id, 30)  # exactly the caps for symptoms and triggers
    message = ann.last_message.message_id
    await bot.press_data(ann, message, f"a:{attack.id}:e:trg:open")
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:e:trg:add")
    [reply] = within_limits(await bot.say(ann, "thunder"))
    assert reply.text is not None
    assert reply.text.startswith(
        "You have 30 triggers of your own, the most I keep, so I didn't add this one."
    )
    assert "Thunder" not in str(ann.inline_buttons())
    # One already on the list is still ticked.
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:e:trg:add")
    await bot.say(ann, "trigger number 003 with a long name xxx")
    await bot.press_data(ann, message, f"a:{attack.id}:e:sym:open")
    await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:e:sym:add")
    assert texts(await bot.say(ann, "jaw pain"))[0].startswith(
        "You have 30 symptoms of your own, the most I keep"
    )
    # 30 medications are on the list; 20 more fill it, then one more is refused.
    for n in range(20):
        await bot.say(ann, "/meds")
        await bot.tap(ann, "➕ Add a medication")
        await bot.say(ann, f"Extra {n}")
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    assert texts(await bot.say(ann, "Naproxen")) == [
        "Your list already has 50 medications, the most I keep, so I didn't add this one. "
        "Archive one you no longer take in /meds, then add it."
    ]
    [screen] = await bot.press_data(ann, message, f"a:{attack.id}:e:med:open")
    await bot.tap(ann, "Something else: I'll type it", message=screen)
    assert texts(await bot.say(ann, "Rizatriptan"))[0].startswith(
        "Your list already has 50 medications"
    )
    no_error(ann)
