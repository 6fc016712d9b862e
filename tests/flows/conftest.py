"""Fixtures for end-to-end flows: the real application against the emulator, acting as users."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import Settings, load_settings
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot

# A Friday afternoon; tests move it explicitly when time matters.
START = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'diary.db'}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(None, database_url=database_url, default_timezone="UTC")


@pytest.fixture
def emulator() -> BotApiEmulator:
    return BotApiEmulator()


@pytest.fixture
async def bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[SandboxBot]:
    async with SandboxBot(settings, emulator=emulator, clock=clock) as running:
        yield running
    assert emulator.unknown_calls == []
