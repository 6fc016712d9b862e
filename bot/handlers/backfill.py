"""Logging a past attack (/past, "📝 Past attack"): the day, the start, the end, then details.

Buttons carry ``bf:<op>[:<day YYYYMMDD>[:<hour>]]``. The attack is recorded as soon as its start
is known; its end and details are then asked on the attack's own (stateless) screens.
"""

from __future__ import annotations

from datetime import date, datetime, time

from telegram import Update

from bot.domain.attacks import MAX_TYPED_AGE, StartProblem
from bot.domain.profiles import UserProfile
from bot.domain.timephrases import parse_date, parse_past_when, parse_time_of_day
from bot.domain.wallclock import local_date_of, to_utc
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.services import attacks as attack_service
from bot.services import profiles
from bot.views import backfill, common, ending
from bot.views.callbacks import decode, number_arg

AWAIT_DAY = "bf:day"
AWAIT_START_PREFIX = "bf:start:"


def _today(context: Context, profile: UserProfile) -> date:
    ctx = services(context)
    return local_date_of(ctx.clock.now(), profiles.user_timezone(ctx, profile))


def _parse_day(code: str) -> date | None:
    try:
        return datetime.strptime(code, "%Y%m%d").date()
    except ValueError:
        return None


async def past_command(update: Update, context: Context) -> None:
    """/past: ask which day the attack was."""
    profile = current_user(update, context)
    await send(
        update, context, backfill.day_question(tr_for(profile), today=_today(context, profile))
    )


async def on_backfill_button(update: Update, context: Context) -> None:
    """A button of the past-attack questions."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    callback = decode(query.data)
    args = callback.args if callback else ()
    op = args[0] if args else ""
    day = _parse_day(args[1]) if len(args) > 1 else None
    if op == "days":
        await query.answer()
        await edit(query, backfill.day_question(tr, today=_today(context, profile)))
    elif op == "dt":
        profiles.await_text(ctx, user_id=profile.id, kind=AWAIT_DAY)
        await query.answer()
        await send(update, context, backfill.type_day_prompt(tr))
    elif op == "d" and day is not None:
        await query.answer()
        await edit(query, backfill.start_question(tr, day))
    elif op == "st" and day is not None:
        profiles.await_text(ctx, user_id=profile.id, kind=AWAIT_START_PREFIX + args[1])
        await query.answer()
        await send(update, context, backfill.type_start_prompt(tr, day))
    elif (
        op == "s"
        and day is not None
        and len(args) == 3
        and (hour := number_arg(args[2], low=0, high=23)) is not None
    ):
        tz = profiles.user_timezone(ctx, profile)
        started_at = to_utc(day, time(hour), tz)
        result = attack_service.log_past_attack(ctx, user_id=profile.id, started_at=started_at)
        if isinstance(result, StartProblem):
            await query.answer(backfill.future_start(tr), show_alert=True)
            return
        await query.answer()
        await edit(query, ending.backfill_end_question(tr, result, now=ctx.clock.now()))
    else:
        await query.answer(common.stale_button(tr), show_alert=True)


def awaits_backfill_text(kind: str | None) -> bool:
    """Whether the awaited typed input is a past attack's day or start."""
    return kind is not None and kind.startswith("bf:")


async def on_backfill_text(
    update: Update, context: Context, profile: UserProfile, kind: str
) -> None:
    """Typed day (or day and time) or start time of a past attack."""
    message = update.effective_message
    assert message is not None
    text = (message.text or "").strip()
    ctx = services(context)
    tr = tr_for(profile)
    tz = profiles.user_timezone(ctx, profile)
    now = ctx.clock.now()
    today = local_date_of(now, tz)
    if kind == AWAIT_DAY:
        day = parse_date(text, today=today, language=profile.language)
        if day is not None:
            if day > today:
                await send(update, context, backfill.day_invalid(tr, reason="future"))
            elif day < local_date_of(now - MAX_TYPED_AGE, tz):
                await send(update, context, backfill.day_invalid(tr, reason="too_old"))
            else:
                profiles.stop_awaiting_text(ctx, user_id=profile.id)
                await send(update, context, backfill.start_question(tr, day))
            return
        started_at = parse_past_when(text, now=now, tz=tz, language=profile.language)
        if started_at is None:
            await send(update, context, backfill.day_invalid(tr, reason="unreadable"))
            return
        await _record(update, context, profile, started_at, today)
        return
    day = _parse_day(kind.removeprefix(AWAIT_START_PREFIX)) or today
    clock = parse_time_of_day(text, language=profile.language)
    if clock is None:
        await send(update, context, backfill.start_invalid(tr, day, reason="unreadable"))
        return
    await _record(update, context, profile, to_utc(day, clock, tz), day)


async def _record(
    update: Update, context: Context, profile: UserProfile, started_at: datetime, day: date
) -> None:
    ctx = services(context)
    tr = tr_for(profile)
    result = attack_service.log_past_attack(ctx, user_id=profile.id, started_at=started_at)
    if isinstance(result, StartProblem):
        await send(update, context, backfill.start_invalid(tr, day, reason=result.value))
        return
    profiles.stop_awaiting_text(ctx, user_id=profile.id)
    await send(update, context, ending.backfill_end_question(tr, result, now=ctx.clock.now()))
