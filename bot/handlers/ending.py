"""Ending an attack: /end, "Attack over", "it's over", and the end of a backfilled attack.

Buttons carry ``end:<attack id>:<op>[:<arg>]``; ``end:0:all`` closes every open attack.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update

from bot.domain.attack_answers import AttackChanges
from bot.domain.attack_flow import Step
from bot.domain.attacks import AttackDetails, EndedHow, LoggedVia, needs_length_confirmation
from bot.domain.profiles import UserProfile
from bot.domain.wallclock import local_date_of, to_utc
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.services import attacks as attack_service
from bot.services import profiles
from bot.views import attack_card, attack_steps, common, ending
from bot.views.attack_card import EDIT, FLOW
from bot.views.callbacks import (
    clock_from_code,
    decode,
    instant_from_code,
    minutes_arg,
    record_id_arg,
)
from bot.views.i18n import Translator
from bot.views.screens import Screen

AWAIT_END_NOW = "attack:e:endq"
AWAIT_END_BACKFILL = "attack:f:endbf"
# Where an end time came from, carried by "Is that right?" so that the answer carries on there.
NOW = "q"
BACKFILL = "bf"
WOKE = "w"
CARD = "c"
ORIGINS = frozenset({NOW, BACKFILL, WOKE, CARD})


async def end_command(update: Update, context: Context) -> None:
    """/end or "Attack over": ask which attack and when it ended."""
    await ask_end(update, context, current_user(update, context))


async def ask_end(update: Update, context: Context, profile: UserProfile) -> None:
    """Ask when the open attack ended (or which one, if several are open)."""
    ctx = services(context)
    tr = tr_for(profile)
    still_open = attack_service.open_attacks(ctx, user_id=profile.id)
    now = ctx.clock.now()
    if not still_open:
        await send(update, context, ending.no_open_attack(tr))
        return
    if len(still_open) > 1:
        tz = profiles.user_timezone(ctx, profile)
        await send(update, context, ending.choose_attack(tr, still_open, tz=tz, now=now))
        return
    details = attack_service.attack_details(ctx, user_id=profile.id, attack_id=still_open[0].id)
    assert details is not None
    await send(update, context, ending.end_time_question(tr, details, now=now))


async def on_end_button(update: Update, context: Context) -> None:
    """A button of the end-of-attack questions."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    callback = decode(query.data)
    args = callback.args if callback else ()
    attack_id = record_id_arg(args[0], allow_zero=True) if len(args) >= 2 else None
    if attack_id is None:
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    op, rest = args[1], args[2:]
    if attack_id == 0 and op in ("all", "allok", "allno"):
        await _close_all(update, context, profile, op)
        return
    details = attack_service.attack_details(ctx, user_id=profile.id, attack_id=attack_id)
    if details is None:
        await query.answer(attack_card.gone(tr), show_alert=True)
        return
    await _on_end_op(update, context, profile, details, op, rest)


async def _on_end_op(
    update: Update,
    context: Context,
    profile: UserProfile,
    details: AttackDetails,
    op: str,
    rest: tuple[str, ...],
) -> None:
    query = update.callback_query
    assert query is not None
    ctx = services(context)
    tr = tr_for(profile)
    now = ctx.clock.now()
    arg = rest[0] if rest else ""
    if op == "pick":
        await query.answer()
        await edit(query, ending.end_time_question(tr, details, now=now))
    elif op == "ask":
        await query.answer()
        await edit(query, ending.how_ended_question(tr, details, now=now))
    elif op == "woke":
        await query.answer()
        await edit(query, ending.wake_question(tr, details, now=now))
    elif op == "type":
        backfill = details.attack.logged_via is LoggedVia.BACKFILL
        kind = AWAIT_END_BACKFILL if backfill else AWAIT_END_NOW
        profiles.await_text(ctx, user_id=profile.id, kind=kind, ref_id=details.attack.id)
        await query.answer()
        await send(update, context, attack_steps.type_prompt(tr, "end"))
    elif op == "open":
        await query.answer()
        first = attack_steps.step_screen(tr, details, Step.INTENSITY, mode=FLOW, now=now)
        await edit(query, first)
    elif op == "how" and arg:
        await _record_how(update, context, profile, details, arg)
    elif op == "no" and arg in ORIGINS:
        await query.answer()
        await edit(query, _ask_again(tr, details, arg, now))
    elif op == "sok" and (started_at := instant_from_code(arg)) is not None:
        changed = attack_service.change_start(
            ctx,
            user_id=profile.id,
            attack_id=details.attack.id,
            started_at=started_at,
            confirmed=True,
        )
        if changed.details is None or changed.problem is not None:
            await query.answer(common.stale_button(tr), show_alert=True)
            return
        await query.answer()
        await edit(query, attack_card.card(tr, changed.details, now=now))
    elif (ended := _ended_at(details, op, rest, now)) is not None:
        ended_at, origin = ended
        how = EndedHow.WOKE_WITHOUT if origin == WOKE else None
        outcome = attack_service.end_attack(
            ctx,
            user_id=profile.id,
            attack_id=details.attack.id,
            ended_at=ended_at,
            ended_how=how,
            confirmed=op == "ok",
        )
        if outcome.details is None:
            await query.answer(attack_card.gone(tr), show_alert=True)
        elif outcome.problem is not None:
            alert = ending.end_problem_alert(tr, outcome.problem, details, now=now)
            await query.answer(alert, show_alert=True)
        elif outcome.to_confirm is not None:
            await query.answer()
            screen = ending.length_confirmation(
                tr,
                outcome.details,
                started_at=details.attack.started_at,
                ended_at=outcome.to_confirm,
                origin=origin,
                changed="end",
                now=now,
            )
            await edit(query, screen)
        elif origin == CARD:
            await query.answer()
            await edit(query, attack_card.card(tr, outcome.details, now=now))
        elif origin == BACKFILL:
            await query.answer()
            screen = attack_steps.step_screen(
                tr, outcome.details, Step.INTENSITY, mode=FLOW, now=now
            )
            await edit(query, screen)
        elif how is not None:
            await query.answer()
            await edit(query, attack_card.card(tr, outcome.details, now=now))
        else:
            await query.answer()
            await edit(query, ending.how_ended_question(tr, outcome.details, now=now))
    else:
        await query.answer(common.stale_button(tr), show_alert=True)


