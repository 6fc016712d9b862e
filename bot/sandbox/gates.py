"""Gates: hold a Bot API call until a test lets it through, and events for calls answered.

Tests about concurrency need to know, without timing anything, that the bot is in the middle of
handling an update: :meth:`GatePlan.hold` makes the next matching call wait (``reached`` is set
when it arrives) until :meth:`Gate.release`; :meth:`GatePlan.answered` is an event set once a
matching call has been answered.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field


@dataclass
class Gate:
    """One held call of ``method`` (to ``chat_id``, if given)."""

    method: str
    chat_id: int | None
    reached: asyncio.Event = field(default_factory=asyncio.Event)
    released: asyncio.Event = field(default_factory=asyncio.Event)

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Return whether a call of ``method`` to ``chat_id`` waits at this gate."""
        if self.reached.is_set() or self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    def release(self) -> None:
        """Let the held call through."""
        self.released.set()


@dataclass
class Watch:
    """An event for the next answered call of ``method`` (to ``chat_id``, if given)."""

    method: str
    chat_id: int | None
    answered: asyncio.Event = field(default_factory=asyncio.Event)


class GatePlan:
    """The gates and watches still waiting for their call."""

    def __init__(self) -> None:
        self._gates: list[Gate] = []
        self._held: list[Gate] = []
        self._watches: list[Watch] = []

    def hold(self, method: str, *, chat_id: int | None = None) -> Gate:
        """Hold the next call of ``method`` (to ``chat_id``) until the gate is released."""
        gate = Gate(method, chat_id)
        self._gates.append(gate)
        return gate

    def answered(self, method: str, *, chat_id: int | None = None) -> asyncio.Event:
        """An event set once the next call of ``method`` (to ``chat_id``) has been answered."""
        watch = Watch(method, chat_id)
        self._watches.append(watch)
        return watch.answered

    async def pass_through(self, method: str, chat_id: int | None) -> None:
        """Wait at the first gate this call meets, if any (called before answering it)."""
        gate = next((g for g in self._gates if g.matches(method, chat_id)), None)
        if gate is None:
            return
        self._gates.remove(gate)
        self._held.append(gate)
        gate.reached.set()
        try:
            await gate.released.wait()
        finally:
            self._held.remove(gate)

    def release_all(self) -> None:
        """Let every held call through and drop the gates not reached yet.

        Called at shutdown, so a test that failed while holding a call does not keep the bot
        from stopping.
        """
        for gate in [*self._held, *self._gates]:
            gate.release()
        self._gates.clear()

    def done(self, method: str, chat_id: int | None) -> None:
        """Set the watches this answered call satisfies."""
        for watch in list(self._watches):
            if watch.method.lower() == method.lower() and watch.chat_id in (None, chat_id):
                self._watches.remove(watch)
                watch.answered.set()
