"""Use cases for reminders: claim the due ones, list and switch them, quiet hours, reachability."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from bot.domain.attacks import AttackDetails
from bot.domain.checkins import CheckinRecord
from bot.domain.dispatch import (
    SNOOZE,
    ClaimedReminder,
    Outcome,
    QueuedMessage,
    ReminderEntry,
)
from bot.domain.medications import IntakeStatus, MedicationRecord
from bot.domain.profiles import EVERY_DAY, ReminderKind, UserProfile
from bot.domain.schedule import next_fire_time
from bot.services import attacks as attack_service
from bot.services.context import ServiceContext
from bot.services.profiles import resume_reminders
from bot.storage import attacks, checkins, dispatch, medications, medlist, users
from bot.storage.database import DbSession

logger = logging.getLogger(__name__)

# The kinds the dispatcher sends.
DISPATCHED_KINDS = (
    ReminderKind.CHECKIN,
    ReminderKind.MORNING_SLEEP,
    ReminderKind.MEDICATION,
    ReminderKind.FOLLOWUP,
    ReminderKind.RECAP,
)
# The kinds a user can switch on and off as a whole.
SWITCHABLE_KINDS = DISPATCHED_KINDS


@dataclass(frozen=True)
class Delivery:
    """A claimed reminder to send, with what its message needs."""

    claim: ClaimedReminder
    checkin: CheckinRecord | None = None
    medication: MedicationRecord | None = None
    attack: AttackDetails | None = None


@dataclass(frozen=True)
class Overview:
    """What /reminders shows: every reminder of the user and their quiet hours."""

    profile: UserProfile
    timezone: str
    entries: list[ReminderEntry]
    medications: dict[int, MedicationRecord] = field(default_factory=dict)
    followups_on: bool = True

    def of_kind(self, kind: ReminderKind) -> list[ReminderEntry]:
        """The entries of one kind (follow-ups: only those about an attack)."""
        return [
            entry
            for entry in self.entries
            if entry.kind is kind and (kind is not ReminderKind.FOLLOWUP or entry.attack_id)
        ]

    def kind_on(self, kind: ReminderKind) -> bool:
        """Whether any reminder of ``kind`` is switched on (follow-ups: the user's wish)."""
        if kind is ReminderKind.FOLLOWUP:
            return self.followups_on
        return any(entry.enabled for entry in self.of_kind(kind))


def _timezone(ctx: ServiceContext, profile: UserProfile) -> str:
    return profile.timezone or ctx.default_timezone


# Another process may take over queued reminders its owner has not renewed for this long; a
# live dispatcher renews its own every tick (bot.jobs.DISPATCH_INTERVAL_SECONDS).
QUEUE_LEASE = timedelta(seconds=60)


def dispatcher_identity() -> str:
    """A name for this dispatcher, unique among processes: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def owner_is_gone(owner: str, *, me: str) -> bool:
    """Whether the dispatcher ``owner`` is known to have died (checked on this host only).

    A process of this host whose pid no longer runs is gone; so is an earlier dispatcher with
    this very pid (a restarted container is pid 1 again). Owners on other hosts are never
    known to be gone: their rows are taken over once their lease ran out.
    """
    host, _, rest = owner.partition(":")
    pid_text, _, _token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return owner != me
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@dataclass(frozen=True)
class Claimed:
    """One claim: the queued reminders to send, and how many rows were claimed in all."""

    queued: list[QueuedMessage]
    rows: int


def _already_known(kind: ReminderKind, record: CheckinRecord) -> bool:
    """Whether what this check-in (or morning question) asks is already answered for its day.

    A check-in time or timezone moved after the day was answered makes the reminder fire again
    for the same day; never ask what is already known.
    """
    if kind is ReminderKind.MORNING_SLEEP:
        return record.sleep_known
    return record.headache is not None


def claim_due(ctx: ServiceContext, *, limit: int, owner: str = "") -> Claimed:
    """Claim up to ``limit`` due reminders and queue those to send for ``owner``.

    The reminder rows are advanced and the messages queued durably in one transaction; each is
    counted as fired only when it is sent (:func:`start_delivery`), so a message given back at
    shutdown, or lost, never counts as a check-in the user missed.
    """
    if limit <= 0:
        return Claimed([], 0)
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        claims = dispatch.claim_due(
            session=session,
            now=now,
            limit=limit,
            kinds=DISPATCHED_KINDS,
            default_timezone=ctx.default_timezone,
            owner=owner,
        )
    queued = [
        QueuedMessage(
            queue_id=claim.queue_id,
            reminder_id=claim.reminder_id,
            kind=claim.kind,
            user_id=claim.user_id,
            chat_id=claim.chat_id,
        )
        for claim in claims
        if claim.queue_id is not None
    ]
    outcomes = Counter(claim.outcome for claim in claims)
    if outcomes[Outcome.SKIP_LATE]:
        logger.info("skipped %d reminders more than 2 h late", outcomes[Outcome.SKIP_LATE])
    return Claimed(queued, len(claims))


def take_over_queue(ctx: ServiceContext, *, owner: str, limit: int) -> list[QueuedMessage]:
    """Renew ``owner``'s queued reminders and take over up to ``limit`` nobody else holds.

    Those are the ones a stopped process gave back, or a dead one left (see
    :func:`owner_is_gone` and :data:`QUEUE_LEASE`). Reminders a dead process was sending at
    that moment are dropped, never sent twice; the log says how many.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        dispatch.renew(session=session, owner=owner, now=now)
        gone = {
            other
            for other in dispatch.queue_owners(session=session)
            if owner_is_gone(other, me=owner)
        }
        taken, dropped = dispatch.take_over(
            session=session,
            owner=owner,
            now=now,
            gone=gone,
            stale_before=now - QUEUE_LEASE,
            limit=limit,
        )
    if dropped:
        logger.warning(
            "%d reminders were being sent when their process died; they are not sent again",
            dropped,
        )
    if taken:
        logger.info("took over %d queued reminders", len(taken))
    return taken


def start_delivery(ctx: ServiceContext, *, queue_id: int, owner: str) -> Delivery | None:
    """Mark a queued reminder as being sent and count it as fired; what its message needs.

    ``None``: nothing to send (it is no longer ``owner``'s to send, its follow-up's attack has
    ended, its medication was archived). A claimed check-in (or morning question) opens that
    day's check-in row here, marking the earlier unanswered ones missed.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        claim = dispatch.start_sending(
            session=session,
            queue_id=queue_id,
            owner=owner,
            now=now,
            default_timezone=ctx.default_timezone,
        )
        if claim is None:
            return None
        delivery = _delivery(ctx, session, claim, now)
        if delivery is None:
            dispatch.finish(session=session, queue_id=queue_id)
        else:
            dispatch.mark_fired(session=session, reminder_id=claim.reminder_id, now=now)
        return delivery


def _delivery(
    ctx: ServiceContext, session: DbSession, claim: ClaimedReminder, now: datetime
) -> Delivery | None:
    if claim.kind in (ReminderKind.CHECKIN, ReminderKind.MORNING_SLEEP):
        opened = checkins.open_checkins(
            session=session, wanted=[(claim.user_id, claim.local_date)], now=now
        )
        record = opened[(claim.user_id, claim.local_date)]
        return None if _already_known(claim.kind, record) else Delivery(claim, checkin=record)
    if claim.kind is ReminderKind.MEDICATION:
        medication = (
            medications.get_medication(
                session=session, user_id=claim.user_id, medication_id=claim.medication_id
            )
            if claim.medication_id is not None
            else None
        )
        if medication is None or medication.archived:
            return None
        return Delivery(claim, medication=medication)
    if claim.kind is ReminderKind.RECAP:
        # The recap's numbers are computed when it is sent, outside this transaction.
        return Delivery(claim)
    if claim.kind is ReminderKind.FOLLOWUP and claim.attack_id is not None:
        attack = attacks.get_attack(
            session=session, user_id=claim.user_id, attack_id=claim.attack_id
        )
        if attack is not None and attack.is_open:
            profile = users.get_user(session=session, user_id=claim.user_id)
            return Delivery(claim, attack=attack_service.details_of(ctx, session, profile, attack))
    return None


def finish_delivery(ctx: ServiceContext, *, queue_id: int) -> None:
    """Forget a queued reminder once its Bot API call returned (sent, or given up on)."""
    with ctx.database.transaction() as session:
        dispatch.finish(session=session, queue_id=queue_id)


def release_queue(ctx: ServiceContext, *, owner: str) -> int:
    """Give ``owner``'s unsent reminders back to the queue (at shutdown); returns how many."""
    with ctx.database.transaction() as session:
        return dispatch.release(session=session, owner=owner)


def overview(ctx: ServiceContext, *, user_id: int) -> Overview:
    """Every reminder of the user, with their medications' names."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        meds = medications.list_medications(session=session, user_id=user_id)
        return Overview(
            profile=profile,
            timezone=_timezone(ctx, profile),
            entries=dispatch.list_entries(session=session, user_id=user_id),
            medications={med.id: med for med in meds},
            followups_on=dispatch.followups_enabled(session=session, user_id=user_id),
        )


def set_kind_enabled(
    ctx: ServiceContext,
    *,
    user_id: int,
    kind: ReminderKind,
    enabled: bool,
    medication_id: int | None = None,
) -> Overview:
    """Switch every reminder of ``kind`` on or off in one go (times are kept for later).

    With ``medication_id`` (dose reminders only), only that medication's reminders switch.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        tz = _timezone(ctx, profile)
        if kind is ReminderKind.FOLLOWUP:
            dispatch.set_followups_enabled(
                session=session, user_id=user_id, enabled=enabled, now=now
            )
        else:
            archived = {
                med.id
                for med in medications.list_medications(session=session, user_id=user_id)
                if med.archived
            }
            for entry in dispatch.list_entries(session=session, user_id=user_id, kind=kind):
                if medication_id is not None and entry.medication_id != medication_id:
                    continue
                if entry.local_time is None:
                    if not enabled and kind is ReminderKind.MEDICATION:  # a snoozed dose
                        dispatch.delete_entry(
                            session=session, user_id=user_id, reminder_id=entry.id
                        )
                    continue
                if entry.medication_id in archived:
                    continue
                dispatch.set_entry(
                    session=session,
                    user_id=user_id,
                    reminder_id=entry.id,
                    enabled=enabled,
                    next_fire_at=next_fire_time(
                        local_time=entry.local_time, weekdays=entry.weekdays, tz=tz, after=now
                    ),
                )
    return overview(ctx, user_id=user_id)


def set_daily_time(
    ctx: ServiceContext, *, user_id: int, kind: ReminderKind, local_time: time | None
) -> Overview:
    """Set the time of the user's single daily reminder of ``kind`` (``None``: off)."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        tz = _timezone(ctx, profile)
        existing = dispatch.list_entries(session=session, user_id=user_id, kind=kind)
        if existing and local_time is None:
            for entry in existing:
                dispatch.set_entry(
                    session=session,
                    user_id=user_id,
                    reminder_id=entry.id,
                    enabled=False,
                    next_fire_at=None,
                )
        elif local_time is not None:
            for entry in existing:
                dispatch.delete_entry(session=session, user_id=user_id, reminder_id=entry.id)
            dispatch.add_entry(
                session=session,
                user_id=user_id,
                kind=kind,
                now=now,
                local_time=local_time,
                next_fire_at=next_fire_time(
                    local_time=local_time, weekdays=EVERY_DAY, tz=tz, after=now
                ),
            )
    return overview(ctx, user_id=user_id)


def set_quiet_hours(ctx: ServiceContext, *, user_id: int, start: time, end: time) -> UserProfile:
    """Set the user's quiet hours (equal start and end: none)."""
    with ctx.database.transaction() as session:
        return users.update_user(
            session=session, user_id=user_id, now=ctx.clock.now(), quiet_hours=(start, end)
        )


def mark_unreachable(ctx: ServiceContext, *, user_id: int) -> None:
    """The user blocked the bot: pause their reminders until they come back."""
    with ctx.database.transaction() as session:
        users.update_user(session=session, user_id=user_id, now=ctx.clock.now(), reachable=False)
    logger.info("user %s blocked the bot; their reminders are paused", user_id)


def set_reachable_by_telegram_id(
    ctx: ServiceContext, *, telegram_id: int, reachable: bool
) -> bool:
    """Record that a Telegram user blocked (or unblocked) the bot; ``False`` if unknown.

    Coming back resumes their repeating reminders from now on (nothing missed meanwhile is
    sent late).
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user_by_telegram_id(session=session, telegram_id=telegram_id)
        if profile is None:
            return False
        if profile.reachable == reachable:
            return True
        if reachable:
            resume_reminders(session, profile=profile, now=now, tz=_timezone(ctx, profile))
        else:
            users.update_user(session=session, user_id=profile.id, now=now, reachable=False)
    logger.info("user %s %s the bot", profile.id, "unblocked" if reachable else "blocked")
    return True


@dataclass(frozen=True)
class DoseAnswer:
    """The outcome of Taken / Skip / Snooze on a dose reminder."""

    medication: MedicationRecord
    occurrence: datetime
    timezone: str
    status: IntakeStatus | None = None
    previous: IntakeStatus | None = None
    snoozed_until: datetime | None = None


def answer_dose(
    ctx: ServiceContext,
    *,
    user_id: int,
    medication_id: int,
    occurrence: datetime,
    status: IntakeStatus,
) -> DoseAnswer | None:
    """Record a scheduled dose as taken or skipped (once per dose time); ``None`` if not theirs."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        medication = medications.get_medication(
            session=session, user_id=user_id, medication_id=medication_id
        )
        if medication is None:
            return None
        profile = users.get_user(session=session, user_id=user_id)
        previous, current = medlist.record_scheduled_dose(
            session=session,
            user_id=user_id,
            medication=medication,
            scheduled_at=occurrence,
            status=status,
            now=now,
        )
        dispatch.delete_snoozes(
            session=session, user_id=user_id, medication_id=medication_id, occurrence=occurrence
        )
        return DoseAnswer(medication, occurrence, _timezone(ctx, profile), current, previous)


def snooze_dose(
    ctx: ServiceContext, *, user_id: int, medication_id: int, occurrence: datetime
) -> DoseAnswer | None:
    """Ask about this dose again in 30 minutes (quiet hours permitting)."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        medication = medications.get_medication(
            session=session, user_id=user_id, medication_id=medication_id
        )
        if medication is None or medication.archived:
            return None
        profile = users.get_user(session=session, user_id=user_id)
        dispatch.delete_snoozes(
            session=session, user_id=user_id, medication_id=medication_id, occurrence=occurrence
        )
        until = now + SNOOZE
        dispatch.add_entry(
            session=session,
            user_id=user_id,
            kind=ReminderKind.MEDICATION,
            now=now,
            next_fire_at=until,
            medication_id=medication_id,
            last_fired_at=occurrence,
        )
        return DoseAnswer(medication, occurrence, _timezone(ctx, profile), snoozed_until=until)
