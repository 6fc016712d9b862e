"""How updates come in: fetched, handled concurrently in per-chat order, acknowledged once done.

Two pieces sit between Telegram and the handlers:

- :class:`ChatOrderedUpdateProcessor` (PTB's ``concurrent_updates``): updates from different
  chats are handled at the same time (while one waits for the Bot API, another runs), and one
  chat's updates are handled one after the other, in the order they arrived, so a user's taps
  are applied in the order they were sent. A chat waiting for its turn holds no working slot,
  so one busy user never delays another. Each update is handled inside
  :func:`bot.services.updates.handling`, so its first transaction records it as handled.
- :class:`AcknowledgingBot`: with polling, Telegram forgets an update once a ``getUpdates`` call
  passes a larger ``offset``. PTB passes the next id as soon as an update is queued, so a crash
  while handling lost it. This bot passes the id of the oldest update still being handled
  instead: an update is acknowledged only after it was handled, and one the process died on is
  delivered again at the next start (where the once-only record tells a committed one apart).
  Updates Telegram returns again while they are still being handled are not queued twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput, TimePeriod
from telegram.ext import BaseUpdateProcessor, ExtBot

from bot.services.context import ServiceContext
from bot.services.updates import handling

logger = logging.getLogger(__name__)

# Updates handled at the same moment (each waiting for the Bot API most of its time). PTB's own
# limit counts updates waiting for their chat's turn too, so it is much larger.
WORKING_SLOTS = 32
QUEUED_UPDATES = 4096
# While updates are being handled Telegram returns them again at once; between such polls wait
# this long (or until one is done) so that new updates from other chats are still fetched.
BUSY_POLL_SECONDS = 0.02
TELEGRAM_MAX_LIMIT = 100  # Bot API getUpdates: "Values between 1-100 are accepted."


@dataclass
class Acknowledgements:
    """Which fetched updates are still being handled, and so what ``offset`` to send."""

    in_flight: set[int] = field(default_factory=set)
    next_new: int = 0  # ids below this were fetched by this process already
    floor: int = 0  # acknowledged even if still being handled (see :meth:`give_up_waiting`)
    done_count: int = 0
    _progress: asyncio.Event = field(default_factory=asyncio.Event)

    def offset(self, requested: int | None) -> int | None:
        """The ``offset`` to poll with: the oldest update still being handled, if any."""
        if not self.in_flight:
            return requested
        return max(min(self.in_flight), self.floor)

    def accept(self, updates: Sequence[Update]) -> list[Update]:
        """Keep the updates not fetched before, and count them as being handled."""
        fresh = [update for update in updates if update.update_id >= self.next_new]
        for update in fresh:
            self.in_flight.add(update.update_id)
            self.next_new = max(self.next_new, update.update_id + 1)
        return fresh

    def done(self, update_id: int) -> None:
        """The update was handled (or failed for good): it may be acknowledged."""
        self.in_flight.discard(update_id)
        self.done_count += 1
        self._progress.set()

    def give_up_waiting(self) -> None:
        """Acknowledge everything fetched so far, even what is still being handled.

        Telegram returns at most 100 updates from the offset: with that many held back behind
        one slow update, nothing newer could be fetched.
        """
        logger.warning(
            "acknowledging %d updates still being handled: too many behind the oldest",
            len(self.in_flight),
        )
        self.floor = self.next_new

    async def wait_for_progress(self, seen: int, seconds: float) -> None:
        """Wait until an update is done after ``seen`` were, or ``seconds`` pass."""
        if self.done_count != seen:
            return
        self._progress.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._progress.wait(), seconds)


class AcknowledgingBot(ExtBot[None]):
    """A bot whose ``getUpdates`` acknowledges only handled updates (see the module doc)."""

    def __init__(self, *args: Any, acknowledgements: Acknowledgements, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._acknowledgements = acknowledgements

    async def get_updates(
        self,
        offset: int | None = None,
        limit: int | None = None,
        timeout: TimePeriod | None = None,  # noqa: ASYNC109 (the Bot API parameter)
        allowed_updates: Sequence[str] | None = None,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
        api_kwargs: JSONDict | None = None,
    ) -> tuple[Update, ...]:
        """Fetch the updates not fetched before, acknowledging only the handled ones."""
        acks = self._acknowledgements
        while True:
            seen = acks.done_count
            busy = bool(acks.in_flight)
            updates = await super().get_updates(
                offset=acks.offset(offset),
                limit=limit,
                timeout=0 if busy else timeout,
                allowed_updates=allowed_updates,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
                api_kwargs=api_kwargs,
            )
            fresh = acks.accept(updates)
            if fresh or not updates or not timeout:
                return tuple(fresh)
            if len(updates) >= (limit or TELEGRAM_MAX_LIMIT):
                acks.give_up_waiting()
                continue
            await acks.wait_for_progress(seen, BUSY_POLL_SECONDS)


def chat_key(update: object) -> int | None:
    """The chat whose updates must be handled in order (``None``: no order needed)."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return None


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    """Handle updates concurrently, one chat's updates in their order (see the module doc)."""

    def __init__(
        self,
        services: ServiceContext,
        acknowledgements: Acknowledgements,
        *,
        working_slots: int = WORKING_SLOTS,
    ) -> None:
        super().__init__(max_concurrent_updates=QUEUED_UPDATES)
        self._services = services
        self._acknowledgements = acknowledgements
        self._working = asyncio.Semaphore(working_slots)
        self._chats: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    def waiting(self, chat_id: int) -> int:
        """How many of the chat's updates are being handled or waiting for their turn."""
        return self._waiting.get(chat_id, 0)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's turn and a working slot, then handle the update."""
        key = chat_key(update)
        try:
            if key is None:
                async with self._working:
                    await self._handle(update, coroutine)
                return
            self._waiting[key] = self._waiting.get(key, 0) + 1
            lock = self._chats.setdefault(key, asyncio.Lock())
            try:
                async with lock, self._working:
                    await self._handle(update, coroutine)
            finally:
                self._waiting[key] -= 1
                if not self._waiting[key]:
                    del self._waiting[key]
                    del self._chats[key]
        finally:
            close = getattr(coroutine, "close", None)
            if close is not None:
                close()  # a no-op once it ran; if cancelled while waiting, no "never awaited"
            if isinstance(update, Update):
                self._acknowledgements.done(update.update_id)

    async def _handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        if not isinstance(update, Update):
            await coroutine
            return
        with handling(self._services, update_id=update.update_id):
            await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
