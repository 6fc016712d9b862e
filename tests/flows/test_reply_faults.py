"""Telegram failing on a reply: retried within a short budget, never duplicated or apologised for.

Every fault kind the emulator injects, on each reply method (sendMessage, editMessageText,
answerCallbackQuery). The retry delays are recorded by an injected ``sleep`` that does not
wait, so the tests are exact and fast: what the user saw, what was stored, which waits were
asked for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.config import Settings
from bot.replies import MAX_REPLY_ATTEMPTS, REPLY_RETRY_BUDGET_SECONDS, ReplyRetry
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.faults import FaultKind
from bot.sandbox.harness import SandboxBot
from bot.storage.models import BodySymptom, CheckIn
from tests.flows.helpers import attack_rows, db_session, onboard, texts

APOLOGY = (
    "Sorry, something went wrong on my side. What you told me before is saved; "
    "please try that again."
)
HELP_START = "I'm a headache diary."
EVENING = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)  # 20:00 UTC, a Friday
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
    assert (ann.last_message.text or "").endswith(
        "Did you take anything for it? Tap what you took."
    )
    assert [alert.text for alert in ann.alerts] == []  # no "something went wrong"
    [attack] = attack_rows(bot, 9105)
    assert attack.peak_intensity == 7


# -- toggles (multi-select) are idempotent ------------------------------------------------------


async def _at_symptoms(bot: SandboxBot, user: SimUser) -> None:
    await onboard(bot, user)
    await bot.say(user, "/log")
    await bot.tap(user, "7")
    await bot.tap(user, "Skip ›")  # the medication
    await bot.tap(user, "Done ›")
    await bot.tap(user, "Skip ›")
    await bot.tap(user, "Skip ›")
    assert (user.last_message.text or "").endswith("Anything else with it? Tap all that apply.")


def _labels(user: SimUser) -> list[str]:
    return [label for row in user.inline_buttons() for label in row]


def _data(user: SimUser, label: str) -> str:
    """The callback data of the button ``label`` as it is on screen now (before the press)."""
    [data] = [
        str(button["callback_data"])
        for row in user.last_message.inline_keyboard
        for button in row
        if button.get("text") == label
    ]
    return data


@pytest.mark.parametrize("kind", TRANSIENT)
async def test_pressing_a_tick_again_after_a_lost_answer_keeps_it_ticked(
    bot: SandboxBot, emulator: BotApiEmulator, kind: FaultKind
) -> None:
    ann = emulator.user(9106, "Ann")
    await _at_symptoms(bot, ann)
    screen = ann.last_message.message_id
    # Telegram fails every attempt to answer the press (a delivered answer is not retried into
    # a second one: its retry finds the query answered): the tick is saved, maybe not shown.
    times = 1 if kind in DELIVERED else MAX_REPLY_ATTEMPTS
    _fail(emulator, "answerCallbackQuery", kind, 9106, times=times)
    tick = _data(ann, "Nausea")
    await bot.press_data(ann, screen, tick)
    assert len(emulator.faults) == 0
    [attack] = attack_rows(bot, 9106)
    assert attack.nausea is True
    # The user presses the same button again (it may still look unticked): it stays ticked.
    await bot.press_data(ann, screen, tick)
    [attack] = attack_rows(bot, 9106)
    assert attack.nausea is True
    assert "✓ Nausea" in _labels(ann)
    # Unticking is its own button, which a repeat cannot turn back into a tick.
    _fail(emulator, "answerCallbackQuery", kind, 9106, times=times)
    untick = _data(ann, "✓ Nausea")
    await bot.press_data(ann, screen, untick)
    await bot.press_data(ann, screen, untick)
    [attack] = attack_rows(bot, 9106)
    assert attack.nausea is False
    assert "Nausea" in _labels(ann)


async def test_every_multi_select_carries_the_state_it_sets(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(9107, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    await bot.tap(ann, "7")
    await bot.tap(ann, "Skip ›")  # the medication
    where = ann.last_message.message_id
    for label in ("Left", "Temple"):  # each button pressed twice, as rendered before the press
        data = _data(ann, label)
        await bot.press_data(ann, where, data)
        await bot.press_data(ann, where, data)
    [attack] = attack_rows(bot, 9107)
    assert (attack.side, attack.locations) == ("left", ["temple"])
    await bot.tap(ann, "Done ›")
    await bot.tap(ann, "Skip ›")
    await bot.tap(ann, "Skip ›")
    symptoms = ann.last_message.message_id
    for label in ("Muscle twitching", "Aura"):
        data = _data(ann, label)
        await bot.press_data(ann, symptoms, data)
        await bot.press_data(ann, symptoms, data)
    await bot.tap(ann, "🚩 Worst ever, weakness, numbness, confusion…")
    flag = _data(ann, ann.last_message.inline_buttons()[0][0])
    await bot.press_data(ann, symptoms, flag)
    replies = texts(await bot.press_data(ann, symptoms, flag))
    # A repeated tick of a warning sign repeats the urgent-care message (it may be the one
    # that was lost), and never unticks it.
    assert any("urgent" in reply.lower() for reply in replies)
    [attack] = attack_rows(bot, 9107)
    assert (attack.aura, len(attack.red_flags)) == (True, 1)
    with db_session(bot) as session:
        twitches = session.exec(select(BodySymptom).where(BodySymptom.attack_id == attack.id))
        assert len(twitches.all()) == 1


async def test_check_in_factors_pressed_twice_stay_ticked(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(9108, "Ann")
    await bot.say(ann, "/start")
    await bot.say(ann, "UTC")
    await bot.tap(ann, "20:00")
    clock.set(EVENING)
    assert await bot.tick() == 1
    await bot.tap(ann, "No")
    await bot.tap(ann, "7")
    await bot.tap(ann, "😊 Good")
    factors = ann.last_message.message_id
    emulator.fail("answerCallbackQuery", error="server_error", times=MAX_REPLY_ATTEMPTS)
    caffeine = _data(ann, "☕ Caffeine")
    await bot.press_data(ann, factors, caffeine)
    await bot.press_data(ann, factors, caffeine)
    with db_session(bot) as session:
        [checkin] = session.exec(select(CheckIn)).all()
    assert checkin.caffeine is True
    assert ann.inline_buttons()[0] == ["🏃 Exercise", "✓ ☕ Caffeine"]
