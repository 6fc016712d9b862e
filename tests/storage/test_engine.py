"""Engine creation: SQLite settings that are really applied, and URLs that cannot work."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage.engine import SQLITE_BUSY_TIMEOUT_MS, DatabaseUrlError, make_engine
from bot.storage.migrate import upgrade_database

SYNCHRONOUS_NORMAL = 1


def test_sqlite_connections_get_the_pragmas(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'bot.db'}")
    try:
        with engine.connect() as connection:
            pragmas = {
                name: connection.execute(text(f"PRAGMA {name}")).scalar_one()
                for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
            }
    finally:
        engine.dispose()

    assert pragmas == {
        "foreign_keys": 1,
        "journal_mode": "wal",
        "synchronous": SYNCHRONOUS_NORMAL,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }
    assert (tmp_path / "nested" / "bot.db").exists()


def test_in_memory_sqlite_shares_one_database() -> None:
    engine = make_engine("sqlite://")
    try:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE t (x INTEGER)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with engine.connect() as connection:
            assert connection.execute(text("SELECT x FROM t")).all() == [(1,)]
    finally:
        engine.dispose()


def test_plain_postgresql_urls_use_psycopg() -> None:
    engine = make_engine("postgresql://user@localhost:1/db")
    try:
        assert engine.url.drivername == "postgresql+psycopg"
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "nonsense://",
        "not a url at all",
        "postgresql+nosuchdriver://localhost/db",
        "sqlite+nope://",
    ],
)
def test_unusable_urls_raise_database_url_error(url: str) -> None:
    with pytest.raises(DatabaseUrlError):
        make_engine(url)


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    """Run the test under a given process umask (restored afterwards)."""
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_the_diary_folder_and_files_are_private_whatever_the_umask(
    tmp_path: Path, umask: int
) -> None:
    database = tmp_path / "data" / "diary" / "bot.db"
    engine = make_engine(f"sqlite:///{database}")
    try:
        upgrade_database(engine)
        with engine.begin() as connection:  # writes go to the -wal file, which stays open
            connection.execute(text("CREATE TABLE notes (body TEXT)"))
            connection.execute(text("INSERT INTO notes VALUES ('x')"))
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM notes")).scalar_one()
            files = {
                name: mode(database.with_name(name))
                for name in ("bot.db", "bot.db-wal", "bot.db-shm")
            }
    finally:
        engine.dispose()

    assert files == {"bot.db": 0o600, "bot.db-wal": 0o600, "bot.db-shm": 0o600}
    assert mode(tmp_path / "data") == 0o700
    assert mode(tmp_path / "data" / "diary") == 0o700


def test_an_existing_database_file_is_left_as_it_is(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    database.write_bytes(b"")
    os.chmod(database, 0o640)

    make_engine(f"sqlite:///{database}").dispose()

    assert mode(database) == 0o640  # `migraine-bot check` warns about it instead
