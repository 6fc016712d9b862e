"""Bot processes under test: the diary bot (``python -m bot run``) or the bare echo bot.

Each runs as its own process against the emulator served on a loopback port in the benchmark
process, so the bot pays for the real HTTP path and does not share an interpreter (or a GIL)
with the emulator that stands in for Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.config import without_settings
from bot.sandbox import BotApiEmulator

REPO_ROOT = Path(__file__).resolve().parent.parent
# A token the bot's settings accept (digits, a colon, 30-64 url-safe characters); the emulator
# is built with the same one and refuses any other.
BENCH_TOKEN = "7000001:BENCHbenchBENCHbenchBENCHbenchBENCH"
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 20.0
POLL_SECONDS = 0.002


# prctl(2) option: the signal a process gets when the thread that started it exits.
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child die (SIGKILL) when this process dies, on Linux.

    Without it a benchmark or test that is killed (a CI time-out, a kill -9, a crash) would
    leave its bot processes running. ``prctl`` is looked up here, in the parent, so the child
    only makes the one system call between fork and exec. ``None`` where there is no prctl.
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arm() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the call above took effect
            os._exit(1)

    return arm


def process_cpu_seconds(pid: int) -> float:
    """``utime + stime`` of process ``pid`` in seconds, from its own counters (Linux)."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    # After the command name: state is field 3, utime field 14 and stime field 15 (proc(5)).
    ticks = int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class BotProcessError(RuntimeError):
    """The bot process did not start or stopped unexpectedly."""


def clean_environment() -> dict[str, str]:
    """This process's environment without any bot settings, and with ``bench`` importable."""
    env = without_settings(os.environ)
    env["LOG_LEVEL"] = "WARNING"
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return env


def bot_environment(
    emulator: BotApiEmulator, *, database_url: str | None, extra: dict[str, str] | None = None
) -> dict[str, str]:
    """The environment of a bot process talking to ``emulator``."""
    env = clean_environment() | {
        "TELEGRAM_BOT_TOKEN": emulator.token,
        "TELEGRAM_API_BASE_URL": emulator.base_url,
        "TELEGRAM_FILE_BASE_URL": emulator.base_file_url,
    }
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    return env | (extra or {})


class BotProcess:
    """One bot process polling ``emulator``; ``start`` returns once it asked for updates."""

    def __init__(
        self,
        module: str,
        *,
        emulator: BotApiEmulator,
        workdir: Path,
        database_url: str | None = None,
        env: dict[str, str] | None = None,
        name: str = "bot",
    ) -> None:
        self.argv = [sys.executable, "-m", *module.split()]
        self.emulator = emulator
        self.workdir = workdir
        self.env = bot_environment(emulator, database_url=database_url, extra=env)
        self.log_path = workdir / f"{name}.log"
        self._process: asyncio.subprocess.Process | None = None
        self.polling_since = 0.0
        """``time.monotonic()`` of the first ``getUpdates`` (about when its JobQueue started)."""

    @classmethod
    def diary(
        cls,
        emulator: BotApiEmulator,
        *,
        workdir: Path,
        database_url: str,
        env: dict[str, str] | None = None,
        name: str = "diary-bot",
    ) -> BotProcess:
        """The Migraine Diary Bot itself, started as an operator would start it."""
        return cls(
            "bot run",
            emulator=emulator,
            workdir=workdir,
            database_url=database_url,
            env=env,
            name=name,
        )

    @classmethod
    def echo(cls, emulator: BotApiEmulator, *, workdir: Path) -> BotProcess:
        """The bare PTB echo bot (no database)."""
        return cls("bench.echo_bot", emulator=emulator, workdir=workdir, name="echo-bot")

    @property
    def pid(self) -> int:
        """The process id (the bot must be running)."""
        if self._process is None:
            raise BotProcessError("the bot process is not running")
        return self._process.pid

    async def start(self) -> float:
        """Spawn the process; return the seconds from spawning to its first ``getUpdates``."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        seen = len(self.emulator.calls)
        with self.log_path.open("ab") as log:
            spawned = time.monotonic()
            self._process = await asyncio.create_subprocess_exec(
                *self.argv,
                cwd=self.workdir,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                preexec_fn=die_with_parent(),
            )
        deadline = spawned + START_TIMEOUT_SECONDS
        while True:
            calls = self.emulator.calls
            for call in calls[seen:]:
                if call.method.lower() == "getupdates":
                    self.polling_since = call.at
                    return call.at - spawned
            seen = len(calls)
            if self._process.returncode is not None:
                raise BotProcessError(
                    f"{' '.join(self.argv[1:])} exited with {self._process.returncode} before "
                    f"polling; its log:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                await self.stop()
                raise BotProcessError(f"{' '.join(self.argv[1:])} did not poll in time")
            await asyncio.sleep(POLL_SECONDS)

    async def stop(self) -> int | None:
        """Stop the process as an operator would (SIGTERM), killing it if it hangs."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return None if process is None else process.returncode
        process.send_signal(signal.SIGTERM)
        try:
            return await asyncio.wait_for(process.wait(), STOP_TIMEOUT_SECONDS)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            return await process.wait()

    def cpu_seconds(self) -> float:
        """User plus system CPU time the process has used so far (``/proc/PID/stat``)."""
        return process_cpu_seconds(self.pid)

    async def kill(self) -> int | None:
        """Kill the process (SIGKILL, as a crash or an OOM kill would) and reap it."""
        process, self._process = self._process, None
        if process is None or process.returncode is not None:
            return None if process is None else process.returncode
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        return await process.wait()

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the process wrote (for error messages)."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def errors_logged(self) -> list[str]:
        """Lines of the process log at ERROR level or with a traceback."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if "ERROR" in line or "Traceback" in line]
