"""Foreign keys and unique constraints are enforced by the database itself."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, select

from bot.storage.models import (
    Attack,
    BodySymptom,
    CheckIn,
    CustomItem,
    Medication,
    MedicationIntake,
    PendingInput,
    Reminder,
    User,
)
from tests.storage.factories import NOW, add_user, make_user

USER_TABLES: list[type[SQLModel]] = [
    Attack,
    BodySymptom,
    CheckIn,
    CustomItem,
    Medication,
    MedicationIntake,
    PendingInput,
    Reminder,
]


def _count(session: Session, table: type[SQLModel]) -> int:
    return session.exec(select(func.count()).select_from(table)).one()


def _add_user_with_everything(session: Session, telegram_id: int) -> int:
    user = make_user(telegram_id=telegram_id, chat_id=telegram_id)
    session.add(user)
    session.flush()
    assert user.id is not None
    attack = Attack(user_id=user.id, started_at=NOW, created_at=NOW, updated_at=NOW)
    medication = Medication(
        user_id=user.id, name="Sumatriptan", drug_class="triptan", created_at=NOW
    )
    session.add_all([attack, medication])
    session.flush()
    assert medication.id is not None
    intake = MedicationIntake(
        user_id=user.id,
        medication_id=medication.id,
        attack_id=attack.id,
        drug_class="triptan",
        taken_at=NOW,
        created_at=NOW,
    )
    session.add(intake)
    session.flush()
    session.add_all(
        [
            BodySymptom(user_id=user.id, attack_id=attack.id, occurred_at=NOW, created_at=NOW),
            CheckIn(user_id=user.id, local_date=date(2026, 3, 10), created_at=NOW, updated_at=NOW),
            CustomItem(user_id=user.id, kind="trigger", label="Rotwein", created_at=NOW),
            PendingInput(user_id=user.id, kind="timezone", created_at=NOW),
            Reminder(user_id=user.id, kind="followup", intake_id=intake.id, created_at=NOW),
        ]
    )
    session.commit()
    return user.id


def test_deleting_a_user_deletes_all_their_rows(migrated: Engine) -> None:
    with Session(migrated) as session:
        doomed = _add_user_with_everything(session, telegram_id=1)
        _add_user_with_everything(session, telegram_id=2)

    with Session(migrated) as session:
        session.delete(session.get_one(User, doomed))
        session.commit()

    with Session(migrated) as session:
        assert [_count(session, table) for table in USER_TABLES] == [1] * len(USER_TABLES)
        assert session.exec(select(User.telegram_id)).all() == [2]


def test_deleting_an_attack_keeps_its_intakes_unlinked(migrated: Engine) -> None:
    with Session(migrated) as session:
        _add_user_with_everything(session, telegram_id=1)
        session.delete(session.exec(select(Attack)).one())
        session.commit()

    with Session(migrated) as session:
        intake = session.exec(select(MedicationIntake)).one()
        assert intake.attack_id is None
        assert _count(session, BodySymptom) == 0


def test_a_row_for_a_missing_user_is_refused(migrated: Engine) -> None:
    with Session(migrated) as session:
        session.add(
            CheckIn(user_id=999, local_date=date(2026, 3, 10), created_at=NOW, updated_at=NOW)
        )
        with pytest.raises(IntegrityError):
            session.commit()


def test_one_user_per_telegram_id(migrated: Engine) -> None:
    with Session(migrated) as session:
        session.add(make_user(telegram_id=7, chat_id=70))
        session.commit()
        session.add(make_user(telegram_id=7, chat_id=71))
        with pytest.raises(IntegrityError):
            session.commit()

    with Session(migrated) as session:
        assert session.exec(select(User.chat_id)).all() == [70]


def test_one_checkin_per_user_and_local_date(migrated: Engine) -> None:
    with Session(migrated) as session:
        first_id = add_user(session, telegram_id=1, chat_id=1)
        second_id = add_user(session, telegram_id=2, chat_id=2)
        session.add_all(
            [
                CheckIn(
                    user_id=first_id, local_date=date(2026, 3, 10), created_at=NOW, updated_at=NOW
                ),
                CheckIn(
                    user_id=first_id, local_date=date(2026, 3, 11), created_at=NOW, updated_at=NOW
                ),
                CheckIn(
                    user_id=second_id, local_date=date(2026, 3, 10), created_at=NOW, updated_at=NOW
                ),
            ]
        )
        session.commit()

    with Session(migrated) as session:
        session.add(
            CheckIn(user_id=first_id, local_date=date(2026, 3, 10), created_at=NOW, updated_at=NOW)
        )
        with pytest.raises(IntegrityError):
            session.commit()

    with Session(migrated) as session:
        assert _count(session, CheckIn) == 3
