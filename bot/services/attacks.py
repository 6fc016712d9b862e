"""Use cases for attacks: log one now or in the past, answer its questions, end it, delete it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain.attack_answers import (
    AttackChanges,
    ListField,
    item_set,
    symptom_set,
)
from bot.domain.attacks import (
    DOUBLE_TAP_WINDOW,
    AttackDetails,
    AttackRecord,
    EndedHow,
    EndProblem,
    LoggedVia,
    Side,
    StartProblem,
    Symptom,
    check_end,
    check_start,
    custom_key,
    needs_length_confirmation,
    overlaps,
)
from bot.domain.followups import FOLLOWUP_DELAY, followup_due
from bot.domain.limits import MAX_CUSTOM_SYMPTOMS, MAX_CUSTOM_TRIGGERS, ListFull
from bot.domain.profiles import UserProfile
from bot.domain.red_flags import RedFlag
from bot.services.context import ServiceContext
from bot.storage import attacks, medications, reminders, symptoms, users
from bot.storage.database import DbSession

CUSTOM_SYMPTOM = "symptom"
CUSTOM_TRIGGER = "trigger"


@dataclass(frozen=True)
class StartedAttack:
    """The result of "Attack now": the attack, and whether an open one was continued."""

    details: AttackDetails
    continued: bool
    other_open: list[AttackRecord]


@dataclass(frozen=True)
class EndOutcome:
    """The result of ending an attack: the ended attack, or why the time was refused.

    ``to_confirm`` is an end that would make the attack longer than a day: nothing was saved,
    and the user is asked whether that is right first.
    """

    details: AttackDetails | None
    problem: EndProblem | None = None
    to_confirm: datetime | None = None


@dataclass(frozen=True)
class StartOutcome:
    """The result of changing an attack's start (see :class:`EndOutcome`)."""

    details: AttackDetails | None
    problem: StartProblem | None = None
    to_confirm: datetime | None = None


def _timezone(ctx: ServiceContext, profile: UserProfile) -> str:
    return profile.timezone or ctx.default_timezone


def details_of(
    ctx: ServiceContext, session: DbSession, profile: UserProfile, attack: AttackRecord
) -> AttackDetails:
    """Gather what is recorded alongside ``attack`` (inside an open transaction)."""
    now = ctx.clock.now()
    around = attacks.attacks_overlapping(
        session=session,
        user_id=profile.id,
        start=attack.started_at,
        end=attack.ended_at or now,
    )
    return AttackDetails(
        attack=attack,
        timezone=_timezone(ctx, profile),
        intakes=medications.intakes_for_attack(
            session=session, user_id=profile.id, attack_id=attack.id
        ),
        body_symptoms=symptoms.body_symptoms_for_attack(
            session=session, user_id=profile.id, attack_id=attack.id
        ),
        medications=medications.list_medications(
            session=session, user_id=profile.id, preventive=False
        ),
        custom_symptoms=symptoms.custom_labels(
            session=session, user_id=profile.id, kind=CUSTOM_SYMPTOM
        ),
        custom_triggers=symptoms.custom_labels(
            session=session, user_id=profile.id, kind=CUSTOM_TRIGGER
        ),
        overlapping=overlaps(attack, around, now=now),
    )


def schedule_followup(
    ctx: ServiceContext,
    session: DbSession,
    profile: UserProfile,
    *,
    attack_id: int,
    after: datetime,
    intake_id: int | None = None,
    not_before: datetime | None = None,
    delay: timedelta = FOLLOWUP_DELAY,
) -> None:
    """Ask "How is it now?" about two hours after ``after`` (outside quiet hours)."""
    due = followup_due(
        after=max(after, not_before - delay) if not_before else after,
        tz=_timezone(ctx, profile),
        quiet_start=profile.quiet_start,
        quiet_end=profile.quiet_end,
        delay=delay,
    )
    reminders.schedule_followup(
        session=session,
        user_id=profile.id,
        attack_id=attack_id,
        due_at=due,
        now=ctx.clock.now(),
        intake_id=intake_id,
    )


def start_attack(
    ctx: ServiceContext,
    *,
    user_id: int,
    started_at: datetime | None = None,
    intensity: int | None = None,
    typed_symptoms: frozenset[Symptom] = frozenset(),
    side: Side | None = None,
    red_flags: frozenset[RedFlag] = frozenset(),
) -> StartedAttack:
    """Record an attack that is happening now (or started a little earlier) at once.

    An open attack logged in the last :data:`DOUBLE_TAP_WINDOW` is continued instead, so a
    double tap never records two. A follow-up is scheduled about two hours later. Symptoms, the
    side and warning signs typed with it ("migraine, nausea, left side") are added to it.
    """
    with ctx.database.transaction() as session:
        return start_attack_in(
            ctx,
            session,
            user_id=user_id,
            started_at=started_at,
            intensity=intensity,
            typed_symptoms=typed_symptoms,
            side=side,
            red_flags=red_flags,
        )


