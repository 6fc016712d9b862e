"""Operations: ``migraine-bot check`` and ``backup``, structured logs, old update ids."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import sqlite3
import stat
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.clock import FixedClock
from bot.config import load_settings
from bot.handlers.dedup import PRUNE_JOB_NAME
from bot.logs import configure_logging
from bot.ops.backup import run_backup
from bot.ops.check import run_check
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.services import updates as update_service
from bot.services.context import ServiceContext
from bot.storage.database import Database
from bot.storage.migrate import current_revision, head_revision, upgrade_database
from bot.storage.updates import recorded_update_ids
from tests.flows.helpers import onboard

TOKEN = "123456789:AbCdEfGhIjKlMnOpQrStUvWxYz0123-_789"
SECRET = "hook-secret_123"
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An empty working folder (tests/conftest.py clears the shell's settings)."""
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def migrated_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'data' / 'diary.db'}"
    database = Database.from_url(url)
    upgrade_database(database.engine)
    database.dispose()
    return url


@pytest.fixture
async def served() -> AsyncIterator[BotApiEmulator]:
    """The emulator as the Bot API on a loopback port."""
    emulator = BotApiEmulator(timeout_delay=3)
    await emulator.serve()
    try:
        yield emulator
    finally:
        await emulator.stop_serving()


async def check(*, quiet: bool = False, seconds: float = 5) -> tuple[int, list[str]]:
    """Run the check in a worker thread (it runs its own event loop), as the CLI would."""
    out = io.StringIO()
    code = await asyncio.to_thread(run_check, None, quiet=quiet, timeout=seconds, out=out)
    return code, out.getvalue().splitlines()


# -- check ------------------------------------------------------------------------------------


