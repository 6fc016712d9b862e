"""Telegram failing on a reply: retried within a short budget, never duplicated or apologised for.

Every fault kind the emulator injects, on each reply method (sendMessage, editMessageText,
answerCallbackQuery). The retry delays are recorded by an injected ``sleep`` that does not
wait, so the tests are exact and fast: what the user saw, what was stored, which waits were
asked for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FixedClock
from bot.config import Settings
from bot.replies import MAX_REPLY_ATTEMPTS, REPLY_RETRY_BUDGET_SECONDS, ReplyRetry
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.faults import FaultKind
from bot.sandbox.harness import SandboxBot
from tests.flows.helpers import attack_rows, onboard, texts

APOLOGY = (
    "Sorry, something went wrong on my side. What you told me before is saved; "
    "please try that again."
)
HELP_START = "I'm a headache diary."
# Failures after which nothing can have arrived: retried until the reply gets through.
NOT_DELIVERED: list[FaultKind] = [
    "retry_after",
    "server_error",
    "bad_gateway",
    "connection_refused",
]
# Failures where the call took effect and only the answer was lost.
DELIVERED: list[FaultKind] = ["delivered_timeout", "connection_reset"]
# Every transient kind (a timeout before delivery looks the same as one after it).
TRANSIENT: list[FaultKind] = [*NOT_DELIVERED, *DELIVERED, "timeout"]


class RecordingSleep:
    """A ``sleep`` for the reply retries that records the wait and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def sleep() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
async def bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock, sleep: RecordingSleep
) -> AsyncIterator[SandboxBot]:
    emulator.timeout_delay = 0.0
    async with SandboxBot(
        settings, emulator=emulator, clock=clock, reply_retry=ReplyRetry(sleep=sleep)
    ) as running:
        yield running


def visible(user: SimUser) -> list[str]:
    return [message.text or "" for message in user.messages]


def _fail(
    emulator: BotApiEmulator, method: str, kind: FaultKind, chat_id: int, times: int
) -> None:
    # answerCallbackQuery names no chat, so its fault cannot be aimed at one.
    target = None if method == "answerCallbackQuery" else chat_id
    emulator.fail(method, error=kind, chat_id=target, times=times, retry_after=1)


# -- sendMessage ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", NOT_DELIVERED)
async def test_a_failed_reply_is_sent_again_once(
    bot: SandboxBot, emulator: BotApiEmulator, sleep: RecordingSleep, kind: FaultKind
) -> None:
    ann = emulator.user(9101, "Ann")
    await onboard(bot, ann)
    emulator.fail("sendMessage", error=kind, chat_id=9101, retry_after=2)
    replies = texts(await bot.say(ann, "/help"))
    assert len(replies) == 1
    assert replies[0].startswith(HELP_START)
    assert len(emulator.calls_to("sendMessage")) - len(visible(ann)) == 1  # the failed one
    # 429 waits what Telegram asked for; the others a short back-off.
    assert sleep.waits == ([2.0] if kind == "retry_after" else [0.25])


@pytest.mark.parametrize("kind", DELIVERED)
async def test_a_reply_that_arrived_is_not_sent_twice_nor_apologised_for(
    bot: SandboxBot, emulator: BotApiEmulator, sleep: RecordingSleep, kind: FaultKind
) -> None:
    ann = emulator.user(9102, "Ann")
    await onboard(bot, ann)
    before = len(visible(ann))
    emulator.fail("sendMessage", error=kind, chat_id=9102)
    await bot.say(ann, "/help")
    [reply] = visible(ann)[before:]
    assert reply.startswith(HELP_START)
    assert sleep.waits == []


async def test_a_send_timeout_is_neither_resent_nor_apologised_for(
    bot: SandboxBot, emulator: BotApiEmulator, sleep: RecordingSleep
) -> None:
    """A timeout may come after delivery; sending again could duplicate it (the choice)."""
    ann = emulator.user(9103, "Ann")
    await onboard(bot, ann)
    before = len(visible(ann))
    emulator.fail("sendMessage", error="timeout", chat_id=9103)
    await bot.say(ann, "/help")
    assert visible(ann)[before:] == []
    assert len(emulator.calls_to("sendMessage")) == before + 1
    assert sleep.waits == []


async def test_the_budget_is_a_few_seconds_then_the_apology(
    bot: SandboxBot, emulator: BotApiEmulator, sleep: RecordingSleep
) -> None:
    ann = emulator.user(9104, "Ann")
    await onboard(bot, ann)
    # A flood wait longer than the budget is not waited for.
    emulator.fail("sendMessage", error="retry_after", chat_id=9104, retry_after=30)
    assert texts(await bot.say(ann, "/help")) == [APOLOGY]
    assert sleep.waits == []
    # A server failing every attempt: a few short waits, then the apology (which gets through).
    emulator.fail("sendMessage", error="server_error", chat_id=9104, times=MAX_REPLY_ATTEMPTS)
    assert texts(await bot.say(ann, "/help")) == [APOLOGY]
    assert len(sleep.waits) == MAX_REPLY_ATTEMPTS - 1
    assert sum(sleep.waits) <= REPLY_RETRY_BUDGET_SECONDS


# -- editMessageText and answerCallbackQuery on a tap ------------------------------------------


@pytest.mark.parametrize("method", ["editMessageText", "answerCallbackQuery"])
@pytest.mark.parametrize("kind", TRANSIENT)
async def test_a_tap_is_answered_and_shown_whatever_fails_once(
    bot: SandboxBot, emulator: BotApiEmulator, kind: FaultKind, method: str
) -> None:
    ann = emulator.user(9105, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    _fail(emulator, method, kind, 9105, times=1)
    await bot.tap(ann, "7")
    assert len(emulator.faults) == 0
    assert (ann.last_message.text or "").endswith("Where does it hurt? Tap all that apply.")
    assert [alert.text for alert in ann.alerts] == []  # no "something went wrong"
    [attack] = attack_rows(bot, 9105)
    assert attack.peak_intensity == 7
