"""/settings: show the current settings and change them."""

from __future__ import annotations

from telegram import Update

from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.handlers.meds import show_meds
from bot.handlers.onboarding import ask_next_setup_question, ask_timezone, show_settings
from bot.handlers.reminders import overview_screen
from bot.services import profiles
from bot.views import common, onboarding
from bot.views.callbacks import SettingsTopic, clock_from_code, decode, number_arg
from bot.views.language import language_question
from bot.views.reminders import quiet_start_question
from bot.views.screens import Screen
from bot.views.settings import recap_question, settings_closed


async def settings_command(update: Update, context: Context) -> None:
    """Show the settings card (or finish onboarding first)."""
    profile = current_user(update, context)
    if not profile.onboarded:
        tr = tr_for(profile)
        await send(update, context, Screen(common.finish_setup_first(tr)))
        await ask_next_setup_question(update, context, profile)
        return
    await show_settings(update, context, profile)


async def on_settings_topic(update: Update, context: Context) -> None:
    """A button on the settings card was pressed."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    try:
        topic = SettingsTopic(callback.args[0]) if callback and callback.args else None
    except ValueError:
        topic = None
    if topic is None:
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    await query.answer()
    if topic is SettingsTopic.CLOSE:
        await edit(query, settings_closed(tr))
    elif topic is SettingsTopic.QUIET_HOURS:
        await send(update, context, quiet_start_question(tr))
    elif topic is SettingsTopic.MEDS:
        await show_meds(update, context, profile)
    elif topic is SettingsTopic.REMINDERS:
        await send(update, context, overview_screen(context, profile))
    elif topic is SettingsTopic.RECAP:
        current = profiles.get_settings(services(context), user_id=profile.id)
        await send(update, context, recap_question(tr, current.recap))
    elif topic is SettingsTopic.LANGUAGE:
        await send(update, context, language_question(tr))
    elif topic is SettingsTopic.TIMEZONE:
        await ask_timezone(update, context, profile)
    else:
        await send(update, context, onboarding.checkin_question(tr))


async def on_recap_button(update: Update, context: Context) -> None:
    """A button of the weekly-recap question: day, time, off, or done."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    callback = decode(query.data)
    args = callback.args if callback else ()
    op, value = (args[0], args[1] if len(args) > 1 else "") if args else ("", "")
    if op == "done":
        await query.answer()
        await show_settings(update, context, profile)
        return
    if op == "d" and (weekday := number_arg(value, low=0, high=6)) is not None:
        current = profiles.set_recap(ctx, user_id=profile.id, weekday=weekday)
    elif op == "t" and (chosen := clock_from_code(value)) is not None:
        current = profiles.set_recap(ctx, user_id=profile.id, local_time=chosen)
    elif op == "off":
        current = profiles.set_recap(ctx, user_id=profile.id, off=True)
    else:
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    await query.answer()
    await edit(query, recap_question(tr, current.recap))
