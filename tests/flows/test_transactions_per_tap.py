"""Each /meds and check-in tap runs its use case in one transaction (plus the arrival's).

An update costs the arrival's transaction (is it a redelivery? who sent it?) and, for a tap,
one use-case transaction that also carries the once-only record (docs/architecture.md, "The
update pipeline"). Counted with SQLAlchemy event listeners on the bot's engine, as
``bench/statements.py`` does.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SandboxBot
from bot.services.context import ServiceContext
from tests.flows.test_checkin import EVENING, onboard

ARRIVAL = 1  # the arrival's transaction, before the use case's
USE_CASE = 1


class TransactionCounter:
    """Counts ended transactions (commits and rollbacks) and statements on one engine."""

    def __init__(self, bot: SandboxBot) -> None:
        services = bot.application.bot_data["services"]
        assert isinstance(services, ServiceContext)
        self.transactions = 0
        self.statements = 0
        engine = services.database.engine
        event.listen(engine, "commit", self._transaction)
        event.listen(engine, "rollback", self._transaction)
        event.listen(engine, "before_cursor_execute", self._statement)

    def _transaction(self, *_args: Any) -> None:
        self.transactions += 1

    def _statement(self, *_args: Any) -> None:
        self.statements += 1


async def _tap(bot: SandboxBot, counter: TransactionCounter, user: SimUser, label: str) -> int:
    before = counter.transactions
    await bot.tap(user, label)
    return counter.transactions - before


MEDS_TAPS = [
    "Kind",  # opens the class question
    "Triptan",  # sets the class, shows the card
    "Make it preventive",  # sets the kind
    "⏰ Add a reminder time",
    "08:00",  # adds a dose time
    "Dose",  # awaits a typed dose
    "Skip",  # back to the card
    "Kind",
    "Other",
    "🗄 Archive (keeps its history)",
    "« All medications",
    "➕ Add a medication",
]


async def test_each_meds_tap_is_one_transaction(bot: SandboxBot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(7101, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    await bot.say(ann, "ibuprofen")
    counter = TransactionCounter(bot)
    costs = {label: await _tap(bot, counter, ann, label) for label in MEDS_TAPS}
    assert costs == dict.fromkeys(MEDS_TAPS, ARRIVAL + USE_CASE)


@pytest.mark.parametrize(
    "taps",
    [
        ["No", "7", "😊 Good", "☕ Caffeine", "Done", "Change headache", "Yes, already logged"],
        ["Yes, log it now", "15:00"],  # the hour records an attack in the same transaction
    ],
)
async def test_each_checkin_tap_is_one_transaction(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock, taps: list[str]
) -> None:
    ann = emulator.user(7102, "Ann")
    await onboard(bot, ann)
    clock.set(EVENING)
    assert await bot.tick() == 1
    counter = TransactionCounter(bot)
    costs = [(label, await _tap(bot, counter, ann, label)) for label in taps]
    assert costs == [(label, ARRIVAL + USE_CASE) for label in taps]
