"""Use cases for /meds: the user's medication list, editing it, and preventive dose times."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import time

from bot.domain.dispatch import ReminderEntry
from bot.domain.limits import ListFull
from bot.domain.medications import DrugClass, MedicationChanges, MedicationRecord, recognise
from bot.domain.profiles import EVERY_DAY, ReminderKind
from bot.domain.schedule import next_fire_time
from bot.services import medications as medication_service
from bot.services.context import ServiceContext
from bot.storage import dispatch, medications, medlist, users
from bot.storage.database import DbSession

# A preventive may be reminded at most this many times a day.
MAX_DOSE_TIMES = 4


@dataclass(frozen=True)
class MedicationCard:
    """One medication with its daily reminder times."""

    medication: MedicationRecord
    times: list[ReminderEntry] = field(default_factory=list)
    quiet_start: time | None = None
    quiet_end: time | None = None
    timezone: str | None = None

    @property
    def reminder_times(self) -> list[time]:
        """The enabled daily reminder times, earliest first."""
        return sorted(
            entry.local_time
            for entry in self.times
            if entry.local_time is not None and entry.enabled
        )


@dataclass(frozen=True)
class Added:
    """A medication just added, and whether its class came from the list of known ones."""

    card: MedicationCard
    recognised: bool


def card_in(session: DbSession, user_id: int, medication: MedicationRecord) -> MedicationCard:
    """The card of one medication (inside the caller's transaction)."""
    return _cards(session, user_id, [medication])[0]


def _cards(session: DbSession, user_id: int, meds: list[MedicationRecord]) -> list[MedicationCard]:
    profile = users.get_user(session=session, user_id=user_id)
    entries = [
        entry
        for entry in dispatch.list_entries(
            session=session, user_id=user_id, kind=ReminderKind.MEDICATION
        )
        if entry.local_time is not None
    ]
    return [
        MedicationCard(
            med,
            [entry for entry in entries if entry.medication_id == med.id],
            profile.quiet_start,
            profile.quiet_end,
            profile.timezone,
        )
        for med in meds
    ]


def list_cards(ctx: ServiceContext, *, user_id: int) -> list[MedicationCard]:
    """The user's current medications (not archived), in the order added."""
    with ctx.database.transaction() as session:
        return list_cards_in(session, user_id=user_id)


def list_cards_in(session: DbSession, *, user_id: int) -> list[MedicationCard]:
    """:func:`list_cards` inside the caller's transaction."""
    meds = medications.list_medications(session=session, user_id=user_id)
    return _cards(session, user_id, meds) if meds else []


def get_card(ctx: ServiceContext, *, user_id: int, medication_id: int) -> MedicationCard | None:
    """One of the user's medications; ``None`` if not theirs."""
    with ctx.database.transaction() as session:
        med = medications.get_medication(
            session=session, user_id=user_id, medication_id=medication_id
        )
        return card_in(session, user_id, med) if med is not None else None


def add(ctx: ServiceContext, *, user_id: int, name: str) -> Added | ListFull:
    """Add a medication by its (cleaned) name; an unknown one starts as class "other"."""
    known = recognise(name)
    added = medication_service.add_medication(
        ctx,
        user_id=user_id,
        name=name,
        drug_class=None if known else DrugClass.OTHER,
        preventive=None if known else False,
    )
    if isinstance(added, ListFull):
        return added
    assert isinstance(added, MedicationRecord)
    card = get_card(ctx, user_id=user_id, medication_id=added.id)
    assert card is not None
    return Added(card, recognised=known is not None)


def update(
    ctx: ServiceContext, *, user_id: int, medication_id: int, changes: MedicationChanges
) -> MedicationCard | None:
    """Change name, class, acute/preventive or usual dose; a preventive class makes it one.

    Making a medication acute stops its dose reminders. ``None`` if not the user's (or if a
    new name is already on their list).
    """
    with ctx.database.transaction() as session:
        return update_in(session, user_id=user_id, medication_id=medication_id, changes=changes)


def update_in(
    session: DbSession, *, user_id: int, medication_id: int, changes: MedicationChanges
) -> MedicationCard | None:
    """:func:`update` inside the caller's transaction."""
    if changes.name is not None and medlist.name_taken(
        session=session, user_id=user_id, name=changes.name, except_id=medication_id
    ):
        return None
    if changes.drug_class is DrugClass.PREVENTIVE:
        changes = replace(changes, is_preventive=True)
    med = medlist.update_medication(
        session=session, user_id=user_id, medication_id=medication_id, changes=changes
    )
    if med is None:
        return None
    if not med.is_preventive:
        for entry in card_in(session, user_id, med).times:
            dispatch.delete_entry(session=session, user_id=user_id, reminder_id=entry.id)
        dispatch.delete_snoozes(session=session, user_id=user_id, medication_id=med.id)
    return card_in(session, user_id, med)


def archive(ctx: ServiceContext, *, user_id: int, medication_id: int) -> MedicationRecord | None:
    """Take a medication off the list (history stays) and stop its reminders."""
    with ctx.database.transaction() as session:
        return archive_in(session, user_id=user_id, medication_id=medication_id)


def archive_in(session: DbSession, *, user_id: int, medication_id: int) -> MedicationRecord | None:
    """:func:`archive` inside the caller's transaction."""
    med = medlist.archive_medication(session=session, user_id=user_id, medication_id=medication_id)
    if med is not None:
        dispatch.delete_snoozes(session=session, user_id=user_id, medication_id=med.id)
    return med


def add_dose_time(
    ctx: ServiceContext, *, user_id: int, medication_id: int, local_time: time
) -> MedicationCard | None:
    """Remind the user of a preventive every day at ``local_time``.

    ``None`` if the medication is not theirs, not a preventive, or has enough times already.
    """
    with ctx.database.transaction() as session:
        return add_dose_time_in(
            ctx, session, user_id=user_id, medication_id=medication_id, local_time=local_time
        )


def add_dose_time_in(
    ctx: ServiceContext,
    session: DbSession,
    *,
    user_id: int,
    medication_id: int,
    local_time: time,
) -> MedicationCard | None:
    """:func:`add_dose_time` inside the caller's transaction."""
    now = ctx.clock.now()
    med = medications.get_medication(session=session, user_id=user_id, medication_id=medication_id)
    if med is None or med.archived or not med.is_preventive:
        return None
    card = card_in(session, user_id, med)
    if local_time in card.reminder_times:
        return card
    if len(card.reminder_times) >= MAX_DOSE_TIMES:
        return None
    tz = card.timezone or ctx.default_timezone
    dispatch.add_entry(
        session=session,
        user_id=user_id,
        kind=ReminderKind.MEDICATION,
        now=now,
        local_time=local_time,
        medication_id=med.id,
        next_fire_at=next_fire_time(local_time=local_time, weekdays=EVERY_DAY, tz=tz, after=now),
    )
    return card_in(session, user_id, med)


def remove_dose_time(
    ctx: ServiceContext, *, user_id: int, reminder_id: int
) -> MedicationCard | None:
    """Stop one daily dose reminder; ``None`` if it is not the user's."""
    with ctx.database.transaction() as session:
        return remove_dose_time_in(session, user_id=user_id, reminder_id=reminder_id)


def remove_dose_time_in(
    session: DbSession, *, user_id: int, reminder_id: int
) -> MedicationCard | None:
    """:func:`remove_dose_time` inside the caller's transaction."""
    entry = dispatch.get_entry(session=session, user_id=user_id, reminder_id=reminder_id)
    if entry is None or entry.medication_id is None:
        return None
    dispatch.delete_entry(session=session, user_id=user_id, reminder_id=reminder_id)
    med = medications.get_medication(
        session=session, user_id=user_id, medication_id=entry.medication_id
    )
    assert med is not None
    return card_in(session, user_id, med)
