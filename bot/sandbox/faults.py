"""Fault injection: make the next matching Bot API calls fail the way Telegram fails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.sandbox.api_errors import (
    ApiError,
    SimulatedConnectionError,
    SimulatedTimeoutError,
    bad_gateway,
    bad_request,
    forbidden,
    server_error,
    too_many_requests,
)

FaultKind = Literal[
    "forbidden",
    "retry_after",
    "server_error",
    "bad_gateway",
    "timeout",
    "delivered_timeout",
    "connection_refused",
    "connection_reset",
    "unreachable",
    "bad_request",
]
# Kinds where the call takes effect (the message is sent, the query answered) and only the
# answer is lost: what a client cannot tell apart from the call never arriving.
AFTER_DELIVERY: frozenset[FaultKind] = frozenset({"delivered_timeout", "connection_reset"})


@dataclass
class Fault:
    """A planned failure of the next ``remaining`` calls of ``method`` (optionally to one chat)."""

    method: str
    kind: FaultKind
    remaining: int
    chat_id: int | None = None
    retry_after: int = 1
    description: str | None = None

    def matches(self, method: str, chat_id: int | None) -> bool:
        """Return whether this fault applies to a call of ``method`` to ``chat_id``."""
        if self.remaining <= 0 or self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id

    @property
    def after_delivery(self) -> bool:
        """Whether the call takes effect before the fault hides its answer."""
        return self.kind in AFTER_DELIVERY

    def error(self) -> ApiError | SimulatedTimeoutError | SimulatedConnectionError:
        """Return the exception this fault raises."""
        if self.kind == "forbidden":
            return forbidden(self.description or "bot was blocked by the user")
        if self.kind == "retry_after":
            return too_many_requests(self.retry_after)
        if self.kind == "server_error":
            return server_error()
        if self.kind == "bad_gateway":
            return bad_gateway()
        if self.kind in ("timeout", "delivered_timeout"):
            return SimulatedTimeoutError(self.method)
        # "unreachable": nothing listens (a refused connection), as at start-up without network.
        if self.kind in ("connection_refused", "connection_reset", "unreachable"):
            return SimulatedConnectionError(self.method, reached=self.kind == "connection_reset")
        return bad_request(self.description or "simulated failure")


class FaultPlan:
    """The faults still to trigger, consumed in the order they were planned."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Plan a fault."""
        if fault.remaining < 1:
            raise ValueError("times must be at least 1")
        self._faults.append(fault)

    def take(self, method: str, chat_id: int | None) -> Fault | None:
        """Consume and return the first fault matching this call, if any."""
        for fault in self._faults:
            if fault.matches(method, chat_id):
                fault.remaining -= 1
                if fault.remaining == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def clear(self) -> None:
        """Forget every planned fault."""
        self._faults.clear()

    def __len__(self) -> int:
        return len(self._faults)
