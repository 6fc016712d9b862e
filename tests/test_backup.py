"""``migraine-bot backup`` and ``restore`` on SQLite and PostgreSQL, and backup rotation.

The round trip: a diary written by the real bot, backed up by the CLI, the database wiped,
restored by the CLI, and every table compared row by row with what it held before.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, select, text

from bot.cli import main
from bot.clock import FixedClock
from bot.config import load_settings
from bot.ops.backup import EXIT_NOT_EMPTY, backup_name, backups_to_delete, run_backup
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.engine import make_engine
from tests.flows.helpers import attack_rows, onboard
from tests.pg import postgres_url_or_skip, throwaway_postgres_database

NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
Rows = dict[str, list[tuple[Any, ...]]]


@pytest.fixture(autouse=True)
def in_tmp_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'diary.db'}"
        return
    with throwaway_postgres_database(postgres_url_or_skip()) as url:
        yield url


def every_row(url: str) -> Rows:
    """Every table's rows in primary-key order, read with SQLAlchemy's reflection."""
    engine = make_engine(url)
    metadata = MetaData()
    try:
        with engine.connect() as connection:
            metadata.reflect(connection)
            return {
                table.name: [
                    tuple(row)
                    for row in connection.execute(
                        select(table).order_by(*table.primary_key.columns)
                    )
                ]
                for table in metadata.sorted_tables
            }
    finally:
        engine.dispose()


def wipe(url: str) -> None:
    """Leave nothing of the diary: the SQLite files deleted, the PostgreSQL schema dropped."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for leftover in (path, *(Path(f"{path}{end}") for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        return
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def the_one_backup() -> Path:
    """The backup in ./backups (the default BACKUP_DIR): owner-only, named by its time."""
    [backup] = Path("backups").iterdir()
    assert backup.name.startswith("migraine-diary-")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    return backup


async def write_a_diary(url: str, clock: FixedClock) -> None:
    """Two users, attacks, a medication taken: most tables hold rows."""
    settings = load_settings(None, database_url=url)
    emulator = BotApiEmulator()
    ann, bob = emulator.user(9001, "Ann"), emulator.user(9002, "Bob")
    async with SandboxBot(settings, emulator=emulator, clock=clock) as bot:
        await onboard(bot, ann)
        await onboard(bot, bob, zone="Asia/Tokyo")
        await bot.say(ann, "migraine 8")
        [attack] = attack_rows(bot, 9001)
        await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
        await bot.tap(ann, "Something else: I'll type it")
        await bot.say(ann, "Sumatriptan")
        await bot.tap(ann, "Just now")
        clock.advance(timedelta(hours=3))
        await bot.say(ann, "it's over")
        await bot.tap(ann, "Just now")
        await bot.say(bob, "headache 4/10")


