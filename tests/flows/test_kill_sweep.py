"""Kill the real bot at many points inside handling taps: every tap is applied exactly once.

The bot runs as a subprocess (``python -m bot run``) against the emulator on a loopback port.
``MIGRAINE_BOT_CRASH_AT=N`` (bot/storage/crashpoints.py) makes it SIGKILL itself just before
its Nth SQL statement or commit made while handling updates. The user's taps are queued at
once: each ticks a different location on one attack, so a tap applied twice unticks it again
and a lost tap leaves it unticked. After each kill the bot restarts on the same database with
the next kill point; the emulator delivers again every update the bot did not acknowledge
(the bot acknowledges an update only once it is handled, bot/delivery.py). At the end every
location is ticked once and every tap's update id is recorded.

A tap takes seven steps (the arrival's check and user read and its commit; the use case's read,
update, once-only insert and commit), so the default kill points 1-8, 11 and 15, one per
restart, kill the bot at each of them in the first tap it handles and inside later taps; a last
run without a kill point finishes.
``KILL_SWEEP_POINTS=1-40`` (or ``3,9,12``) sweeps other points.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

from sqlmodel import Session, select

from bot.config import load_settings, without_settings
from bot.domain.attacks import Location
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.crashpoints import CRASH_AT_VARIABLE
from bot.storage.engine import make_engine
from bot.storage.models import Attack, ProcessedUpdate
from tests.flows.helpers import onboard

RUN_GUARD_SECONDS = 300.0  # a hang guard only; a run normally ends within a few seconds


async def _run_until_killed_or_done(
    emulator: BotApiEmulator, env: dict[str, str], cwd: Path, last_update_id: int
) -> tuple[bool, str]:
    """Run the bot once; return (whether it was killed, its stderr)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "--env-file",
        str(cwd / "none"),
        "run",
        env=env,
        cwd=cwd,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    stderr_task = asyncio.create_task(process.stderr.read())
    exited = asyncio.create_task(process.wait())
    handled = asyncio.create_task(emulator.wait_acknowledged(last_update_id, RUN_GUARD_SECONDS))
    done, _pending = await asyncio.wait(
        {exited, handled}, timeout=RUN_GUARD_SECONDS, return_when=asyncio.FIRST_COMPLETED
    )
    handled.cancel()
    if exited not in done:
        process.terminate()
        await process.wait()
    err = (await stderr_task).decode()
    killed = process.returncode == -9
    assert killed or process.returncode == 0, err
    return killed, err


def _kill_points() -> list[int]:
    raw = os.environ.get("KILL_SWEEP_POINTS", "1-8,11,15")
    points: list[int] = []
    for part in raw.split(","):
        low, _, high = part.partition("-")
        points.extend(range(int(low), int(high or low) + 1))
    return points


async def _sweep(tmp_path: Path, kill_points: list[int]) -> list[str]:
    """Run the taps through restarts at ``kill_points``; return the kill points hit."""
    database_url = f"sqlite:///{tmp_path / 'diary.db'}"
    settings = load_settings(None, database_url=database_url, default_timezone="UTC")
    emulator = BotApiEmulator()
    ann = emulator.user(7001, "Ann")
    async with SandboxBot(settings, emulator=emulator) as bot:
        await onboard(bot, ann)
        await bot.say(ann, "/log")
        await bot.tap(ann, "7")
        await bot.tap(ann, "Skip ›")  # the medication (asked right after intensity)
    where = ann.last_message
    locations = {
        str(button["callback_data"])
        for row in where.inline_keyboard
        for button in row
        if any(str(button.get("callback_data", "")).endswith(f":t:{p.value}:1") for p in Location)
    }
    assert len(locations) == len(Location)
    taps = [ann.press_data(where.message_id, data).update_id for data in sorted(locations)]

    await emulator.serve()
    env = {
        **without_settings(os.environ),
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.base_file_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "WARNING",
    }
    points: list[str] = []
    try:
        for point in kill_points:
            killed, err = await _run_until_killed_or_done(
                emulator, {**env, CRASH_AT_VARIABLE: str(point)}, tmp_path, taps[-1]
            )
            if not killed:
                break  # every tap was handled before the kill point
            points.extend(line for line in err.splitlines() if line.startswith("crash point"))
        else:
            killed, err = await _run_until_killed_or_done(emulator, env, tmp_path, taps[-1])
            assert not killed, err
    finally:
        await emulator.stop_serving()

    engine = make_engine(database_url)
    with Session(engine) as session:
        [attack] = session.exec(select(Attack)).all()
        recorded = set(session.exec(select(ProcessedUpdate.update_id)).all())
        assert sorted(attack.locations) == sorted(place.value for place in Location), (
            f"lost or doubled taps after kill points {points}"
        )
        assert set(taps) <= recorded
    engine.dispose()
    return points


async def test_every_tap_is_applied_exactly_once_whatever_the_kill_point(
    tmp_path: Path,
) -> None:
    hit = await _sweep(tmp_path, _kill_points())
    # The bot was killed before statements and before commits (inside transactions).
    assert any(point.endswith("COMMIT") for point in hit), hit
    assert any(not point.endswith("COMMIT") for point in hit), hit
    print(f"\n{len(hit)} kill points: " + "; ".join(hit))
