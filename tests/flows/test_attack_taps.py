"""How many actions the most urgent thing mid-attack takes: attack, intensity, a triptan now."""

from __future__ import annotations

from sqlmodel import select

from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import MedicationIntake
from tests.flows.helpers import attack_rows, db_session, onboard, texts

# Issue 16: recording "attack + intensity + a triptan taken now" took 9 actions (medication was
# the 7th question); the target is 4 or fewer.
MOST_ACTIONS_FOR_ATTACK_INTENSITY_TRIPTAN = 4


async def test_attack_intensity_and_a_triptan_now_take_four_actions(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(16101, "Ann")
    await onboard(bot, ann)
    before = emulator.updates.last_update_id
    await bot.tap_reply(ann, "🤕 Attack now")
    screen = texts(await bot.tap(ann, "7"))[0]
    assert screen.endswith("Did you take anything for it? Tap what you took.")
    await bot.tap(ann, "Sumatriptan")
    screen = texts(await bot.tap(ann, "Just now"))[0]
    actions = emulator.updates.last_update_id - before
    assert actions <= MOST_ACTIONS_FOR_ATTACK_INTENSITY_TRIPTAN
    assert "Taken for this attack:\n• Sumatriptan 50 mg at 14:00" in screen
    [attack] = attack_rows(bot, 16101)
    with db_session(bot) as session:
        [intake] = session.exec(select(MedicationIntake)).all()
    assert (attack.peak_intensity, intake.drug_class, intake.attack_id) == (
        7,
        "triptan",
        attack.id,
    )
