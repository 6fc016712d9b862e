"""Start-up against a failing Bot API: retries with capped backoff; a refused token ends it.

The application is the real one, run by :func:`bot.ops.runner.run_bot` as ``migraine-bot run``
runs it, against the emulator with injected faults. The wait between retries is injected, so
the tests record the delays instead of sleeping them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from telegram.request import HTTPXRequest

from bot.app import build_application
from bot.config import Settings
from bot.handlers.base import BotApplication
from bot.logs import configure_logging
from bot.ops.runner import MAX_RETRY_SECONDS, TokenRejectedError, run_bot
from bot.sandbox import BotApiEmulator
from tests.flows.helpers import texts
from tests.flows.loopback import free_port

# Well-formed, so only Telegram (the emulator) can refuse it, and easy to find in any output.
RECOGNISABLE_TOKEN = "987654321:RECOGNISABLE-token-" + "Q" * 20
TOKEN_SECRET_PART = "RECOGNISABLE-token-"

# PTB 22 warns inside RetryAfter's own constructor (its deprecation of int periods).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"
)


def build(
    settings: Settings, emulator: BotApiEmulator, token: str | None = None
) -> BotApplication:
    application = build_application(
        settings,
        token=token or emulator.token,
        request=HTTPXRequest(httpx_kwargs={"transport": emulator.transport()}),
        get_updates_request=HTTPXRequest(httpx_kwargs={"transport": emulator.transport()}),
    )
    assert application.job_queue is not None
    for job in application.job_queue.jobs():
        job.schedule_removal()
    return application


class Waits:
    """The injected wait between retries: records each delay, optionally stops after some."""

    def __init__(self, stop: asyncio.Event, *, stop_after: int | None = None) -> None:
        self.stop = stop
        self.stop_after = stop_after
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.stop_after is not None and len(self.delays) >= self.stop_after:
            self.stop.set()


def runner_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "bot.ops.runner" and record.levelno == logging.WARNING
    ]


@pytest.fixture
def stop() -> asyncio.Event:
    return asyncio.Event()


async def test_every_start_up_call_is_retried_then_the_bot_answers(
    settings: Settings,
    emulator: BotApiEmulator,
    stop: asyncio.Event,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator.fail("getMe", error="server_error", times=2)
    emulator.fail("getMe", error="unreachable")
    emulator.fail("setMyCommands", error="retry_after", retry_after=7)
    emulator.fail("deleteWebhook", error="timeout")
    emulator.fail("deleteWebhook", error="server_error")
    application = build(settings, emulator)
    waits, ready = Waits(stop), asyncio.Event()
    caplog.set_level(logging.INFO)

    running = asyncio.create_task(
        run_bot(application, settings, stop=stop, ready=ready, sleep=waits)
    )
    async with asyncio.timeout(10):
        await ready.wait()
    ann = emulator.user(8101, "Ann")
    start = ann.send_text("/start")
    await emulator.wait_handled(start, application.update_queue, 10)
    stop.set()
    await running

    assert texts(ann.messages)[0].startswith("Hi Ann! I'm your headache diary.")
    assert waits.delays == [1, 2, 4, 7, 1, 2]  # per call: 1, 2, 4 ...; a 429's own delay
    assert runner_warnings(caplog) == [
        "start-up: getMe failed (attempt 1): Internal Server Error; retrying in 1 s",
        "start-up: getMe failed (attempt 2): Internal Server Error; retrying in 2 s",
        "start-up: getMe failed (attempt 3): httpx.ConnectError: simulated: connection "
        "refused for getMe; retrying in 4 s",
        "start-up: setMyCommands failed (attempt 1): Telegram asked to wait (429, retry after "
        "7 s); retrying in 7 s",
        "start-up: deleteWebhook failed (attempt 1): timed out; retrying in 1 s",
        "start-up: deleteWebhook failed (attempt 2): Internal Server Error; retrying in 2 s",
    ]
    # No traceback and nothing above WARNING on the way.
    assert [r for r in caplog.records if r.levelno > logging.WARNING or r.exc_info] == []


async def test_the_backoff_doubles_up_to_a_cap(
    settings: Settings, emulator: BotApiEmulator, stop: asyncio.Event
) -> None:
    emulator.fail("getMe", error="server_error", times=9)
    waits, ready = Waits(stop), asyncio.Event()

    running = asyncio.create_task(
        run_bot(build(settings, emulator), settings, stop=stop, ready=ready, sleep=waits)
    )
    async with asyncio.timeout(10):
        await ready.wait()
    stop.set()
    await running

    assert waits.delays == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert MAX_RETRY_SECONDS == 60


async def test_a_stop_while_retrying_ends_start_up_cleanly(
    settings: Settings,
    emulator: BotApiEmulator,
    stop: asyncio.Event,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator.fail("getMe", error="unreachable", times=1000)
    waits = Waits(stop, stop_after=3)
    caplog.set_level(logging.INFO)

    await run_bot(build(settings, emulator), settings, stop=stop, sleep=waits)

    assert len(emulator.calls_to("getMe")) == 3
    assert emulator.calls_to("setMyCommands") == []
    assert "stopped during start-up" in caplog.messages


async def test_a_rejected_token_is_not_retried_and_never_shown(
    settings: Settings,
    emulator: BotApiEmulator,
    stop: asyncio.Event,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("DEBUG", secrets=[RECOGNISABLE_TOKEN])  # as `migraine-bot run` does
    logging.getLogger().addHandler(caplog.handler)  # configure_logging replaced the handlers
    waits = Waits(stop)
    application = build(settings, emulator, RECOGNISABLE_TOKEN)

    with pytest.raises(TokenRejectedError) as raised:
        await run_bot(application, settings, stop=stop, sleep=waits)

    assert waits.delays == []
    assert len(emulator.calls_to("getMe")) == 1
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__  # PTB's InvalidToken (it quotes the token) hidden
    assert logging.getLogger("bot.ops.runner").isEnabledFor(logging.DEBUG)
    captured = capsys.readouterr()
    seen = [str(raised.value), caplog.text, captured.out, captured.err]
    seen += [str(record.__dict__) for record in caplog.records]
    for text in seen:
        assert TOKEN_SECRET_PART not in text


# -- the real command, in a process of its own ------------------------------------------------

SETTING_NAMES = ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "WEBHOOK_URL", "WEBHOOK_SECRET_TOKEN")


@pytest.fixture
async def served() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator()
    await emulator.serve()
    try:
        yield emulator
    finally:
        await emulator.stop_serving()


async def run_command(
    tmp_path: Path, base_url: str, *, token: str, until: Callable[[str], bool] | None = None
) -> tuple[int, str, str]:
    """``migraine-bot run`` at LOG_LEVEL=DEBUG; SIGTERM once stderr satisfies ``until``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'diary.db'}",
        LOG_LEVEL="DEBUG",
    )
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "bot", "--env-file", str(tmp_path / "none"), "run"),
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    assert process.stdout is not None
    err = ""
    async with asyncio.timeout(60):
        while line := await process.stderr.readline():
            err += line.decode()
            if until is not None and until(err):
                process.send_signal(signal.SIGTERM)
                until = None
        out = (await process.stdout.read()).decode()
        code = await process.wait()
    return code, out, err


async def test_the_command_exits_2_with_one_line_when_telegram_rejects_the_token(
    tmp_path: Path, served: BotApiEmulator
) -> None:
    code, out, err = await run_command(tmp_path, served.base_url, token=RECOGNISABLE_TOKEN)

    assert code == 2
    assert "Traceback" not in err
    assert err.splitlines()[-1] == (
        "migraine-bot: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): the token is "
        "wrong or was revoked. Copy the current one from @BotFather into .env (a self-hosted "
        "Bot API server: check TELEGRAM_API_BASE_URL)."
    )
    assert TOKEN_SECRET_PART not in out + err


async def test_the_command_waits_for_an_unreachable_bot_api_and_stops_on_sigterm(
    tmp_path: Path,
) -> None:
    nothing_listens = f"http://127.0.0.1:{free_port()}/bot"

    code, out, err = await run_command(
        tmp_path,
        nothing_listens,
        token=RECOGNISABLE_TOKEN,
        until=lambda err: "getMe failed (attempt 1)" in err,
    )

    assert code == 0
    assert "Traceback" not in err
    assert "start-up: getMe failed (attempt 1): httpx.ConnectError" in err
    assert TOKEN_SECRET_PART not in out + err
