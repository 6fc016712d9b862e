"""Two taps recording the same dose at the same moment (two processes) store it once."""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.domain.medications import DrugClass
from bot.services.context import ServiceContext
from bot.services.medications import DoseRecorded, record_dose
from bot.storage import attacks, medications
from bot.storage.database import Database
from bot.storage.models import MedicationIntake
from tests.storage.factories import add_user

NOW = datetime(2026, 11, 20, 13, 0, tzinfo=UTC)


def test_two_simultaneous_identical_doses_are_stored_once(migrated: Engine) -> None:
    with Session(migrated) as session:
        user_id = add_user(session)
        attack = attacks.add_attack(session=session, user_id=user_id, started_at=NOW, now=NOW)
        med = medications.add_medication(
            session=session,
            user_id=user_id,
            name="Ibuprofen",
            drug_class=DrugClass.NSAID,
            is_preventive=False,
            usual_dose="400 mg",
            now=NOW,
        )
        session.commit()
    # Hold every transaction right after it looked for an existing dose until the other one
    # has looked too (or 1 s has passed): without a lock both find none and both insert.
    both_checked = threading.Barrier(2, timeout=1)

    def wait_for_the_other(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "medication_intakes" in statement:
            with contextlib.suppress(threading.BrokenBarrierError):
                both_checked.wait()

    event.listen(migrated, "after_cursor_execute", wait_for_the_other)
    ctx = ServiceContext(
        database=Database(migrated), clock=FixedClock(NOW), default_timezone="UTC"
    )
    results: list[Any] = []

    def tap() -> None:
        results.append(
            record_dose(
                ctx, user_id=user_id, attack_id=attack.id, medication_id=med.id, taken_at=NOW
            )
        )

    taps = [threading.Thread(target=tap) for _ in range(2)]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join(timeout=30)
    event.remove(migrated, "after_cursor_execute", wait_for_the_other)

    with Session(migrated) as session:
        stored = list(session.exec(select(MedicationIntake)))
    assert len(stored) == 1
    assert sorted(isinstance(r, DoseRecorded) and r.duplicate for r in results) == [False, True]
