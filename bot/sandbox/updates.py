"""The stream of updates waiting for the bot, served by ``getUpdates`` with long polling.

Semantics follow Telegram: an update stays pending until a ``getUpdates`` call passes an
``offset`` greater than its ``update_id``; a negative offset keeps only the last ``-offset``
updates; ``timeout`` makes an empty call wait for the next update.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

JsonDict = dict[str, Any]

# Update kinds Telegram sends when ``allowed_updates`` is empty or never set (Bot API docs).
DEFAULT_EXCLUDED_KINDS = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_LIMIT = 100  # Bot API: "Values between 1-100 are accepted."


class UpdateStream:
    """Pending updates with increasing ids, and the acknowledgements of them."""

    def __init__(self) -> None:
        self._pending: list[JsonDict] = []
        # Telegram's ids "start from a certain positive number and increase sequentially".
        # Starting from the time in milliseconds, not 1, keeps them increasing across emulator
        # runs on one persistent diary, which remembers the ids it handled (handlers/dedup.py).
        self._last_id = int(time.time() * 1000)
        self._acknowledged_below = 0
        self._dropped: set[int] = set()
        self._allowed: frozenset[str] | None = None
        self._added = asyncio.Event()
        self._acknowledged = asyncio.Event()
        self._closed = asyncio.Event()
        self._long_polls = 0
        self._long_poll_started = asyncio.Event()

    @property
    def long_polls(self) -> int:
        """Return how many ``getUpdates`` calls are waiting for an update right now."""
        return self._long_polls

    async def wait_for_long_poll(self) -> None:
        """Return once a ``getUpdates`` call is waiting for an update (an event, not a time)."""
        while not self._long_polls:
            self._long_poll_started.clear()
            await self._long_poll_started.wait()

    @property
    def pending_count(self) -> int:
        """Return how many updates have not been acknowledged yet."""
        return len(self._pending)

    @property
    def last_update_id(self) -> int:
        """Return the id of the newest update, or 0."""
        return self._last_id

    def push(self, kind: str, payload: JsonDict) -> JsonDict:
        """Append an update of ``kind`` (e.g. ``"message"``) and return it."""
        self._last_id += 1
        update = {"update_id": self._last_id, kind: payload}
        self._pending.append(update)
        self._added.set()
        return update

    def acknowledge(self, offset: int) -> None:
        """Forget updates older than ``offset`` (or all but the last ``-offset``)."""
        if offset < 0:
            keep = self._pending[offset:]
            offset = keep[0]["update_id"] if keep else self._last_id + 1
        self._pending = [update for update in self._pending if update["update_id"] >= offset]
        if offset > self._acknowledged_below:
            self._acknowledged_below = offset
            self._acknowledged.set()

    def is_acknowledged(self, update_id: int) -> bool:
        """Return whether the bot has confirmed receiving the update (or it was filtered out)."""
        return update_id < self._acknowledged_below or update_id in self._dropped

    async def fetch(
        self,
        *,
        offset: int | None,
        limit: int,
        timeout: float,  # noqa: ASYNC109 (the Bot API parameter)
        allowed_updates: list[str] | None,
    ) -> list[JsonDict]:
        """Answer ``getUpdates``: acknowledge, then return updates, waiting up to ``timeout``."""
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) if allowed_updates else None
        if offset is not None:
            self.acknowledge(offset)
        deadline = time.monotonic() + max(timeout, 0.0)
        while True:
            self._added.clear()
            self._drop_unwanted()
            if self._pending or self._closed.is_set():
                return self._pending[: max(1, min(limit, MAX_LIMIT))]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._long_polls += 1
            self._long_poll_started.set()
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._added.wait(), remaining)
            finally:
                self._long_polls -= 1

    async def wait_acknowledged(self, update_id: int, timeout: float) -> None:  # noqa: ASYNC109
        """Return once the bot has fetched the update and asked for the ones after it."""
        async with asyncio.timeout(timeout):
            while not self.is_acknowledged(update_id):
                self._acknowledged.clear()
                await self._acknowledged.wait()

    def close(self) -> None:
        """Wake every waiting ``getUpdates`` call so it answers at once (server shutdown)."""
        self._closed.set()
        self._added.set()

    def reopen(self) -> None:
        """Let long polling wait again after :meth:`close`."""
        self._closed.clear()

    def _drop_unwanted(self) -> None:
        kept: list[JsonDict] = []
        for update in self._pending:
            kind = next(key for key in update if key != "update_id")
            wanted = kind in self._allowed if self._allowed else kind not in DEFAULT_EXCLUDED_KINDS
            if wanted:
                kept.append(update)
            else:
                self._dropped.add(update["update_id"])
                self._acknowledged.set()
        self._pending = kept