async def test_backup_wipe_restore_gives_back_every_row(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    await write_a_diary(database_url, FixedClock(NOON))
    before = every_row(database_url)
    held = {table for table, rows in before.items() if rows}
    assert held >= {"users", "attacks", "medications", "medication_intakes", "reminders"}

    assert main(["backup"]) == 0
    backup = the_one_backup()
    assert capsys.readouterr().out.startswith("backed up ")
    wipe(database_url)
    assert all(not rows for rows in every_row(database_url).values())

    assert main(["restore", str(backup)]) == 0

    assert every_row(database_url) == before
    assert capsys.readouterr().out.startswith(f"restored {backup} into ")


async def test_the_restored_diary_keeps_working(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New rows after a restore get fresh ids (PostgreSQL's sequences follow the restored ids)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    clock = FixedClock(NOON)
    await write_a_diary(database_url, clock)
    assert main(["backup", "--output", "copy.db"]) == 0
    wipe(database_url)
    assert main(["restore", "copy.db"]) == 0

    clock.advance(timedelta(days=2))
    emulator = BotApiEmulator()
    ann = emulator.user(9001, "Ann")
    async with SandboxBot(
        load_settings(None, database_url=database_url), emulator=emulator, clock=clock
    ) as bot:
        await bot.say(ann, "migraine 6")
        attacks = attack_rows(bot, 9001)

    assert len(attacks) == 2
    assert len({attack.id for attack in attacks}) == 2


async def test_restore_refuses_a_diary_that_holds_rows_unless_forced(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    clock = FixedClock(NOON)
    await write_a_diary(database_url, clock)
    assert main(["backup", "--output", "copy.db"]) == 0
    at_backup = every_row(database_url)
    emulator = BotApiEmulator()
    carl = emulator.user(9003, "Carl")
    async with SandboxBot(
        load_settings(None, database_url=database_url), emulator=emulator, clock=clock
    ) as bot:
        await onboard(bot, carl)
    after_backup = every_row(database_url)
    capsys.readouterr()

    assert main(["restore", "copy.db"]) == EXIT_NOT_EMPTY

    err = capsys.readouterr().err
    assert "is not empty (" in err
    assert "3 users" in err
    assert "add --force to replace everything in it with the backup" in err
    assert every_row(database_url) == after_backup

    assert main(["restore", "--force", "copy.db"]) == 0

    assert every_row(database_url) == at_backup


def test_restore_into_a_fresh_bot_schema_needs_no_force(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A bot that started once has the schema but no rows: that is empty."""
    sqlite_source = f"sqlite:///{tmp_path / 'source.db'}"
    engine = make_engine(sqlite_source)
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", sqlite_source)
    assert main(["db", "upgrade"]) == 0
    assert main(["backup", "--output", "empty.db"]) == 0
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "upgrade"]) == 0

    assert main(["restore", "empty.db"]) == 0


def test_restore_rejects_a_file_that_is_no_backup(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'diary.db'}")
    Path("notes.txt").write_text("not a database", encoding="utf-8")

    assert main(["restore", "notes.txt"]) == 1
    assert main(["restore", "missing.db"]) == 1

    err = capsys.readouterr().err.splitlines()
    assert err == [
        "migraine-bot restore: notes.txt is not a backup made by migraine-bot backup",
        "migraine-bot restore: there is no backup file at missing.db",
    ]


@pytest.mark.postgres
def test_a_postgresql_backup_never_shows_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = load_settings(None, database_url="postgresql://diary:hunter2@127.0.0.1:1/diary")

    assert run_backup(settings, clock=FixedClock(NOON)) == 1

    err = capsys.readouterr().err
    assert err.startswith("migraine-bot backup: cannot read postgresql://diary:***@127.0.0.1:1")
    assert "hunter2" not in err
    assert not Path("backups", backup_name(NOON)).exists()


# -- rotation ---------------------------------------------------------------------------------


def names(*stamps: str) -> list[str]:
    return [f"migraine-diary-{stamp}.db" for stamp in stamps]


@pytest.mark.parametrize(
    ("existing", "daily", "weekly", "deleted"),
    [
        # One a day for ten days (Mon 2026-11-09 ... Wed 11-18): 3 daily; weekly adds the newest
        # of ISO week 46 (Sun 11-15); the newest of week 47 is already a daily one.
        (
            names(*(f"202611{day:02d}T033000Z" for day in range(9, 19))),
            3,
            2,
            names(*(f"202611{day:02d}T033000Z" for day in (9, 10, 11, 12, 13, 14))),
        ),
        # Two on one day: only the newer counts for that day.
        (
            names("20261118T033000Z", "20261118T120000Z", "20261117T033000Z"),
            2,
            0,
            names("20261118T033000Z"),
        ),
        # Weekly reaches back past the dailies: the newest of each of 3 weeks.
        (
            names("20261102T033000Z", "20261108T033000Z", "20261110T033000Z", "20261117T033000Z"),
            1,
            3,
            names("20261102T033000Z"),
        ),
        # Fewer backups than kept: nothing goes.
        (names("20261117T033000Z"), 7, 4, []),
        # Files that are not backups by their name are never touched.
        (["notes.txt", "migraine-diary-old.db", *names("20261117T033000Z")], 1, 0, []),
    ],
)
def test_rotation_keeps_the_newest_per_day_and_per_week(
    existing: list[str], daily: int, weekly: int, deleted: list[str]
) -> None:
    assert backups_to_delete(existing, keep_daily=daily, keep_weekly=weekly) == deleted


def test_daily_backups_are_rotated_in_backup_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'diary.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    settings = load_settings(
        None, database_url=url, backup_dir=tmp_path / "kept", backup_keep_daily=2
    )
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "mine.txt").write_text("an operator's note", encoding="utf-8")
    clock = FixedClock(NOON)
    for _ in range(4):
        assert run_backup(settings, clock=clock) == 0
        clock.advance(timedelta(days=1))

    assert sorted(path.name for path in (tmp_path / "kept").iterdir()) == [
        "migraine-diary-20261122T120000Z.db",
        "migraine-diary-20261123T120000Z.db",
        "mine.txt",
    ]


def test_backups_go_to_backup_dir_outside_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'data' / 'diary.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0
    assert load_settings(None).backup_dir == Path("backups")
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path / "off-volume"))

    assert main(["backup"]) == 0

    assert [path.parent for path in (tmp_path / "off-volume").iterdir()] == [
        tmp_path / "off-volume"
    ]
    assert [path.name for path in (tmp_path / "data").iterdir()] == ["diary.db"]
