"""B4, scheduler scale: one dispatcher tick with 100,000 users' reminders vs 1,000.

Both databases hold the same number of due check-ins (``b4_due``, the most one tick claims at
the default outbox rate); only the number of reminders not yet due differs (every user has an
evening check-in and a weekly recap). Each size is measured in its own process
(:mod:`bench.b4_probe`), ``b4_rounds`` times, alternating, so the tick times and resident memory
are side by side.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bench.populate import sqlite_url
from bench.procs import clean_environment, die_with_parent
from bench.report import Result
from bench.scheduler_db import scheduler_database
from bench.sizes import Sizes
from bench.stats import median, ratio

TITLE = "Dispatcher tick and memory: 100x the users"
TARGET_RATIO = 2.0
PROBE_TIMEOUT_SECONDS = 300.0


async def probe(database: Path, *, due: int, repeats: int, workdir: Path) -> dict[str, Any]:
    """Run :mod:`bench.b4_probe` on ``database`` and return its figures."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.b4_probe",
        sqlite_url(database),
        "--due",
        str(due),
        "--repeats",
        str(repeats),
        cwd=workdir,
        env=clean_environment(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=die_with_parent(),
    )
    out, err = await asyncio.wait_for(process.communicate(), PROBE_TIMEOUT_SECONDS)
    if process.returncode != 0:
        raise RuntimeError(f"b4_probe failed ({process.returncode}): {err.decode()[-2000:]}")
    figures: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    return figures


async def run(sizes: Sizes, workdir: Path) -> Result:
    """Probe both sizes twice, alternating; compare the medians."""
    small = scheduler_database(workdir, users=sizes.b4_small, due=sizes.b4_due, name="b4-small.db")
    large = scheduler_database(workdir, users=sizes.b4_large, due=sizes.b4_due, name="b4-large.db")
    runs: dict[str, list[dict[str, Any]]] = {"small": [], "large": []}
    for round_number in range(sizes.b4_rounds):
        order = ("small", "large") if round_number % 2 == 0 else ("large", "small")
        for size in order:
            path = small if size == "small" else large
            runs[size].append(
                await probe(path, due=sizes.b4_due, repeats=sizes.b4_repeats, workdir=workdir)
            )

    def pooled(size: str, key: str) -> list[float]:
        return [value for figures in runs[size] for value in figures[key]]

    def typical(size: str, key: str) -> float:
        return median([float(figures[key]) for figures in runs[size]])

    busy = {size: median(pooled(size, "busy")) * 1000 for size in runs}
    idle = {size: median(pooled(size, "idle")) * 1000 for size in runs}
    rss = {size: typical(size, "rss_after_kib") / 1024 for size in runs}
    hwm = {size: typical(size, "hwm_kib") / 1024 for size in runs}
    peak = {size: typical(size, "tick_peak_bytes") / 1024 / 1024 for size in runs}
    queued = {size: set(pooled(size, "queued")) for size in runs}
    tick_ratio = ratio(busy["large"], busy["small"])
    rss_ratio = ratio(rss["large"], rss["small"])
    met = tick_ratio <= TARGET_RATIO and rss_ratio <= TARGET_RATIO
    return Result(
        "B4",
        TITLE,
        f"tick {busy['large']:.0f} vs {busy['small']:.0f} ms = {tick_ratio:.2f}x; "
        f"RSS {rss['large']:.0f} vs {rss['small']:.0f} MiB = {rss_ratio:.2f}x",
        f"<= {TARGET_RATIO:.0f}x",
        met,
        [
            f"- {sizes.b4_large} vs {sizes.b4_small} users (two reminder rows each), "
            f"{sizes.b4_due} check-ins due in both; every tick claimed and queued "
            f"{sorted(queued['large'])} vs {sorted(queued['small'])} messages.",
            f"- Tick with {sizes.b4_due} due, median of {len(pooled('large', 'busy'))}: "
            f"{busy['large']:.1f} ms vs {busy['small']:.1f} ms, ratio {tick_ratio:.2f} "
            f"(target <= {TARGET_RATIO:.0f}).",
            f"- Tick with nothing due: {idle['large']:.2f} ms vs {idle['small']:.2f} ms "
            f"(ratio {ratio(idle['large'], idle['small']):.2f}).",
            f"- Resident memory of the bot process after the ticks (VmRSS): "
            f"{rss['large']:.1f} MiB vs {rss['small']:.1f} MiB, ratio {rss_ratio:.2f}; "
            f"peak (VmHWM) {hwm['large']:.1f} vs {hwm['small']:.1f} MiB; Python allocations "
            f"during one tick (tracemalloc peak) {peak['large']:.1f} vs {peak['small']:.1f} MiB.",
        ],
    )
