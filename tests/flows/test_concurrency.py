"""Updates are handled concurrently: one user's taps in order, two users never wait for each other.

Deterministic: the emulator holds a Bot API call at a gate (``emulator.gates``) so that the bot
is known to be in the middle of handling one update while the test sends another.
"""

from __future__ import annotations

import asyncio

from bot.delivery import ChatOrderedUpdateProcessor
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from tests.flows.helpers import attack_rows, onboard, texts

GUARD_SECONDS = 120.0  # a hang guard only, far beyond what a busy machine needs


async def _until(condition: object) -> None:
    async with asyncio.timeout(GUARD_SECONDS):
        while not condition():  # type: ignore[operator]  # noqa: ASYNC110 (no event to wait on)
            await asyncio.sleep(0.01)


async def test_one_users_taps_are_applied_in_the_order_sent(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(8001, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    intensity_screen = ann.last_message
    held = emulator.gates.hold("editMessageText", chat_id=ann.chat_id)
    ann.press("3", message=intensity_screen)
    async with asyncio.timeout(GUARD_SECONDS):
        await held.reached.wait()
    # The first tap is saved and its screen edit is in flight; the second tap arrives.
    second = ann.press("8", message=intensity_screen)
    processor = bot.application.update_processor
    assert isinstance(processor, ChatOrderedUpdateProcessor)
    await _until(lambda: processor.waiting(ann.chat_id) == 2)
    [attack] = attack_rows(bot, 8001)
    assert attack.peak_intensity == 3  # the second waits for the first to be done
    held.release()
    await bot.handled(second)
    [attack] = attack_rows(bot, 8001)
    assert attack.peak_intensity == 8
    assert texts([ann.last_message])[0].endswith(
        "Did you take anything for it? Tap what you took."
    )


async def test_two_users_never_wait_for_each_other(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann, bob = emulator.user(8002, "Ann"), emulator.user(8003, "Bob")
    await onboard(bot, ann)
    await onboard(bot, bob)
    await bot.say(ann, "/log")
    await bot.say(bob, "/log")
    held = emulator.gates.hold("editMessageText", chat_id=ann.chat_id)
    ann_tap = ann.press("7")
    async with asyncio.timeout(GUARD_SECONDS):
        await held.reached.wait()
    # Ann's tap is stuck at its screen edit; Bob's tap is handled and answered meanwhile.
    bob_edited = emulator.gates.answered("editMessageText", chat_id=bob.chat_id)
    bob.press("5")
    async with asyncio.timeout(GUARD_SECONDS):
        await bob_edited.wait()
    assert texts([bob.last_message])[0].endswith(
        "Did you take anything for it? Tap what you took."
    )
    assert not held.released.is_set()
    assert texts([ann.last_message])[0].endswith("10 the worst imaginable.")
    held.release()
    await bot.handled(ann_tap)
    assert texts([ann.last_message])[0].endswith(
        "Did you take anything for it? Tap what you took."
    )
    assert [a.peak_intensity for a in attack_rows(bot, 8002) + attack_rows(bot, 8003)] == [7, 5]


async def test_the_answer_and_the_screen_edit_go_out_together(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(8004, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/log")
    # Hold the press's answer: the screen is edited all the same (neither waits for the other).
    held = emulator.gates.hold("answerCallbackQuery")
    edited = emulator.gates.answered("editMessageText", chat_id=ann.chat_id)
    tap = ann.press("6")
    async with asyncio.timeout(GUARD_SECONDS):
        await held.reached.wait()
        await edited.wait()
    assert texts([ann.last_message])[0].endswith(
        "Did you take anything for it? Tap what you took."
    )
    held.release()
    await bot.handled(tap)
