"""/start and the timezone and check-in questions (shared with /settings)."""

from __future__ import annotations

from datetime import time

from telegram import Update

from bot.domain.clocktime import bare_hour_readings, parse_clock_time
from bot.domain.profiles import OnboardingStep, UserProfile
from bot.domain.timezones import is_valid_timezone, likely_timezones, resolve_timezone
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.services import profiles
from bot.views import common, onboarding
from bot.views.callbacks import clock_from_code, decode
from bot.views.settings import settings_card

AWAIT_TIMEZONE = "timezone"
AWAIT_CHECKIN_TIME = "checkin_time"


async def start_command(update: Update, context: Context) -> None:
    """Greet the user and walk a new one through setup."""
    profile = current_user(update, context)
    tr = tr_for(profile)
    if profile.onboarded:
        await send(update, context, onboarding.welcome_back(tr, profile.first_name))
        return
    await send(update, context, onboarding.welcome(tr, profile.first_name))
    await ask_next_setup_question(update, context, profile)


async def ask_next_setup_question(update: Update, context: Context, profile: UserProfile) -> None:
    """Ask the question onboarding is waiting on."""
    tr = tr_for(profile)
    if profile.onboarding_step is OnboardingStep.CHECKIN:
        await send(update, context, onboarding.checkin_question(tr))
    else:
        await ask_timezone(update, context, profile)


async def ask_timezone(update: Update, context: Context, profile: UserProfile) -> None:
    """Offer likely timezones as buttons; typed text is accepted too."""
    user = update.effective_user
    zones = likely_timezones(user.language_code if user else None)
    if profile.timezone and profile.timezone not in zones:
        zones = [profile.timezone, *zones]
    ctx = services(context)
    profiles.await_text(ctx, user_id=profile.id, kind=AWAIT_TIMEZONE)
    screen = onboarding.timezone_question(
        tr_for(profile), zones, ctx.clock.now(), onboarding=not profile.onboarded
    )
    await send(update, context, screen)


async def on_timezone_chosen(update: Update, context: Context) -> None:
    """A timezone button was pressed."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    zone = callback.args[0] if callback and callback.args else ""
    if not is_valid_timezone(zone):
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    await query.answer()
    await _apply_timezone(update, context, profile, zone, edit_pressed=True)


async def on_timezone_type(update: Update, context: Context) -> None:
    """The user wants to type their timezone."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    profiles.await_text(services(context), user_id=profile.id, kind=AWAIT_TIMEZONE)
    await query.answer()
    await send(update, context, onboarding.timezone_type_prompt(tr_for(profile)))


async def on_timezone_typed(update: Update, context: Context, profile: UserProfile) -> None:
    """Typed text while a timezone is awaited."""
    message = update.effective_message
    assert message is not None
    typed = (message.text or "").strip()
    match = resolve_timezone(typed)
    if match.zone is None:
        now = services(context).clock.now()
        await send(
            update,
            context,
            onboarding.timezone_suggestions(tr_for(profile), typed, match.suggestions, now),
        )
        return
    await _apply_timezone(update, context, profile, match.zone, edit_pressed=False)


async def _apply_timezone(
    update: Update, context: Context, profile: UserProfile, zone: str, *, edit_pressed: bool
) -> None:
    ctx = services(context)
    was_onboarding = not profile.onboarded
    profile = profiles.set_timezone(ctx, user_id=profile.id, timezone=zone)
    tr = tr_for(profile)
    confirmation = onboarding.timezone_set(tr, zone, ctx.clock.now())
    if edit_pressed and update.callback_query is not None:
        await edit(update.callback_query, confirmation)
    else:
        await send(update, context, confirmation)
    if profile.onboarding_step is OnboardingStep.CHECKIN:
        await send(update, context, onboarding.checkin_question(tr))
    elif not was_onboarding:
        await show_settings(update, context, profile)


async def on_checkin_chosen(update: Update, context: Context) -> None:
    """A check-in time button (or "off") was pressed."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    local_time: time | None = None
    if callback is not None and callback.args:
        local_time = clock_from_code(callback.args[0])
        if local_time is None:
            await query.answer(common.stale_button(tr), show_alert=True)
            return
    await query.answer()
    await _apply_checkin_time(update, context, profile, local_time, edit_pressed=True)


async def on_checkin_type(update: Update, context: Context) -> None:
    """The user wants to type a check-in time."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    profiles.await_text(services(context), user_id=profile.id, kind=AWAIT_CHECKIN_TIME)
    await query.answer()
    await send(update, context, onboarding.checkin_type_prompt(tr_for(profile)))


async def on_checkin_time_typed(update: Update, context: Context, profile: UserProfile) -> None:
    """Typed text while a check-in time is awaited."""
    message = update.effective_message
    assert message is not None
    typed = (message.text or "").strip()
    readings = bare_hour_readings(typed)
    if readings is not None:
        await send(update, context, onboarding.checkin_which_hour(tr_for(profile), readings))
        return
    local_time = parse_clock_time(typed)
    if local_time is None:
        tr = tr_for(profile)
        await send(update, context, onboarding.checkin_time_invalid(tr, typed))
        return
    await _apply_checkin_time(update, context, profile, local_time, edit_pressed=False)


async def _apply_checkin_time(
    update: Update,
    context: Context,
    profile: UserProfile,
    local_time: time | None,
    *,
    edit_pressed: bool,
) -> None:
    was_onboarding = not profile.onboarded
    result = profiles.set_checkin_time(
        services(context), user_id=profile.id, local_time=local_time
    )
    tr = tr_for(result.profile)
    confirmation = onboarding.checkin_set(tr, local_time)
    if edit_pressed and update.callback_query is not None:
        await edit(update.callback_query, confirmation)
    else:
        await send(update, context, confirmation)
    if was_onboarding:
        await send(update, context, onboarding.onboarding_done(tr))
    else:
        await show_settings(update, context, result.profile)


async def show_settings(update: Update, context: Context, profile: UserProfile) -> None:
    """Send the settings card."""
    ctx = services(context)
    current = profiles.get_settings(ctx, user_id=profile.id)
    await send(
        update,
        context,
        settings_card(
            tr_for(profile),
            profile=current.profile,
            timezone=profiles.user_timezone(ctx, current.profile),
            checkin=current.checkin,
            recap=current.recap,
            now=ctx.clock.now(),
        ),
    )
