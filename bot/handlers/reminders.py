"""/reminders: what is scheduled and when; one-tap switches; quiet hours; the morning question.

Also the early handler for typed answers that /meds awaits (it runs before the general text
router and stops there when it has answered).
"""

from __future__ import annotations

from datetime import time

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.domain.attack_text import is_attack_over_message, parse_attack_message
from bot.domain.profiles import ReminderKind, UserProfile
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.handlers.meds import awaits_meds_text, on_meds_text
from bot.services import profiles
from bot.services import reminders as reminder_service
from bot.views import common
from bot.views import reminders as views
from bot.views.callbacks import clock_from_code, decode, record_id_arg
from bot.views.screens import Screen


def overview_screen(context: Context, profile: UserProfile) -> Screen:
    """The /reminders card for the user."""
    ctx = services(context)
    ov = reminder_service.overview(ctx, user_id=profile.id)
    return views.overview(
        tr_for(profile),
        entries=ov.entries,
        medications=ov.medications,
        followups_on=ov.followups_on,
        quiet=(ov.profile.quiet_start, ov.profile.quiet_end),
        tz=ov.timezone,
        now=ctx.clock.now(),
        paused=not ov.profile.reachable,
    )


async def reminders_command(update: Update, context: Context) -> None:
    """List every reminder in the user's local time, with switches."""
    profile = current_user(update, context)
    if not profile.onboarded:
        tr = tr_for(profile)
        await send(update, context, Screen(common.finish_setup_first(tr)))
        return
    await send(update, context, overview_screen(context, profile))


def _kind(value: str) -> ReminderKind | None:
    try:
        kind = ReminderKind(value)
    except ValueError:
        return None
    return kind if kind in reminder_service.SWITCHABLE_KINDS else None


async def on_reminders_button(update: Update, context: Context) -> None:
    """A /reminders switch, or "turn these off" on a reminder message."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    args = callback.args if callback else ()
    op = args[0] if args else ""
    kind = _kind(args[1]) if len(args) > 1 else None
    med_id = record_id_arg(args[2]) if len(args) > 2 else None
    if op in ("off", "on") and kind is ReminderKind.MEDICATION and med_id is not None:
        # One medication's "turn off dose reminders": only that medication's.
        ov = reminder_service.set_kind_enabled(
            ctx, user_id=profile.id, kind=kind, enabled=op == "on", medication_id=med_id
        )
        med = ov.medications.get(med_id)
        if med is None:
            await query.answer(common.stale_button(tr), show_alert=True)
            return
        await query.answer()
        await edit(
            query,
            views.medication_turned_off(tr, med)
            if op == "off"
            else views.medication_turned_on(tr, med),
        )
    elif op in ("off", "on") and kind is not None:
        reminder_service.set_kind_enabled(ctx, user_id=profile.id, kind=kind, enabled=op == "on")
        await query.answer()
        await edit(query, views.turned_off(tr, kind) if op == "off" else views.turned_on(tr, kind))
    elif op == "set" and kind is not None and len(args) > 2 and args[2] in ("0", "1"):
        reminder_service.set_kind_enabled(
            ctx, user_id=profile.id, kind=kind, enabled=args[2] == "1"
        )
        await query.answer()
        await edit(query, overview_screen(context, profile))
    elif op == "m":
        await query.answer()
        await edit(query, views.morning_question(tr))
    elif op == "mt" and len(args) > 1 and (args[1] == views.NONE or clock_from_code(args[1])):
        reminder_service.set_daily_time(
            ctx,
            user_id=profile.id,
            kind=ReminderKind.MORNING_SLEEP,
            local_time=clock_from_code(args[1]),
        )
        await query.answer()
        await edit(query, overview_screen(context, profile))
    else:
        await query.answer(common.stale_button(tr), show_alert=True)


async def on_quiet_hours_button(update: Update, context: Context) -> None:
    """Choosing quiet hours: start, then end (or none)."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    args = callback.args if callback else ()
    op = args[0] if args else ""
    start = clock_from_code(args[1]) if len(args) > 1 else None
    end = clock_from_code(args[2]) if len(args) > 2 else None
    if op == "s":
        await query.answer()
        await edit(query, views.quiet_start_question(tr))
    elif op == "e" and start is not None:
        await query.answer()
        await edit(query, views.quiet_end_question(tr, start))
    elif op in ("set", views.NONE) and (op == views.NONE or (start and end)):
        chosen = (start, end) if start is not None and end is not None else (time(0), time(0))
        reminder_service.set_quiet_hours(
            services(context), user_id=profile.id, start=chosen[0], end=chosen[1]
        )
        await query.answer()
        await edit(query, views.quiet_set(tr, *chosen))
        await send(update, context, overview_screen(context, profile))
    else:
        await query.answer(common.stale_button(tr), show_alert=True)


async def on_awaited_text(update: Update, context: Context) -> None:
    """Typed text that answers a /meds question; anything else goes on to the text router.

    Text that reports an attack ("migraine", "attack over") is never taken as an answer here.
    """
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None:
        return
    profile = current_user(update, context)
    ctx = services(context)
    awaited = profiles.awaited_text(ctx, user_id=profile.id)
    if awaited is None or not awaits_meds_text(awaited):
        return
    text = message.text or ""
    tz = profiles.user_timezone(ctx, profile)
    if is_attack_over_message(text) or parse_attack_message(text, now=ctx.clock.now(), tz=tz):
        return
    await on_meds_text(update, context, profile, awaited)
    raise ApplicationHandlerStop