def _ended_at(
    details: AttackDetails, op: str, rest: tuple[str, ...], now: datetime
) -> tuple[datetime, str] | None:
    """The end a button names, and where the user came from (see :data:`ORIGINS`).

    Minutes ago (/end), minutes after the start (a past attack), a wake-up time, or a
    confirmed end (``ok``, after "Is that right?").
    """
    arg = rest[0] if rest else ""
    if op in ("m", "p"):
        count = minutes_arg(arg)
        if count is None:
            return None
        minutes = timedelta(minutes=count)
        if op == "m":
            return now - minutes, NOW
        return details.attack.started_at + minutes, BACKFILL
    if op == "ok":
        confirmed = instant_from_code(arg)
        origin = rest[1] if len(rest) == 2 else ""
        if confirmed is None or origin not in ORIGINS:
            return None
        return confirmed, origin
    if op != "w":
        return None
    clock = clock_from_code(arg)
    if clock is None:
        return None
    tz = details.timezone
    woke = to_utc(local_date_of(now, tz), clock, tz)
    return (woke if woke <= now else woke - timedelta(days=1)), WOKE


def _ask_again(tr: Translator, details: AttackDetails, origin: str, now: datetime) -> Screen:
    """The question an end (or start) came from, after "No, change it"."""
    if origin == BACKFILL:
        return ending.backfill_end_question(tr, details, now=now)
    if origin == WOKE:
        return ending.wake_question(tr, details, now=now)
    if origin == CARD:
        return attack_steps.step_screen(tr, details, Step.TIMES, mode=EDIT, now=now)
    return ending.end_time_question(tr, details, now=now)


async def _close_all(update: Update, context: Context, profile: UserProfile, op: str) -> None:
    """Close every open attack now; asks first if that makes any longer than a day."""
    query = update.callback_query
    assert query is not None
    ctx = services(context)
    tr = tr_for(profile)
    now = ctx.clock.now()
    still_open = attack_service.open_attacks(ctx, user_id=profile.id)
    tz = profiles.user_timezone(ctx, profile)
    await query.answer()
    if op == "allno" and still_open:
        await edit(query, ending.choose_attack(tr, still_open, tz=tz, now=now))
        return
    long_ones = [
        attack
        for attack in still_open
        if needs_length_confirmation(started_at=attack.started_at, ended_at=now)
    ]
    if op == "all" and long_ones:
        await edit(query, ending.close_all_confirmation(tr, still_open, tz=tz, now=now))
        return
    closed = 0
    for attack in still_open:
        outcome = attack_service.end_attack(
            ctx, user_id=profile.id, attack_id=attack.id, ended_at=now, confirmed=True
        )
        closed += outcome.problem is None and outcome.details is not None
    await edit(query, ending.ended_all(tr, closed))


async def _record_how(
    update: Update, context: Context, profile: UserProfile, details: AttackDetails, value: str
) -> None:
    query = update.callback_query
    assert query is not None
    ctx = services(context)
    tr = tr_for(profile)
    updated: AttackDetails | None = details
    if value != "skip":
        if value not in set(EndedHow):
            await query.answer(common.stale_button(tr), show_alert=True)
            return
        updated = attack_service.update_attack(
            ctx,
            user_id=profile.id,
            attack_id=details.attack.id,
            changes=AttackChanges(ended_how=EndedHow(value)),
        )
    if updated is None:
        await query.answer(attack_card.gone(tr), show_alert=True)
        return
    await query.answer()
    await edit(query, attack_card.card(tr, updated, now=ctx.clock.now()))
