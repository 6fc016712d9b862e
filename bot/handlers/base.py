"""What every handler shares: reaching the services, knowing the user, replying with a Screen."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.profiles import UserProfile
from bot.services import profiles
from bot.services.context import ServiceContext
from bot.views.i18n import Translator, resolve_language, translator
from bot.views.screens import Screen

SERVICES_KEY = "services"


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context every callback gets for one update: PTB's, plus the resolved user.

    PTB makes one context per update (``ContextTypes(context=BotContext)``), so the user read
    by the first handler group (:func:`bot.handlers.arrival.on_arrival`) is there for every
    later handler without another query.
    """

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)
        self.resolved_profile: UserProfile | None = None

    @property
    def services(self) -> ServiceContext:
        """The use cases' dependencies, stored in ``bot_data`` by ``build_application``."""
        ctx = self.bot_data[SERVICES_KEY]
        assert isinstance(ctx, ServiceContext)
        return ctx

    @property
    def profile(self) -> UserProfile:
        """The user who sent this update (resolved once, on arrival)."""
        if self.resolved_profile is None:
            raise LookupError("this update's sender was not resolved on arrival")
        return self.resolved_profile

    @property
    def tr(self) -> Translator:
        """The translator for the user's language."""
        return translator(self.profile.language)


Context = BotContext
BotApplication = Application[
    ExtBot[None], BotContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]


def services(context: Context) -> ServiceContext:
    """The use cases' dependencies, stored in ``bot_data`` by ``build_application``."""
    return context.services


def current_user(update: Update, context: Context) -> UserProfile:
    """The user behind this update: resolved on arrival, else registered on first contact."""
    if context.resolved_profile is not None:
        return context.resolved_profile
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
    context.resolved_profile = profile
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


async def answer_and_edit(
    query: CallbackQuery, screen: Screen, *, alert: str | None = None
) -> None:
    """Answer the press and replace the pressed message with ``screen``, both at once.

    The two Bot API calls are independent, so they go out together (one round trip, not two).
    """
    if alert is None:
        await asyncio.gather(query.answer(), edit(query, screen))
    else:
        await asyncio.gather(query.answer(alert, show_alert=True), edit(query, screen))


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
