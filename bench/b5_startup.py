"""B5, start-up: process start to the first ``getUpdates``, 100,000 users vs an empty database.

Both databases are migrated already (a first start on a new file would add the migrations, the
same for both); the large one is B4's (every user with a check-in and a recap, none due, so the
first dispatcher tick has nothing to send). ``python -m bot run`` is started ``b5_repeats``
times on each, alternating, after one untimed warm-up start (full run); the time is from
spawning the process to the emulator receiving its first ``getUpdates``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from bench.populate import create_database, sqlite_url, table
from bench.procs import BENCH_TOKEN, BotProcess
from bench.report import Result
from bench.scheduler_db import scheduler_database
from bench.sizes import Sizes
from bench.stats import median, ratio
from bot.sandbox import BotApiEmulator
from bot.storage.database import Database

TITLE = "Start-up to first getUpdates: big vs empty DB"
TARGET_RATIO = 1.5


def _nothing_due(path: Path) -> None:
    """Move every due reminder a day ahead (the first tick then has nothing to send)."""
    database = Database.from_url(sqlite_url(path))
    reminders = table("reminders")
    now = datetime.now(UTC)
    with database.engine.begin() as connection:
        connection.execute(
            update(reminders)
            .where(reminders.c.next_fire_at <= now + timedelta(minutes=10))
            .values(next_fire_at=now + timedelta(days=1))
        )
    database.dispose()


async def run(sizes: Sizes, workdir: Path) -> Result:
    """Start the bot on both databases, alternating; compare the medians."""
    large = scheduler_database(workdir, users=sizes.b5_users, due=sizes.b4_due, name="b5.db")
    _nothing_due(large)
    empty = workdir / "b5-empty.db"
    create_database(empty).dispose()
    emulator = BotApiEmulator(token=BENCH_TOKEN)
    await emulator.serve()
    times: dict[str, list[float]] = {"empty": [], "large": []}
    try:
        if sizes.b5_warm_up:
            warm_up = BotProcess.diary(
                emulator, workdir=workdir, database_url=sqlite_url(empty), name="b5-warm-up"
            )
            await warm_up.start()
            await warm_up.stop()
        for repeat in range(sizes.b5_repeats):
            order = ("empty", "large") if repeat % 2 == 0 else ("large", "empty")
            for size in order:
                path = empty if size == "empty" else large
                bot = BotProcess.diary(
                    emulator, workdir=workdir, database_url=sqlite_url(path), name=f"b5-{size}"
                )
                try:
                    times[size].append(await bot.start())
                finally:
                    await bot.stop()
    finally:
        await emulator.stop_serving()
    empty_s, large_s = median(times["empty"]), median(times["large"])
    startup_ratio = ratio(large_s, empty_s)
    return Result(
        "B5",
        TITLE,
        f"{large_s * 1000:.0f} vs {empty_s * 1000:.0f} ms = {startup_ratio:.2f}x",
        f"<= {TARGET_RATIO}x",
        startup_ratio <= TARGET_RATIO,
        [
            f"- `python -m bot run`, {sizes.b5_repeats} starts per database, alternating, "
            + ("after one warm-up start; " if sizes.b5_warm_up else "")
            + "from spawning the process to its first `getUpdates`.",
            f"- {sizes.b5_users} users: "
            + ", ".join(f"{s * 1000:.0f}" for s in times["large"])
            + f" ms (median {large_s * 1000:.0f}); empty database: "
            + ", ".join(f"{s * 1000:.0f}" for s in times["empty"])
            + f" ms (median {empty_s * 1000:.0f}); ratio {startup_ratio:.2f} "
            f"(target <= {TARGET_RATIO}).",
        ],
    )
