"""Acting as users over the emulator and timing the bot's answers.

:class:`ReplyWatcher` resolves when the bot sends or edits a message in a chat, so a simulated
user can act, wait for the answer, and act again, as a person tapping through a screen does.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.sandbox import BotApiEmulator, SentMessage, SimUser, UserAction

REPLY_TIMEOUT_SECONDS = 60.0

# The attack-logging flow of issue 8, one update per step, each answered by one message sent or
# edited (and each a database write): /log, intensity, medication Skip, where, Done, quality,
# activity, symptoms Done, triggers Done, card Done.
ATTACK_FLOW: tuple[tuple[str, str], ...] = (
    ("say", "/log"),
    ("tap", "7"),
    ("tap", "Skip ›"),
    ("tap", "Left"),
    ("tap", "Done ›"),
    ("tap", "Throbbing / pulsating"),
    ("tap", "Yes, worse"),
    ("tap", "Done ›"),
    ("tap", "Done ›"),
    ("tap", "✓ Done"),
)
# The closed card ends with this line (checked, so a flow that went astray is not counted).
FLOW_DONE_TEXT = "When it's over"


class ReplyWatcher:
    """Waits for the bot's next message (sent or edited) in a given chat."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self._waiting: dict[int, tuple[asyncio.Future[SentMessage], int]] = {}
        self._remaining: dict[int, int] = {}
        emulator.observers.append(self._observe)

    def close(self) -> None:
        """Stop watching."""
        if self._observe in self.emulator.observers:
            self.emulator.observers.remove(self._observe)

    def _observe(self, message: SentMessage) -> None:
        waiting = self._waiting.get(message.chat_id)
        if waiting is None:
            return
        future, _ = waiting
        self._remaining[message.chat_id] -= 1
        if self._remaining[message.chat_id] <= 0:
            del self._waiting[message.chat_id]
            if not future.done():
                future.set_result(message)

    async def act(
        self, user: SimUser, action: Callable[[], UserAction], *, replies: int = 1
    ) -> tuple[float, SentMessage]:
        """Do ``action`` as ``user``; return the seconds until the bot's ``replies``-th answer."""
        if user.chat_id in self._waiting:
            raise RuntimeError(f"{user!r} is already waiting for an answer")
        future: asyncio.Future[SentMessage] = asyncio.get_running_loop().create_future()
        self._waiting[user.chat_id] = (future, replies)
        self._remaining[user.chat_id] = replies
        started = time.perf_counter()
        action()
        try:
            message = await asyncio.wait_for(future, REPLY_TIMEOUT_SECONDS)
        except TimeoutError:
            self._waiting.pop(user.chat_id, None)
            raise TimeoutError(
                f"{user!r} got no answer within {REPLY_TIMEOUT_SECONDS:.0f} s"
            ) from None
        return time.perf_counter() - started, message


def step_action(user: SimUser, kind: str, text: str) -> Callable[[], UserAction]:
    """The user action of one flow step: ``say`` a text or ``tap`` an inline button."""
    if kind == "say":
        return lambda: user.send_text(text)
    return lambda: user.press(text)


async def attack_flow(
    watcher: ReplyWatcher,
    user: SimUser,
    *,
    latencies: list[tuple[float, float]] | None = None,
    think: Callable[[], float] | None = None,
) -> int:
    """Tap through :data:`ATTACK_FLOW` as ``user``; return the number of updates sent.

    Each step's ``(sent at, seconds to the answer)`` is appended to ``latencies``; ``think``
    returns a pause before each step (a person reading the screen).

    Raises:
        AssertionError: the flow did not end on the closed attack card.
    """
    last: SentMessage | None = None
    for kind, text in ATTACK_FLOW:
        if think is not None:
            await asyncio.sleep(think())
        sent_at = time.perf_counter()
        seconds, last = await watcher.act(user, step_action(user, kind, text))
        if latencies is not None:
            latencies.append((sent_at, seconds))
    if last is None or FLOW_DONE_TEXT not in (last.text or ""):
        raise AssertionError(f"{user!r}'s attack flow ended elsewhere: {last!r}")
    return len(ATTACK_FLOW)


async def echo_chat(watcher: ReplyWatcher, user: SimUser, *, steps: int) -> int:
    """Send ``steps`` texts as ``user``, each after the echo of the one before."""
    for number in range(steps):
        text = f"echo {number}"
        _, reply = await watcher.act(user, step_action(user, "say", text))
        if reply.text != text:
            raise AssertionError(f"{user!r} got {reply.text!r} back for {text!r}")
    return steps


@dataclass(frozen=True)
class Throughput:
    """Updates handled end to end per second over one closed-loop run."""

    updates: int
    seconds: float

    @property
    def per_second(self) -> float:
        """Updates per second."""
        return self.updates / self.seconds if self.seconds else 0.0
