"""The one error handler: log first, then apologise to the user."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.handlers.base import Context
from bot.replies import DeliveryUnknown
from bot.services.updates import UpdateAlreadyHandledError
from bot.views import common
from bot.views.i18n import translator

logger = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log an unexpected error and tell the user, without a traceback, that it was our fault."""
    if isinstance(context.error, UpdateAlreadyHandledError):
        # Another delivery of the update committed first: this one changed nothing.
        logger.info("skipped an update another delivery of which was handled first")
        return
    if isinstance(context.error, DeliveryUnknown):
        # The reply may be on the user's screen: an apology for it would be wrong (and sending
        # it again could duplicate it). Everything was saved before the reply was sent.
        logger.warning("a reply timed out after it was sent; it may have arrived")
        return
    logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(context.error, Forbidden):
        return
    user = update.effective_user
    text = common.internal_error(translator(user.language_code if user else None))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await context.bot.send_message(chat_id=update.effective_chat.id, text=text)
    except TelegramError:
        logger.warning("could not tell the user about the error", exc_info=True)