async def test_check_passes_with_a_good_configuration(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, migrated_url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    code, lines = await check()

    assert code == 0
    assert lines == [
        "ok   configuration: token set; polling mode",
        f"ok   database: {migrated_url} answers",
        f"ok   migrations: at {head_revision()} (the newest)",
        "ok   permissions: the diary is readable by its owner only",
        f"ok   bot api: {served.base_url} knows this bot as @sandbox_diary_bot",
    ]
    assert [call.method for call in served.calls] == ["getMe"]


async def test_check_warns_when_the_diary_is_readable_by_others(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, migrated_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "data"
    os.chmod(folder, 0o755)
    os.chmod(folder / "diary.db", 0o644)  # as an older version left it
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    code, lines = await check()

    assert code == 0  # a warning, not a failure
    assert lines[3] == (
        f"WARN permissions: the diary is readable by other users: {folder}/ 0755, "
        # The check's own connection made the -wal and -shm files: SQLite copies the main
        # file's mode to them.
        f"diary.db 0644, diary.db-wal 0644, diary.db-shm 0644 (hint: chmod 700 {folder} && "
        f"chmod 600 "
        f"{folder / 'diary.db'}*)"
    )


async def test_check_quiet_prints_nothing_when_all_is_well(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, migrated_url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    assert await check(quiet=True) == (0, [])


async def test_check_in_webhook_mode_reports_the_registration(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, migrated_url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    monkeypatch.setenv("WEBHOOK_URL", "https://diary.example.test/")
    monkeypatch.setenv("WEBHOOK_SECRET_TOKEN", SECRET)

    code, lines = await check()

    assert code == 0
    assert lines[0] == (
        "ok   configuration: token set; webhook mode at https://diary.example.test/telegram, "
        "secret token set"
    )
    assert lines[-1] == (
        "WARN webhook: Telegram has no webhook, not https://diary.example.test/telegram "
        "(hint: the bot registers its URL when it starts)"
    )
    await served.handle(
        "setWebhook", {"url": "https://diary.example.test/telegram"}, token=served.token
    )
    code, lines = await check()
    assert lines[-1] == "ok   webhook: registered, 0 updates waiting"
    assert SECRET not in "\n".join(lines)


async def test_check_fails_without_a_token() -> None:
    code, lines = await check()

    assert code == 1
    assert lines[0].startswith("FAIL configuration: TELEGRAM_BOT_TOKEN is not set.")
    assert lines[1] == (
        "WARN database: data/migraine-diary.db does not exist yet; the bot creates it at start-up"
    )
    assert not await asyncio.to_thread(Path("data").exists)  # the check created nothing


async def test_check_fails_on_an_unparseable_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "http://insecure.example.test")

    code, lines = await check()

    assert (code, lines) == (
        1,
        [
            "FAIL configuration: WEBHOOK_URL must start with https:// (Telegram requires TLS) "
            "(hint: fix .env or the environment (.env.example))"
        ],
    )


async def test_check_fails_when_the_bot_api_rejects_the_token(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, migrated_url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)  # well-formed, but not the emulator's
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    code, lines = await check(quiet=True)

    assert (code, lines) == (
        1,
        [
            f"FAIL bot api: {served.base_url} rejected the token "
            "(hint: copy the token from @BotFather again (/token), or it was revoked)"
        ],
    )


async def test_check_fails_when_the_bot_api_is_unreachable(
    monkeypatch: pytest.MonkeyPatch, migrated_url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    # Nothing listens on port 1 of the loopback interface: the connection is refused at once.
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:1/bot")
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    code, lines = await check(quiet=True)

    assert code == 1
    [line] = lines
    assert line.startswith("FAIL bot api: cannot reach http://127.0.0.1:1/bot: ")
    assert line.endswith("(hint: check the network, DNS, or TELEGRAM_API_BASE_URL)")


async def test_check_fails_when_the_bot_api_does_not_answer_in_time(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, migrated_url: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)
    served.fail("getMe", error="timeout")

    code, lines = await check(quiet=True, seconds=0.3)

    assert (code, lines) == (
        1,
        [
            f"FAIL bot api: {served.base_url} did not answer within 0.3 s "
            "(hint: check the network, a proxy or firewall, or TELEGRAM_API_BASE_URL)"
        ],
    )


async def test_check_fails_on_an_unreachable_database_without_showing_its_password(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", "postgresql://diary:hunter2@127.0.0.1:1/diary")

    code, lines = await check()

    assert code == 1
    assert lines[1].startswith(
        "FAIL database: cannot reach postgresql://diary:***@127.0.0.1:1/diary: "
    )
    assert "hunter2" not in "\n".join(lines)
    assert lines[2].startswith("ok   bot api:")


async def test_check_fails_on_a_database_from_a_newer_version(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, migrated_url: str
) -> None:
    database = Database.from_url(migrated_url)
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    database.dispose()
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    code, lines = await check(quiet=True)

    assert (code, lines) == (
        1,
        [
            f"FAIL migrations: the database is at 9999, which this version does not know "
            f"(newest: {head_revision()}) "
            "(hint: it was upgraded by a newer version of the bot: run that version)"
        ],
    )


async def test_check_warns_about_an_empty_database(
    monkeypatch: pytest.MonkeyPatch, served: BotApiEmulator, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{empty}")

    code, lines = await check()

    assert code == 0
    assert lines[2] == (
        f"WARN migrations: the database is empty; the bot creates the schema "
        f"({head_revision()}) at start-up (hint: or run: migraine-bot db upgrade)"
    )


async def test_the_cli_runs_the_check_and_never_prints_the_token(
    monkeypatch: pytest.MonkeyPatch,
    served: BotApiEmulator,
    migrated_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", served.token)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", served.base_url)
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    code = await asyncio.to_thread(main, ["check"])

    captured = capsys.readouterr()
    assert code == 0
    assert len(captured.out.splitlines()) == 5
    assert served.token not in captured.out + captured.err


# -- backup -----------------------------------------------------------------------------------


async def test_backup_of_a_running_bot_opens_and_holds_the_rows(tmp_path: Path) -> None:
    settings = load_settings(None, database_url=f"sqlite:///{tmp_path / 'live.db'}")
    emulator = BotApiEmulator()
    ann = emulator.user(9001, "Ann")
    async with SandboxBot(settings, emulator=emulator, clock=FixedClock(NOON)) as bot:
        await onboard(bot, ann)
        await bot.say(ann, "migraine")
        # Taken while the bot runs and its latest writes may still sit in the WAL file.
        code = run_backup(settings, output=tmp_path / "copy.db", clock=FixedClock(NOON))
        await bot.say(ann, "headache 5/10")  # after the copy: not in it

    assert code == 0
    copy = tmp_path / "copy.db"
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert not (tmp_path / "copy.db-wal").exists()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT telegram_id, timezone FROM users").fetchall() == [
            (9001, "Europe/Berlin")
        ]
        assert connection.execute("SELECT count(*) FROM attacks").fetchone() == (1,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()
    restored = Database.from_url(f"sqlite:///{copy}")
    assert current_revision(restored.engine) == head_revision()
    restored.dispose()


def test_backup_goes_to_a_timestamped_file_under_backups_by_default(
    migrated_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(None, database_url=migrated_url)

    code = run_backup(settings, clock=FixedClock(NOON))

    target = Path("backups/migraine-diary-20261120T120000Z.db")
    assert code == 0
    assert target.is_file()
    assert capsys.readouterr().out.startswith(f"backed up {migrated_url[10:]} to {target} (")


def test_backup_into_a_folder_and_never_over_an_existing_file(
    migrated_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(None, database_url=migrated_url)
    folder = tmp_path / "elsewhere"
    folder.mkdir()

    assert run_backup(settings, output=folder, clock=FixedClock(NOON)) == 0
    assert run_backup(settings, output=folder, clock=FixedClock(NOON)) == 1

    assert [p.name for p in folder.iterdir()] == ["migraine-diary-20261120T120000Z.db"]
    assert "already exists; choose another --output" in capsys.readouterr().err


def test_backup_of_a_missing_database_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(None, database_url=f"sqlite:///{tmp_path / 'nothing.db'}")

    assert run_backup(settings, output=tmp_path / "copy.db") == 1
    assert "there is no database file at" in capsys.readouterr().err
    assert not (tmp_path / "copy.db").exists()


def test_the_cli_runs_the_backup(migrated_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", migrated_url)

    assert main(["backup", "--output", "mine.db"]) == 0
    assert Path("mine.db").is_file()


# -- structured logs --------------------------------------------------------------------------


def test_json_logs_are_one_redacted_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", secrets=[TOKEN], log_format="json")
    logger = logging.getLogger("bot.tests.json")

    logger.info("calling /bot%s/getMe", TOKEN, extra={"update_id": 42, "chat": TOKEN})
    try:
        raise RuntimeError(f"cannot reach /bot{TOKEN}/getUpdates\nsecond line")
    except RuntimeError:
        logger.exception("polling failed")

    err = capsys.readouterr().err
    assert TOKEN not in err
    first, second = (json.loads(line) for line in err.splitlines())
    assert set(first) == {"time", "level", "logger", "message", "update_id", "chat"}
    assert (first["level"], first["logger"], first["message"]) == (
        "INFO",
        "bot.tests.json",
        "calling /bot[REDACTED]/getMe",
    )
    assert (first["update_id"], first["chat"]) == (42, "[REDACTED]")
    assert datetime.fromisoformat(first["time"]).tzinfo is not None
    assert second["message"] == "polling failed"
    assert second["exception"].startswith("Traceback (most recent call last):")
    assert second["exception"].endswith(
        "RuntimeError: cannot reach /bot[REDACTED]/getUpdates\nsecond line"
    )


def test_text_logs_carry_the_extra_fields(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", secrets=[TOKEN])

    logging.getLogger("bot.tests.text").info("skipped", extra={"update_id": 7, "who": TOKEN})

    assert capsys.readouterr().err.endswith(
        " INFO bot.tests.text: skipped update_id=7 who='[REDACTED]'\n"
    )


def test_log_format_is_a_setting() -> None:
    assert load_settings(None).log_format == "text"
    assert load_settings(None, log_format=" JSON ").log_format == "json"


# -- processed updates ------------------------------------------------------------------------


def test_update_ids_older_than_a_week_are_forgotten(migrated_url: str) -> None:
    clock = FixedClock(NOON)
    ctx = ServiceContext(
        database=Database.from_url(migrated_url), clock=clock, default_timezone="UTC"
    )
    assert update_service.first_delivery(ctx, update_id=1) is True
    clock.advance(timedelta(days=6))
    assert update_service.first_delivery(ctx, update_id=2) is True
    assert update_service.first_delivery(ctx, update_id=1) is False
    clock.advance(timedelta(days=1, seconds=1))

    assert update_service.forget_old_updates(ctx) == 1

    with ctx.database.transaction() as session:
        assert recorded_update_ids(session=session) == [2]
    ctx.database.dispose()


async def test_the_forget_job_is_scheduled_daily(tmp_path: Path) -> None:
    settings = load_settings(None, database_url=f"sqlite:///{tmp_path / 'diary.db'}")
    async with SandboxBot(settings, emulator=BotApiEmulator(), background_jobs=True) as bot:
        assert bot.application.job_queue is not None
        [job] = bot.application.job_queue.get_jobs_by_name(PRUNE_JOB_NAME)
        assert job.trigger.interval == timedelta(days=1)  # type: ignore[attr-defined]
