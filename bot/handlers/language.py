"""/language: choose the language the bot speaks; the keyboard and command menu follow."""

from __future__ import annotations

from telegram import BotCommandScopeChat, Update

from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.handlers.onboarding import ask_next_setup_question
from bot.services import profiles
from bot.views import common
from bot.views.callbacks import decode
from bot.views.i18n import available_languages
from bot.views.language import language_chosen, language_keyboard, language_question
from bot.views.menu import bot_commands


async def language_command(update: Update, context: Context) -> None:
    """Offer every language the bot speaks."""
    profile = current_user(update, context)
    await send(update, context, language_question(tr_for(profile)))


async def on_language_button(update: Update, context: Context) -> None:
    """A language was chosen: store it, then show the keyboard and menu in it."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    language = callback.args[0] if callback and callback.args else ""
    if language not in available_languages():
        await query.answer(common.stale_button(tr_for(profile)), show_alert=True)
        return
    profile = profiles.set_language(services(context), user_id=profile.id, language=language)
    tr = tr_for(profile)
    await query.answer()
    await edit(query, language_chosen(tr))
    # The menu next to the text field: this chat's own list overrides the per-language default.
    await context.bot.set_my_commands(
        bot_commands(tr), scope=BotCommandScopeChat(chat_id=profile.chat_id)
    )
    if profile.onboarded:
        await send(update, context, language_keyboard(tr))
    else:
        await ask_next_setup_question(update, context, profile)
