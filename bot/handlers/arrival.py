"""The first handler group: stop a redelivered update, and resolve its sender once.

One transaction per update, before any other handler runs: is the update id already recorded
(Telegram delivered it again), and who sent it (the profile, registered on first contact). The
profile goes onto the update's :class:`~bot.handlers.base.BotContext`, so no later handler reads
the user again. The update id itself is recorded by the use case's own transaction (see
:mod:`bot.services.updates`).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.handlers.base import Context
from bot.services import updates
from bot.views.i18n import resolve_language

logger = logging.getLogger(__name__)

ARRIVAL_GROUP = -2  # after the access gate (-3), which stores nothing about refused users


def sender_of(update: Update) -> updates.Sender | None:
    """Who wrote or tapped: messages in a private chat and button presses have a sender.

    Other updates (``my_chat_member`` says the user blocked the bot) must not count as the user
    being back, so they resolve no one.
    """
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return None
    wrote = update.message is not None and chat.type == "private"
    if not (wrote or update.callback_query is not None):
        return None
    return updates.Sender(
        telegram_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name,
        language=resolve_language(user.language_code),
    )


async def on_arrival(update: Update, context: Context) -> None:
    """Stop an update handled before; otherwise put its sender's profile on the context."""
    logger.debug("update %d received", update.update_id, extra={"update_id": update.update_id})
    arrival = updates.receive_update(
        context.services, update_id=update.update_id, sender=sender_of(update)
    )
    if arrival.redelivered:
        logger.info(
            "skipped update %d: already handled",
            update.update_id,
            extra={"update_id": update.update_id},
        )
        raise ApplicationHandlerStop
    context.resolved_profile = arrival.profile


def arrival_handler() -> TypeHandler[Update, Context, None]:
    """The handler for :data:`ARRIVAL_GROUP`."""
    return TypeHandler(Update, on_arrival)
