"""The dispatcher's crash window: 60 reminders due at once, the bot stopped mid-way, restarted.

Each test runs the real bot (``python -m bot run``) as its own process against the emulator
served on loopback, with every Bot API answer 30 ms away as on the real network, and stops it
as soon as the first reminder arrived: with SIGTERM (as systemd and Docker stop it) nothing is
lost; with SIGKILL (a crash, an OOM kill) at most the messages being sent at that moment are,
one per send slot. Either way no one gets a reminder twice, and a check-in counts as asked
only if its reminder was sent. The waits are for events (a delivery arrived, the queue is
empty), never for a length of time; the long guard only stops a hung process.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bench.populate import UserBlock, add_users, create_database, sqlite_url
from bench.procs import BENCH_TOKEN, BotProcess
from bot.outbox import MAX_IN_FLIGHT
from bot.sandbox import BotApiEmulator
from bot.services.reminders import dispatcher_identity, owner_is_gone

USERS = 60
TELEGRAM_BASE = 70_000_000
# Slow enough that the drain budget at shutdown (bot.jobs.DRAIN_SECONDS) cannot send all 60:
# the rest must go back to the queue and out after the restart.
RATE_PER_SECOND = "10"
LATENCY_SECONDS = 0.03
HANG_GUARD_SECONDS = 120.0


async def wait_for(condition: Callable[[], bool], what: str) -> None:
    """Wait until ``condition()`` holds (checked every few milliseconds).

    Polled: the conditions are about another process and its database, no event of ours.
    """
    async with asyncio.timeout(HANG_GUARD_SECONDS):
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.005)
    assert condition(), what


def reminders_per_chat(emulator: BotApiEmulator) -> Counter[int]:
    """How many check-in reminders each chat received."""
    return Counter(
        call.chat_id
        for call in emulator.calls_to("sendMessage")
        if call.chat_id is not None and "Headache today?" in str(call.params.get("text"))
    )


def queue_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        (count,) = connection.execute("SELECT COUNT(*) FROM dispatch_queue").fetchone()
    return int(count)


def opened_checkins(path: Path) -> set[int]:
    """The Telegram chats whose check-in of today was opened (counted as asked)."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(
            "SELECT users.chat_id FROM checkins JOIN users ON users.id = checkins.user_id"
        ).fetchall()
    return {int(chat_id) for (chat_id,) in rows}


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
async def test_sixty_due_reminders_survive_a_stop_after_the_first_delivery(
    signal_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator = BotApiEmulator(BENCH_TOKEN, latency=LATENCY_SECONDS)
    await emulator.serve()
    path = tmp_path / "diary.db"
    database = create_database(path)
    now = datetime.now(UTC)
    block = UserBlock(first_id=1, count=USERS, telegram_base=TELEGRAM_BASE)
    add_users(database, block, now=now, checkin_at=[now - timedelta(minutes=1)] * USERS)
    database.dispose()
    chats = {block.telegram_id(user_id) for user_id in block.ids()}
    for chat in chats:
        emulator.user(chat, started=True)
    env = {"OUTBOX_RATE_PER_SECOND": RATE_PER_SECOND}
    first = BotProcess.diary(
        emulator, workdir=tmp_path, database_url=sqlite_url(path), env=env, name="first"
    )
    second = BotProcess.diary(
        emulator, workdir=tmp_path, database_url=sqlite_url(path), env=env, name="second"
    )
    try:
        await first.start()
        await wait_for(lambda: bool(reminders_per_chat(emulator)), "the first delivery")
        if signal_name == "SIGTERM":
            assert await first.stop() == 0
        else:
            await first.kill()
        before_restart = sum(reminders_per_chat(emulator).values())
        await second.start()
        await wait_for(lambda: queue_rows(path) == 0, "the queue sent or dropped")
    finally:
        await second.stop()
        await first.stop()
        await emulator.stop_serving()

    received = reminders_per_chat(emulator)
    lost = chats - set(received)
    with capsys.disabled():
        print(
            f"\n{signal_name} after the first delivery: {before_restart} of {USERS} sent "
            f"before the restart, {len(lost)} lost, "
            f"{sum(1 for n in received.values() if n > 1)} sent twice"
        )
    assert max(received.values()) == 1  # nobody twice
    assert set(received) <= chats
    opened = opened_checkins(path)
    assert set(received) <= opened
    if signal_name == "SIGTERM":
        assert lost == set()
        assert opened == chats  # counted as asked exactly when sent
    else:
        # Only the messages being sent when the process died: at most one per send slot.
        assert len(lost) <= MAX_IN_FLIGHT
        assert opened - set(received) == lost
    assert first.errors_logged() == []
    assert second.errors_logged() == []


def test_a_dispatcher_is_gone_when_its_process_is() -> None:
    me = dispatcher_identity()
    host = socket.gethostname()
    assert not owner_is_gone(me, me=me)
    # An earlier dispatcher with this pid (a restarted container is pid 1 again) is gone.
    assert owner_is_gone(f"{host}:{os.getpid()}:0", me=me)
    assert not owner_is_gone(f"{host}:{os.getppid()}:0", me=me)  # a live process
    assert owner_is_gone(f"{host}:{2**22 + 12345}:0", me=me)  # above Linux's pid_max
    assert not owner_is_gone(f"elsewhere.example:{2**22 + 12345}:0", me=me)  # another host
    assert not owner_is_gone("not-an-owner", me=me)
