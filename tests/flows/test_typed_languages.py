"""One typed message logs a whole attack, in the user's language, end to end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Medication, MedicationIntake
from tests.flows.helpers import attack_rows, db_session, onboard, texts

# Each message: intensity 7, a start at 14:00 Berlin, Sumatriptan 50 mg, nausea, the left
# side, and one part the bot cannot understand (where the user is), which must be named back.
MESSAGES = [
    (
        5101,
        "en",
        "migraine 7 since 2pm, took sumatriptan 50 mg, nausea, left side, at work",
        "at work",
    ),
    (
        5102,
        "de",
        "Migräne 7 seit 14 Uhr, Sumatriptan 50 mg genommen, Übelkeit, links, im Büro",
        "im Büro",
    ),
    (
        5103,
        "ru",
        "мигрень 7 с 14:00, выпила суматриптан 50 мг, тошнота, слева, на работе",
        "на работе",
    ),
    (
        5104,
        "ar",
        "صداع نصفي 7 منذ 2 ظهرا، أخذت سوماتريبتان 50 ملغ، غثيان، الجانب الأيسر، في العمل",
        "في العمل",
    ),
]


@pytest.mark.parametrize(("user_id", "language", "message", "leftover"), MESSAGES)
async def test_one_message_logs_the_whole_attack(
    bot: SandboxBot,
    emulator: BotApiEmulator,
    user_id: int,
    language: str,
    message: str,
    leftover: str,
) -> None:
    user = emulator.user(user_id, "Ann", language_code=language)
    await onboard(bot, user)
    reply = "\n".join(texts(await bot.say(user, message)))
    [attack] = attack_rows(bot, user_id)
    # 14:00 in Berlin on the test day (the clock stands at 14:00 local).
    assert attack.started_at.astimezone(UTC) == datetime(2026, 11, 20, 13, 0, tzinfo=UTC)
    assert attack.peak_intensity == 7
    assert attack.nausea is True
    assert attack.side == "left"
    with db_session(bot) as session:
        [intake] = session.exec(
            select(MedicationIntake).where(MedicationIntake.attack_id == attack.id)
        ).all()
        medication = session.get(Medication, intake.medication_id)
    assert medication is not None
    assert medication.name == "Sumatriptan"
    assert intake.dose == "50 mg"
    # The card shows what was understood, and the reply names what was not.
    assert "Sumatriptan 50 mg" in reply
    assert f"“{leftover}”" in reply


async def test_a_message_understood_in_full_names_nothing_back(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    user = emulator.user(5105, "Ann", language_code="en")
    await onboard(bot, user)
    reply = "\n".join(texts(await bot.say(user, "migraine 6, nausea, right side")))
    assert "I didn't understand" not in reply
    [attack] = attack_rows(bot, 5105)
    assert (attack.peak_intensity, attack.nausea, attack.side) == (6, True, "right")


async def test_a_warning_sign_in_another_language_gets_the_urgent_message(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    # The user's Telegram is English; the warning sign is typed in German.
    user = emulator.user(5106, "Ann", language_code="en")
    await onboard(bot, user)
    reply = "\n".join(texts(await bot.say(user, "Ich kann nicht sprechen")))
    assert "urgent" in reply.lower()
