"""A held call never keeps the bot from stopping: shutdown lets every gate through."""

from __future__ import annotations

import asyncio

from bot.sandbox.gates import GatePlan


async def test_release_all_lets_a_held_call_through_and_drops_waiting_gates() -> None:
    plan = GatePlan()
    held = plan.hold("editMessageText", chat_id=1)
    plan.hold("sendMessage")
    call = asyncio.create_task(plan.pass_through("editMessageText", 1))
    await held.reached.wait()
    assert not call.done()

    plan.release_all()

    await call
    # The gate that was never reached is gone: the next sendMessage is not held.
    await plan.pass_through("sendMessage", 1)
