"""Fixtures for storage tests: an empty database engine on each backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.storage.engine import make_engine
from bot.storage.migrate import upgrade_database
from tests.pg import postgres_url_or_skip, throwaway_postgres_database


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a new, empty database: an SQLite file, or a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        sqlite_engine = make_engine(f"sqlite:///{tmp_path / 'bot.db'}")
        try:
            yield sqlite_engine
        finally:
            sqlite_engine.dispose()
        return
    with throwaway_postgres_database(postgres_url_or_skip()) as url:
        postgres_engine = make_engine(url)
        try:
            yield postgres_engine
        finally:
            postgres_engine.dispose()


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    """The ``engine`` fixture's database, upgraded to the newest migration."""
    upgrade_database(engine)
    return engine
