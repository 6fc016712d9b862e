"""B2, reply latency under a reminder burst: 10,000 check-ins due at once while users log attacks.

The database holds ``b2_reminders`` onboarded users whose evening check-ins are not due yet. The
bot runs as its own process with the outbox at its default pace (``OUTBOX_RATE_PER_SECOND``
unset: 25/s). ``b2_loggers`` users keep tapping through the attack flow at a person's pace
(a pause of ``b2_think_seconds`` before each tap), first for ``b2_baseline_seconds`` without a
burst, then while every check-in is made due at once and the dispatcher sends them. Reply
latency is the time from the update being available to the bot until its answer arrived; the
burst window runs from the first check-in delivered to the last. Afterwards every check-in
chat is checked for exactly one message and every chat for at least 1 s between bulk sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bench.driving import ReplyWatcher, attack_flow
from bench.populate import UserBlock, add_users, create_database, sqlite_url, table
from bench.procs import BENCH_TOKEN, BotProcess
from bench.report import Result
from bench.sizes import Sizes
from bench.stats import percentile, ratio
from bot.sandbox import BotApiEmulator, SentMessage

TITLE = "Reply latency during a check-in burst"
TARGET_P99_RATIO = 2.0
DEFAULT_RATE = 25.0  # bot.config.Settings.outbox_rate_per_second
PER_CHAT_INTERVAL = 1.0  # seconds; bot.outbox.PER_CHAT_INTERVAL (Telegram Bot FAQ)
# A send's arrival at the emulator is a little after the outbox started it; allow that jitter.
PACING_TOLERANCE = 0.05
DISPATCH_INTERVAL = 10.0  # bot.jobs.DISPATCH_INTERVAL_SECONDS
DISPATCH_FIRST = 1.0  # bot.jobs.schedule_dispatcher: the first tick, after the JobQueue starts
TICK_LEAD = 0.25  # seconds before a tick the check-ins are made due
REMINDER_BASE = 50_000_000
LOGGER_BASE = 60_000_000


class Deliveries:
    """Counts the bulk messages sent to the check-in chats, as they arrive."""

    def __init__(self, emulator: BotApiEmulator, chats: set[int]) -> None:
        self.chats = chats
        self.count = 0
        self.first: float | None = None
        self.last: float | None = None
        self.done = asyncio.Event()
        emulator.observers.append(self._observe)

    def _observe(self, message: SentMessage) -> None:
        if message.chat_id not in self.chats or message.edited:
            return
        now = time.perf_counter()
        self.first = self.first or now
        self.last = now
        self.count += 1
        if self.count >= len(self.chats):
            self.done.set()


def _busiest_second(times: list[float]) -> int:
    """The most sends that arrived within any one second (``times`` sorted)."""
    busiest, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        busiest = max(busiest, end - start + 1)
    return busiest


def _until_just_before_a_tick(polling_since: float, sizes: Sizes) -> float:
    """Seconds to wait so the burst falls due just before a dispatcher tick.

    The dispatcher's ticks run every 10 s from about a second after the bot started polling;
    making the check-ins due just before one starts the burst at once instead of up to 10 s
    later, and lets the baseline run for at least ``b2_baseline_seconds``.
    """
    now = time.monotonic()
    tick = polling_since + DISPATCH_FIRST
    while tick - TICK_LEAD < now + sizes.b2_baseline_seconds:
        tick += DISPATCH_INTERVAL
    return tick - TICK_LEAD - now


async def run(sizes: Sizes, workdir: Path) -> Result:
    """Baseline, then the burst; compare the p99 reply latencies and check every delivery."""
    now = datetime.now(UTC)
    block = UserBlock(first_id=1, count=sizes.b2_reminders, telegram_base=REMINDER_BASE)
    path = workdir / "b2.db"
    database = create_database(path)
    add_users(database, block, now=now)
    emulator = BotApiEmulator(token=BENCH_TOKEN)
    chats = {block.telegram_id(user_id) for user_id in block.ids()}
    for chat_id in chats:
        emulator.user(chat_id, f"R{chat_id}", started=True)
    deliveries = Deliveries(emulator, chats)
    await emulator.serve()
    env = {} if sizes.b2_rate is None else {"OUTBOX_RATE_PER_SECOND": str(sizes.b2_rate)}
    bot = BotProcess.diary(emulator, workdir=workdir, database_url=sqlite_url(path), env=env)
    rate = sizes.b2_rate or DEFAULT_RATE
    watcher = ReplyWatcher(emulator)
    rng = random.Random(8)
    latencies: list[tuple[float, float]] = []
    stop = asyncio.Event()
    next_id = LOGGER_BASE

    def think() -> float:
        return rng.uniform(*sizes.b2_think_seconds)

    async def logger_slot() -> None:
        nonlocal next_id
        while not stop.is_set():
            next_id += 1
            user = emulator.user(next_id, f"L{next_id}", started=True)
            await attack_flow(watcher, user, latencies=latencies, think=think)

    try:
        await bot.start()
        # Warm-up: two flows, not counted.
        await asyncio.gather(
            *(
                attack_flow(watcher, emulator.user(LOGGER_BASE - n, "W", started=True))
                for n in (1, 2)
            )
        )
        baseline_from = time.perf_counter()
        loggers = [asyncio.create_task(logger_slot()) for _ in range(sizes.b2_loggers)]
        await asyncio.sleep(_until_just_before_a_tick(bot.polling_since, sizes))
        burst_made_due = time.perf_counter()
        with database.engine.begin() as connection:
            connection.execute(
                update(table("reminders"))
                .where(table("reminders").c.kind == "checkin")
                .values(next_fire_at=datetime.now(UTC) - timedelta(seconds=1))
            )
        allowed = len(chats) / rate * 1.5 + 3 * DISPATCH_INTERVAL + 30
        with contextlib.suppress(TimeoutError):  # counted and reported below
            await asyncio.wait_for(deliveries.done.wait(), allowed)
        stop.set()
        await asyncio.gather(*loggers)
        await asyncio.sleep(2 * PER_CHAT_INTERVAL)  # anything sent twice would arrive by now
        errors = bot.errors_logged()
    finally:
        watcher.close()
        await bot.stop()
        await emulator.stop_serving()
    with database.engine.connect() as connection:
        fired_once = connection.execute(
            select(func.count())
            .select_from(table("reminders"))
            .where(table("reminders").c.kind == "checkin", table("reminders").c.fire_count == 1)
        ).scalar_one()
    database.dispose()

    first = deliveries.first or burst_made_due
    last = deliveries.last or first
    baseline = [seconds for sent, seconds in latencies if sent < burst_made_due]
    during = [seconds for sent, seconds in latencies if first <= sent <= last]
    sends: dict[int, list[float]] = defaultdict(list)
    for call in emulator.calls:
        if call.method.lower() == "sendmessage" and call.chat_id in chats:
            sends[call.chat_id].append(call.at)
    counts = [len(sends.get(chat_id, [])) for chat_id in chats]
    delivered = sum(1 for count in counts if count >= 1)
    twice = sum(1 for count in counts if count > 1)
    gaps = [b - a for times in sends.values() for a, b in itertools.pairwise(times)]
    pacing_held = all(gap >= PER_CHAT_INTERVAL - PACING_TOLERANCE for gap in gaps)
    window = max(last - first, 1e-9)
    busiest = _busiest_second(sorted(at for times in sends.values() for at in times))
    p50_base, p99_base = percentile(baseline, 0.5), percentile(baseline, 0.99)
    p50_burst, p99_burst = percentile(during, 0.5), percentile(during, 0.99)
    p99_ratio = ratio(p99_burst, p99_base)
    all_delivered = delivered == len(chats) and fired_once == len(chats)
    met = p99_ratio <= TARGET_P99_RATIO and all_delivered and twice == 0 and pacing_held
    ms = 1000.0
    return Result(
        "B2",
        TITLE,
        f"p99 {p99_burst * ms:.0f} vs {p99_base * ms:.0f} ms = {p99_ratio:.2f}x; "
        f"{delivered}/{len(chats)} delivered, {twice} twice",
        f"p99 <= {TARGET_P99_RATIO:.0f}x; all once; 1/s per chat",
        met,
        [
            f"- {len(chats)} check-ins made due at once; outbox at "
            + (f"its default {DEFAULT_RATE:.0f}/s" if sizes.b2_rate is None else f"{rate:.0f}/s")
            + f"; {sizes.b2_loggers} users logging attacks throughout, "
            f"{sizes.b2_think_seconds[0]}-{sizes.b2_think_seconds[1]} s between taps.",
            f"- Without the burst ({burst_made_due - baseline_from:.0f} s, "
            f"{len(baseline)} replies): "
            f"p50 {p50_base * ms:.1f} ms, p99 {p99_base * ms:.1f} ms.",
            f"- During the burst ({window:.0f} s, {len(during)} replies): "
            f"p50 {p50_burst * ms:.1f} ms, p99 {p99_burst * ms:.1f} ms; "
            f"p99 ratio {p99_ratio:.2f} (target <= {TARGET_P99_RATIO:.0f}).",
            f"- First check-in delivered {first - burst_made_due:.1f} s after they fell due "
            f"(the dispatcher ticks every {DISPATCH_INTERVAL:.0f} s); delivered "
            f"{delivered}/{len(chats)} at {delivered / window:.1f}/s "
            f"(busiest second: {busiest} sends); reminders fired exactly once in the "
            f"database: {fired_once}.",
            f"- Chats that got a check-in twice: {twice}. Per-chat pacing held: "
            f"{'yes' if pacing_held else 'NO'} (smallest gap between two bulk sends to one "
            f"chat: {min(gaps):.2f} s)."
            if gaps
            else f"- Chats that got a check-in twice: {twice}. Per-chat pacing: every chat got "
            "one bulk message, so no two sends to one chat fell within 1 s.",
            f"- Errors in the bot's log: {len(errors)}",
        ],
    )
