"""The reminder dispatcher and the paced outbox against the emulator, with an injected clock."""

from __future__ import annotations

import asyncio
import logging
import time as wallclock
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.config import Settings
from bot.jobs import DISPATCH_JOB_NAME, DISPATCH_MISFIRE_GRACE_SECONDS, outbox_of
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Reminder, User
from tests.flows.helpers import db_session, recap_off, texts
from tests.flows.test_checkin import EVENING, onboard


async def test_due_not_due_and_late(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(6001, "Ann")
    await onboard(bot, ann)
    clock.set(EVENING - timedelta(minutes=1))
    assert await bot.tick() == 0  # not due yet
    clock.set(EVENING + timedelta(hours=1, minutes=59))
    assert await bot.tick() == 1  # late under 2 h: sent
    assert ann.last_message.text == "Evening check-in · Fri 20 Nov\nHeadache today?"
    assert await bot.tick() == 0  # never twice
    clock.set(EVENING + timedelta(days=1, hours=2))
    assert await bot.tick() == 0  # late over 2 h: skipped...
    with db_session(bot) as session:
        row = session.exec(select(Reminder).where(Reminder.kind == "checkin")).one()
    # ...and moved to the next day.
    assert row.next_fire_at == EVENING + timedelta(days=2)


async def test_restart_on_the_same_database_does_not_send_again(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(6002, "Ann")
    async with SandboxBot(settings, emulator=emulator, clock=clock) as first:
        await onboard(first, ann)
        clock.set(EVENING)
        assert await first.tick() == 1
    async with SandboxBot(settings, emulator=emulator, clock=clock) as second:
        assert await second.tick() == 0
        # A reminder due while the bot was down is sent after the restart (under 2 h late).
        clock.set(EVENING + timedelta(days=1, minutes=30))
        assert await second.tick() == 1
        # The buttons of the first instance's message still work.
        await second.tap(ann, "No", message=ann.messages[-2])
    assert len(emulator.calls_to("sendMessage")) > 0


async def test_the_dispatcher_job_is_scheduled_with_its_own_misfire_grace(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    async with SandboxBot(settings, emulator=emulator, clock=clock, background_jobs=True) as bot:
        assert bot.application.job_queue is not None
        [job] = bot.application.job_queue.get_jobs_by_name(DISPATCH_JOB_NAME)
        assert job.job.misfire_grace_time == DISPATCH_MISFIRE_GRACE_SECONDS
        assert job.job.coalesce is True
        names = {j.name for j in bot.application.job_queue.jobs()}
        assert "followups" not in names  # the dispatcher sends follow-ups too


async def test_followups_go_through_the_dispatcher_and_wait_for_quiet_hours(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(6003, "Ann")
    await onboard(bot, ann)
    clock.set(datetime(2026, 11, 20, 21, 0, tzinfo=UTC))
    await bot.say(ann, "/log")
    # Due at 23:00 UTC, inside quiet hours (22:30-07:30): followup_due moved it to 07:30.
    clock.set(datetime(2026, 11, 20, 23, 0, tzinfo=UTC))
    assert await bot.tick() == 0
    # Quiet hours changed meanwhile to end at 09:00: at 07:30 it waits again.
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 6003)).one()
        user.quiet_end = datetime(2026, 1, 1, 9, 0).time()
        session.add(user)
        session.commit()
    clock.set(datetime(2026, 11, 21, 7, 30, tzinfo=UTC))
    assert await bot.tick() == 0
    clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    assert await bot.tick() == 1
    assert ann.last_message.text is not None
    assert ann.last_message.text.endswith("How is it now?")
    assert await bot.tick() == 0


async def test_a_blocked_user_is_paused_and_resumed(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock, caplog: pytest.LogCaptureFixture
) -> None:
    ann = emulator.user(6004, "Ann")
    await onboard(bot, ann)
    await recap_off(bot, ann)
    # Blocked without Telegram telling us: the send fails with 403.
    emulator.fail("sendMessage", error="forbidden", chat_id=6004)
    clock.set(EVENING)
    with caplog.at_level(logging.WARNING, logger="bot.outbox"):
        assert await bot.tick() == 1
    assert "the user blocked the bot: Forbidden: bot was blocked by the user" in caplog.text
    assert emulator.token not in caplog.text
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 6004)).one()
    assert user.reachable is False
    clock.advance(timedelta(days=1))
    assert await bot.tick() == 0  # paused
    # Unblocking (my_chat_member: member) resumes from the next time on.
    await bot.handled(ann.unblock())
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 6004)).one()
    assert user.reachable is True
    assert await bot.tick() == 0
    clock.advance(timedelta(days=1))
    assert await bot.tick() == 1
    assert ann.last_message.text == "Evening check-in · Sun 22 Nov\nHeadache today?"
    # Blocking with a my_chat_member update pauses too.
    await bot.handled(ann.block())
    clock.advance(timedelta(days=1))
    assert await bot.tick() == 0


