"""/meds: the medication list (add, edit, archive, dose times) and preventive dose reminders.

List buttons carry ``med:<op>:<id>[:<value>][:w]`` (``w``: the add-a-medication walk-through,
which goes on to the next question); typed answers (a name, a dose, a time) are awaited with a
``pending_inputs`` row of kind ``meds:<what>`` naming the medication.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import time

from telegram import Update

from bot.domain.clocktime import parse_clock_time
from bot.domain.dispatch import clock_in_quiet_hours, occurrence_from_code
from bot.domain.limits import ListFull
from bot.domain.medications import (
    IntakeStatus,
    MedicationChanges,
    MedicationRecord,
    normalise_dose,
    normalise_name,
)
from bot.domain.profiles import AwaitedInput, UserProfile
from bot.handlers.base import Context, answer_and_edit, current_user, edit, send, services, tr_for
from bot.services import medlist, meds_buttons, profiles
from bot.services import reminders as reminder_service
from bot.services.medlist import MedicationCard
from bot.services.meds_buttons import MedsShown, MedsView
from bot.views import common
from bot.views import meds as views
from bot.views.attack_steps import medications_full
from bot.views.callbacks import OldButton, decode, decode_meds, record_id_arg
from bot.views.i18n import Translator
from bot.views.screens import Screen

AWAIT_PREFIX = meds_buttons.AWAIT_PREFIX
AWAIT_NAME = meds_buttons.AWAIT_NAME
AWAIT_DOSE = meds_buttons.AWAIT_DOSE
AWAIT_DOSE_WALKTHROUGH = meds_buttons.AWAIT_DOSE_WALKTHROUGH
AWAIT_TIME = meds_buttons.AWAIT_TIME


def card_screen(tr: Translator, card: MedicationCard, *, header: str | None = None) -> Screen:
    """The card of one medication, noting a reminder time inside quiet hours."""
    times = [(e.id, e.local_time) for e in card.times if e.local_time is not None and e.enabled]
    times.sort(key=lambda pair: pair[1])
    quiet = (
        card.quiet_start is not None
        and card.quiet_end is not None
        and any(
            clock_in_quiet_hours(t, quiet_start=card.quiet_start, quiet_end=card.quiet_end)
            for _id, t in times
        )
    )
    return views.card(tr, card.medication, times, quiet_note=quiet, header=header)


def _list_screen(context: Context, profile: UserProfile, page: int = 0) -> Screen:
    cards = medlist.list_cards(services(context), user_id=profile.id)
    meds = [(c.medication, c.reminder_times) for c in cards]
    return views.meds_list(tr_for(profile), meds, page=page)


async def meds_command(update: Update, context: Context) -> None:
    """Show the user's medication list."""
    profile = current_user(update, context)
    await send(update, context, _list_screen(context, profile))


async def show_meds(update: Update, context: Context, profile: UserProfile) -> None:
    """Send the medication list (from /settings)."""
    await send(update, context, _list_screen(context, profile))


def _card_of(shown: MedsShown) -> MedicationCard:
    assert shown.card is not None
    return shown.card


# What each result of a /meds press shows: an edit of the pressed message, or a new message.
_EDITS: dict[MedsView, Callable[[Translator, MedsShown], Screen]] = {
    MedsView.LIST: lambda tr, shown: views.meds_list(
        tr, [(c.medication, c.reminder_times) for c in shown.cards], page=shown.page
    ),
    MedsView.CLOSED: lambda tr, _shown: views.closed(tr),
    MedsView.CARD: lambda tr, shown: card_screen(tr, _card_of(shown)),
    MedsView.TIME_QUESTION: lambda tr, shown: views.time_question(tr, _card_of(shown).medication),
    MedsView.CLASS_QUESTION: lambda tr, shown: views.class_question(
        tr, _card_of(shown).medication
    ),
    MedsView.KIND_QUESTION: lambda tr, shown: views.kind_question(
        tr, _card_of(shown).medication, walkthrough=shown.walkthrough
    ),
    MedsView.ARCHIVED: lambda tr, shown: views.archived(tr, _medication_archived(shown)),
}
_SENDS: dict[MedsView, Callable[[Translator, MedsShown], Screen]] = {
    MedsView.NAME_PROMPT: lambda tr, _shown: views.name_prompt(tr),
    MedsView.RENAME_PROMPT: lambda tr, shown: views.rename_prompt(tr, _card_of(shown).medication),
    MedsView.DOSE_PROMPT: lambda tr, shown: views.dose_prompt(
        tr, _card_of(shown).medication, walkthrough=shown.walkthrough
    ),
    MedsView.TIME_PROMPT: lambda tr, _shown: views.time_prompt(tr),
}
_ALERTS: dict[MedsView, Callable[[Translator], str]] = {
    MedsView.NOT_FOUND: views.not_found,
    MedsView.TOO_MANY_TIMES: views.too_many_times,
}


def _medication_archived(shown: MedsShown) -> MedicationRecord:
    assert shown.archived is not None
    return shown.archived


async def on_meds_button(update: Update, context: Context) -> None:
    """A button of /meds: decode, run its use case (one transaction), render, reply."""
    query = update.callback_query
    assert query is not None
    command = decode_meds(query.data)
    tr = context.tr
    if isinstance(command, OldButton):
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    shown = meds_buttons.press(context.services, user_id=context.profile.id, command=command)
    if shown.view in _ALERTS:
        await query.answer(_ALERTS[shown.view](tr), show_alert=True)
    elif shown.view in _SENDS:
        await asyncio.gather(query.answer(), send(update, context, _SENDS[shown.view](tr, shown)))
    else:
        await answer_and_edit(query, _EDITS[shown.view](tr, shown))