def start_attack_in(
    ctx: ServiceContext,
    session: DbSession,
    *,
    user_id: int,
    started_at: datetime | None = None,
    intensity: int | None = None,
    typed_symptoms: frozenset[Symptom] = frozenset(),
    side: Side | None = None,
    red_flags: frozenset[RedFlag] = frozenset(),
) -> StartedAttack:
    """:func:`start_attack` inside the caller's transaction."""
    now = ctx.clock.now()
    profile = users.get_user(session=session, user_id=user_id)
    still_open = attacks.open_attacks(session=session, user_id=user_id)
    recent = [
        attack
        for attack in still_open
        if attack.logged_via is LoggedVia.NOW
        and attack.created_at is not None
        and now - attack.created_at < DOUBLE_TAP_WINDOW
    ]
    if recent and started_at is None:
        attack = recent[-1]
        changes = _typed_changes(attack, intensity, typed_symptoms, side, red_flags)
        if changes:
            updated = attacks.update_attack(
                session=session,
                user_id=user_id,
                attack_id=attack.id,
                now=now,
                changes=changes,
            )
            assert updated is not None
            attack = updated
        others = [a for a in still_open if a.id != attack.id]
        return StartedAttack(details_of(ctx, session, profile, attack), True, others)
    start = started_at if started_at is not None and started_at <= now else now
    attack = attacks.add_attack(
        session=session,
        user_id=user_id,
        started_at=start,
        now=now,
        logged_via=LoggedVia.NOW,
        peak_intensity=intensity,
    )
    changes = _typed_changes(attack, None, typed_symptoms, side, red_flags)
    if changes:
        updated = attacks.update_attack(
            session=session, user_id=user_id, attack_id=attack.id, now=now, changes=changes
        )
        assert updated is not None
        attack = updated
    if Symptom.TWITCHING in typed_symptoms:
        symptoms.add_body_symptom(
            session=session,
            user_id=user_id,
            attack_id=attack.id,
            symptom=Symptom.TWITCHING,
            occurred_at=attack.started_at,
            now=now,
        )
    schedule_followup(ctx, session, profile, attack_id=attack.id, after=max(start, now))
    return StartedAttack(details_of(ctx, session, profile, attack), False, still_open)


def _typed_changes(
    attack: AttackRecord,
    intensity: int | None,
    symptoms: frozenset[Symptom],
    side: Side | None,
    red_flags: frozenset[RedFlag],
) -> AttackChanges:
    """The attack's columns to set for what was typed with it (nothing already there is lost)."""
    changes: dict[str, Any] = {}
    current = attack
    for symptom in sorted(symptoms):
        change = symptom_set(current, symptom, present=True)
        current = change.applied_to(current)
        changes |= change.items()
    if intensity is not None:
        changes["peak_intensity"] = intensity
    if side is not None:
        changes["side"] = side
    if red_flags:
        flags = sorted(flag.value for flag in red_flags)
        changes["red_flags"] = tuple(dict.fromkeys((*attack.red_flags, *flags)))
    return AttackChanges(**changes)


def log_past_attack(
    ctx: ServiceContext, *, user_id: int, started_at: datetime
) -> AttackDetails | StartProblem:
    """Record an attack from the past (its end is asked next); refuses a start in the future."""
    now = ctx.clock.now()
    problem = check_start(started_at=started_at, ended_at=None, now=now)
    if problem is not None:
        return problem
    with ctx.database.transaction() as session:
        return log_past_attack_in(ctx, session, user_id=user_id, started_at=started_at)


def log_past_attack_in(
    ctx: ServiceContext, session: DbSession, *, user_id: int, started_at: datetime
) -> AttackDetails | StartProblem:
    """:func:`log_past_attack` inside the caller's transaction."""
    now = ctx.clock.now()
    problem = check_start(started_at=started_at, ended_at=None, now=now)
    if problem is not None:
        return problem
    profile = users.get_user(session=session, user_id=user_id)
    attack = attacks.add_attack(
        session=session,
        user_id=user_id,
        started_at=started_at,
        now=now,
        logged_via=LoggedVia.BACKFILL,
    )
    return details_of(ctx, session, profile, attack)


