"""B3, history scaling: /summary for a user with ten years of diary vs one with a week.

The database holds ``b3_users`` users. User 1 has ``b3_years`` years of history at issue 8's
densities (about 1,500 attacks, 3,650 check-ins and 4,000 intakes in ten years); user 2 has one
week; both have exactly the same records in the last week (see :func:`bench.populate.diary`);
everyone else has two weeks. ``/summary`` (the last 7 days: chart and text) is sent through
the emulator to the bot process for both users, alternating, and timed from the update to the
second message (the text after the chart). ``/summary 365`` is timed for both as well. The
use case alone (:func:`bot.services.summary.summarise`, no chart, no HTTP) is timed in this
process too, to show where any growth with history would come from.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

from bench.driving import ReplyWatcher, step_action
from bench.populate import UserBlock, add_diaries, add_users, create_database, sqlite_url
from bench.procs import BENCH_TOKEN, BotProcess
from bench.report import Result
from bench.sizes import Sizes
from bench.stats import median, ratio
from bot.clock import SystemClock
from bot.sandbox import BotApiEmulator
from bot.services import summary as summary_service
from bot.services.context import ServiceContext
from bot.storage.database import Database

TITLE = "/summary: long history vs one week"
TARGET_RATIO = 1.5
YEAR_TARGET_MS = 150  # issue 14: /summary 365 for the ten-year user, end to end
TELEGRAM_BASE = 30_000_000
LONG, WEEK, OTHER, QUARTER = 1, 2, 3, 4
DAYS_OTHERS = 14
# A 7-day /summary reads about 90 days (the 3-month medication-overuse flag: see
# bot.domain.summary.required_window); this user's history just covers that window, so
# comparing the ten-year user with it isolates the cost of history the period does not need.
DAYS_QUARTER = 100
SUMMARY_MESSAGES = 2  # the chart (with its title) and the text


async def run(sizes: Sizes, workdir: Path) -> Result:
    """Populate, then time /summary end to end and the use case alone."""
    now = datetime.now(UTC)
    path = workdir / "b3.db"
    database = create_database(path)
    block = UserBlock(first_id=1, count=sizes.b3_users, telegram_base=TELEGRAM_BASE)
    started = time.perf_counter()
    add_users(database, block, now=now, recap_at=now.replace(year=now.year + 1))
    days = dict.fromkeys(block.ids(), DAYS_OTHERS) | {
        LONG: sizes.b3_years * 365,
        WEEK: 7,
        QUARTER: DAYS_QUARTER,
    }
    rows = add_diaries(database, days, now=now)
    populated = time.perf_counter() - started
    long_rows = add_counts(database, LONG)

    emulator = BotApiEmulator(token=BENCH_TOKEN)
    users = {
        user_id: emulator.user(block.telegram_id(user_id), f"U{user_id}", started=True)
        for user_id in (LONG, WEEK, OTHER, QUARTER)
    }
    await emulator.serve()
    bot = BotProcess.diary(emulator, workdir=workdir, database_url=sqlite_url(path))
    watcher = ReplyWatcher(emulator)
    timings: dict[tuple[int, str], list[float]] = {
        (user_id, text): []
        for user_id in (LONG, WEEK, QUARTER)
        for text in ("/summary", "/summary 365")
    }

    async def ask(user_id: int, text: str) -> float:
        user = users[user_id]
        seconds, message = await watcher.act(
            user, step_action(user, "say", text), replies=SUMMARY_MESSAGES
        )
        if message.photo is not None:
            raise AssertionError(f"/summary for user {user_id} ended on the chart: {message!r}")
        return seconds

    try:
        await bot.start()
        for text in ("/summary", "/summary 365"):  # warm-up: matplotlib, caches
            await ask(OTHER, text)
        for repeat in range(sizes.b3_repeats):
            for text in ("/summary", "/summary 365"):
                order = [LONG, WEEK, QUARTER] if repeat % 2 == 0 else [QUARTER, WEEK, LONG]
                for user_id in order:
                    timings[(user_id, text)].append(await ask(user_id, text))
        errors = bot.errors_logged()
    finally:
        watcher.close()
        await bot.stop()
        await emulator.stop_serving()

    service = ServiceContext(database=database, clock=SystemClock(), default_timezone="UTC")
    use_case: dict[tuple[int, str], list[float]] = {key: [] for key in timings}
    for _ in range(max(3, sizes.b3_repeats)):
        for (user_id, text), values in use_case.items():
            period = summary_service.resolve_period(
                service, user_id=user_id, argument=text.removeprefix("/summary").strip()
            )
            assert period is not None
            began = time.perf_counter()
            summary_service.summarise(service, user_id=user_id, period=period)
            values.append(time.perf_counter() - began)
    database.dispose()

    def ms(values: list[float]) -> float:
        return median(values) * 1000

    week_long, week_short = ms(timings[(LONG, "/summary")]), ms(timings[(WEEK, "/summary")])
    year_long, year_short = (
        ms(timings[(LONG, "/summary 365")]),
        ms(timings[(WEEK, "/summary 365")]),
    )
    main_ratio = ratio(week_long, week_short)
    # The bot keeps recent charts (bot.views.charts): the first ask draws the year, the
    # repeats of the unchanged period are served from the cache.
    year_runs = timings[(LONG, "/summary 365")]
    year_drawn = year_runs[0] * 1000
    year_cached = ms(year_runs[1:]) if len(year_runs) > 1 else year_drawn
    uc = {key: ms(values) for key, values in use_case.items()}
    week_quarter = ms(timings[(QUARTER, "/summary")])
    return Result(
        "B3",
        TITLE,
        f"{week_long:.0f} vs {week_short:.0f} ms = {main_ratio:.2f}x; "
        f"/summary 365 (long): {year_drawn:.0f} ms drawn, {year_cached:.0f} ms unchanged "
        f"(target < {YEAR_TARGET_MS})",
        f"<= {TARGET_RATIO}x",
        main_ratio <= TARGET_RATIO,
        [
            f"- {sizes.b3_users} users; rows: "
            + ", ".join(f"{count} {name}" for name, count in rows.items())
            + f" (populated in {populated:.1f} s). The long user has "
            + ", ".join(f"{count} {name}" for name, count in long_rows.items())
            + f" over {sizes.b3_years} years.",
            f"- `/summary` (last 7 days, chart and text, end to end over HTTP), median of "
            f"{sizes.b3_repeats}: long history {week_long:.1f} ms, one week {week_short:.1f} ms; "
            f"ratio {main_ratio:.2f} (target <= {TARGET_RATIO}).",
            f"- `/summary 365`: long history {year_long:.1f} ms, one week {year_short:.1f} ms "
            f"(ratio {ratio(year_long, year_short):.2f}; the year holds 365 days of records for "
            "the long user and 7 for the other, so this one is expected to grow).",
            f"- `/summary 365` for the ten-year user, first ask (the chart drawn): "
            f"{year_drawn:.1f} ms; asked again with nothing changed (the chart from the cache), "
            f"median of {max(len(year_runs) - 1, 1)}: {year_cached:.1f} ms (target < "
            f"{YEAR_TARGET_MS} ms). The two users' 7-day charts are equal (same records), so "
            "after the first ask both come from the cache.",
            f"- A user with {DAYS_QUARTER} days of history (all a 7-day summary reads: its "
            f"90-day medication-overuse look-back): `/summary` {week_quarter:.1f} ms; the "
            f"ten-year user / this user = {ratio(week_long, week_quarter):.2f}.",
            "- The use case alone (`summarise`: queries and statistics, no chart, no HTTP), "
            f"median ms for `/summary`: ten years {uc[(LONG, '/summary')]:.1f}, "
            f"{DAYS_QUARTER} days {uc[(QUARTER, '/summary')]:.1f}, one week "
            f"{uc[(WEEK, '/summary')]:.1f} (ten years / {DAYS_QUARTER} days = "
            f"{ratio(uc[(LONG, '/summary')], uc[(QUARTER, '/summary')]):.2f}, ten years / one "
            f"week = {ratio(uc[(LONG, '/summary')], uc[(WEEK, '/summary')]):.2f}); "
            f"for `/summary 365`: {uc[(LONG, '/summary 365')]:.1f}, "
            f"{uc[(QUARTER, '/summary 365')]:.1f}, {uc[(WEEK, '/summary 365')]:.1f}.",
            f"- Errors in the bot's log: {len(errors)}",
        ],
    )


def add_counts(database: Database, user_id: int) -> dict[str, int]:
    """How many attacks, check-ins and intakes ``user_id`` has."""
    counts: dict[str, int] = {}
    with database.engine.connect() as connection:
        for name in ("attacks", "checkins", "medication_intakes"):
            counts[name] = int(
                connection.exec_driver_sql(
                    f"SELECT count(*) FROM {name} WHERE user_id = ?",
                    (user_id,),
                ).scalar_one()
            )
    return counts
