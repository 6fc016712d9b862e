"""Typed text that is not a command: answers to an open question, or else the menu."""

from __future__ import annotations

from telegram import Update

from bot.domain.attack_text import is_attack_over_message, parse_attack_message
from bot.domain.profiles import OnboardingStep
from bot.domain.red_flags import detect_red_flag_words
from bot.handlers.attack import awaits_attack_text, on_attack_text, start_logging
from bot.handlers.backfill import awaits_backfill_text, on_backfill_text
from bot.handlers.base import Context, current_user, send, services, tr_for
from bot.handlers.ending import ask_end
from bot.handlers.onboarding import (
    AWAIT_CHECKIN_TIME,
    AWAIT_TIMEZONE,
    on_checkin_time_typed,
    on_timezone_typed,
)
from bot.services import medications as medication_service
from bot.services import profiles
from bot.views import common
from bot.views.attack_card import urgent_care


async def on_text(update: Update, context: Context) -> None:
    """Route typed text: an awaited answer, an attack ("migraine 7"), its end, or the menu."""
    profile = current_user(update, context)
    ctx = services(context)
    awaited = profiles.awaited_text(ctx, user_id=profile.id)
    message = update.effective_message
    text = (message.text or "") if message else ""
    if awaited is not None and awaits_attack_text(awaited):
        await on_attack_text(update, context, profile, awaited)
        return
    if awaited is not None and awaits_backfill_text(awaited.kind):
        await on_backfill_text(update, context, profile, awaited.kind)
        return
    if is_attack_over_message(text):
        await ask_end(update, context, profile)
        return
    tz = profiles.user_timezone(ctx, profile)
    intent = parse_attack_message(
        text,
        now=ctx.clock.now(),
        tz=tz,
        language=profile.language,
        medications=medication_service.medication_list(ctx, user_id=profile.id),
    )
    if intent is not None:
        await start_logging(update, context, profile, intent, text=text)
        return
    kind = awaited.kind if awaited else None
    if kind is None and profile.onboarding_step is OnboardingStep.TIMEZONE:
        kind = AWAIT_TIMEZONE
    elif kind is None and profile.onboarding_step is OnboardingStep.CHECKIN:
        kind = AWAIT_CHECKIN_TIME
    if kind == AWAIT_TIMEZONE:
        await on_timezone_typed(update, context, profile)
    elif kind == AWAIT_CHECKIN_TIME:
        await on_checkin_time_typed(update, context, profile)
    else:
        tr = tr_for(profile)
        await send(update, context, common.not_understood(tr))
        if detect_red_flag_words(text):
            await send(update, context, urgent_care(tr))


async def on_other_message(update: Update, context: Context) -> None:
    """A sticker, photo, voice note or anything else that is not text."""
    profile = current_user(update, context)
    await send(update, context, common.not_understood(tr_for(profile)))