def attack_details(ctx: ServiceContext, *, user_id: int, attack_id: int) -> AttackDetails | None:
    """The user's attack with everything recorded alongside it; ``None`` if not theirs."""
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, attack)


def update_attack(
    ctx: ServiceContext, *, user_id: int, attack_id: int, changes: AttackChanges
) -> AttackDetails | None:
    """Set answers on the user's attack; ``None`` if it is not theirs (or was deleted)."""
    with ctx.database.transaction() as session:
        attack = attacks.update_attack(
            session=session,
            user_id=user_id,
            attack_id=attack_id,
            now=ctx.clock.now(),
            changes=changes,
        )
        if attack is None:
            return None
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, attack)


def set_list_item(
    ctx: ServiceContext, *, user_id: int, attack_id: int, field: ListField, key: str, ticked: bool
) -> AttackDetails | None:
    """Tick (``ticked``) or untick ``key`` in a multi-select answer (locations, triggers...)."""
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        updated = attacks.update_attack(
            session=session,
            user_id=user_id,
            attack_id=attack_id,
            now=ctx.clock.now(),
            changes=item_set(attack, field, key, present=ticked),
        )
        assert updated is not None
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, updated)


def set_symptom(
    ctx: ServiceContext, *, user_id: int, attack_id: int, key: str, ticked: bool
) -> AttackDetails | None:
    """Tick (``ticked``) or untick a symptom; twitching also adds (or removes) its record.

    Setting what is already set changes nothing, so a repeated press is harmless.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        if (key in attack.symptoms) is ticked:
            profile = users.get_user(session=session, user_id=user_id)
            return details_of(ctx, session, profile, attack)
        changes = symptom_set(attack, key, present=ticked)
        updated = attacks.update_attack(
            session=session, user_id=user_id, attack_id=attack_id, now=now, changes=changes
        )
        assert updated is not None
        if key == Symptom.TWITCHING:
            if not ticked:
                symptoms.delete_body_symptoms(
                    session=session, user_id=user_id, attack_id=attack_id, symptom=key
                )
            else:
                symptoms.add_body_symptom(
                    session=session,
                    user_id=user_id,
                    attack_id=attack_id,
                    symptom=key,
                    occurred_at=updated.started_at,
                    now=now,
                )
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, updated)


def update_twitching(
    ctx: ServiceContext, *, user_id: int, attack_id: int, changes: dict[str, Any]
) -> AttackDetails | None:
    """Set details (region, side, phase, description) of the attack's twitching."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        found = symptoms.body_symptoms_for_attack(
            session=session, user_id=user_id, attack_id=attack_id
        )
        twitching = next((b for b in found if b.symptom == Symptom.TWITCHING), None)
        if twitching is None:
            twitching = symptoms.add_body_symptom(
                session=session,
                user_id=user_id,
                attack_id=attack_id,
                symptom=Symptom.TWITCHING.value,
                occurred_at=attack.started_at,
                now=now,
            )
            attack = (
                attacks.update_attack(
                    session=session,
                    user_id=user_id,
                    attack_id=attack_id,
                    now=now,
                    changes=AttackChanges(
                        other_symptoms=(*attack.other_symptoms, Symptom.TWITCHING.value)
                    ),
                )
                or attack
            )
        symptoms.update_body_symptom(
            session=session, user_id=user_id, body_symptom_id=twitching.id, changes=changes
        )
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, attack)


def add_custom_item(
    ctx: ServiceContext, *, user_id: int, attack_id: int, kind: str, label: str
) -> AttackDetails | ListFull | None:
    """Add the user's own symptom or trigger to their list and tick it on the attack.

    A label already on the list (in any case) is reused; a new one when the list is full
    (:data:`~bot.domain.limits.MAX_CUSTOM_SYMPTOMS`, ``MAX_CUSTOM_TRIGGERS``) is refused.
    """
    now = ctx.clock.now()
    limit = MAX_CUSTOM_SYMPTOMS if kind == CUSTOM_SYMPTOM else MAX_CUSTOM_TRIGGERS
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return None
        current_labels = symptoms.custom_labels(session=session, user_id=user_id, kind=kind)
        listed = any(known.lower() == label.lower() for known in current_labels)
        if not listed and len(current_labels) >= limit:
            return ListFull(limit)
        stored = symptoms.add_custom_label(
            session=session, user_id=user_id, kind=kind, label=label, now=now
        )
        key = custom_key(stored)
        current = attack.other_symptoms if kind == CUSTOM_SYMPTOM else attack.triggers
        if key not in current:
            attack = (
                attacks.update_attack(
                    session=session,
                    user_id=user_id,
                    attack_id=attack_id,
                    now=now,
                    changes=AttackChanges(other_symptoms=(*current, key))
                    if kind == CUSTOM_SYMPTOM
                    else AttackChanges(triggers=(*current, key)),
                )
                or attack
            )
        profile = users.get_user(session=session, user_id=user_id)
        return details_of(ctx, session, profile, attack)


