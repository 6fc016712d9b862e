"""The benchmarks' smoke run (``python -m bench --smoke``) works, so the harness cannot rot.

The figures at smoke sizes mean nothing and nothing here is timed: this only checks that all
five benchmarks run end to end, print their row and write their table. The results go to a
temporary folder, never to bench/RESULTS.md. The run gets its own process group, and every
process it starts dies with it, so a failed or interrupted test leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from bench.procs import die_with_parent

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
# Only a guard against a hung run (the smoke run takes well under a minute on an idle machine):
# generous enough that no load on the machine reaches it.
HANG_GUARD_SECONDS = 30 * 60
STOP_GRACE_SECONDS = 30
# A hang guard too: the kernel kills the orphans as their parent exits.
KILL_GUARD_SECONDS = 120
T = TypeVar("T")


@contextlib.contextmanager
def process_group(argv: list[str]) -> Iterator[subprocess.Popen[str]]:
    """Run ``argv`` in a new process group; on the way out, end the whole group."""
    process = subprocess.Popen(
        argv,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=die_with_parent(),  # noqa: PLW1509 (one prctl call, see die_with_parent)
    )
    try:
        yield process
    finally:
        end_group(process)


def end_group(process: subprocess.Popen[str]) -> None:
    """Ask the whole group to stop (stopped members too), then kill what is left; reap."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        os.killpg(process.pid, signal.SIGCONT)
    wait_for(lambda: not live_members(process.pid), STOP_GRACE_SECONDS)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def test_bench_smoke_runs_all_five_benchmarks(tmp_path: Path) -> None:
    before = RESULTS.read_bytes() if RESULTS.exists() else None
    written = tmp_path / "RESULTS.md"
    argv = [sys.executable, "-m", "bench", "--smoke", "--results", str(written)]
    with process_group(argv) as bench:
        out, err = bench.communicate(timeout=HANG_GUARD_SECONDS)

    assert bench.returncode == 0, out + err
    rows = re.findall(r"^(B[1-5])\s+\S.*\s(met|MISSED)$", out, flags=re.MULTILINE)
    assert [key for key, _verdict in rows] == ["B1", "B2", "B3", "B4", "B5"], out
    assert (RESULTS.read_bytes() if RESULTS.exists() else None) == before
    table = written.read_text(encoding="utf-8")
    assert [f"## B{n}" in table for n in range(1, 6)] == [True] * 5
    assert live_members(bench.pid, besides=bench.pid) == [], "the run left processes behind"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_an_interrupted_run_leaves_no_bot_process_behind() -> None:
    argv = [sys.executable, "-m", "bench", "--smoke", "--only", "B1"]
    with process_group(argv) as bench:
        # Wait for the event (a bot process of the run is running the bot), not for a time.
        # Only processes that already run a bot are stopped: a child still between fork and
        # exec has not armed its parent-death signal yet (it exits by itself once it sees its
        # parent gone, unless it is stopped first).
        bots = wait_for(lambda: running_bots(bench.pid))
        assert bots, "the benchmark started no bot process"
        for bot in bots:  # as hung bots: they cannot notice that the emulator went away
            os.kill(bot, signal.SIGSTOP)
        bench.kill()  # as a CI time-out would: no chance to clean up
        bench.wait()
        # The killed run's bots die with it (their parent-death signal), before this test
        # ends the group itself.
        gone = wait_for(lambda: not live_members(bench.pid, besides=bench.pid), KILL_GUARD_SECONDS)
        assert gone, "the bots outlived the killed benchmark run"


def wait_for(condition: Callable[[], T], guard: float = HANG_GUARD_SECONDS) -> T:
    """Poll ``condition`` until it holds (or the guard ends the wait); return its value."""
    deadline = time.monotonic() + guard
    while not (value := condition()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def running_bots(pgid: int) -> list[int]:
    """The members of group ``pgid`` that run a bot (the diary bot or the echo bot)."""
    bots = []
    for pid in live_members(pgid, besides=pgid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                argv = handle.read().split(b"\0")
        except OSError:
            continue
        if b"bot" in argv or b"bench.echo_bot" in argv:
            bots.append(pid)
    return bots


def live_members(pgid: int, *, besides: int | None = None) -> list[int]:
    """The living (not zombie) processes of process group ``pgid``, except ``besides``."""
    members: list[int] = []
    if not os.path.isdir("/proc"):
        return members
    for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
                state, _parent, group = handle.read().rsplit(")", 1)[1].split()[:3]
        except OSError:
            continue
        if int(group) == pgid and pid != besides and state not in {"Z", "X"}:
            members.append(pid)
    return members
