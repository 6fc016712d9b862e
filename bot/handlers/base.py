"""What every handler shares: reaching the services, knowing the user, replying with a Screen."""

from __future__ import annotations

from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.profiles import UserProfile
from bot.services import profiles
from bot.services.context import ServiceContext
from bot.views.i18n import Translator, resolve_language, translator
from bot.views.screens import Screen

Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
BotApplication = Application[
    ExtBot[None], Context, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]
SERVICES_KEY = "services"


def services(context: Context) -> ServiceContext:
    """The use cases' dependencies, stored in ``bot_data`` by ``build_application``."""
    ctx = context.bot_data[SERVICES_KEY]
    assert isinstance(ctx, ServiceContext)
    return ctx


def current_user(update: Update, context: Context) -> UserProfile:
    """The user behind this update, registered on first contact."""
    user = update.effective_user
    chat = update.effective_chat
    assert user is not None
    assert chat is not None
    profile, _created = profiles.register_user(
        services(context),
        telegram_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name,
        language=resolve_language(user.language_code),
    )
    return profile


def tr_for(profile: UserProfile) -> Translator:
    """The translator for the user's language."""
    return translator(profile.language)


async def send(update: Update, context: Context, screen: Screen) -> Message:
    """Send ``screen`` as a new message in the update's chat."""
    chat = update.effective_chat
    assert chat is not None
    return await context.bot.send_message(
        chat_id=chat.id, text=screen.text, reply_markup=screen.markup, parse_mode="HTML"
    )


async def edit(query: CallbackQuery, screen: Screen) -> None:
    """Replace the pressed message's text and buttons with ``screen``."""
    try:
        await query.edit_message_text(
            text=screen.text,
            reply_markup=screen.markup
            if isinstance(screen.markup, InlineKeyboardMarkup)
            else None,
            parse_mode="HTML",
        )
    except BadRequest as exc:
        # Pressing the same button twice asks for the same edit: nothing to change.
        if "not modified" not in exc.message.lower():
            raise
