"""B1, update throughput: the diary bot vs a bare PTB echo bot, on one emulator, in one run.

Simulated users tap through the attack-logging flow (:data:`bench.driving.ATTACK_FLOW`, every
step a database write); the same number of users each send the echo bot as many texts. Both are
closed loops: each user acts again as soon as the answer to its last action arrived, with
``b1_concurrency`` users active at once, so the bot always has work queued. Throughput is the
updates injected divided by the time until the last one was answered. Both bots run as their
own processes with the ``ApplicationBuilder`` defaults (``concurrent_updates`` is not set in
:func:`bot.app.build_application`, so both handle one update at a time) and rounds alternate
between them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from bench.driving import ATTACK_FLOW, ReplyWatcher, Throughput, attack_flow, echo_chat
from bench.populate import create_database, sqlite_url
from bench.procs import BENCH_TOKEN, BotProcess
from bench.report import Result
from bench.sizes import Sizes
from bench.stats import median, ratio
from bot.sandbox import BotApiEmulator, SimUser

TITLE = "Update throughput: attack flow vs echo bot"
TELEGRAM_CAP = 30.0  # messages/s a bot may send overall (Telegram Bot FAQ)
TARGET_VS_ECHO = 0.5
TARGET_VS_CAP = 10.0

Script = Callable[[ReplyWatcher, SimUser], Awaitable[int]]


async def closed_loop(
    emulator: BotApiEmulator, script: Script, *, first_id: int, users: int, concurrency: int
) -> Throughput:
    """Run ``script`` for ``users`` new users, ``concurrency`` at a time."""
    watcher = ReplyWatcher(emulator)
    gate = asyncio.Semaphore(concurrency)

    async def one(user_id: int) -> int:
        async with gate:
            user = emulator.user(user_id, f"U{user_id}", started=True)
            return await script(watcher, user)

    try:
        started = time.perf_counter()
        counts = await asyncio.gather(*(one(first_id + n) for n in range(users)))
        seconds = time.perf_counter() - started
    finally:
        watcher.close()
    return Throughput(sum(counts), seconds)


async def _flow(watcher: ReplyWatcher, user: SimUser) -> int:
    return await attack_flow(watcher, user)


async def _echo(watcher: ReplyWatcher, user: SimUser) -> int:
    return await echo_chat(watcher, user, steps=len(ATTACK_FLOW))


async def run(sizes: Sizes, workdir: Path) -> Result:
    """Measure both bots, alternating rounds, and compare the medians."""
    diary_emulator = BotApiEmulator(token=BENCH_TOKEN)
    echo_emulator = BotApiEmulator(token=BENCH_TOKEN)
    await diary_emulator.serve()
    await echo_emulator.serve()
    database = create_database(workdir / "b1.db")
    database.dispose()
    diary = BotProcess.diary(
        diary_emulator, workdir=workdir, database_url=sqlite_url(workdir / "b1.db")
    )
    echo = BotProcess.echo(echo_emulator, workdir=workdir)
    ours: list[Throughput] = []
    theirs: list[Throughput] = []
    next_id = 100_000
    try:
        await asyncio.gather(diary.start(), echo.start())
        # Warm-up (first-use imports, connection pools, SQLite page cache): not counted.
        for emulator, script in ((diary_emulator, _flow), (echo_emulator, _echo)):
            await closed_loop(
                emulator,
                script,
                first_id=next_id,
                users=sizes.b1_concurrency,
                concurrency=sizes.b1_concurrency,
            )
        next_id += sizes.b1_concurrency
        for round_number in range(sizes.b1_rounds):
            order = [(ours, diary_emulator, _flow), (theirs, echo_emulator, _echo)]
            if round_number % 2:
                order.reverse()
            for into, emulator, script in order:
                into.append(
                    await closed_loop(
                        emulator,
                        script,
                        first_id=next_id,
                        users=sizes.b1_users,
                        concurrency=sizes.b1_concurrency,
                    )
                )
                next_id += sizes.b1_users
        errors = diary.errors_logged()
    finally:
        await asyncio.gather(diary.stop(), echo.stop())
        await diary_emulator.stop_serving()
        await echo_emulator.stop_serving()
    ours_rate = median([t.per_second for t in ours])
    echo_rate = median([t.per_second for t in theirs])
    versus_echo = ratio(ours_rate, echo_rate)
    versus_cap = ratio(ours_rate, TELEGRAM_CAP)
    met = versus_echo >= TARGET_VS_ECHO and versus_cap >= TARGET_VS_CAP
    updates = ours[0].updates if ours else 0
    return Result(
        "B1",
        TITLE,
        f"{ours_rate:.0f} vs {echo_rate:.0f} updates/s = {versus_echo:.2f}x echo, "
        f"{versus_cap:.1f}x the 30/s cap",
        f">= {TARGET_VS_ECHO}x echo and >= {TARGET_VS_CAP:.0f}x 30/s",
        met,
        [
            f"- {sizes.b1_users} users per round, {sizes.b1_concurrency} acting at once, "
            f"{len(ATTACK_FLOW)} updates each ({updates} per round); {sizes.b1_rounds} rounds "
            "per bot, alternating, after one warm-up round each; both bots handle one update "
            "at a time (the `ApplicationBuilder` default, as `build_application` leaves it).",
            "- Diary bot updates/s per round: "
            + ", ".join(f"{t.per_second:.0f}" for t in ours)
            + f" (median {ours_rate:.1f})",
            "- Echo bot updates/s per round: "
            + ", ".join(f"{t.per_second:.0f}" for t in theirs)
            + f" (median {echo_rate:.1f})",
            f"- Ratio {versus_echo:.2f} (target >= {TARGET_VS_ECHO}); "
            f"{versus_cap:.1f}x Telegram's 30 messages/s (target >= {TARGET_VS_CAP:.0f}x).",
            f"- Errors in the diary bot's log: {len(errors)}",
        ],
    )
