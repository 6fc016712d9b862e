"""Statements and transactions per tap on the hot path (not a test; run on purpose).

``python -m bench.statements`` logs an attack for one onboarded user, then counts, with
SQLAlchemy event listeners on the bot's engine, the SQL statements and the transactions
(commits and rollbacks) each kind of tap costs: an answer that writes (intensity), a
multi-select tick (a location), a screen that only moves on (Skip) and a medication screen.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bot.clock import FixedClock
from bot.config import load_settings
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.services.context import ServiceContext

TAPS_PER_KIND = 5


class Counter:
    """Counts statements and ended transactions on one engine."""

    def __init__(self) -> None:
        self.statements = 0
        self.transactions = 0

    def attach(self, engine: Any) -> None:
        """Listen on ``engine``."""
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._transaction)
        event.listen(engine, "rollback", self._transaction)

    def _statement(self, *_args: Any) -> None:
        self.statements += 1

    def _transaction(self, *_args: Any) -> None:
        self.transactions += 1


async def measure() -> dict[str, tuple[float, float]]:
    """Return ``{tap kind: (statements, transactions)}`` per tap."""
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(
            None, database_url=f"sqlite:///{Path(folder) / 'd.db'}", default_timezone="UTC"
        )
        emulator = BotApiEmulator()
        clock = FixedClock(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
        async with SandboxBot(settings, emulator=emulator, clock=clock) as bot:
            services = bot.application.bot_data["services"]
            assert isinstance(services, ServiceContext)
            counter = Counter()
            counter.attach(services.database.engine)
            user = emulator.user(9001, "Bench")
            await bot.say(user, "/start")
            await bot.say(user, "Europe/Berlin")
            await bot.tap(user, "21:00 ✓")
            taps: dict[str, list[tuple[int, int]]] = {}

            async def tap(kind: str, label: str) -> None:
                before = (counter.statements, counter.transactions)
                await bot.tap(user, label)
                after = (counter.statements, counter.transactions)
                taps.setdefault(kind, []).append((after[0] - before[0], after[1] - before[1]))

            for _ in range(TAPS_PER_KIND):
                await bot.say(user, "/end")
                clock.advance(timedelta(hours=3))
                await bot.say(user, "/log")
                await tap("intensity (writes, next question)", "7")
                await tap("tick a location (writes, same screen)", "Temple")
                await tap("done (no write, next question)", "Done ›")
                await tap("skip (no write, next question)", "Skip ›")
                await tap("activity (writes, next question)", "Yes, worse")
            for kind, costs in taps.items():
                results[kind] = (
                    sum(c[0] for c in costs) / len(costs),
                    sum(c[1] for c in costs) / len(costs),
                )
    return results


def main() -> None:
    """Print statements and transactions per tap."""
    for kind, (statements, transactions) in asyncio.run(measure()).items():
        print(f"{kind:45} {statements:5.1f} statements {transactions:4.1f} transactions")


if __name__ == "__main__":
    main()
