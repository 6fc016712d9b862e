"""Use cases for medications: the user's list, and doses taken during an attack."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.attack_text import DoseMention
from bot.domain.attacks import AttackDetails
from bot.domain.dose_times import dose_time_plausible, duplicate_dose
from bot.domain.limits import MAX_MEDICATIONS, ListFull
from bot.domain.medications import (
    KNOWN_MEDICATIONS,
    DrugClass,
    Effect,
    IntakeRecord,
    MedicationChanges,
    MedicationRecord,
    first_acute_dose,
    recognise,
)
from bot.services.attacks import details_of, schedule_followup
from bot.services.context import ServiceContext
from bot.storage import attacks, medications, medlist, users

# A follow-up about a dose is never asked sooner than this after the dose is logged.
MIN_FOLLOWUP_LEAD = timedelta(minutes=30)


@dataclass(frozen=True)
class DoseRecorded:
    """A dose recorded for an attack, or (``duplicate``) the same dose found already there."""

    details: AttackDetails
    intake: IntakeRecord
    duplicate: bool = False


@dataclass(frozen=True)
class DoseToConfirm:
    """A dose time far from the attack (see :func:`dose_time_plausible`): nothing was saved."""

    details: AttackDetails
    medication: MedicationRecord
    taken_at: datetime


@dataclass(frozen=True)
class NeedsClass:
    """A typed medication name the bot does not know: its class has to be asked."""

    name: str


def add_medication(
    ctx: ServiceContext,
    *,
    user_id: int,
    name: str,
    drug_class: DrugClass | None = None,
    usual_dose: str | None = None,
    preventive: bool | None = None,
) -> MedicationRecord | NeedsClass | ListFull:
    """Add a medication to the user's list; a well-known name brings its class and usual dose.

    A name already on the list returns that medication; a new one when the list holds
    :data:`~bot.domain.limits.MAX_MEDICATIONS` is refused with :class:`ListFull`.
    """
    known = recognise(name)
    resolved_class = drug_class or (known.drug_class if known else DrugClass.OTHER)
    with ctx.database.transaction() as session:
        current = medications.list_medications(session=session, user_id=user_id)
        listed = any(med.name.lower() == name.lower() for med in current)
        if not listed and len(current) >= MAX_MEDICATIONS:
            return ListFull(MAX_MEDICATIONS)
        if drug_class is None and known is None:
            return NeedsClass(name)
        return medications.add_medication(
            session=session,
            user_id=user_id,
            name=name,
            drug_class=resolved_class,
            is_preventive=(
                preventive
                if preventive is not None
                else (known.preventive if known else resolved_class is DrugClass.PREVENTIVE)
            ),
            usual_dose=usual_dose or (known.usual_dose if known else None),
            now=ctx.clock.now(),
        )


def add_known_medication(
    ctx: ServiceContext, *, user_id: int, key: str
) -> MedicationRecord | ListFull | None:
    """Add one of the well-known medications (by its key) to the user's list."""
    known = KNOWN_MEDICATIONS.get(key)
    if known is None:
        return None
    added = add_medication(ctx, user_id=user_id, name=known.name)
    assert not isinstance(added, NeedsClass)
    return added


def get_medication(
    ctx: ServiceContext, *, user_id: int, medication_id: int
) -> MedicationRecord | None:
    """The user's medication with this id, or ``None``."""
    with ctx.database.transaction() as session:
        return medications.get_medication(
            session=session, user_id=user_id, medication_id=medication_id
        )


