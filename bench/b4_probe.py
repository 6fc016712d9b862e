"""B4's measuring process: one dispatcher at one database size, reported as JSON on stdout.

``python -m bench.b4_probe DATABASE_URL --due K --repeats N`` builds the application as
``python -m bot run`` does (no polling: the ticks are driven here), then times ``N`` dispatcher
ticks (:func:`bot.jobs.dispatch_once`) that each claim the same due check-ins (those of users
``1..K``, made due again between ticks, untimed; the tick's deliberate pauses between claim
batches are left out, as they are not work), ``N`` ticks with nothing due, the resident
memory (``VmRSS``, ``VmHWM``) and the Python allocations of one tick (``tracemalloc`` peak).
A fresh process per size keeps the memory figures apart.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update

from bench.populate import table
from bench.procs import BENCH_TOKEN
from bot.app import build_application
from bot.config import load_settings
from bot.handlers.base import BotApplication
from bot.jobs import dispatch_once, make_outbox
from bot.services.context import ServiceContext

RATE = 25.0  # the default OUTBOX_RATE_PER_SECOND: room for 500 messages per tick


def memory_kib(field: str) -> int:
    """A ``/proc/self/status`` figure in KiB (``VmRSS``, ``VmHWM``)."""
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0])
    return 0


def _reset(services: ServiceContext, reminder_ids: list[int]) -> None:
    """Make the same check-ins due again and forget the check-in rows the last tick opened."""
    reminders = table("reminders")
    with services.database.engine.begin() as connection:
        connection.execute(
            update(reminders)
            .where(reminders.c.id.in_(reminder_ids))
            .values(
                next_fire_at=datetime.now(UTC) - timedelta(minutes=1),
                last_fired_at=None,
                fire_count=0,
            )
        )
        connection.execute(delete(table("checkins")))
        connection.execute(delete(table("dispatch_queue")))


async def _tick(application: BotApplication) -> tuple[float, int]:
    make_outbox(application, rate_per_second=RATE)  # an empty outbox, never started
    began = time.perf_counter()
    # Without the deliberate pauses between claim batches: they are not work.
    queued = await dispatch_once(application, pause_seconds=0)
    return time.perf_counter() - began, queued


async def measure(application: BotApplication, *, due: int, repeats: int) -> dict[str, Any]:
    """Time the ticks; report the figures."""
    services = application.bot_data["services"]
    assert isinstance(services, ServiceContext)
    reminders = table("reminders")
    with services.database.engine.connect() as connection:
        due_ids = list(
            connection.execute(
                select(reminders.c.id)
                .where(reminders.c.kind == "checkin", reminders.c.user_id <= due)
                .order_by(reminders.c.id)
            ).scalars()
        )
    busy: list[float] = []
    queued: list[int] = []
    for _ in range(repeats):
        _reset(services, due_ids)
        seconds, count = await _tick(application)
        busy.append(seconds)
        queued.append(count)
    idle = [(await _tick(application))[0] for _ in range(repeats)]
    rss_after = memory_kib("VmRSS")
    _reset(services, due_ids)
    tracemalloc.start()
    await _tick(application)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "due": len(due_ids),
        "busy": busy,
        "queued": queued,
        "idle": idle,
        "rss_after_kib": rss_after,
        "hwm_kib": memory_kib("VmHWM"),
        "tick_peak_bytes": peak,
    }


def main() -> None:
    """Parse the arguments, build the application, measure, print JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.b4_probe")
    parser.add_argument("database_url")
    parser.add_argument("--due", type=int, required=True, help="users 1..DUE have one due")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    settings = load_settings(None, database_url=args.database_url, default_timezone="UTC")
    application = build_application(settings, token=BENCH_TOKEN)
    rss_built = memory_kib("VmRSS")
    figures = asyncio.run(measure(application, due=args.due, repeats=args.repeats))
    figures["rss_built_kib"] = rss_built
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
