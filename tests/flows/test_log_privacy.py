"""At LOG_LEVEL=DEBUG nothing a user wrote, nor their name, reaches the log (ids may)."""

from __future__ import annotations

import logging

import pytest

from bot.clock import FixedClock
from bot.config import Settings
from bot.logs import configure_logging
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from tests.flows.helpers import texts
from tests.flows.loopback import WebhookBot
from tests.flows.test_erasure import EVERYTHING_TYPED, NAME, record_everything

UNDERSTOOD_BY_NOBODY = "Glorptastic wibbleflange"  # free text the bot answers with help
TYPED = (*EVERYTHING_TYPED, UNDERSTOOD_BY_NOBODY)


def leaks(text: str) -> list[str]:
    return [s for s in TYPED if s.lower() in text.lower()]


@pytest.fixture
def debug_log(
    caplog: pytest.LogCaptureFixture, emulator: BotApiEmulator
) -> pytest.LogCaptureFixture:
    """Logging as ``migraine-bot run`` sets it up at LOG_LEVEL=DEBUG, captured whole."""
    configure_logging("DEBUG", secrets=[emulator.token])
    logging.getLogger().addHandler(caplog.handler)
    return caplog


async def test_a_whole_diary_at_debug_logs_none_of_the_users_words(
    settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    debug_log: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with SandboxBot(settings, emulator=emulator, clock=clock) as bot:
        ann = emulator.user(6201, NAME)
        await record_everything(bot, ann)
        replies = texts(await bot.say(ann, UNDERSTOOD_BY_NOBODY))
        await bot.say(ann, "/history")
        await bot.say(ann, "/export")
    assert replies  # the bot did answer (and the answers held her words, e.g. her name)
    assert any(NAME in text for text in texts(ann.messages))

    records = debug_log.records
    assert [r for r in records if r.levelno == logging.DEBUG and r.name.startswith("bot.")]
    assert leaks(debug_log.text) == []
    assert leaks("\n".join(str(record.__dict__) for record in records)) == []
    assert leaks(capsys.readouterr().err) == []


async def test_webhook_deliveries_at_debug_log_none_of_the_users_words(
    settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    debug_log: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    hooked = settings.model_copy(update={"webhook_url": "https://diary.example.test"})
    async with WebhookBot(hooked, emulator=emulator, clock=clock) as bot:
        ann = emulator.user(6202, NAME)
        await bot.deliver(ann.send_text("/start"), ann)
        await bot.deliver(ann.send_text(UNDERSTOOD_BY_NOBODY), ann)
        forged = ann.send_text(UNDERSTOOD_BY_NOBODY)
        assert (await bot.post(forged.update, secret="wrong")).status_code == 403

    assert leaks(debug_log.text) == []
    assert leaks("\n".join(str(record.__dict__) for record in debug_log.records)) == []
    assert leaks(capsys.readouterr().err) == []
