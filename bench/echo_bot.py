"""The bare python-telegram-bot echo bot B1 compares against: no database, one reply per text.

Built like the diary bot: as many updates handled at once (:data:`bot.delivery.WORKING_SLOTS`,
the diary bot's update processor's working slots; an echo needs no per-chat ordering, as each
simulated user waits for the echo before sending again), ``run_polling`` with every update type,
configured from the same environment variables. Run as ``python -m bench.echo_bot``.
"""

from __future__ import annotations

import logging
import os

from telegram import Update
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.delivery import WORKING_SLOTS


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the text back."""
    message = update.effective_message
    if message is not None and message.text is not None:
        await context.bot.send_message(chat_id=message.chat_id, text=message.text)


def main() -> None:
    """Poll the Bot API named by ``TELEGRAM_API_BASE_URL`` until SIGTERM."""
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING"))
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .base_file_url(os.environ["TELEGRAM_FILE_BASE_URL"])
        .concurrent_updates(WORKING_SLOTS)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
