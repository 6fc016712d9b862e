"""Injected faults reach PTB as the exceptions Telegram's failures cause."""

from __future__ import annotations

import datetime as dtm

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.sandbox import BotApiEmulator
from bot.sandbox.faults import FaultKind
from tests.sandbox.ptb import Mode, make_bot


@pytest.fixture
def ann_id(emulator: BotApiEmulator) -> int:
    return emulator.user(1001, started=True).user_id


async def test_retry_after_carries_the_delay(
    bot: Bot, emulator: BotApiEmulator, ann_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    emulator.fail("sendMessage", error="retry_after", retry_after=7)

    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(ann_id, "reminder")

    assert raised.value.retry_after == dtm.timedelta(seconds=7)
    await bot.send_message(ann_id, "reminder")  # the fault fired once
    assert emulator.user(ann_id).last_message.text == "reminder"
    assert len(emulator.calls_to("sendMessage")) == 2


async def test_server_error_is_a_network_error(
    bot: Bot, emulator: BotApiEmulator, ann_id: int
) -> None:
    emulator.fail("sendMessage", error="server_error", times=2)

    for _ in range(2):
        with pytest.raises(NetworkError, match="Internal Server Error"):
            await bot.send_message(ann_id, "x")
    await bot.send_message(ann_id, "x")


async def test_forbidden_and_bad_request_faults(
    bot: Bot, emulator: BotApiEmulator, ann_id: int
) -> None:
    emulator.fail("sendMessage", error="forbidden")
    emulator.fail("editMessageText", error="bad_request", description="message thread not found")

    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ann_id, "x")
    with pytest.raises(BadRequest, match="Message thread not found"):
        await bot.edit_message_text("y", chat_id=ann_id, message_id=1)


async def test_fault_can_target_one_chat(bot: Bot, emulator: BotApiEmulator, ann_id: int) -> None:
    emulator.user(1002, "Ben", started=True)
    emulator.fail("sendMessage", error="forbidden", chat_id=1002)

    await bot.send_message(ann_id, "to Ann")
    with pytest.raises(Forbidden):
        await bot.send_message(1002, "to Ben")

    assert [call.chat_id for call in emulator.calls_to("sendMessage")] == [1001, 1002]
    assert len(emulator.faults) == 0


async def test_timeout_is_timed_out(emulator: BotApiEmulator, mode: Mode, ann_id: int) -> None:
    emulator.timeout_delay = 2.0
    emulator.fail("sendMessage", error="timeout")

    async with make_bot(emulator, mode, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(ann_id, "slow")
        sent = await bot.send_message(ann_id, "fast")

    assert sent.text == "fast"
    assert [m.text for m in emulator.user(ann_id).messages] == ["fast"]


async def test_latency_delays_every_answer(
    bot: Bot, emulator: BotApiEmulator, ann_id: int
) -> None:
    emulator.latency = 0.05
    before = emulator.calls[-1].at

    await bot.send_message(ann_id, "x")
    await bot.send_message(ann_id, "y")

    sends = emulator.calls_to("sendMessage")
    assert sends[1].at - sends[0].at >= 0.05
    assert sends[0].at > before


async def test_unreachable_is_a_network_error_without_an_answer(
    emulator: BotApiEmulator, mode: Mode, ann_id: int
) -> None:
    emulator.fail("sendMessage", error="unreachable")

    async with make_bot(emulator, mode) as bot:
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(ann_id, "lost")
        sent = await bot.send_message(ann_id, "through")

    assert not isinstance(raised.value, TimedOut)
    assert sent.text == "through"
    assert [m.text for m in emulator.user(ann_id).messages] == ["through"]


async def test_delivered_timeout_sends_the_message_but_the_client_times_out(
    emulator: BotApiEmulator, mode: Mode, ann_id: int
) -> None:
    emulator.timeout_delay = 2.0
    emulator.fail("sendMessage", error="delivered_timeout")

    async with make_bot(emulator, mode, read_timeout=0.2) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(ann_id, "arrived anyway")

    assert [m.text for m in emulator.user(ann_id).messages] == ["arrived anyway"]


@pytest.mark.parametrize(
    ("kind", "arrived"), [("connection_refused", []), ("connection_reset", ["x"])]
)
async def test_dropped_connections_are_network_errors(
    emulator: BotApiEmulator, mode: Mode, ann_id: int, kind: FaultKind, arrived: list[str]
) -> None:
    emulator.fail("sendMessage", error=kind)

    async with make_bot(emulator, mode, read_timeout=2.0) as bot:
        with pytest.raises(NetworkError) as raised:
            await bot.send_message(ann_id, "x")
        assert not isinstance(raised.value, TimedOut | BadRequest)
        await bot.send_message(ann_id, "after")

    assert [m.text for m in emulator.user(ann_id).messages] == [*arrived, "after"]


async def test_bad_gateway_is_a_network_error(
    bot: Bot, emulator: BotApiEmulator, ann_id: int
) -> None:
    emulator.fail("sendMessage", error="bad_gateway")

    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(ann_id, "x")
    assert emulator.user(ann_id).messages == []