def end_attack(
    ctx: ServiceContext,
    *,
    user_id: int,
    attack_id: int,
    ended_at: datetime,
    ended_how: EndedHow | None = None,
    confirmed: bool = False,
) -> EndOutcome:
    """Record when (and how) the attack ended; refuses an end before its start or in future.

    An end making the attack longer than a day is only saved ``confirmed``; otherwise it comes
    back as ``to_confirm``.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return EndOutcome(None)
        problem = check_end(started_at=attack.started_at, ended_at=ended_at, now=now)
        profile = users.get_user(session=session, user_id=user_id)
        if problem is not None:
            return EndOutcome(details_of(ctx, session, profile, attack), problem)
        if not confirmed and needs_length_confirmation(
            started_at=attack.started_at, ended_at=ended_at
        ):
            return EndOutcome(details_of(ctx, session, profile, attack), to_confirm=ended_at)
        changes = AttackChanges(ended_at=ended_at)
        if ended_how is not None:
            changes = AttackChanges(ended_at=ended_at, ended_how=ended_how)
        updated = attacks.update_attack(
            session=session, user_id=user_id, attack_id=attack_id, now=now, changes=changes
        )
        assert updated is not None
        reminders.cancel_followup(session=session, user_id=user_id, attack_id=attack_id)
        return EndOutcome(details_of(ctx, session, profile, updated))


def change_start(
    ctx: ServiceContext,
    *,
    user_id: int,
    attack_id: int,
    started_at: datetime,
    confirmed: bool = False,
) -> StartOutcome:
    """Move the attack's start; a start making it longer than a day needs ``confirmed``."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return StartOutcome(None)
        profile = users.get_user(session=session, user_id=user_id)
        problem = check_start(started_at=started_at, ended_at=attack.ended_at, now=now)
        if problem is not None:
            return StartOutcome(details_of(ctx, session, profile, attack), problem)
        if (
            not confirmed
            and attack.ended_at is not None
            and needs_length_confirmation(started_at=started_at, ended_at=attack.ended_at)
        ):
            return StartOutcome(details_of(ctx, session, profile, attack), to_confirm=started_at)
        updated = attacks.update_attack(
            session=session,
            user_id=user_id,
            attack_id=attack_id,
            now=now,
            changes=AttackChanges(started_at=started_at),
        )
        assert updated is not None
        return StartOutcome(details_of(ctx, session, profile, updated))


def reopen_attack(ctx: ServiceContext, *, user_id: int, attack_id: int) -> AttackDetails | None:
    """Mark an ended attack as still going (the end was recorded by mistake)."""
    return update_attack(
        ctx,
        user_id=user_id,
        attack_id=attack_id,
        changes=AttackChanges(ended_at=None, ended_how=None),
    )


def open_attacks(ctx: ServiceContext, *, user_id: int) -> list[AttackRecord]:
    """The user's attacks that have not ended, oldest first."""
    with ctx.database.transaction() as session:
        return attacks.open_attacks(session=session, user_id=user_id)


def delete_attack(ctx: ServiceContext, *, user_id: int, attack_id: int) -> bool:
    """Delete the user's attack with its doses and symptoms; ``False`` if it was not theirs."""
    with ctx.database.transaction() as session:
        attack = attacks.get_attack(session=session, user_id=user_id, attack_id=attack_id)
        if attack is None:
            return False
        for intake in medications.intakes_for_attack(
            session=session, user_id=user_id, attack_id=attack_id
        ):
            medications.delete_intake(session=session, user_id=user_id, intake_id=intake.id)
        reminders.cancel_followup(session=session, user_id=user_id, attack_id=attack_id)
        return attacks.delete_attack(session=session, user_id=user_id, attack_id=attack_id)


def next_followup(ctx: ServiceContext, *, user_id: int, attack_id: int) -> datetime | None:
    """When the bot will next ask how the attack is going, if it will."""
    with ctx.database.transaction() as session:
        state = reminders.followup_state(session=session, user_id=user_id, attack_id=attack_id)
    return state[2] if state else None
