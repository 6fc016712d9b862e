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
from bot.storage.models import CheckIn, QueuedReminder, Reminder, User
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
            session=session, now=now, limit=limit, kinds=KINDS, default_timezone="UTC", owner="me"
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
        queued = session.exec(select(QueuedReminder)).all()
    # Claimed is not fired: the count moves when the message is sent (start_sending).
    assert {(r.next_fire_at, r.fire_count, r.last_fired_at) for r in rows} == {
        (DUE + timedelta(days=1), 0, None)
    }
    assert sorted((q.reminder_id, q.state, q.owner) for q in queued) == [
        (r.id, "queued", "me") for r in sorted(rows, key=lambda r: r.id or 0)
    ]
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


def _queue_states(engine: Engine) -> list[tuple[str, str | None]]:
    with Session(engine) as session:
        rows = session.exec(select(QueuedReminder).order_by(col(QueuedReminder.id))).all()
    return [(row.state, row.owner) for row in rows]


def test_queued_reminder_is_sent_by_its_owner_once_and_counted_then(migrated: Engine) -> None:
    add_users(migrated, 1)
    claim(migrated, DUE)
    with Session(migrated) as session:
        [queue_id] = session.exec(select(QueuedReminder.id)).all()
        assert queue_id is not None
        assert (
            dispatch.start_sending(
                session=session, queue_id=queue_id, owner="other", now=DUE, default_timezone="UTC"
            )
            is None
        )
        sending = dispatch.start_sending(
            session=session, queue_id=queue_id, owner="me", now=DUE, default_timezone="UTC"
        )
        assert sending is not None
        dispatch.mark_fired(session=session, reminder_id=sending.reminder_id, now=DUE)
        again = dispatch.start_sending(
            session=session, queue_id=queue_id, owner="me", now=DUE, default_timezone="UTC"
        )
        session.commit()
        reminder = session.exec(select(Reminder)).one()
    assert again is None
    assert (reminder.fire_count, reminder.last_fired_at) == (1, DUE)
    assert _queue_states(migrated) == [("sending", "me")]
    with Session(migrated) as session:
        dispatch.finish(session=session, queue_id=queue_id)
        session.commit()
    assert _queue_states(migrated) == []


def test_released_rows_are_taken_over_and_a_dead_owners_in_flight_row_dropped(
    migrated: Engine,
) -> None:
    add_users(migrated, 3)
    claim(migrated, DUE)
    later = DUE + timedelta(seconds=5)
    with Session(migrated) as session:
        first, *_ = session.exec(select(QueuedReminder.id).order_by(col(QueuedReminder.id)))
        assert first is not None
        assert dispatch.start_sending(
            session=session, queue_id=first, owner="me", now=DUE, default_timezone="UTC"
        )
        # Nobody else may take the rows of a live owner within its lease.
        taken, dropped = dispatch.take_over(
            session=session, owner="new", now=later, gone=(), stale_before=DUE, limit=10
        )
        assert (taken, dropped) == ([], 0)
        assert dispatch.release(session=session, owner="me") == 2
        session.commit()
    assert _queue_states(migrated) == [("sending", "me"), ("queued", None), ("queued", None)]
    with Session(migrated) as session:
        taken, dropped = dispatch.take_over(
            session=session, owner="new", now=later, gone={"me"}, stale_before=DUE, limit=10
        )
        session.commit()
    assert (len(taken), dropped) == (2, 1)
    assert _queue_states(migrated) == [("queued", "new"), ("queued", "new")]


def test_rows_of_an_owner_that_stopped_renewing_are_taken_over(migrated: Engine) -> None:
    add_users(migrated, 2)
    claim(migrated, DUE)
    with Session(migrated) as session:
        dispatch.renew(session=session, owner="me", now=DUE + timedelta(seconds=30))
        taken, _ = dispatch.take_over(
            session=session,
            owner="new",
            now=DUE + timedelta(seconds=40),
            gone=(),
            stale_before=DUE + timedelta(seconds=1),
            limit=10,
        )
        assert taken == []
        taken, _ = dispatch.take_over(
            session=session,
            owner="new",
            now=DUE + timedelta(seconds=120),
            gone=(),
            stale_before=DUE + timedelta(seconds=60),
            limit=1,
        )
        assert [message.kind for message in taken] == [ReminderKind.CHECKIN]
        assert dispatch.queue_owners(session=session) == {"me", "new"}
