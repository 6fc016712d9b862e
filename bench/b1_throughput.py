"""B1, update throughput: the diary bot vs a bare PTB echo bot, on one emulator each, in one run.

Simulated users tap through the attack-logging flow (:data:`bench.driving.ATTACK_FLOW`, every
step a database write); the same number of users each send the echo bot as many texts. Both are
closed loops: each user acts again as soon as the answer to its last action arrived, with
``b1_concurrency`` users active at once, so the bot always has work queued. Throughput is the
updates injected divided by the time until the last one was answered; CPU time per update is
the bot process's own ``utime + stime`` (``/proc/PID/stat``) over a round divided by its
updates. The users are like real ones (onboarded, three medications, their own symptom and
trigger, 20 earlier attacks: :func:`bench.populate.add_realistic_users`).

Two modes: the emulator answering at once (0 ms), and the realistic one, where it holds every
Bot API answer :data:`REALISTIC_LATENCY` (a round trip to Telegram's servers). The echo bot
runs with the same delay and as many updates at once as the diary bot
(:data:`bot.delivery.WORKING_SLOTS`). With ``BENCH_POSTGRES_URL`` set (a server the benchmark
may create a throwaway database on), the diary bot also runs on PostgreSQL, one process. The
bots run as their own processes and rounds rotate between them.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, make_url

from bench.driving import ATTACK_FLOW, ReplyWatcher, Throughput, attack_flow, echo_chat
from bench.populate import UserBlock, add_realistic_users, create_database, sqlite_url
from bench.procs import BENCH_TOKEN, BotProcess
from bench.report import Result
from bench.sizes import Sizes
from bench.stats import median, ratio
from bot.delivery import WORKING_SLOTS
from bot.sandbox import BotApiEmulator, SimUser
from bot.storage.database import Database
from bot.storage.migrate import upgrade_database

TITLE = "Update throughput: attack flow vs echo bot"
TELEGRAM_CAP = 30.0  # messages/s a bot may send overall (Telegram Bot FAQ)
TARGET_VS_ECHO = 0.5
TARGET_VS_CAP = 10.0  # the 0 ms mode (issue 8)
TARGET_VS_CAP_DELAYED = 3.0  # the realistic mode (issue 14)
TARGET_CPU_VS_ECHO = 3.0  # CPU time per update, diary / echo (issue 14)
REALISTIC_LATENCY = 0.030  # seconds the emulator holds every answer in the realistic mode
FIRST_USER = 100_000
POSTGRES_VARIABLE = "BENCH_POSTGRES_URL"

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


@dataclass
class Contender:
    """One bot process in a mode, and what its rounds measured."""

    name: str
    process: BotProcess
    emulator: BotApiEmulator
    script: Script
    runs: list[Throughput] = field(default_factory=list)
    cpu_per_update: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return median([t.per_second for t in self.runs])

    @property
    def cpu_ms(self) -> float:
        return median(self.cpu_per_update) * 1000


@dataclass
class Mode:
    """The contenders of one emulator latency."""

    latency: float
    users: int
    contenders: list[Contender]

    def get(self, name: str) -> Contender | None:
        return next((c for c in self.contenders if c.name == name), None)


def _users_needed(sizes: Sizes) -> int:
    per_mode = [
        sizes.b1_concurrency + sizes.b1_rounds * users
        for users in (sizes.b1_users, sizes.b1_delayed_users)
    ]
    return sum(per_mode)


def _populate(database: Database, count: int) -> None:
    upgrade_database(database.engine)
    block = UserBlock(first_id=1, count=count, telegram_base=FIRST_USER - 1)
    add_realistic_users(database, block, now=datetime.now(UTC))
    if database.backend == "postgresql":
        with database.engine.begin() as connection:
            for table in ("users", "medications"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )


@contextmanager
def _postgres_database(url: str | None) -> Iterator[str | None]:
    """A throwaway database on the server of ``url`` (``None``: no PostgreSQL run)."""
    if not url:
        yield None
        return
    server = make_url(url)
    if server.drivername == "postgresql":
        server = server.set(drivername="postgresql+psycopg")
    name = f"bench_b1_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


async def _measure_mode(
    latency: float,
    users: int,
    sizes: Sizes,
    workdir: Path,
    *,
    first_id: int,
    databases: dict[str, str],
) -> Mode:
    """Start every contender against its own emulator with ``latency``; run the rounds."""
    contenders: list[Contender] = []
    for name, url in databases.items():
        emulator = BotApiEmulator(token=BENCH_TOKEN, latency=latency)
        await emulator.serve()
        process = BotProcess.diary(
            emulator, workdir=workdir, database_url=url, name=f"{name}-{latency * 1000:.0f}ms"
        )
        contenders.append(Contender(name, process, emulator, _flow))
    echo_emulator = BotApiEmulator(token=BENCH_TOKEN, latency=latency)
    await echo_emulator.serve()
    contenders.insert(
        1, Contender("echo", BotProcess.echo(echo_emulator, workdir=workdir), echo_emulator, _echo)
    )
    try:
        await asyncio.gather(*(c.process.start() for c in contenders))
        # Warm-up (first-use imports, connection pools, page caches): not counted.
        for contender in contenders:
            await closed_loop(
                contender.emulator,
                contender.script,
                first_id=first_id,
                users=sizes.b1_concurrency,
                concurrency=sizes.b1_concurrency,
            )
        next_id = first_id + sizes.b1_concurrency
        for round_number in range(sizes.b1_rounds):
            shift = round_number % len(contenders)
            for contender in contenders[shift:] + contenders[:shift]:
                before = contender.process.cpu_seconds()
                result = await closed_loop(
                    contender.emulator,
                    contender.script,
                    first_id=next_id,
                    users=users,
                    concurrency=sizes.b1_concurrency,
                )
                used = contender.process.cpu_seconds() - before
                contender.runs.append(result)
                contender.cpu_per_update.append(used / max(result.updates, 1))
            next_id += users
        for contender in contenders:
            if contender.name != "echo":
                errors = contender.process.errors_logged()
                if errors:
                    raise RuntimeError(f"{contender.name} logged errors: {errors[:3]}")
    finally:
        await asyncio.gather(*(c.process.stop() for c in contenders))
        for contender in contenders:
            await contender.emulator.stop_serving()
    return Mode(latency, users, contenders)


def _describe(mode: Mode) -> list[str]:
    echo = mode.get("echo")
    assert echo is not None
    label = f"{mode.latency * 1000:.0f} ms"
    lines = []
    for contender in mode.contenders:
        lines.append(
            f"- {label}, {contender.name}: updates/s per round "
            + ", ".join(f"{t.per_second:.1f}" for t in contender.runs)
            + f" (median {contender.rate:.1f}); CPU per update "
            + ", ".join(f"{c * 1000:.2f}" for c in contender.cpu_per_update)
            + f" ms (median {contender.cpu_ms:.2f})"
            + (
                ""
                if contender is echo
                else f"; vs echo: {ratio(contender.rate, echo.rate):.2f}x the updates/s, "
                f"{ratio(contender.cpu_ms, echo.cpu_ms):.2f}x the CPU per update; "
                f"{ratio(contender.rate, TELEGRAM_CAP):.1f}x Telegram's 30/s"
            )
        )
    return lines


def _pair(mode: Mode) -> tuple[Contender, Contender]:
    """The diary bot on SQLite and the echo bot of ``mode``."""
    diary, echo = mode.get("diary (SQLite)"), mode.get("echo")
    if diary is None or echo is None:
        raise RuntimeError("B1 measured no diary bot or no echo bot")
    return diary, echo


async def run(sizes: Sizes, workdir: Path) -> Result:
    """Both modes, every contender, rounds rotating; compare the medians."""
    path = workdir / "b1.db"
    database = create_database(path)
    _populate(database, _users_needed(sizes))
    database.dispose()
    modes: list[Mode] = []
    with _postgres_database(os.environ.get(POSTGRES_VARIABLE)) as postgres_url:
        databases = {"diary (SQLite)": sqlite_url(path)}
        if postgres_url is not None:
            postgres = Database.from_url(postgres_url)
            _populate(postgres, _users_needed(sizes))
            postgres.dispose()
            databases["diary (PostgreSQL)"] = postgres_url
        first_id = FIRST_USER
        for latency, users in ((0.0, sizes.b1_users), (REALISTIC_LATENCY, sizes.b1_delayed_users)):
            modes.append(
                await _measure_mode(
                    latency, users, sizes, workdir, first_id=first_id, databases=databases
                )
            )
            first_id += sizes.b1_concurrency + sizes.b1_rounds * users
    instant, realistic = modes
    diary, echo = _pair(realistic)
    diary0, echo0 = _pair(instant)
    versus_echo = ratio(diary.rate, echo.rate)
    versus_cap = ratio(diary.rate, TELEGRAM_CAP)
    cpu_ratio = ratio(diary.cpu_ms, echo.cpu_ms)
    met = (
        versus_echo >= TARGET_VS_ECHO
        and versus_cap >= TARGET_VS_CAP_DELAYED
        and cpu_ratio <= TARGET_CPU_VS_ECHO
    )
    postgres_note = (
        []
        if postgres_url is not None
        else [f"- PostgreSQL not run: set {POSTGRES_VARIABLE} to a server URL to include it."]
    )
    return Result(
        "B1",
        TITLE,
        f"30 ms: {diary.rate:.0f} vs {echo.rate:.0f} updates/s = {versus_echo:.2f}x echo, "
        f"{versus_cap:.1f}x 30/s, CPU {diary.cpu_ms:.1f} vs {echo.cpu_ms:.1f} ms/update = "
        f"{cpu_ratio:.1f}x; 0 ms: {diary0.rate:.0f} vs {echo0.rate:.0f} = "
        f"{ratio(diary0.rate, echo0.rate):.2f}x",
        f"30 ms: >= {TARGET_VS_ECHO}x echo, >= {TARGET_VS_CAP_DELAYED:.0f}x 30/s, "
        f"CPU <= {TARGET_CPU_VS_ECHO:.0f}x echo",
        met,
        [
            f"- Users per round: {sizes.b1_users} at 0 ms, {sizes.b1_delayed_users} at "
            f"{REALISTIC_LATENCY * 1000:.0f} ms; {sizes.b1_concurrency} acting at once, "
            f"{len(ATTACK_FLOW)} updates each; {sizes.b1_rounds} rounds per bot and mode, "
            "rotating, after one warm-up round each. Both bots handle up to "
            f"{WORKING_SLOTS} updates at once (`bot.delivery.WORKING_SLOTS`; the diary bot in "
            "per-chat order).",
            *_describe(instant),
            *_describe(realistic),
            *postgres_note,
            f"- 0 ms mode against issue 8's targets: {ratio(diary0.rate, echo0.rate):.2f}x echo "
            f"(>= {TARGET_VS_ECHO}), {ratio(diary0.rate, TELEGRAM_CAP):.1f}x 30/s "
            f"(>= {TARGET_VS_CAP:.0f}x).",
        ],
    )
