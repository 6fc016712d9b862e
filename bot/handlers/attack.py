"""Logging an attack mid-attack: one tap records it, then optional questions, then its card.

Buttons carry ``a:<attack id>:<mode>:<step>:<op>[:<args>]`` (see :mod:`bot.views.attack_card`),
so every tap is stateless: it names the attack (checked to be the presser's own), and the
answer is written at once. Typed answers are awaited with a ``pending_inputs`` row whose kind
is ``attack:<mode>:<what>[:<medication id>]`` and whose reference is the attack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import Update

from bot.domain.attack_answers import ListField
from bot.domain.attack_flow import Step, next_step
from bot.domain.attack_text import AttackIntent
from bot.domain.attacks import (
    MAX_INTENSITY,
    AttackDetails,
    BodyRegion,
    Phase,
    Side,
    check_moment,
    custom_key,
)
from bot.domain.dose_times import dose_time, is_happening_now, parse_dose_choice
from bot.domain.limits import ListFull
from bot.domain.medications import (
    DrugClass,
    Effect,
    MedicationRecord,
    normalise_dose,
    normalise_name,
)
from bot.domain.profiles import AwaitedInput, UserProfile
from bot.domain.red_flags import detect_red_flag_words
from bot.domain.timephrases import parse_past_when, parse_when_after, parse_when_near
from bot.handlers.base import (
    Context,
    answer_and_edit,
    current_user,
    edit,
    send,
    services,
    tr_for,
)
from bot.services import attacks as attack_service
from bot.services import medications as medication_service
from bot.services import profiles
from bot.services.attack_answers import answer_question
from bot.services.medications import DoseRecorded, DoseToConfirm, NeedsClass
from bot.views import attack_card, attack_steps, common, ending
from bot.views.attack_card import EDIT, FLOW
from bot.views.callbacks import (
    AttackPress,
    OldButton,
    decode_attack_press,
    instant_from_code,
    minutes_arg,
    record_id_arg,
)
from bot.views.markup import Html
from bot.views.screens import Screen

AWAIT_PREFIX = "attack"
MAX_LABEL_LENGTH = 40
MAX_DESCRIPTION_LENGTH = 300


Press = AttackPress


# -- starting ---------------------------------------------------------------------------------


async def log_command(update: Update, context: Context) -> None:
    """/log or "Attack now": record the attack at once, then ask the optional questions."""
    await start_logging(update, context, current_user(update, context), AttackIntent())


async def start_logging(
    update: Update, context: Context, profile: UserProfile, intent: AttackIntent, *, text: str = ""
) -> None:
    """Record an attack from a tap or a message, then show the first question.

    A message that also named doses, symptoms, a side or warning signs ("migraine 7 since 2pm,
    took sumatriptan 50 mg, nausea, left side") records them too and shows the card, so the
    user sees what was understood; whatever was not understood is named back.
    """
    ctx = services(context)
    tr = tr_for(profile)
    started = attack_service.start_attack(
        ctx,
        user_id=profile.id,
        started_at=intent.started_at,
        intensity=intent.intensity,
        typed_symptoms=intent.symptoms,
        side=intent.side,
        red_flags=intent.red_flags,
    )
    details = started.details
    if intent.doses:
        details = (
            medication_service.record_typed_doses(
                ctx, user_id=profile.id, attack_id=details.attack.id, doses=intent.doses
            )
            or details
        )
    now = ctx.clock.now()
    notes: list[str] = [
        attack_card.logged_now(
            tr,
            continued=started.continued,
            other_open=started.other_open,
            tz=details.timezone,
            now=now,
        )
    ]
    if intent.intensity_out_of_range:
        notes.append(attack_steps.intensity_out_of_range(tr, MAX_INTENSITY))
    if intent.start_not_understood:
        notes.append(attack_steps.start_not_understood(tr))
    notes.append(attack_steps.typed_leftovers(tr, intent.not_understood))
    intro = Html("\n").join(note for note in notes if note)
    if intent.has_details:
        card = attack_card.card(tr, details, now=now)
        lines = [intro, attack_steps.typed_understood(tr), card.text]
        await send(
            update, context, Screen(Html("\n\n").join(line for line in lines if line), card.markup)
        )
    else:
        first = (
            Step.INTENSITY
            if details.attack.peak_intensity is None
            else next_step(Step.INTENSITY, details.attack)
        )
        await send(
            update,
            context,
            attack_steps.step_screen(tr, details, first, mode=FLOW, now=now, intro=intro),
        )
    if detect_red_flag_words(text):
        await send(update, context, attack_card.urgent_care(tr))


# -- buttons ----------------------------------------------------------------------------------


async def on_attack_button(update: Update, context: Context) -> None:
    """Any button on an attack's screens: decode, run its use case, render, reply."""
    query = update.callback_query
    assert query is not None
    press = decode_attack_press(query.data)
    if isinstance(press, OldButton):
        await query.answer(common.stale_button(context.tr), show_alert=True)
        return
    if press.answer is None:
        await _on_other_attack_button(update, context, press)
        return
    answered = answer_question(
        context.services,
        profile=context.profile,
        attack_id=press.attack_id,
        answer=press.answer,
        logging=press.logging,
    )
    tr = context.tr
    if answered is None:
        await query.answer(attack_card.gone(tr), show_alert=True)
        return
    now = context.services.clock.now()
    if answered.step is Step.CARD:
        screen = attack_card.card(tr, answered.details, now=now)
    else:
        screen = attack_steps.step_screen(
            tr, answered.details, answered.step, mode=press.mode, now=now
        )
    await answer_and_edit(query, screen)
    if answered.urgent:
        await send(update, context, attack_card.urgent_care(tr))


async def _on_other_attack_button(update: Update, context: Context, press: Press) -> None:
    """The buttons that are not a question's answer: the card's, medication, twitching, times."""
    query = update.callback_query
    assert query is not None
    profile = context.profile
    details = attack_service.attack_details(
        context.services, user_id=profile.id, attack_id=press.attack_id
    )
    if details is None:
        await query.answer(attack_card.gone(context.tr), show_alert=True)
        return
    handler = _STEP_HANDLERS.get(press.step)
    if handler is None:
        await query.answer(common.stale_button(context.tr), show_alert=True)
        return
    await handler(update, context, profile, details, press)


async def _show(
    update: Update,
    context: Context,
    profile: UserProfile,
    details: AttackDetails | None,
    step: Step,
    mode: str,
    page: int = 0,
) -> None:
    """Answer the press and show ``step`` (or the card) in place of the pressed message."""
    query = update.callback_query
    assert query is not None
    tr = tr_for(profile)
    if details is None:
        await query.answer(attack_card.gone(tr), show_alert=True)
        return
    await query.answer()
    now = services(context).clock.now()
    if step is Step.CARD:
        await edit(query, attack_card.card(tr, details, now=now))
    else:
        await edit(
            query, attack_steps.step_screen(tr, details, step, mode=mode, now=now, page=page)
        )


async def _show_page(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> bool:
    """Page through the user's own symptoms or triggers; return whether the press did."""
    if press.op != "pg" or (page := _value(press, int)) is None:
        return False
    await _show(update, context, profile, details, press.step, press.mode, page=page)
    return True


async def _advance(
    update: Update,
    context: Context,
    profile: UserProfile,
    details: AttackDetails | None,
    press: Press,
) -> None:
    """After a final answer: the next question while logging, the card while editing."""
    if details is None:
        await _show(update, context, profile, None, Step.CARD, press.mode)
        return
    step = (
        next_step(press.step, details.attack, details.intakes) if press.mode == FLOW else Step.CARD
    )
    await _show(update, context, profile, details, step, press.mode)


async def _bad_value(update: Update, context: Context, profile: UserProfile) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer(common.stale_button(tr_for(profile)), show_alert=True)


def _value(press: Press, allowed: type[Any]) -> Any:
    if not press.args:
        return None
    try:
        return allowed(press.args[0])
    except ValueError:
        return None


async def _common_ops(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> bool:
    """Skip, Done and Open work the same on every question; return whether one was handled."""
    if press.op in ("skip", "done"):
        await _advance(update, context, profile, details, press)
        return True
    if press.op == "open":
        await _show(update, context, profile, details, press.step, press.mode)
        return True
    return False


def _sets(press: Press) -> bool | None:
    """The state a multi-select button sets (its second argument), ``None`` if it has none.

    Buttons carry the state, never "flip": a repeated press cannot undo the saved answer.
    """
    if len(press.args) != 2 or press.args[1] not in ("0", "1"):
        return None
    return press.args[1] == "1"


async def _on_custom_item(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> None:
    """Tick one of the user's own symptoms or triggers, or ask for a new one to be typed."""
    symptoms_step = press.step is Step.SYMPTOMS
    if press.op == "add":
        what = "symptom" if symptoms_step else "trigger"
        await _await_text(update, context, profile, press, what)
        return
    if await _show_page(update, context, profile, details, press):
        return
    labels = details.custom_symptoms if symptoms_step else details.custom_triggers
    index = _value(press, int)
    if press.op != "ct" or index is None or not 0 <= index < len(labels):
        await _bad_value(update, context, profile)
        return
    key = custom_key(labels[index])
    ctx = services(context)
    ticked = _sets(press)
    if ticked is None:
        await _bad_value(update, context, profile)
        return
    if symptoms_step:
        updated = attack_service.set_symptom(
            ctx, user_id=profile.id, attack_id=press.attack_id, key=key, ticked=ticked
        )
    else:
        updated = attack_service.set_list_item(
            ctx,
            user_id=profile.id,
            attack_id=press.attack_id,
            field=ListField.TRIGGERS,
            key=key,
            ticked=ticked,
        )
    page = attack_steps.own_page(index)
    await _show(update, context, profile, updated, press.step, press.mode, page=page)


async def _on_twitching(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> None:
    if await _common_ops(update, context, profile, details, press):
        return
    current = details.twitching
    changes: dict[str, Any] | None = None
    if press.op == "r" and (region := _value(press, BodyRegion)) is not None:
        changes = {"region": None if current and current.region == region.value else region.value}
    elif press.op == "s" and (side := _value(press, Side)) is not None:
        changes = {"side": None if current and current.side is side else side}
    elif press.op == "p" and (phase := _value(press, Phase)) is not None:
        changes = {"phase": None if current and current.phase is phase else phase}
    elif press.op == "d":
        await _await_text(update, context, profile, press, "twitch")
        return
    if changes is None:
        await _bad_value(update, context, profile)
        return
    updated = attack_service.update_twitching(
        services(context), user_id=profile.id, attack_id=press.attack_id, changes=changes
    )
    await _show(update, context, profile, updated, Step.TWITCHING, press.mode)


async def _on_medication(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> None:
    if press.op == "none":
        press = Press(press.attack_id, press.mode, press.step, "skip", ())
    if await _common_ops(update, context, profile, details, press):
        return
    ctx = services(context)
    query = update.callback_query
    assert query is not None
    tr = tr_for(profile)
    now = ctx.clock.now()
    if press.op == "new":
        await _await_text(update, context, profile, press, "med")
        return
    if press.op == "k" and press.args:
        med = medication_service.add_known_medication(ctx, user_id=profile.id, key=press.args[0])
        if med is None:
            await _bad_value(update, context, profile)
            return
        await query.answer()
        if isinstance(med, ListFull):
            screen = attack_steps.step_screen(
                tr,
                details,
                Step.MEDICATION,
                mode=press.mode,
                now=now,
                intro=attack_steps.medications_full(tr, med.limit),
            )
            await edit(query, screen)
            return
        await edit(query, attack_steps.medication_time(tr, details, med, mode=press.mode, now=now))
        return
    if press.op == "rm" and (intake_id := _value(press, int)) is not None:
        updated = medication_service.remove_dose(
            ctx, user_id=profile.id, attack_id=press.attack_id, intake_id=intake_id
        )
        await _show(update, context, profile, updated, Step.MEDICATION, press.mode)
        return
    med = _own_medication(context, profile, press)
    if med is None:
        await _bad_value(update, context, profile)
        return
    if press.op == "m":
        await query.answer()
        await edit(query, attack_steps.medication_time(tr, details, med, mode=press.mode, now=now))
    elif press.op == "cls" and len(press.args) == 2 and press.args[1] in set(DrugClass):
        medication_service.set_medication_class(
            ctx, user_id=profile.id, medication_id=med.id, drug_class=DrugClass(press.args[1])
        )
        await query.answer()
        await edit(query, attack_steps.medication_time(tr, details, med, mode=press.mode, now=now))
    elif (taken_at := _pressed_dose_time(details, press, now)) is not None:
        recorded = medication_service.record_dose(
            ctx,
            user_id=profile.id,
            attack_id=press.attack_id,
            medication_id=med.id,
            taken_at=taken_at,
            confirmed=press.op == "ok",
        )
        await _show_dose(update, context, profile, recorded, press)
    elif press.op == "tt":
        await _await_text(update, context, profile, press, f"dosetime:{med.id}")
    elif press.op == "dose":
        await _await_text(update, context, profile, press, f"dose:{med.id}")
    else:
        await _bad_value(update, context, profile)


def _pressed_dose_time(details: AttackDetails, press: Press, now: datetime) -> datetime | None:
    """The dose time a button names: minutes ago, on the attack's timeline, or confirmed."""
    arg = press.args[1] if len(press.args) == 2 else ""
    if press.op == "at" and (ago := minutes_arg(arg)) is not None:
        return now - timedelta(minutes=ago)
    if press.op == "rel" and (choice := parse_dose_choice(arg)) is not None:
        return dose_time(details.attack, choice)
    if press.op == "ok":
        return instant_from_code(arg)
    return None


async def _show_dose(
    update: Update,
    context: Context,
    profile: UserProfile,
    recorded: DoseRecorded | DoseToConfirm | None,
    press: Press,
) -> None:
    """After a dose button: the medication screen (saying so if it was a duplicate)."""
    query = update.callback_query
    assert query is not None
    tr = tr_for(profile)
    if isinstance(recorded, DoseToConfirm):
        await query.answer()
        now = services(context).clock.now()
        screen = attack_steps.dose_time_confirmation(
            tr, recorded.details, recorded.medication, recorded.taken_at, mode=press.mode, now=now
        )
        await edit(query, screen)
        return
    if recorded is not None and recorded.duplicate:
        await query.answer(attack_steps.dose_already_recorded(tr), show_alert=True)
        now = services(context).clock.now()
        screen = attack_steps.step_screen(
            tr, recorded.details, Step.MEDICATION, mode=press.mode, now=now
        )
        await edit(query, screen)
        return
    details = recorded.details if recorded else None
    await _show(update, context, profile, details, Step.MEDICATION, press.mode)


async def _on_effect(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> None:
    if await _common_ops(update, context, profile, details, press):
        return
    value = _value(press, Effect)
    if press.op != "v" or value is None:
        await _bad_value(update, context, profile)
        return
    updated = medication_service.set_dose_effect(
        services(context), user_id=profile.id, attack_id=press.attack_id, effect=value
    )
    await _advance(update, context, profile, updated, press)


def _own_medication(
    context: Context, profile: UserProfile, press: Press
) -> MedicationRecord | None:
    medication_id = _value(press, int)
    if medication_id is None:
        return None
    return medication_service.get_medication(
        services(context), user_id=profile.id, medication_id=medication_id
    )


async def _on_times(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> None:
    if await _common_ops(update, context, profile, details, press):
        return
    if press.op in ("start", "end"):
        await _await_text(update, context, profile, press, press.op)
    elif press.op == "open":
        updated = attack_service.reopen_attack(
            services(context), user_id=profile.id, attack_id=press.attack_id
        )
        await _show(update, context, profile, updated, Step.CARD, EDIT)
    else:
        await _bad_value(update, context, profile)


async def _on_card(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, press: Press
) -> None:
    query = update.callback_query
    assert query is not None
    tr = tr_for(profile)
    ctx = services(context)
    now = ctx.clock.now()
    if press.op == "show":
        await _show(update, context, profile, details, Step.CARD, EDIT)
    elif press.op == "later":
        await query.answer()
        followup = attack_service.next_followup(
            ctx, user_id=profile.id, attack_id=details.attack.id
        )
        await edit(query, attack_card.finish_later(tr, details, now=now, followup_at=followup))
    elif press.op == "done":
        await query.answer()
        await edit(query, attack_card.card_closed(tr, details, now=now))
    elif press.op == "del":
        await query.answer()
        await edit(query, attack_card.delete_confirmation(tr, details, now=now))
    elif press.op == "delyes":
        attack_service.delete_attack(ctx, user_id=profile.id, attack_id=details.attack.id)
        await query.answer()
        await edit(query, attack_card.deleted(tr))
    else:
        await _bad_value(update, context, profile)


# The buttons that are not one of the questions' answers (those go through answer_question),
# by screen.
_STEP_HANDLERS = {
    Step.SYMPTOMS: _on_custom_item,
    Step.TRIGGERS: _on_custom_item,
    Step.TWITCHING: _on_twitching,
    Step.MEDICATION: _on_medication,
    Step.EFFECT: _on_effect,
    Step.TIMES: _on_times,
    Step.CARD: _on_card,
}


# -- typed answers ----------------------------------------------------------------------------


async def _await_text(
    update: Update, context: Context, profile: UserProfile, press: Press, what: str
) -> None:
    query = update.callback_query
    assert query is not None
    profiles.await_text(
        services(context),
        user_id=profile.id,
        kind=f"{AWAIT_PREFIX}:{press.mode}:{what}",
        ref_id=press.attack_id,
    )
    await query.answer()
    prompt = attack_steps.type_prompt(tr_for(profile), what.split(":", maxsplit=1)[0])
    await send(update, context, prompt)


def awaits_attack_text(awaited: AwaitedInput | None) -> bool:
    """Whether the awaited typed input belongs to an attack's questions."""
    return awaited is not None and awaited.kind.startswith(AWAIT_PREFIX + ":")


@dataclass(frozen=True)
class Reply:
    """What to show after a typed answer, and whether the question is answered."""

    screen: Screen
    done: bool


async def on_attack_text(
    update: Update, context: Context, profile: UserProfile, awaited: AwaitedInput
) -> None:
    """Typed text answering one of an attack's free-text questions."""
    message = update.effective_message
    assert message is not None
    text = (message.text or "").strip()
    _prefix, mode, what, *rest = [*awaited.kind.split(":"), ""]
    ctx = services(context)
    tr = tr_for(profile)
    details = attack_service.attack_details(ctx, user_id=profile.id, attack_id=awaited.ref_id or 0)
    if details is None:
        reply = Reply(Screen(attack_card.gone(tr)), done=True)
    elif what == "med":
        reply = _apply_medication_name(context, profile, details, mode, text)
    elif what in TIME_ANSWERS:
        reply = _apply_time(context, profile, details, what, text)
    elif what == "dosetime":
        reply = _apply_dose_time(context, profile, details, mode, rest[0], text)
    else:
        reply = _apply_text(context, profile, details, mode, what, rest[0], text)
    if reply.done:
        profiles.stop_awaiting_text(ctx, user_id=profile.id)
    await send(update, context, reply.screen)
    if detect_red_flag_words(text):
        await send(update, context, attack_card.urgent_care(tr))


def _apply_text(
    context: Context,
    profile: UserProfile,
    details: AttackDetails,
    mode: str,
    what: str,
    extra: str,
    text: str,
) -> Reply:
    """Store a typed symptom, trigger, description or dose; show its question again."""
    ctx = services(context)
    tr = tr_for(profile)
    attack_id = details.attack.id
    if what in ("symptom", "trigger"):
        label = normalise_name(text)
        if label is None or len(label) > MAX_LABEL_LENGTH:
            return Reply(attack_steps.typed_invalid(tr, what), done=False)
        updated = attack_service.add_custom_item(
            ctx, user_id=profile.id, attack_id=attack_id, kind=what, label=label
        )
        step = Step.SYMPTOMS if what == "symptom" else Step.TRIGGERS
    elif what == "twitch":
        if not text or len(text) > MAX_DESCRIPTION_LENGTH:
            return Reply(attack_steps.typed_invalid(tr, what), done=False)
        updated = attack_service.update_twitching(
            ctx, user_id=profile.id, attack_id=attack_id, changes={"description": text}
        )
        step = Step.TWITCHING
    else:
        dose = normalise_dose(text)
        medication_id = record_id_arg(extra)
        if dose is None or medication_id is None:
            return Reply(attack_steps.typed_invalid(tr, "dose"), done=False)
        recorded = medication_service.record_dose(
            ctx,
            user_id=profile.id,
            attack_id=attack_id,
            medication_id=medication_id,
            taken_at=ctx.clock.now(),
            dose=dose,
        )
        return _dose_reply(context, profile, recorded, mode)
    if updated is None:
        return Reply(Screen(attack_card.gone(tr)), done=True)
    now = ctx.clock.now()
    if isinstance(updated, ListFull):
        note = attack_steps.list_full(tr, what, updated.limit)
        return Reply(
            attack_steps.step_screen(tr, details, step, mode=mode, now=now, intro=note), True
        )
    page = 0
    if step in (Step.SYMPTOMS, Step.TRIGGERS):
        own = updated.custom_symptoms if step is Step.SYMPTOMS else updated.custom_triggers
        lowered = [label.lower() for label in own]
        if text.lower() in lowered:
            page = attack_steps.own_page(lowered.index(text.lower()))
    screen = attack_steps.step_screen(tr, updated, step, mode=mode, now=now, page=page)
    return Reply(screen, done=True)


def _apply_dose_time(
    context: Context,
    profile: UserProfile,
    details: AttackDetails,
    mode: str,
    extra: str,
    text: str,
) -> Reply:
    """A typed dose time: read on the attack's day(s) if it has ended, else counted from now."""
    ctx = services(context)
    tr = tr_for(profile)
    now = ctx.clock.now()
    attack = details.attack
    if attack.ended_at is None or is_happening_now(attack):
        taken_at = parse_past_when(text, now=now, tz=details.timezone, language=profile.language)
    else:
        taken_at = parse_when_near(
            text,
            start=attack.started_at,
            end=attack.ended_at,
            now=now,
            tz=details.timezone,
            language=profile.language,
        )
    medication_id = record_id_arg(extra)
    if taken_at is None or medication_id is None:
        return Reply(attack_steps.typed_invalid(tr, "dosetime"), done=False)
    if (problem := check_moment(taken_at, now=now)) is not None:
        return Reply(attack_steps.dose_time_refused(tr, problem), done=False)
    recorded = medication_service.record_dose(
        ctx,
        user_id=profile.id,
        attack_id=attack.id,
        medication_id=medication_id,
        taken_at=taken_at,
    )
    return _dose_reply(context, profile, recorded, mode)


def _dose_reply(
    context: Context,
    profile: UserProfile,
    recorded: DoseRecorded | DoseToConfirm | None,
    mode: str,
) -> Reply:
    """What to show after a typed dose or dose time."""
    tr = tr_for(profile)
    now = services(context).clock.now()
    if recorded is None:
        return Reply(Screen(attack_card.gone(tr)), done=True)
    if isinstance(recorded, DoseToConfirm):
        screen = attack_steps.dose_time_confirmation(
            tr, recorded.details, recorded.medication, recorded.taken_at, mode=mode, now=now
        )
        return Reply(screen, done=True)
    intro = attack_steps.dose_already_recorded(tr) if recorded.duplicate else ""
    screen = attack_steps.step_screen(
        tr, recorded.details, Step.MEDICATION, mode=mode, now=now, intro=intro
    )
    return Reply(screen, done=True)


def _apply_medication_name(
    context: Context, profile: UserProfile, details: AttackDetails, mode: str, text: str
) -> Reply:
    """A typed medicine name: add it to the list, then ask its class (if unknown) or time."""
    ctx = services(context)
    tr = tr_for(profile)
    name = normalise_name(text)
    if name is None:
        return Reply(attack_steps.typed_invalid(tr, "med"), done=False)
    added = medication_service.add_medication(ctx, user_id=profile.id, name=name)
    now = ctx.clock.now()
    if isinstance(added, ListFull):
        note = attack_steps.medications_full(tr, added.limit)
        screen = attack_steps.step_screen(
            tr, details, Step.MEDICATION, mode=mode, now=now, intro=note
        )
        return Reply(screen, done=True)
    if isinstance(added, NeedsClass):
        med = medication_service.add_medication(
            ctx, user_id=profile.id, name=name, drug_class=DrugClass.OTHER
        )
        assert isinstance(med, MedicationRecord)
        return Reply(attack_steps.medication_class(tr, details, med, mode=mode, now=now), True)
    return Reply(attack_steps.medication_time(tr, details, added, mode=mode, now=now), True)


# Typed times: the start or end from the card, the end from /end, the end of a past attack.
TIME_ANSWERS = frozenset({"start", "end", "endq", "endbf"})


# Where a typed end came from (see bot.handlers.ending.ORIGINS).
END_ORIGINS = {"endq": "q", "endbf": "bf", "end": "c"}


def _apply_time(
    context: Context, profile: UserProfile, details: AttackDetails, what: str, text: str
) -> Reply:
    """A typed start or end.

    An end typed as a bare clock time for an attack that is not going on now (a past attack's
    end, or a changed end on the card) is the first such time after the start: "03:00" for an
    attack from Sunday 22:00 is Monday 03:00 whenever it is typed. An attack that would last
    more than a day is shown with its length and confirmed before it is saved.
    """
    ctx = services(context)
    tr = tr_for(profile)
    now = ctx.clock.now()
    tz = details.timezone
    attack = details.attack
    prompt = "start" if what == "start" else "end"
    counted_from_now = what in ("start", "endq") or (what == "end" and attack.is_open)
    if counted_from_now:
        when = parse_past_when(text, now=now, tz=tz, language=profile.language)
    else:
        when = parse_when_after(
            text, after=attack.started_at, now=now, tz=tz, language=profile.language
        )
    if when is None:
        return Reply(attack_steps.typed_invalid(tr, prompt), done=False)
    if what == "start":
        changed = attack_service.change_start(
            ctx, user_id=profile.id, attack_id=attack.id, started_at=when
        )
        if changed.problem is not None:
            return Reply(attack_steps.start_refused(tr, changed.problem, details, now=now), False)
        if changed.details is not None and changed.to_confirm is not None:
            assert attack.ended_at is not None
            screen = ending.length_confirmation(
                tr,
                changed.details,
                started_at=when,
                ended_at=attack.ended_at,
                origin="c",
                changed="start",
                now=now,
            )
            return Reply(screen, done=True)
        updated = changed.details
    else:
        outcome = attack_service.end_attack(
            ctx, user_id=profile.id, attack_id=attack.id, ended_at=when
        )
        if outcome.problem is not None:
            return Reply(attack_steps.end_refused(tr, outcome.problem, details, now=now), False)
        if outcome.details is not None and outcome.to_confirm is not None:
            screen = ending.length_confirmation(
                tr,
                outcome.details,
                started_at=attack.started_at,
                ended_at=when,
                origin=END_ORIGINS[what],
                changed="end",
                now=now,
            )
            return Reply(screen, done=True)
        updated = outcome.details
    if updated is None:
        return Reply(Screen(attack_card.gone(tr)), done=True)
    if what == "endq":
        return Reply(ending.how_ended_question(tr, updated, now=now), done=True)
    if what == "endbf":
        first = attack_steps.step_screen(tr, updated, Step.INTENSITY, mode=FLOW, now=now)
        return Reply(first, done=True)
    return Reply(attack_card.card(tr, updated, now=now), done=True)
