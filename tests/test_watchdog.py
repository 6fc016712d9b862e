"""A bot whose database goes away exits, with its own code and one clear line, to be restarted.

``migraine-bot run`` runs for real (a subprocess, the Bot API emulator on a loopback port) on a
throwaway PostgreSQL database, which the test then drops under it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

from bot.config import ConfigError, load_settings, without_settings
from bot.ops.watchdog import EXIT_DATABASE_UNREACHABLE
from bot.sandbox import BotApiEmulator
from tests.flows.loopback import free_port
from tests.pg import postgres_url_or_skip, throwaway_postgres_database
from tests.test_deploy import HANG_GUARD_SECONDS, SERVE_EMULATOR

LIMIT_SECONDS = 1


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def drop(url: str) -> None:
    """Drop the database at ``url``, ending the sessions connected to it."""
    parsed = make_url(url).set(drivername="postgresql+psycopg")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE "{parsed.database}" WITH (FORCE)')
    finally:
        admin.dispose()


def run_bot(tmp_path: Path, database_url: str, **settings: str) -> subprocess.Popen[str]:
    emulator_port = int(settings.pop("emulator_port"))
    env = {
        **without_settings(os.environ),
        "TELEGRAM_BOT_TOKEN": BotApiEmulator().token,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{emulator_port}/bot",
        "TELEGRAM_FILE_BASE_URL": f"http://127.0.0.1:{emulator_port}/file/bot",
        "DATABASE_URL": database_url,
        "LOG_FORMAT": "json",
        **settings,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none"), "run"],
        env=env,
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.postgres
def test_the_bot_exits_when_its_database_stays_unreachable(tmp_path: Path) -> None:
    emulator_port, health_port = free_port(), free_port()
    emulator = subprocess.Popen(
        [sys.executable, "-c", SERVE_EMULATOR, str(emulator_port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    bot: subprocess.Popen[str] | None = None
    try:
        assert emulator.stdout is not None
        assert emulator.stdout.readline().strip() == "serving"
        with throwaway_postgres_database(postgres_url_or_skip()) as url:
            bot = run_bot(
                tmp_path,
                url,
                emulator_port=str(emulator_port),
                HEALTH_PORT=str(health_port),
                DATABASE_UNREACHABLE_EXIT_SECONDS=str(LIMIT_SECONDS),
            )
            deadline = time.monotonic() + HANG_GUARD_SECONDS
            while not healthy(health_port):
                assert bot.poll() is None, "the bot stopped before it was healthy"
                assert time.monotonic() < deadline, "the bot never became healthy"
                time.sleep(0.2)

            drop(url)

            _out, err = bot.communicate(timeout=HANG_GUARD_SECONDS)
    finally:
        if bot is not None and bot.poll() is None:
            bot.kill()
            bot.communicate()
        emulator.terminate()
        emulator.communicate(timeout=HANG_GUARD_SECONDS)

    assert bot.returncode == EXIT_DATABASE_UNREACHABLE, err
    events = [json.loads(line) for line in err.splitlines()]
    [warning] = [e for e in events if e["message"].startswith("the database is unreachable")]
    assert warning["level"] == "WARNING"
    assert warning["message"].endswith(f"the bot exits if it stays so for {LIMIT_SECONDS} s")
    [last_word] = [e for e in events if e.get("exit_code") == EXIT_DATABASE_UNREACHABLE]
    assert last_word["level"] == "CRITICAL"
    assert last_word["message"].startswith("the database has been unreachable for ")
    assert last_word["message"].endswith(
        f"exiting with code {EXIT_DATABASE_UNREACHABLE} so that the supervisor restarts the bot "
        f"(DATABASE_UNREACHABLE_EXIT_SECONDS={LIMIT_SECONDS})"
    )


def test_the_limit_is_five_minutes_unless_set_and_empty_turns_it_off() -> None:
    assert load_settings(None).database_unreachable_exit_seconds == 300
    assert (
        load_settings(
            None, database_unreachable_exit_seconds="30"
        ).database_unreachable_exit_seconds
        == 30
    )
    assert (
        load_settings(
            None, database_unreachable_exit_seconds=" "
        ).database_unreachable_exit_seconds
        is None
    )
    with pytest.raises(ConfigError, match="DATABASE_UNREACHABLE_EXIT_SECONDS"):
        load_settings(None, database_unreachable_exit_seconds="0")
