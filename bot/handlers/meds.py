"""/meds: the medication list (add, edit, archive, dose times) and preventive dose reminders.

List buttons carry ``med:<op>:<id>[:<value>][:w]`` (``w``: the add-a-medication walk-through,
which goes on to the next question); typed answers (a name, a dose, a time) are awaited with a
``pending_inputs`` row of kind ``meds:<what>`` naming the medication.
"""

from __future__ import annotations

from datetime import time

from telegram import Update

from bot.domain.clocktime import parse_clock_time
from bot.domain.dispatch import clock_in_quiet_hours, occurrence_from_code
from bot.domain.limits import ListFull
from bot.domain.medications import DrugClass, IntakeStatus, normalise_dose, normalise_name
from bot.domain.profiles import AwaitedInput, UserProfile
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.services import medlist, profiles
from bot.services import reminders as reminder_service
from bot.services.medlist import MedicationCard
from bot.views import common
from bot.views import meds as views
from bot.views.attack_steps import medications_full
from bot.views.callbacks import MAX_PAGE, clock_from_code, decode, number_arg, record_id_arg
from bot.views.i18n import Translator
from bot.views.screens import Screen

AWAIT_PREFIX = "meds:"
AWAIT_NAME = "meds:name"
AWAIT_DOSE = "meds:dose"
AWAIT_DOSE_WALKTHROUGH = "meds:dose:w"
AWAIT_TIME = "meds:time"
WALKTHROUGH = views.WALKTHROUGH


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


async def on_meds_button(update: Update, context: Context) -> None:
    """A button of /meds was pressed."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    args = callback.args if callback else ()
    op = args[0] if args else ""
    walkthrough = args[-1] == WALKTHROUGH if len(args) > 2 else False
    if op == "l":
        await query.answer()
        page = number_arg(args[1], low=0, high=MAX_PAGE) if len(args) > 1 else None
        await edit(query, _list_screen(context, profile, page or 0))
        return
    if op == "x":
        await query.answer()
        await edit(query, views.closed(tr))
        return
    if op == "add":
        await query.answer()
        profiles.await_text(ctx, user_id=profile.id, kind=AWAIT_NAME)
        await send(update, context, views.name_prompt(tr))
        return
    ref = record_id_arg(args[1]) if len(args) > 1 else None
    if ref is None:
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    if op == "rt":
        card = medlist.remove_dose_time(ctx, user_id=profile.id, reminder_id=ref)
        if card is None:
            await query.answer(views.not_found(tr), show_alert=True)
            return
        await query.answer()
        await edit(query, card_screen(tr, card))
        return
    card = medlist.get_card(ctx, user_id=profile.id, medication_id=ref)
    if card is None or card.medication.archived:
        await query.answer(views.not_found(tr), show_alert=True)
        return
    med = card.medication
    value = args[2] if len(args) > 2 else ""
    if op == "o":
        profiles.stop_awaiting_text(ctx, user_id=profile.id)
        await query.answer()
        await edit(query, card_screen(tr, card))
    elif op == "ds":
        profiles.stop_awaiting_text(ctx, user_id=profile.id)
        await query.answer()
        await edit(
            query, views.time_question(tr, med) if med.is_preventive else card_screen(tr, card)
        )
    elif op == "c" and value in set(DrugClass):
        updated = medlist.update(
            ctx, user_id=profile.id, medication_id=med.id, changes={"drug_class": DrugClass(value)}
        )
        assert updated is not None
        await query.answer()
        if walkthrough and updated.medication.drug_class is not DrugClass.PREVENTIVE:
            await edit(query, views.kind_question(tr, updated.medication, walkthrough=True))
        elif walkthrough:
            await _ask_dose(update, context, profile, updated, walkthrough=True)
        else:
            await edit(query, card_screen(tr, updated))
    elif op == "cc":
        await query.answer()
        await edit(query, views.class_question(tr, med))
    elif op == "k" and value in (views.ACUTE, views.PREVENTIVE):
        updated = medlist.update(
            ctx,
            user_id=profile.id,
            medication_id=med.id,
            changes={"is_preventive": value == views.PREVENTIVE},
        )
        assert updated is not None
        await query.answer()
        if walkthrough:
            await _ask_dose(update, context, profile, updated, walkthrough=True)
        else:
            await edit(query, card_screen(tr, updated))
    elif op == "cd":
        await query.answer()
        await _ask_dose(update, context, profile, card, walkthrough=False)
    elif op == "rn":
        await query.answer()
        profiles.await_text(ctx, user_id=profile.id, kind=AWAIT_NAME, ref_id=med.id)
        await send(update, context, views.rename_prompt(tr, med))
    elif op == "at":
        await query.answer()
        await edit(query, views.time_question(tr, med))
    elif op == "tt":
        await query.answer()
        profiles.await_text(ctx, user_id=profile.id, kind=AWAIT_TIME, ref_id=med.id)
        await send(update, context, views.time_prompt(tr))
    elif op == "t" and (chosen := clock_from_code(value)) is not None:
        await _add_time(update, context, profile, card, chosen)
    elif op == "ar":
        archived = medlist.archive(ctx, user_id=profile.id, medication_id=med.id)
        assert archived is not None
        await query.answer()
        await edit(query, views.archived(tr, archived))
    else:
        await query.answer(common.stale_button(tr), show_alert=True)


async def _ask_dose(
    update: Update,
    context: Context,
    profile: UserProfile,
    card: MedicationCard,
    *,
    walkthrough: bool,
) -> None:
    kind = AWAIT_DOSE_WALKTHROUGH if walkthrough else AWAIT_DOSE
    profiles.await_text(
        services(context), user_id=profile.id, kind=kind, ref_id=card.medication.id
    )
    await send(
        update,
        context,
        views.dose_prompt(tr_for(profile), card.medication, walkthrough=walkthrough),
    )


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
                ctx, user_id=profile.id, medication_id=awaited.ref_id, changes={"name": name}
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
            ctx, user_id=profile.id, medication_id=card.medication.id, changes={"usual_dose": dose}
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
