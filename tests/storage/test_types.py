"""The UTC datetime column and JSON list columns, on every backend."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import StatementError
from sqlmodel import Session, select

from bot.storage.models import Attack, User
from bot.storage.types import NaiveDatetimeError
from tests.storage.factories import NOW, add_user, make_user

INDIA = timezone(timedelta(hours=5, minutes=30))


def test_storing_a_naive_datetime_raises_and_stores_nothing(migrated: Engine) -> None:
    naive = datetime(2026, 3, 10, 8, 15)

    with Session(migrated) as session:
        session.add(make_user(created_at=naive))
        with pytest.raises(StatementError) as raised:
            session.commit()

    assert isinstance(raised.value.orig, NaiveDatetimeError)
    with Session(migrated) as session:
        assert session.exec(select(User)).all() == []


def test_an_aware_datetime_comes_back_as_the_same_instant_in_utc(migrated: Engine) -> None:
    local = datetime(2026, 3, 10, 13, 45, 30, 123456, tzinfo=INDIA)
    with Session(migrated) as session:
        session.add(make_user(created_at=local))
        session.commit()

    with Session(migrated) as session:
        loaded = session.exec(select(User)).one().created_at

    assert loaded == datetime(2026, 3, 10, 8, 15, 30, 123456, tzinfo=UTC)
    assert loaded.tzinfo is UTC


def test_the_stored_value_is_utc(migrated: Engine) -> None:
    local = datetime(2026, 3, 10, 13, 45, 30, tzinfo=INDIA)
    with Session(migrated) as session:
        session.add(make_user(created_at=local))
        session.commit()

    with migrated.connect() as connection:
        if migrated.dialect.name == "sqlite":
            query = "SELECT created_at FROM users"
        else:
            # Read it from a session in another time zone: the instant must not move.
            connection.execute(text("SET TIME ZONE 'America/New_York'"))
            query = (
                "SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM users"
            )
        stored = connection.execute(text(query)).scalar_one()

    assert stored.startswith("2026-03-10 08:15:30")


def test_none_stays_none(migrated: Engine) -> None:
    with Session(migrated) as session:
        user_id = add_user(session)
        session.add(Attack(user_id=user_id, started_at=NOW, created_at=NOW, updated_at=NOW))
        session.commit()

    with Session(migrated) as session:
        attack = session.exec(select(Attack)).one()

    assert attack.ended_at is None


def test_json_list_columns_round_trip(migrated: Engine) -> None:
    with Session(migrated) as session:
        user_id = add_user(session)
        session.add(
            Attack(
                user_id=user_id,
                started_at=NOW,
                created_at=NOW,
                updated_at=NOW,
                locations=["temple", "eye"],
                triggers=["stress", "Rotwein 🍷", 'quote " and \\ backslash'],
            )
        )
        session.commit()

    with Session(migrated) as session:
        attack = session.exec(select(Attack)).one()

    assert attack.locations == ["temple", "eye"]
    assert attack.triggers == ["stress", "Rotwein 🍷", 'quote " and \\ backslash']
    assert attack.aura_types == []
    assert attack.red_flags == []
