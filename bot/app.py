"""Wiring: :func:`build_application` puts settings, storage, services and handlers together.

It accepts injected request objects, a clock and a database: the seam tests, the terminal chat
and the benchmarks use to run the real application against the Bot API emulator.
"""

from __future__ import annotations

import gc
import logging
from typing import Any

from telegram import Bot
from telegram.ext import Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest, HTTPXRequest

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.delivery import Acknowledgements, AcknowledgingBot, ChatOrderedUpdateProcessor
from bot.handlers import register_handlers
from bot.handlers.base import SERVICES_KEY, BotApplication, BotContext
from bot.handlers.data import schedule_retention_job
from bot.handlers.dedup import schedule_forget_job
from bot.jobs import make_outbox, outbox_of, schedule_dispatcher, stop_dispatch
from bot.replies import ReplyRetry, RetryingRequest
from bot.services.context import ServiceContext
from bot.storage.database import Database
from bot.storage.migrate import upgrade_database
from bot.views.i18n import (
    DEFAULT_LANGUAGE,
    available_languages,
    telegram_language_code,
    translator,
)
from bot.views.menu import bot_commands

logger = logging.getLogger(__name__)

# Connections for Bot API calls other than getUpdates (PTB's own default for its builder).
BOT_API_CONNECTIONS = 256


def build_application(
    settings: Settings,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    clock: Clock | None = None,
    database: Database | None = None,
    migrate: bool = True,
    reply_retry: ReplyRetry | None = None,
) -> BotApplication:
    """Build the bot: open (and migrate) the database, register handlers, wire the services.

    Args:
        settings: the configuration.
        token: the bot token; by default ``settings.require_token()``.
        request: the HTTP request object for Bot API calls (tests pass the emulator's).
        get_updates_request: the request object for long polling.
        clock: the wall clock; by default the system clock.
        database: an open database; by default one opened from ``settings.database_url``.
        migrate: apply pending migrations before starting (the default).
        reply_retry: how interactive replies are retried (tests pass one that does not wait).
    """
    database = database or Database.from_url(settings.database_url)
    if migrate:
        upgrade_database(database.engine)
    services = ServiceContext(
        database=database,
        clock=clock or SystemClock(),
        default_timezone=settings.default_timezone,
    )
    acknowledgements = Acknowledgements()
    bot = AcknowledgingBot(
        token if token is not None else settings.require_token(),
        base_url=settings.telegram_api_base_url,
        base_file_url=settings.telegram_file_base_url,
        # Replies are retried within a short budget (bot/replies.py); bulk sends by the outbox.
        request=RetryingRequest(
            request or HTTPXRequest(connection_pool_size=BOT_API_CONNECTIONS), reply_retry
        ),
        get_updates_request=get_updates_request or HTTPXRequest(),
        acknowledgements=acknowledgements,
    )
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(ChatOrderedUpdateProcessor(services, acknowledgements))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if settings.webhook_url is not None:
        builder = builder.updater(None)  # webhook mode receives through bot.ops.webhook
    application: BotApplication = builder.build()
    application.bot_data[SERVICES_KEY] = services
    register_handlers(application, allowed_user_ids=settings.allowed_user_ids)
    schedule_retention_job(application, settings.retention_days)
    schedule_forget_job(application)
    make_outbox(application, rate_per_second=settings.outbox_rate_per_second)
    schedule_dispatcher(application)
    return application


async def register_commands(bot: Bot) -> bool:
    """Register the command menu Telegram shows next to the text field, in every language.

    English is the default; each other catalog is registered for its ``language_code``, so a
    user whose Telegram speaks it sees the menu in it (a /language choice sets the chat's own).
    """
    done = await bot.set_my_commands(bot_commands(translator(DEFAULT_LANGUAGE)))
    for language in available_languages():
        if language != DEFAULT_LANGUAGE:
            done &= await bot.set_my_commands(
                bot_commands(translator(language)),
                language_code=telegram_language_code(language),
            )
    return done


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Start the outbox (once the bot is initialized and its commands are registered).

    Everything made during start-up (modules, handlers, the engine) lives as long as the
    process: ``gc.freeze`` moves it out of the collector's way, so later collections only walk
    what updates create.
    """
    outbox_of(application).start()
    gc.collect()
    gc.freeze()


async def _post_stop(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the outbox while the bot can still send (unsent reminders go back to the queue)."""
    await stop_dispatch(application)


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stop the outbox (if ``post_stop`` did not run) and close the database connections."""
    await stop_dispatch(application)
    services = application.bot_data.get(SERVICES_KEY)
    if isinstance(services, ServiceContext):
        services.database.dispose()
