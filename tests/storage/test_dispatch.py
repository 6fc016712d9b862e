"""Claiming due reminders: once each, also with two dispatchers on one database."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.domain.dispatch import Outcome
from bot.domain.profiles import ReminderKind
from bot.storage import checkins, dispatch
from bot.storage.engine import make_engine
from bot.storage.migrate import upgrade_database
from bot.storage.models import CheckIn, Reminder, User
from tests.pg import postgres_url_or_skip, throwaway_postgres_database

DUE = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
KINDS = (ReminderKind.CHECKIN, ReminderKind.MEDICATION, ReminderKind.FOLLOWUP)


def add_users(engine: Engine, count: int, *, due: datetime = DUE) -> None:
    with Session(engine) as session:
        for n in range(count):
            user = User(
                telegram_id=10_000 + n,
                chat_id=10_000 + n,
                timezone="UTC",
                onboarding_step=None,
                created_at=due,
                updated_at=due,
            )
            session.add(user)
            session.flush()
            assert user.id is not None
            session.add(
                Reminder(
                    user_id=user.id,
                    kind="checkin",
                    local_time=time(20, 0),
                    next_fire_at=due,
                    created_at=due,
                )
            )
        session.commit()


def claim(engine: Engine, now: datetime, limit: int = 100) -> list[Outcome]:
    with Session(engine) as session:
        claimed = dispatch.claim_due(
            session=session, now=now, limit=limit, kinds=KINDS, default_timezone="UTC"
        )
        session.commit()
    return [c.outcome for c in claimed]


def test_claim_once_then_next_day(migrated: Engine) -> None:
    add_users(migrated, 3)
    assert claim(migrated, DUE - timedelta(seconds=1)) == []
    assert claim(migrated, DUE) == [Outcome.SEND] * 3
    assert claim(migrated, DUE + timedelta(minutes=1)) == []
    with Session(migrated) as session:
        rows = session.exec(select(Reminder)).all()
    assert {(r.next_fire_at, r.fire_count, r.last_fired_at) for r in rows} == {
        (DUE + timedelta(days=1), 1, DUE)
    }
    assert claim(migrated, DUE + timedelta(days=1, hours=3)) == [Outcome.SKIP_LATE] * 3


def test_unreachable_users_are_not_claimed(migrated: Engine) -> None:
    add_users(migrated, 2)
    with Session(migrated) as session:
        user = session.exec(select(User)).first()
        assert user is not None
        user.reachable = False
        session.add(user)
        session.commit()
    assert claim(migrated, DUE) == [Outcome.SEND]


def test_followups_off_marker_drops_followups(migrated: Engine) -> None:
    add_users(migrated, 1)
    with Session(migrated) as session:
        user = session.exec(select(User)).one()
        assert user.id is not None
        dispatch.set_followups_enabled(session=session, user_id=user.id, enabled=False, now=DUE)
        assert dispatch.followups_enabled(session=session, user_id=user.id) is False
        session.add(Reminder(user_id=user.id, kind="followup", next_fire_at=DUE, created_at=DUE))
        session.commit()
    assert sorted(claim(migrated, DUE)) == sorted([Outcome.SEND, Outcome.SKIP_OFF])
    with Session(migrated) as session:
        user = session.exec(select(User)).one()
        assert user.id is not None
        dispatch.set_followups_enabled(session=session, user_id=user.id, enabled=True, now=DUE)
        assert dispatch.followups_enabled(session=session, user_id=user.id) is True
        session.commit()


def test_open_checkins_marks_earlier_pending_missed(migrated: Engine) -> None:
    add_users(migrated, 1)
    with Session(migrated) as session:
        user_id = session.exec(select(User.id)).one()
        assert user_id is not None
        first = checkins.open_checkin(
            session=session, user_id=user_id, local_date=DUE.date(), now=DUE
        )
        again = checkins.open_checkins(session=session, wanted=[(user_id, DUE.date())], now=DUE)
        assert again[(user_id, DUE.date())].id == first.id
        later = DUE.date() + timedelta(days=1)
        checkins.open_checkins(session=session, wanted=[(user_id, later)], now=DUE)
        session.commit()
        rows = session.exec(select(CheckIn).order_by(col(CheckIn.local_date))).all()
    assert [row.status for row in rows] == ["missed", "pending"]


@pytest.mark.postgres
def test_two_dispatchers_on_one_postgresql_database_send_each_reminder_once() -> None:
    with throwaway_postgres_database(postgres_url_or_skip()) as url:
        engines = [make_engine(url), make_engine(url)]
        try:
            upgrade_database(engines[0])
            add_users(engines[0], 300)
            results: list[list[int]] = [[], []]
            start = threading.Barrier(2)

            def run(index: int) -> None:
                start.wait()
                for _ in range(20):
                    with Session(engines[index]) as session:
                        claimed = dispatch.claim_due(
                            session=session,
                            now=DUE,
                            limit=25,
                            kinds=KINDS,
                            default_timezone="UTC",
                        )
                        session.commit()
                    results[index].extend(c.reminder_id for c in claimed)

            threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            everything = results[0] + results[1]
            assert len(everything) == 300
            assert len(set(everything)) == 300
        finally:
            for engine in engines:
                engine.dispose()
