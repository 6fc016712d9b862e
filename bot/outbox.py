"""The paced outbox for bulk messages (docs/architecture.md, decision 3).

Telegram allows about 30 messages a second overall and about one a second per chat. Replies to
what a user just did are sent directly by the handlers and never wait here; everything the bot
sends on its own (reminders, check-ins, follow-ups) goes through one :class:`Outbox`, which

* keeps bulk sends under a global rate (``OUTBOX_RATE_PER_SECOND``, below Telegram's limit so
  interactive replies always have room),
* sends at most one message a second to any one chat,
* honours ``429 retry_after`` by pausing all bulk sends for that long and retrying the message,
* retries network failures a few times with back-off,
* on ``403 Forbidden`` (the user blocked the bot) calls ``on_blocked`` so their reminders pause,
* logs every failed send with its reason (never the token: the error texts do not carry it).

The pacing queue is in memory, but what it holds need not be lost: an envelope may carry a
``done`` callback (called once its message was sent or given up on, never between retries), and
:meth:`Outbox.stop` sends for a short drain budget and then returns what is still queued, so
its owner can put it back. The reminder dispatcher keeps every claimed reminder in the database
until ``done`` (see :mod:`bot.jobs`).
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.replies import bulk_sending

logger = logging.getLogger(__name__)

PER_CHAT_INTERVAL = 1.0  # seconds; Telegram Bot FAQ: "no more than one message per second"
MAX_IN_FLIGHT = 16
MAX_ATTEMPTS = 5
NETWORK_BACKOFF = 1.0  # seconds, doubled per attempt
# The dispatcher keeps at most this many seconds of sending queued (see Outbox.room).
QUEUE_SECONDS = 20

SendCall = Callable[[Bot], Awaitable[Any]]
BlockedCallback = Callable[[int], Awaitable[None]]
DoneCallback = Callable[[bool], Awaitable[None]]


@dataclass
class Envelope:
    """One message to send: to whom, how, and what it is (for the logs)."""

    chat_id: int
    send: SendCall
    label: str
    user_id: int | None = None
    attempts: int = 0
    done: DoneCallback | None = None
    """Called with ``True`` once sent, ``False`` once given up on (not between retries)."""


@dataclass(order=True)
class _Slot:
    ready_at: float
    seq: int
    envelope: Envelope = field(compare=False)


def retry_after_seconds(error: RetryAfter) -> float:
    """The wait Telegram asked for, in seconds (without PTB's int/timedelta deprecation)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: int | timedelta = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Outbox:
    """Sends bulk messages in the background, paced globally and per chat."""

    def __init__(
        self,
        bot: Bot,
        *,
        rate_per_second: float,
        on_blocked: BlockedCallback | None = None,
        per_chat_interval: float = PER_CHAT_INTERVAL,
        max_in_flight: int = MAX_IN_FLIGHT,
        max_attempts: int = MAX_ATTEMPTS,
        network_backoff: float = NETWORK_BACKOFF,
    ) -> None:
        if rate_per_second <= 0:
            raise ValueError("rate_per_second must be positive")
        self.bot = bot
        self.rate_per_second = rate_per_second
        self.on_blocked = on_blocked
        self.per_chat_interval = per_chat_interval
        self.max_attempts = max_attempts
        self.network_backoff = network_backoff
        self.sent = 0
        self.failed = 0
        self._heap: list[_Slot] = []
        self._seq = itertools.count()
        self._chat_next: dict[int, float] = {}
        self._global_next = 0.0
        self._in_flight: set[asyncio.Task[None]] = set()
        self._slots = asyncio.Semaphore(max_in_flight)
        self._wakeup = asyncio.Event()
        self._idle = asyncio.Event()
        self._idle.set()
        self._worker: asyncio.Task[None] | None = None

    # -- API ------------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        """Messages queued or being sent."""
        return len(self._heap) + len(self._in_flight)

    @property
    def room(self) -> int:
        """How many more messages may be queued (about :data:`QUEUE_SECONDS` of sending)."""
        return max(0, int(self.rate_per_second * QUEUE_SECONDS) - self.pending)

    @property
    def running(self) -> bool:
        """Whether the background sender is running."""
        return self._worker is not None and not self._worker.done()

    def submit(self, envelope: Envelope) -> None:
        """Queue a message; it is sent as soon as the global and per-chat pacing allow."""
        now = asyncio.get_running_loop().time()
        ready = max(now, self._chat_next.get(envelope.chat_id, 0.0))
        self._chat_next[envelope.chat_id] = ready + self.per_chat_interval
        if len(self._chat_next) > 4 * MAX_IN_FLIGHT * QUEUE_SECONDS:
            self._forget_old_chats(now)
        self._push(ready, envelope)

    def start(self) -> None:
        """Start the background sender (on the running event loop)."""
        if not self.running:
            self._worker = asyncio.create_task(self._run(), name="outbox")

    async def stop(self, *, drain_seconds: float = 0.0) -> list[Envelope]:
        """Stop sending, after sending for up to ``drain_seconds`` while anything is queued.

        Messages being sent are always finished. Returns the envelopes still queued (not sent);
        they are logged as unsent.
        """
        if drain_seconds > 0 and self.running and self.pending:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.join(), drain_seconds)
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
        if self._in_flight:
            await asyncio.gather(*self._in_flight, return_exceptions=True)
        unsent = [slot.envelope for slot in sorted(self._heap)]
        if unsent:
            logger.warning("outbox stopped with %d unsent messages", len(unsent))
            self._heap.clear()
        self._idle.set()
        return unsent

    async def join(self) -> None:
        """Wait until every queued message was sent (or given up on)."""
        while self.pending:
            self._idle.clear()
            await self._idle.wait()

    # -- internals ------------------------------------------------------------------------

    def _push(self, ready_at: float, envelope: Envelope) -> None:
        heapq.heappush(self._heap, _Slot(ready_at, next(self._seq), envelope))
        self._wakeup.set()

    def _forget_old_chats(self, now: float) -> None:
        self._chat_next = {chat: at for chat, at in self._chat_next.items() if at > now}

    async def _sleep_or_wake(self, seconds: float) -> None:
        self._wakeup.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wakeup.wait(), timeout=seconds)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            if not self._heap:
                self._maybe_idle()
                await self._sleep_or_wake(3600)
                continue
            now = loop.time()
            start = max(self._heap[0].ready_at, self._global_next)
            if start > now:
                await self._sleep_or_wake(start - now)
                continue
            await self._slots.acquire()
            slot = heapq.heappop(self._heap)
            self._global_next = max(self._global_next, now) + 1 / self.rate_per_second
            task = asyncio.create_task(self._deliver(slot.envelope))
            self._in_flight.add(task)
            task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._in_flight.discard(task)
        self._slots.release()
        self._maybe_idle()

    def _maybe_idle(self) -> None:
        if not self.pending:
            self._idle.set()

    def _retry(self, envelope: Envelope, delay: float, reason: str) -> bool:
        """Queue ``envelope`` again after ``delay``; ``False`` if it was given up on."""
        envelope.attempts += 1
        if envelope.attempts >= self.max_attempts:
            self.failed += 1
            logger.error(
                "gave up sending %s to chat %s after %d attempts: %s",
                envelope.label,
                envelope.chat_id,
                envelope.attempts,
                reason,
            )
            return False
        self._push(asyncio.get_running_loop().time() + delay, envelope)
        return True

    async def _deliver(self, envelope: Envelope) -> None:
        outcome = await self._attempt(envelope)
        if outcome is not None and envelope.done is not None:
            try:
                await envelope.done(outcome)
            except Exception:
                logger.exception("could not record the end of sending %s", envelope.label)

    async def _attempt(self, envelope: Envelope) -> bool | None:
        """Send once: ``True`` sent, ``False`` failed for good, ``None`` queued to retry."""
        label, chat_id = envelope.label, envelope.chat_id
        try:
            with bulk_sending():  # retried here, paced, not by the reply retries
                await envelope.send(self.bot)
        except RetryAfter as error:
            wait = retry_after_seconds(error)
            logger.warning(
                "sending %s to chat %s: flood control, retrying in %.0f s", label, chat_id, wait
            )
            loop = asyncio.get_running_loop()
            self._global_next = max(self._global_next, loop.time() + wait)
            reason = f"flood control ({error.message})"
            return None if self._retry(envelope, wait, reason) else False
        except Forbidden as error:
            self.failed += 1
            logger.warning(
                "sending %s to chat %s failed, the user blocked the bot: %s",
                label,
                chat_id,
                error.message,
            )
            if self.on_blocked is not None and envelope.user_id is not None:
                try:
                    await self.on_blocked(envelope.user_id)
                except Exception:
                    logger.exception("could not pause the reminders of a blocked user")
            return False
        except BadRequest as error:
            self.failed += 1
            logger.warning("sending %s to chat %s was refused: %s", label, chat_id, error.message)
            return False
        except NetworkError as error:
            logger.warning(
                "sending %s to chat %s failed (network: %s); retrying", label, chat_id, error
            )
            delay = self.network_backoff * 2**envelope.attempts
            return None if self._retry(envelope, delay, f"network: {error}") else False
        except TelegramError as error:
            self.failed += 1
            logger.warning("sending %s to chat %s failed: %s", label, chat_id, error.message)
            return False
        except Exception:
            self.failed += 1
            logger.exception("sending %s to chat %s failed unexpectedly", label, chat_id)
            return False
        self.sent += 1
        return True
