"""The optional allowlist (ALLOWED_USER_IDS): everyone else gets one polite refusal."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.handlers.base import Context
from bot.views import common
from bot.views.i18n import translator

logger = logging.getLogger(__name__)
REFUSED_KEY = "refused_user_ids"


def make_access_gate(
    allowed: frozenset[int],
) -> Callable[[Update, Context], Coroutine[Any, Any, None]]:
    """Return a callback that stops updates from users not in ``allowed`` (if it is not empty)."""

    async def access_gate(update: Update, context: Context) -> None:
        """Let allowed users through; refuse everyone else once, storing nothing about them."""
        user = update.effective_user
        if not allowed or (user is not None and user.id in allowed):
            return
        refused: set[int] = context.bot_data.setdefault(REFUSED_KEY, set())
        if user is not None and user.id not in refused and update.effective_chat is not None:
            refused.add(user.id)
            logger.info("refused a user who is not on ALLOWED_USER_IDS")
            text = common.not_allowed(translator(user.language_code))
            if update.callback_query is not None:
                await update.callback_query.answer(text, show_alert=True)
            else:
                await context.bot.send_message(chat_id=update.effective_chat.id, text=text)
        raise ApplicationHandlerStop

    return access_gate
