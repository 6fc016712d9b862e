"""Fixtures: an emulator, the transport mode, and a real PTB bot wired to the emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import Bot

from bot.sandbox import BotApiEmulator
from tests.sandbox.ptb import Mode, make_bot


@pytest.fixture
def emulator() -> BotApiEmulator:
    return BotApiEmulator()


@pytest.fixture(params=["memory", "loopback"])
async def mode(request: pytest.FixtureRequest, emulator: BotApiEmulator) -> AsyncIterator[Mode]:
    selected: Mode = request.param
    if selected == "loopback":
        await emulator.serve()
    yield selected
    await emulator.stop_serving()


@pytest.fixture
async def bot(emulator: BotApiEmulator, mode: Mode) -> AsyncIterator[Bot]:
    async with make_bot(emulator, mode) as started:
        yield started
