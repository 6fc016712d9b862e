"""Repository functions for a user's medication list and the doses they take."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from bot.domain.medications import (
    DrugClass,
    Effect,
    IntakeRecord,
    IntakeStatus,
    MedicationRecord,
)
from bot.storage.models import Medication, MedicationIntake


def medication_record(row: Medication) -> MedicationRecord:
    """The plain record of a medication row (for the storage package's own use)."""
    assert row.id is not None
    return MedicationRecord(
        id=row.id,
        user_id=row.user_id,
        name=row.name,
        drug_class=DrugClass(row.drug_class),
        is_preventive=row.is_preventive,
        usual_dose=row.usual_dose,
        archived=row.archived,
    )


def _intake(row: MedicationIntake, name: str) -> IntakeRecord:
    assert row.id is not None
    return IntakeRecord(
        id=row.id,
        user_id=row.user_id,
        medication_id=row.medication_id,
        medication_name=name,
        drug_class=DrugClass(row.drug_class),
        dose=row.dose,
        taken_at=row.taken_at,
        attack_id=row.attack_id,
        status=IntakeStatus(row.status),
        effect_2h=Effect(row.effect_2h) if row.effect_2h else None,
    )


def list_medications(
    *, session: Session, user_id: int, preventive: bool | None = None
) -> list[MedicationRecord]:
    """The user's current (not archived) medications, in the order they were added."""
    query = select(Medication).where(
        Medication.user_id == user_id, col(Medication.archived).is_(False)
    )
    if preventive is not None:
        query = query.where(Medication.is_preventive == preventive)
    return [medication_record(row) for row in session.exec(query.order_by(col(Medication.id)))]


def get_medication(
    *, session: Session, user_id: int, medication_id: int
) -> MedicationRecord | None:
    """The user's medication with this id (archived ones too), or ``None``."""
    row = session.get(Medication, medication_id)
    if row is None or row.user_id != user_id:
        return None
    return medication_record(row)


def add_medication(
    *,
    session: Session,
    user_id: int,
    name: str,
    drug_class: DrugClass,
    is_preventive: bool,
    usual_dose: str | None,
    now: datetime,
) -> MedicationRecord:
    """Add a medication to the user's list; the same name (any case) returns the existing one."""
    existing = session.exec(
        select(Medication).where(
            Medication.user_id == user_id, func.lower(Medication.name) == name.lower()
        )
    ).first()
    if existing is not None:
        if existing.archived:
            existing.archived = False
            session.add(existing)
            session.flush()
        return medication_record(existing)
    row = Medication(
        user_id=user_id,
        name=name,
        drug_class=drug_class.value,
        is_preventive=is_preventive,
        usual_dose=usual_dose,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return medication_record(row)


def add_intake(
    *,
    session: Session,
    user_id: int,
    medication: MedicationRecord,
    attack_id: int | None,
    dose: str | None,
    taken_at: datetime,
    now: datetime,
    status: IntakeStatus = IntakeStatus.TAKEN,
) -> IntakeRecord:
    """Record a dose of one of the user's medications."""
    if medication.user_id != user_id:
        raise PermissionError("medication belongs to another user")
    row = MedicationIntake(
        user_id=user_id,
        medication_id=medication.id,
        attack_id=attack_id,
        drug_class=medication.drug_class.value,
        dose=dose,
        taken_at=taken_at,
        status=status.value,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return _intake(row, medication.name)


def intakes_for_attack(*, session: Session, user_id: int, attack_id: int) -> list[IntakeRecord]:
    """The doses linked to one of the user's attacks, in the order taken."""
    rows = session.exec(
        select(MedicationIntake, Medication.name)
        .join(Medication, col(Medication.id) == col(MedicationIntake.medication_id))
        .where(MedicationIntake.user_id == user_id, MedicationIntake.attack_id == attack_id)
        .order_by(col(MedicationIntake.taken_at), col(MedicationIntake.id))
    )
    return [_intake(row, name) for row, name in rows]


def get_intake(*, session: Session, user_id: int, intake_id: int) -> IntakeRecord | None:
    """The user's intake with this id, or ``None``."""
    found = session.exec(
        select(MedicationIntake, Medication.name)
        .join(Medication, col(Medication.id) == col(MedicationIntake.medication_id))
        .where(MedicationIntake.id == intake_id, MedicationIntake.user_id == user_id)
    ).first()
    return _intake(*found) if found else None


def set_intake_effect(
    *, session: Session, user_id: int, intake_id: int, effect: Effect
) -> IntakeRecord | None:
    """Record the dose's effect at 2 h."""
    row = session.get(MedicationIntake, intake_id)
    if row is None or row.user_id != user_id:
        return None
    row.effect_2h = effect.value
    session.add(row)
    session.flush()
    return get_intake(session=session, user_id=user_id, intake_id=intake_id)


def delete_intake(*, session: Session, user_id: int, intake_id: int) -> bool:
    """Delete one of the user's intakes."""
    row = session.get(MedicationIntake, intake_id)
    if row is None or row.user_id != user_id:
        return False
    session.delete(row)
    session.flush()
    return True


def latest_created_intake(
    *, session: Session, user_id: int
) -> tuple[IntakeRecord, datetime] | None:
    """The intake the user recorded most recently, with when it was recorded."""
    found = session.exec(
        select(MedicationIntake, Medication.name)
        .join(Medication, col(Medication.id) == col(MedicationIntake.medication_id))
        .where(MedicationIntake.user_id == user_id)
        .order_by(col(MedicationIntake.created_at).desc(), col(MedicationIntake.id).desc())
        .limit(1)
    ).first()
    if found is None:
        return None
    row, name = found
    return _intake(row, name), row.created_at


def intakes_between(
    *, session: Session, user_id: int, start: datetime, end: datetime
) -> list[IntakeRecord]:
    """The user's intakes taken in ``[start, end)``, in the order taken."""
    rows = session.exec(
        select(MedicationIntake, Medication.name)
        .join(Medication, col(Medication.id) == col(MedicationIntake.medication_id))
        .where(
            MedicationIntake.user_id == user_id,
            col(MedicationIntake.taken_at) >= start,
            col(MedicationIntake.taken_at) < end,
        )
        .order_by(col(MedicationIntake.taken_at), col(MedicationIntake.id))
    )
    return [_intake(row, name) for row, name in rows]
