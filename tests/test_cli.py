import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.cli import EXIT_CONFIG, main
from bot.storage.migrate import head_revision

VALID_TOKEN = "123456789:" + "AbCdEfGhIjKlMnOpQrStUvWxYz0123-_789"
# Guards against a hung process only, never a measure of speed.
HANG_GUARD_SECONDS = 300
NO_TOKEN_LINE = "migraine-bot: configuration error: TELEGRAM_BOT_TOKEN is not set"
# Nothing listens on port 1 of the loopback interface, so connecting fails at once.
UNREACHABLE_POSTGRES = "postgresql://diary:hunter2@127.0.0.1:1/diary"


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run in an empty folder with its own diary (tests/conftest.py clears the settings)."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'diary.db'}")
    monkeypatch.chdir(tmp_path)


def run_main(capsys: pytest.CaptureFixture[str], *argv: str) -> Outcome:
    code = main(list(argv))
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


def run_process(tmp_path: Path, *argv: str, **env: str) -> Outcome:
    environment = dict(os.environ)
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'diary.db'}"
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )
    return Outcome(result.returncode, result.stdout, result.stderr)


def assert_one_config_line(outcome: Outcome) -> None:
    assert outcome.code == EXIT_CONFIG
    assert "Traceback" not in outcome.err
    assert len(outcome.err.strip().splitlines()) == 1
    assert outcome.err.startswith("migraine-bot: ")


def test_run_without_token_in_a_real_process(tmp_path: Path) -> None:
    outcome = run_process(tmp_path, "run")

    assert_one_config_line(outcome)
    assert outcome.err.startswith(NO_TOKEN_LINE)
    assert "@BotFather" in outcome.err
    assert outcome.out == ""
    assert not (tmp_path / "diary.db").exists()


def test_no_command_means_run(capsys: pytest.CaptureFixture[str]) -> None:
    outcome = run_main(capsys)

    assert_one_config_line(outcome)
    assert outcome.err.startswith(NO_TOKEN_LINE)


def test_malformed_token_is_not_printed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secretvalue")

    outcome = run_main(capsys, "run")

    assert_one_config_line(outcome)
    assert outcome.err.startswith(
        "migraine-bot: configuration error: TELEGRAM_BOT_TOKEN does not look like a bot token"
    )
    assert "secretvalue" not in outcome.err + outcome.out


def test_unknown_database_scheme(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", VALID_TOKEN)
    monkeypatch.setenv("DATABASE_URL", "nonsense://x")

    outcome = run_main(capsys, "run")

    assert_one_config_line(outcome)
    assert "DATABASE_URL" in outcome.err
    assert VALID_TOKEN not in outcome.err + outcome.out


def test_unknown_default_timezone(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Mars/Base")

    outcome = run_main(capsys, "run")

    assert_one_config_line(outcome)
    assert outcome.err == (
        "migraine-bot: configuration error: DEFAULT_TIMEZONE 'Mars/Base' is not an IANA "
        "timezone name (e.g. Europe/Berlin)\n"
    )


def test_env_file_option_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "custom.env").write_text("DEFAULT_TIMEZONE=Mars/Base\n", encoding="utf-8")

    outcome = run_main(capsys, "--env-file", "custom.env", "run")

    assert_one_config_line(outcome)
    assert "'Mars/Base'" in outcome.err


def test_dot_env_in_the_working_directory_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123:fromdotenvfile\n", encoding="utf-8")

    outcome = run_main(capsys, "run")

    assert_one_config_line(outcome)
    assert "does not look like a bot token" in outcome.err
    assert "fromdotenvfile" not in outcome.err


def test_db_upgrade_creates_the_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = tmp_path / "nested" / "diary.db"
    url = f"sqlite:///{database}"
    monkeypatch.setenv("DATABASE_URL", url)

    outcome = run_main(capsys, "db", "upgrade")

    assert outcome.code == 0
    assert outcome.out == f"database {url} is at revision {head_revision()}\n"
    with sqlite3.connect(database) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert "users" in tables
    assert "alembic_version" in tables


def test_db_upgrade_twice_is_harmless(capsys: pytest.CaptureFixture[str]) -> None:
    first = run_main(capsys, "db", "upgrade")
    second = run_main(capsys, "db", "upgrade")

    assert (first.code, second.code) == (0, 0)
    assert second.out == first.out
    assert f"is at revision {head_revision()}" in second.out


def test_db_upgrade_on_unreachable_postgres_hides_the_password(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE_POSTGRES)

    outcome = run_main(capsys, "db", "upgrade")

    assert_one_config_line(outcome)
    assert outcome.err.startswith(
        "migraine-bot: cannot open the database postgresql://diary:***@127.0.0.1:1/diary: "
    )
    assert "hunter2" not in outcome.err + outcome.out


def test_run_on_unreachable_postgres_stops_before_going_online(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", VALID_TOKEN)
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE_POSTGRES)
    # Were the database not checked first, the bot would call this dead address, not Telegram.
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:1/bot")

    outcome = run_main(capsys, "run")

    assert_one_config_line(outcome)
    assert outcome.err.startswith("migraine-bot: cannot open the database postgresql://diary:***@")
    assert "hunter2" not in outcome.err
    assert VALID_TOKEN not in outcome.err


def test_unparseable_database_url_hides_the_password(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql//diary:hunter2@db.example.org/diary")

    outcome = run_main(capsys, "db", "upgrade")

    assert_one_config_line(outcome)
    assert "hunter2" not in outcome.err


def test_database_url_with_non_numeric_port(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://diary:hunter2@db.example.org:abc/diary")

    outcome = run_main(capsys, "db", "upgrade")

    assert_one_config_line(outcome)
    assert "hunter2" not in outcome.err


def test_sqlite_folder_that_cannot_be_created(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'a-file' / 'diary.db'}")

    outcome = run_main(capsys, "db", "upgrade")

    assert_one_config_line(outcome)


def test_db_needs_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(["db"])

    assert excinfo.value.code == 2
    assert "upgrade" in capsys.readouterr().err
