"""getUpdates: offsets acknowledge, long polling waits, and acknowledgements can be awaited."""

from __future__ import annotations

import asyncio
import datetime as dtm

import pytest
from telegram import Bot
from telegram.error import Conflict

from bot.sandbox import BotApiEmulator

# Guards against a hang only: far beyond anything a busy machine needs.
HANG_GUARD_SECONDS = 120


async def test_offset_acknowledges_and_drops_older_updates(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001)
    ids = [ann.send_text(text).update_id for text in ("one", "two", "three")]

    first = await bot.get_updates()
    again = await bot.get_updates(offset=ids[1])
    limited = await bot.get_updates(offset=ids[1], limit=1)

    assert [u.update_id for u in first] == ids
    assert [u.message.text for u in again if u.message] == ["two", "three"]
    assert [u.update_id for u in limited] == [ids[1]]
    assert emulator.pending_updates == 2
    await bot.get_updates(offset=ids[2] + 1)
    assert emulator.pending_updates == 0


async def test_negative_offset_keeps_only_the_newest(bot: Bot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(1001)
    for text in ("one", "two", "three"):
        ann.send_text(text)

    updates = await bot.get_updates(offset=-1)

    assert [u.message.text for u in updates if u.message] == ["three"]
    assert emulator.pending_updates == 1


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001)
    # An hour-long poll: it can only end this test by returning on the update.
    poll = asyncio.create_task(bot.get_updates(timeout=3600))
    await emulator.updates.wait_for_long_poll()
    assert not poll.done()

    ann.send_text("/start")
    updates = await asyncio.wait_for(poll, HANG_GUARD_SECONDS)

    assert [u.message.text for u in updates if u.message] == ["/start"]
    assert emulator.updates.long_polls == 0
    message = updates[0].message
    assert message is not None
    assert message.entities[0].type == "bot_command"
    assert message.parse_entities(["bot_command"]) == {message.entities[0]: "/start"}


async def test_empty_long_poll_waits_then_answers_empty(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=dtm.timedelta(seconds=0.3)))
    await emulator.updates.wait_for_long_poll()
    assert not poll.done()

    assert await asyncio.wait_for(poll, HANG_GUARD_SECONDS) == ()
    assert emulator.updates.long_polls == 0


async def test_a_poll_without_timeout_answers_empty(bot: Bot, emulator: BotApiEmulator) -> None:
    assert await bot.get_updates(timeout=0) == ()
    assert emulator.updates.long_polls == 0


async def test_allowed_updates_filters_kinds(bot: Bot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(1001, started=True)
    message_update = ann.send_text("hi").update_id
    membership_update = ann.block().update_id

    updates = await bot.get_updates(allowed_updates=["my_chat_member"])

    assert [u.update_id for u in updates] == [membership_update]
    await emulator.wait_acknowledged(message_update, timeout=0.1)


async def test_webhook_blocks_get_updates(bot: Bot, emulator: BotApiEmulator) -> None:
    await bot.set_webhook("https://example.invalid/hook")
    assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"

    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_wait_acknowledged_needs_a_later_offset(bot: Bot, emulator: BotApiEmulator) -> None:
    action = emulator.user(1001).send_text("hello")

    await bot.get_updates()  # fetched but not acknowledged
    with pytest.raises(TimeoutError, match="was not acknowledged"):
        await emulator.wait_acknowledged(action, timeout=0.05)
    await bot.get_updates(offset=action.update_id + 1, timeout=0)
    await emulator.wait_acknowledged(action, timeout=0.05)
