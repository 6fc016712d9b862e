"""On PostgreSQL the bot survives the server closing its connections, with no ping per use.

The pool does not ping the server before every transaction (``pool_pre_ping`` costs a round
trip each time); a connection the server closed is noticed from its socket when it is taken
from the pool and replaced (see :func:`bot.storage.engine.make_engine`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, event, make_url, text

from bot.clock import FixedClock
from bot.config import load_settings
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.engine import make_engine
from tests.flows.helpers import attack_rows, onboard, texts
from tests.pg import postgres_url_or_skip, throwaway_postgres_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url() -> Iterator[str]:
    with throwaway_postgres_database(postgres_url_or_skip()) as url:
        yield url


def terminate_sessions(url: str) -> int:
    """Close every server session on the database of ``url`` (as a server restart would)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            return len(
                connection.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND pid <> pg_backend_pid()"
                    ),
                    {"name": target.database},
                ).all()
            )
    finally:
        admin.dispose()


def count_statements(engine: Engine) -> list[str]:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    return statements


async def test_the_bot_answers_after_the_server_closed_its_connections(
    postgres_url: str, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    settings = load_settings(None, database_url=postgres_url, default_timezone="UTC")
    ann = emulator.user(4101, "Ann")
    async with SandboxBot(settings, emulator=emulator, clock=clock) as bot:
        await onboard(bot, ann)
        assert terminate_sessions(postgres_url) >= 1
        replies = texts(await bot.say(ann, "migraine 6"))
        assert replies[0].startswith("🤕 Attack since 14:00")
        assert len(attack_rows(bot, 4101)) == 1
        assert terminate_sessions(postgres_url) >= 1
        await bot.tap(ann, "Finish later")
    assert emulator.unknown_calls == []
    assert not any("went wrong" in message for message in texts(ann.messages_since(0)))


def test_no_ping_round_trip_per_transaction(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        statements = count_statements(engine)
        for _ in range(3):
            with engine.begin() as connection:
                connection.execute(text("SELECT 1 AS work"))
        assert statements == ["SELECT 1 AS work"] * 3
        assert engine.pool._pre_ping is False
        terminate_sessions(postgres_url)
        with engine.begin() as connection:
            assert connection.execute(text("SELECT 2")).scalar_one() == 2
    finally:
        engine.dispose()