def add_users_due(session: Session, first_id: int, count: int, due: datetime) -> None:
    """Insert ``count`` onboarded users with a check-in due at ``due`` (in bulk, quickly)."""
    ids = range(first_id, first_id + count)
    session.bulk_insert_mappings(
        User,
        [
            {
                "telegram_id": telegram_id,
                "chat_id": telegram_id,
                "timezone": "UTC",
                "onboarding_step": None,
                "created_at": due,
                "updated_at": due,
            }
            for telegram_id in ids
        ],
    )
    user_ids = session.exec(select(User.id).where(col(User.telegram_id).in_(list(ids)))).all()
    session.bulk_insert_mappings(
        Reminder,
        [
            {
                "user_id": user_id,
                "kind": "checkin",
                "local_time": due.time(),
                "next_fire_at": due,
                "created_at": due,
            }
            for user_id in user_ids
        ],
    )
    session.commit()


@pytest.fixture
async def fast_bot(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[SandboxBot]:
    fast = settings.model_copy(update={"outbox_rate_per_second": 2000.0})
    async with SandboxBot(fast, emulator=emulator, clock=clock) as running:
        yield running


# PTB 22 itself warns when it builds RetryAfter from Telegram's integer (its own deprecation of
# int periods); nothing in our code can avoid that warning.
@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_429_during_a_burst_is_honoured_and_retried(
    fast_bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    for offset in range(30):
        emulator.user(7000 + offset, started=True)
    clock.set(EVENING)
    with db_session(fast_bot) as session:
        add_users_due(session, 7000, 30, EVENING)
    emulator.fail("sendMessage", error="retry_after", retry_after=1, chat_id=7010)
    started = wallclock.monotonic()
    assert await fast_bot.tick() == 30
    assert wallclock.monotonic() - started >= 1.0  # everything paused for retry_after
    sent_to = [call.chat_id or 0 for call in emulator.calls_to("sendMessage")]
    assert sorted(set(sent_to)) == list(range(7000, 7030))
    assert sent_to.count(7010) == 2  # failed once, retried once
    outbox = outbox_of(fast_bot.application)
    assert (outbox.sent, outbox.failed) == (30, 0)


async def test_per_chat_pacing_spaces_one_users_messages(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(6005, "Ann")
    await onboard(bot, ann)
    await bot.say(ann, "/meds")
    await bot.tap(ann, "➕ Add a medication")
    await bot.say(ann, "Propranolol")
    await bot.tap(ann, "20:00")  # the same minute as the check-in
    clock.set(EVENING)
    assert await bot.tick() == 2
    calls = [c for c in emulator.calls_to("sendMessage") if c.chat_id == 6005][-2:]
    assert calls[1].at - calls[0].at >= 0.95


async def test_an_interactive_reply_is_not_queued_behind_a_5000_reminder_burst(
    fast_bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    burst = 5000
    for offset in range(burst):
        emulator.user(100_000 + offset, started=True)
    ann = emulator.user(6006, "Ann")
    await onboard(fast_bot, ann)
    clock.set(EVENING + timedelta(minutes=5))
    with db_session(fast_bot) as session:
        add_users_due(session, 100_000, burst, EVENING)
    outbox = outbox_of(fast_bot.application)
    # The dispatcher claims the burst in small batches while the outbox already sends.
    burst_started = asyncio.Event()
    emulator.observers.append(
        lambda message: burst_started.set() if message.chat_id >= 100_000 else None
    )
    tick = asyncio.create_task(fast_bot.tick(drain=False))
    await asyncio.wait_for(burst_started.wait(), timeout=120)
    replies = texts(await fast_bot.say(ann, "/help"))
    assert replies[0].startswith("I'm a headache diary.")
    assert outbox.sent < burst  # the burst was still going when the reply came
    queued = await tick
    await fast_bot.drain()
    assert queued == burst + 1  # Ann's check-in too
    assert outbox.sent == burst + 1


@pytest.mark.parametrize("comes_back", ["/start", "text", "tap"])
async def test_a_blocked_user_who_writes_or_taps_again_gets_reminders_again(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock, comes_back: str
) -> None:
    ann = emulator.user(6005, "Ann")
    await onboard(bot, ann)
    await recap_off(bot, ann)
    settings_message = (await bot.say(ann, "/settings"))[-1]
    emulator.fail("sendMessage", error="forbidden", chat_id=6005)
    clock.set(EVENING)
    assert await bot.tick() == 1  # the 403 pauses her reminders
    clock.advance(timedelta(days=1))
    assert await bot.tick() == 0
    # She unblocks the bot; Telegram sends no my_chat_member update, only what she does next.
    clock.advance(timedelta(hours=1))
    if comes_back == "/start":
        replies = texts(await bot.say(ann, "/start"))
        assert replies[0].startswith("Welcome back, Ann")
    elif comes_back == "text":
        await bot.say(ann, "hello")
    else:
        await bot.press_data(ann, settings_message.message_id, "st:x")

    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == 6005)).one()
    assert user.reachable is True
    clock.set(EVENING + timedelta(days=2))
    assert await bot.tick() == 1
    assert ann.last_message.text == "Evening check-in · Sun 22 Nov\nHeadache today?"
