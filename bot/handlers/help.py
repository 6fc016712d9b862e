"""/help."""

from __future__ import annotations

from telegram import Update

from bot.handlers.base import Context, current_user, send, tr_for
from bot.views import common


async def help_command(update: Update, context: Context) -> None:
    """List what the bot does and every command."""
    profile = current_user(update, context)
    await send(update, context, common.help_text(tr_for(profile)))