def record_dose(
    ctx: ServiceContext,
    *,
    user_id: int,
    attack_id: int,
    medication_id: int,
    taken_at: datetime,
    dose: str | None = None,
    confirmed: bool = False,
) -> DoseRecorded | DoseToConfirm | None:
    """Record a dose taken for the user's attack; the follow-up moves to 2 h after it.

    A dose of the same medication already recorded for the attack within
    :data:`DUPLICATE_DOSE_WINDOW` is not stored again (a double tap): the result says
    ``duplicate``. The check and the insert run in one transaction that first locks the
    attack, so two taps handled at the same moment (by two processes) cannot both insert. A time
    outside the attack's plausible window is returned to be confirmed unless ``confirmed``.
    Returns ``None`` if the attack or the medication is not the user's.
    """
    now = ctx.clock.now()
    taken_at = min(taken_at, now)
    with ctx.database.transaction() as session:
        attack = attacks.lock_attack(
            session=session, user_id=user_id, attack_id=attack_id, now=now
        )
        medication = medications.get_medication(
            session=session, user_id=user_id, medication_id=medication_id
        )
        if attack is None or medication is None:
            return None
        profile = users.get_user(session=session, user_id=user_id)
        if not confirmed and not dose_time_plausible(taken_at, attack, now=now):
            return DoseToConfirm(details_of(ctx, session, profile, attack), medication, taken_at)
        already = duplicate_dose(
            medications.intakes_for_attack(session=session, user_id=user_id, attack_id=attack_id),
            medication_id=medication_id,
            taken_at=taken_at,
        )
        if already is not None:
            return DoseRecorded(details_of(ctx, session, profile, attack), already, duplicate=True)
        intake = medications.add_intake(
            session=session,
            user_id=user_id,
            medication=medication,
            attack_id=attack_id,
            dose=dose or medication.usual_dose,
            taken_at=taken_at,
            now=now,
        )
        if attack.is_open:
            schedule_followup(
                ctx,
                session,
                profile,
                attack_id=attack_id,
                after=intake.taken_at,
                intake_id=intake.id,
                not_before=now + MIN_FOLLOWUP_LEAD,
            )
        return DoseRecorded(details_of(ctx, session, profile, attack), intake)


def medication_list(ctx: ServiceContext, *, user_id: int) -> list[MedicationRecord]:
    """The user's current medications (to recognise them in a typed message)."""
    with ctx.database.transaction() as session:
        return medications.list_medications(session=session, user_id=user_id)


def record_typed_doses(
    ctx: ServiceContext, *, user_id: int, attack_id: int, doses: Sequence[DoseMention]
) -> AttackDetails | None:
    """Record the doses named in a typed attack message, taken now.

    A well-known drug not yet on the user's list is added to it (with its class and usual dose),
    as a typed name is on the medication question. Returns the attack afterwards, or ``None`` if
    it is not the user's.
    """
    details = None
    for mention in doses:
        medication_id = mention.medication_id
        if medication_id is None and mention.known_key is not None:
            added = add_known_medication(ctx, user_id=user_id, key=mention.known_key)
            # A full list (ListFull) leaves the dose unrecorded, as a tapped one would be.
            medication_id = added.id if isinstance(added, MedicationRecord) else None
        if medication_id is None:
            continue
        recorded = record_dose(
            ctx,
            user_id=user_id,
            attack_id=attack_id,
            medication_id=medication_id,
            taken_at=ctx.clock.now(),
            dose=mention.dose,
            confirmed=True,
        )
        if recorded is not None:
            assert not isinstance(recorded, DoseToConfirm)
            details = recorded.details
    return details


def set_dose_effect(
    ctx: ServiceContext, *, user_id: int, attack_id: int, effect: Effect
) -> AttackDetails | None:
    """Record whether the medication worked within 2 h, on the attack's first acute dose.

    The same field the live follow-up fills (the dose's effect at 2 h), so a past attack with a
    dose that worked counts as successfully treated (ICHD-3 1.1 B) exactly like a live one.
    """
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        dose = first_acute_dose(
            medications.intakes_for_attack(session=session, user_id=user_id, attack_id=attack_id)
        )
        if dose is not None:
            medications.set_intake_effect(
                session=session, user_id=user_id, intake_id=dose.id, effect=effect
            )
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, attack)


def remove_dose(
    ctx: ServiceContext, *, user_id: int, attack_id: int, intake_id: int
) -> AttackDetails | None:
    """Remove a dose recorded by mistake from the user's attack."""
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        medications.delete_intake(session=session, user_id=user_id, intake_id=intake_id)
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, attack)


def set_medication_class(
    ctx: ServiceContext, *, user_id: int, medication_id: int, drug_class: DrugClass
) -> MedicationRecord | None:
    """Set the class of one of the user's medications (asked when a typed name is unknown)."""
    with ctx.database.transaction() as session:
        return medlist.update_medication(
            session=session,
            user_id=user_id,
            medication_id=medication_id,
            changes=MedicationChanges(drug_class=drug_class),
        )
