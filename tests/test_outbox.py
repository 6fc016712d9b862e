"""The paced outbox on its own: pacing, retries, blocked users, failures logged."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any, cast

import pytest
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.outbox import Envelope, Outbox, retry_after_seconds

BOT = cast(Bot, object())
# PTB 22 warns inside RetryAfter's own constructor (its deprecation of int periods).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
)


class Recorder:
    """A send call that records when it ran and fails as told."""

    def __init__(self, failures: list[Exception] | None = None) -> None:
        self.times: list[float] = []
        self.failures = list(failures or [])
        self.called = asyncio.Event()

    async def __call__(self, bot: Any) -> None:
        self.times.append(asyncio.get_running_loop().time())
        self.called.set()
        if self.failures:
            raise self.failures.pop(0)


async def run(outbox: Outbox, *envelopes: Envelope) -> float:
    """Send ``envelopes``; return the loop time just before they were submitted."""
    submitted = asyncio.get_running_loop().time()
    outbox.start()
    for envelope in envelopes:
        outbox.submit(envelope)
    await outbox.join()
    await outbox.stop()
    return submitted


def after(times: list[float], start: float) -> list[float]:
    """How long after ``start`` each send began."""
    return [at - start for at in times]


async def test_global_rate_is_kept() -> None:
    record = Recorder()
    outbox = Outbox(BOT, rate_per_second=50)
    submitted = await run(outbox, *(Envelope(chat, record, "m") for chat in range(20)))
    assert outbox.sent == 20
    # The n-th send never begins before n / rate seconds after the burst was queued (a busy
    # machine only makes sends later, never earlier).
    started = after(record.times, submitted)
    assert [at >= n / 50 - 1e-9 for n, at in enumerate(started)] == [True] * 20, started


async def test_one_chat_gets_at_most_one_message_per_interval() -> None:
    record = Recorder()
    outbox = Outbox(BOT, rate_per_second=1000, per_chat_interval=0.1)
    submitted = await run(outbox, *(Envelope(7, record, "m") for _ in range(3)))
    started = after(record.times, submitted)
    assert [at >= n * 0.1 - 1e-9 for n, at in enumerate(started)] == [True] * 3, started


async def test_retry_after_pauses_and_retries(caplog: pytest.LogCaptureFixture) -> None:
    record = Recorder([RetryAfter(timedelta(seconds=0.2))])
    other = Recorder()
    outbox = Outbox(BOT, rate_per_second=1000)
    with caplog.at_level(logging.WARNING, logger="bot.outbox"):
        await run(outbox, Envelope(1, record, "first"), Envelope(2, other, "second"))
    assert len(record.times) == 2
    assert record.times[1] - record.times[0] >= 0.19
    assert outbox.sent == 2
    assert "flood control, retrying in 0 s" in caplog.text


async def test_forbidden_calls_on_blocked_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    blocked: list[int] = []

    async def on_blocked(user_id: int) -> None:
        blocked.append(user_id)

    outbox = Outbox(BOT, rate_per_second=1000, on_blocked=on_blocked)
    with caplog.at_level(logging.WARNING, logger="bot.outbox"):
        await run(outbox, Envelope(1, Recorder([Forbidden("bot was blocked")]), "r", user_id=42))
    assert blocked == [42]
    assert (outbox.sent, outbox.failed) == (0, 1)
    assert "failed, the user blocked the bot: bot was blocked" in caplog.text


async def test_on_blocked_failing_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    async def on_blocked(user_id: int) -> None:
        raise RuntimeError("database down")

    outbox = Outbox(BOT, rate_per_second=1000, on_blocked=on_blocked)
    with caplog.at_level(logging.ERROR, logger="bot.outbox"):
        await run(outbox, Envelope(1, Recorder([Forbidden("blocked")]), "r", user_id=1))
    assert "could not pause the reminders of a blocked user" in caplog.text


@pytest.mark.parametrize(
    ("error", "logged"),
    [
        (BadRequest("chat not found"), "was refused: chat not found"),
        (TelegramError("odd"), "failed: odd"),
        (ValueError("bug"), "failed unexpectedly"),
    ],
)
async def test_other_failures_are_logged_and_dropped(
    error: Exception, logged: str, caplog: pytest.LogCaptureFixture
) -> None:
    outbox = Outbox(BOT, rate_per_second=1000)
    with caplog.at_level(logging.WARNING, logger="bot.outbox"):
        await run(outbox, Envelope(1, Recorder([error]), "check-in"))
    assert (outbox.sent, outbox.failed) == (0, 1)
    assert logged in caplog.text
    assert "check-in" in caplog.text


async def test_network_errors_are_retried_then_given_up(caplog: pytest.LogCaptureFixture) -> None:
    flaky = Recorder([NetworkError("reset")])
    dead = Recorder([NetworkError("down")] * 3)
    outbox = Outbox(BOT, rate_per_second=1000, network_backoff=0.01, max_attempts=3)
    with caplog.at_level(logging.WARNING, logger="bot.outbox"):
        await run(outbox, Envelope(1, flaky, "a"), Envelope(2, dead, "b"))
    assert len(flaky.times) == 2
    assert len(dead.times) == 3
    assert (outbox.sent, outbox.failed) == (1, 1)
    assert "gave up sending b to chat 2 after 3 attempts" in caplog.text


async def test_stop_drops_and_logs_what_is_still_queued(caplog: pytest.LogCaptureFixture) -> None:
    first = Recorder()
    # One message per 1,000 s: after the first, the other two must wait.
    outbox = Outbox(BOT, rate_per_second=0.001)
    outbox.start()
    assert outbox.running
    outbox.submit(Envelope(0, first, "m"))
    for chat in (1, 2):
        outbox.submit(Envelope(chat, Recorder(), "m"))
    await first.called.wait()
    with caplog.at_level(logging.WARNING, logger="bot.outbox"):
        await outbox.stop()
    assert not outbox.running
    assert "outbox stopped with 2 unsent messages" in caplog.text
    assert outbox.pending == 0


async def test_stop_returns_what_is_unsent_and_done_reports_each_end() -> None:
    ends: list[tuple[str, bool]] = []

    def done(label: str) -> Any:
        async def record(sent: bool) -> None:
            ends.append((label, sent))

        return record

    first = Recorder()
    refused = Recorder([BadRequest("Chat not found")])
    outbox = Outbox(BOT, rate_per_second=0.001)
    outbox.start()
    outbox.submit(Envelope(0, first, "sent", done=done("sent")))
    outbox.submit(Envelope(1, refused, "refused", done=done("refused")))
    outbox.submit(Envelope(2, Recorder(), "later", done=done("later")))
    await first.called.wait()
    unsent = await outbox.stop(drain_seconds=0.01)
    # Only the first is sent in time; the rest come back, in the order they would have gone.
    assert [envelope.label for envelope in unsent] == ["refused", "later"]
    assert ends == [("sent", True)]
    outbox = Outbox(BOT, rate_per_second=1000)
    outbox.start()
    outbox.submit(unsent[0])
    assert await outbox.stop(drain_seconds=60) == []
    assert ends == [("sent", True), ("refused", False)]


async def test_room_shrinks_as_messages_queue() -> None:
    outbox = Outbox(BOT, rate_per_second=1)
    assert outbox.room == 20
    outbox.submit(Envelope(1, Recorder(), "m"))
    assert outbox.room == 19
    await outbox.stop()


def test_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Outbox(BOT, rate_per_second=0)


def test_retry_after_seconds_reads_both_forms() -> None:
    assert retry_after_seconds(RetryAfter(timedelta(seconds=3))) == 3.0


async def test_many_chats_are_forgotten_once_sent() -> None:
    outbox = Outbox(BOT, rate_per_second=100_000, per_chat_interval=0.0)
    await run(outbox, *(Envelope(chat, Recorder(), "m") for chat in range(1500)))
    assert outbox.sent == 1500
