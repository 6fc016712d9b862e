"""Repository functions for editing a user's medication list and recording preventive doses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, func, select

from bot.domain.adherence import DoseSchedule, PreventivePlan
from bot.domain.medications import IntakeStatus, MedicationChanges, MedicationRecord
from bot.domain.profiles import ReminderKind
from bot.storage.medications import medication_record
from bot.storage.models import Medication, MedicationIntake, Reminder


def _own(session: Session, user_id: int, medication_id: int) -> Medication | None:
    row = session.get(Medication, medication_id)
    return row if row is not None and row.user_id == user_id else None


def name_taken(*, session: Session, user_id: int, name: str, except_id: int) -> bool:
    """Whether another of the user's medications already has ``name`` (any case)."""
    return (
        session.exec(
            select(Medication.id).where(
                Medication.user_id == user_id,
                func.lower(Medication.name) == name.lower(),
                Medication.id != except_id,
            )
        ).first()
        is not None
    )


def update_medication(
    *, session: Session, user_id: int, medication_id: int, changes: MedicationChanges
) -> MedicationRecord | None:
    """Change name, class, acute/preventive or usual dose; ``None`` if not the user's."""
    row = _own(session, user_id, medication_id)
    if row is None:
        return None
    if changes.name is not None:
        row.name = changes.name
    if changes.drug_class is not None:
        row.drug_class = changes.drug_class.value
    if changes.is_preventive is not None:
        row.is_preventive = changes.is_preventive
    if changes.usual_dose is not None:
        row.usual_dose = changes.usual_dose
    session.add(row)
    session.flush()
    return medication_record(row)


def archive_medication(
    *, session: Session, user_id: int, medication_id: int
) -> MedicationRecord | None:
    """Take a medication off the user's list (its history stays) and stop its reminders."""
    row = _own(session, user_id, medication_id)
    if row is None:
        return None
    row.archived = True
    session.add(row)
    session.exec(
        update(Reminder)
        .where(
            col(Reminder.user_id) == user_id,
            col(Reminder.kind) == ReminderKind.MEDICATION.value,
            col(Reminder.medication_id) == medication_id,
        )
        .values(enabled=False, next_fire_at=None)
    )
    session.flush()
    return medication_record(row)


def record_scheduled_dose(
    *,
    session: Session,
    user_id: int,
    medication: MedicationRecord,
    scheduled_at: datetime,
    status: IntakeStatus,
    now: datetime,
) -> tuple[IntakeStatus | None, IntakeStatus]:
    """Record a scheduled preventive dose as taken or skipped; once per dose time.

    The intake's ``taken_at`` is the scheduled dose time, so answering the same reminder again
    (or its snoozed copy) changes that one row instead of adding another.

    Returns:
        The status before (``None`` if new) and after.
    """
    if medication.user_id != user_id:
        raise PermissionError("medication belongs to another user")
    row = session.exec(
        select(MedicationIntake).where(
            MedicationIntake.user_id == user_id,
            MedicationIntake.medication_id == medication.id,
            col(MedicationIntake.attack_id).is_(None),
            MedicationIntake.taken_at == scheduled_at,
        )
    ).first()
    before = IntakeStatus(row.status) if row is not None else None
    if row is None:
        row = MedicationIntake(
            user_id=user_id,
            medication_id=medication.id,
            drug_class=medication.drug_class.value,
            dose=medication.usual_dose,
            taken_at=scheduled_at,
            created_at=now,
        )
    row.status = status.value
    session.add(row)
    session.flush()
    return before, status


def preventive_taken_between(
    *, session: Session, user_id: int, start: datetime, end: datetime
) -> bool:
    """Whether a scheduled preventive dose in [start, end) is recorded as taken."""
    return (
        session.exec(
            select(MedicationIntake.id)
            .join(Medication, col(Medication.id) == col(MedicationIntake.medication_id))
            .where(
                MedicationIntake.user_id == user_id,
                col(Medication.is_preventive).is_(True),
                col(MedicationIntake.attack_id).is_(None),
                MedicationIntake.status == IntakeStatus.TAKEN.value,
                col(MedicationIntake.taken_at) >= start,
                col(MedicationIntake.taken_at) < end,
            )
        ).first()
        is not None
    )


def has_preventives(*, session: Session, user_id: int) -> bool:
    """Whether the user's current list holds a preventive medication."""
    return (
        session.exec(
            select(Medication.id).where(
                Medication.user_id == user_id,
                col(Medication.is_preventive).is_(True),
                col(Medication.archived).is_(False),
            )
        ).first()
        is not None
    )


def preventive_plans(*, session: Session, user_id: int) -> list[PreventivePlan]:
    """The user's current preventives, with when each was added and its enabled dose times."""
    medications = session.exec(
        select(Medication)
        .where(
            Medication.user_id == user_id,
            col(Medication.is_preventive).is_(True),
            col(Medication.archived).is_(False),
        )
        .order_by(col(Medication.id))
    ).all()
    plans = []
    for row in medications:
        reminders = session.exec(
            select(Reminder)
            .where(
                Reminder.user_id == user_id,
                Reminder.kind == ReminderKind.MEDICATION.value,
                Reminder.medication_id == row.id,
                col(Reminder.enabled).is_(True),
                col(Reminder.local_time).is_not(None),
            )
            .order_by(col(Reminder.local_time))
        ).all()
        plans.append(
            PreventivePlan(
                medication=medication_record(row),
                since=row.created_at,
                schedules=tuple(
                    DoseSchedule(r.local_time, r.weekdays, r.created_at)
                    for r in reminders
                    if r.local_time is not None
                ),
            )
        )
    return plans