async def _add_time(
    update: Update, context: Context, profile: UserProfile, card: MedicationCard, chosen: time
) -> None:
    tr = tr_for(profile)
    ctx = services(context)
    updated = medlist.add_dose_time(
        ctx, user_id=profile.id, medication_id=card.medication.id, local_time=chosen
    )
    query = update.callback_query
    if updated is None:
        if query is not None:
            await query.answer(views.too_many_times(tr), show_alert=True)
        else:
            await send(update, context, Screen(views.too_many_times(tr)))
        return
    profiles.stop_awaiting_text(ctx, user_id=profile.id)
    if query is not None:
        await query.answer()
        await edit(query, card_screen(tr, updated))
    else:
        await send(update, context, card_screen(tr, updated))


# -- typed answers ----------------------------------------------------------------------------


def awaits_meds_text(awaited: AwaitedInput | None) -> bool:
    """Whether the awaited typed input belongs to /meds."""
    return awaited is not None and awaited.kind.startswith(AWAIT_PREFIX)


async def on_meds_text(
    update: Update, context: Context, profile: UserProfile, awaited: AwaitedInput
) -> None:
    """Typed text while /meds awaits a name, a dose or a time."""
    message = update.effective_message
    assert message is not None
    typed = (message.text or "").strip()
    tr = tr_for(profile)
    ctx = services(context)
    if awaited.kind == AWAIT_NAME:
        name = normalise_name(typed)
        if name is None:
            await send(update, context, views.name_invalid(tr))
            return
        if awaited.ref_id is not None:
            card = medlist.update(
                ctx,
                user_id=profile.id,
                medication_id=awaited.ref_id,
                changes=MedicationChanges(name=name),
            )
            if card is None:
                await send(update, context, views.name_taken(tr))
                return
            profiles.stop_awaiting_text(ctx, user_id=profile.id)
            await send(update, context, card_screen(tr, card))
            return
        added = medlist.add(ctx, user_id=profile.id, name=name)
        profiles.stop_awaiting_text(ctx, user_id=profile.id)
        if isinstance(added, ListFull):
            await send(update, context, Screen(medications_full(tr, added.limit)))
            return
        med = added.card.medication
        if added.recognised:
            await send(
                update,
                context,
                card_screen(tr, added.card, header=views.added_header(tr, med)),
            )
            if med.is_preventive and not added.card.reminder_times:
                await send(update, context, views.time_question(tr, med))
        else:
            await send(update, context, views.class_question(tr, med, walkthrough=True))
        return
    card = (
        medlist.get_card(ctx, user_id=profile.id, medication_id=awaited.ref_id)
        if awaited.ref_id is not None
        else None
    )
    if card is None or card.medication.archived:
        profiles.stop_awaiting_text(ctx, user_id=profile.id)
        await send(update, context, common.not_understood(tr))
        return
    if awaited.kind in (AWAIT_DOSE, AWAIT_DOSE_WALKTHROUGH):
        dose = normalise_dose(typed)
        if dose is None:
            await send(update, context, views.dose_invalid(tr))
            return
        updated = medlist.update(
            ctx,
            user_id=profile.id,
            medication_id=card.medication.id,
            changes=MedicationChanges(usual_dose=dose),
        )
        assert updated is not None
        profiles.stop_awaiting_text(ctx, user_id=profile.id)
        await send(update, context, card_screen(tr, updated))
        if awaited.kind == AWAIT_DOSE_WALKTHROUGH and updated.medication.is_preventive:
            await send(update, context, views.time_question(tr, updated.medication))
        return
    chosen = parse_clock_time(typed)
    if chosen is None:
        await send(update, context, views.time_invalid(tr, typed))
        return
    await _add_time(update, context, profile, card, chosen)


# -- dose reminders ---------------------------------------------------------------------------


async def on_dose_button(update: Update, context: Context) -> None:
    """Taken / Skip / Snooze on a preventive dose reminder."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    args = callback.args if callback else ()
    medication_id = record_id_arg(args[0]) if len(args) == 3 else None
    occurrence = occurrence_from_code(args[1], now=ctx.clock.now()) if len(args) == 3 else None
    op = args[2] if len(args) == 3 else ""
    if medication_id is None or occurrence is None or op not in ("t", "s", "z"):
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    if op == views.SNOOZE:
        snoozed = reminder_service.snooze_dose(
            ctx, user_id=profile.id, medication_id=medication_id, occurrence=occurrence
        )
        if snoozed is None or snoozed.snoozed_until is None:
            await query.answer(views.not_found(tr), show_alert=True)
            return
        await query.answer()
        await edit(
            query,
            views.dose_snoozed(
                tr, snoozed.medication, occurrence, snoozed.snoozed_until, snoozed.timezone
            ),
        )
        return
    status = IntakeStatus.TAKEN if op == views.TAKEN else IntakeStatus.SKIPPED
    answered = reminder_service.answer_dose(
        ctx, user_id=profile.id, medication_id=medication_id, occurrence=occurrence, status=status
    )
    if answered is None:
        await query.answer(views.not_found(tr), show_alert=True)
        return
    await query.answer()
    await edit(
        query, views.dose_answered(tr, answered.medication, occurrence, answered.timezone, status)
    )
