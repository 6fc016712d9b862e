"""Typed text that is not a command: answers to an open question, or else the menu."""

from __future__ import annotations

from telegram import Update

from bot.domain.profiles import OnboardingStep
from bot.handlers.base import Context, current_user, send, services, tr_for
from bot.handlers.onboarding import (
    AWAIT_CHECKIN_TIME,
    AWAIT_TIMEZONE,
    on_checkin_time_typed,
    on_timezone_typed,
)
from bot.services import profiles
from bot.views import common


async def on_text(update: Update, context: Context) -> None:
    """Route typed text to the question it answers."""
    profile = current_user(update, context)
    awaited = profiles.awaited_text(services(context), user_id=profile.id)
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
        await send(update, context, common.not_understood(tr_for(profile)))


async def on_other_message(update: Update, context: Context) -> None:
    """A sticker, photo, voice note or anything else that is not text."""
    profile = current_user(update, context)
    await send(update, context, common.not_understood(tr_for(profile)))
