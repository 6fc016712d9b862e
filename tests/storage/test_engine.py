"""Engine creation: SQLite settings that are really applied, and URLs that cannot work."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from bot.storage.engine import SQLITE_BUSY_TIMEOUT_MS, DatabaseUrlError, make_engine

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
