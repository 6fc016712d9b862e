"""Ending an attack: /end, "Attack over", "it's over", and the end of a backfilled attack.

Buttons carry ``end:<attack id>:<op>[:<arg>]``; ``end:0:all`` closes every open attack.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from telegram import Update

from bot.domain.attack_flow import Step
from bot.domain.attacks import AttackDetails, EndedHow, LoggedVia
from bot.domain.profiles import UserProfile
from bot.domain.wallclock import local_date_of, to_utc
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.services import attacks as attack_service
from bot.services import profiles
from bot.views import attack_card, attack_steps, common, ending
from bot.views.attack_card import FLOW
from bot.views.callbacks import clock_from_code, decode, minutes_arg, record_id_arg

AWAIT_END_NOW = "attack:e:endq"
AWAIT_END_BACKFILL = "attack:f:endbf"


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
    now = ctx.clock.now()
    if attack_id == 0 and op == "all":
        closed = 0
        for attack in attack_service.open_attacks(ctx, user_id=profile.id):
            outcome = attack_service.end_attack(
                ctx, user_id=profile.id, attack_id=attack.id, ended_at=now
            )
            closed += outcome.problem is None and outcome.details is not None
        await query.answer()
        await edit(query, ending.ended_all(tr, closed))
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
    elif op in ("m", "p", "w") and _ended_at(details, op, arg, now) is not None:
        ended_at = _ended_at(details, op, arg, now)
        assert ended_at is not None
        how = EndedHow.WOKE_WITHOUT if op == "w" else None
        outcome = attack_service.end_attack(
            ctx, user_id=profile.id, attack_id=details.attack.id, ended_at=ended_at, ended_how=how
        )
        if outcome.details is None:
            await query.answer(attack_card.gone(tr), show_alert=True)
        elif outcome.problem is not None:
            alert = ending.end_problem_alert(tr, outcome.problem, details, now=now)
            await query.answer(alert, show_alert=True)
        elif op == "p":
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


def _ended_at(details: AttackDetails, op: str, arg: str, now: datetime) -> datetime | None:
    """The end time a button names: minutes ago, minutes after the start, or a wake-up time."""
    if op in ("m", "p"):
        count = minutes_arg(arg)
        if count is None:
            return None
        minutes = timedelta(minutes=count)
        return now - minutes if op == "m" else details.attack.started_at + minutes
    clock = clock_from_code(arg)
    if clock is None:
        return None
    tz = details.timezone
    woke = to_utc(local_date_of(now, tz), clock, tz)
    return woke if woke <= now else woke - timedelta(days=1)


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
            changes={"ended_how": EndedHow(value)},
        )
    if updated is None:
        await query.answer(attack_card.gone(tr), show_alert=True)
        return
    await query.answer()
    await edit(query, attack_card.card(tr, updated, now=ctx.clock.now()))
