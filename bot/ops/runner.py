"""Running the bot: start-up that survives a Telegram outage, then polling or the webhook.

Start-up makes a few Bot API calls before the bot can work: ``getMe`` (PTB's initialize),
``setMyCommands``, and ``deleteWebhook`` (polling) or ``setWebhook`` (webhook mode). When the
Bot API is unreachable or answers 5xx, a timeout or ``429``, each call is retried with capped
exponential backoff (1, 2, 4 ... 60 s; a ``429``'s ``retry_after`` is honoured), with one log
line per failed attempt, until it succeeds or the process is asked to stop. Telegram refusing
the token (``401``/``404``) is not retried: :class:`TokenRejectedError` is raised without the token
or PTB's exception (whose message quotes the token) attached, and the command line turns it
into one line and exit code 2.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from telegram import Update
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application

from bot.app import register_commands
from bot.config import Settings
from bot.ops.webhook import (
    WEBHOOK_SERVER_KEY,
    WebhookServer,
    generate_secret,
    public_webhook_url,
)
from bot.outbox import retry_after_seconds

logger = logging.getLogger(__name__)

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0  # a Telegram outage rarely ends sooner than a minute; check that often

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


class TokenRejectedError(Exception):
    """Telegram does not accept the bot token (401 Unauthorized or 404 Not Found)."""


class StartupCancelledError(Exception):
    """The process was asked to stop while start-up was still waiting to retry."""


def backoff_seconds(attempt: int) -> float:
    """The wait after failed attempt number ``attempt`` (1, 2, 4, ... at most a minute)."""
    return float(min(MAX_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** min(attempt - 1, 16)))


class StartupRetrier:
    """Runs start-up calls, retrying transient failures until they succeed or stop is set."""

    def __init__(self, *, stop: asyncio.Event, sleep: Sleep | None = None) -> None:
        self._stop = stop
        self._sleep = sleep

    async def call(self, what: str, action: Callable[[], Awaitable[T]]) -> T:
        """Run ``action`` (the Bot API call ``what``) until it succeeds.

        Raises:
            TokenRejectedError: Telegram refused the token.
            StartupCancelledError: stop was set while waiting to retry.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                return await action()
            except InvalidToken:
                raise TokenRejectedError(what) from None
            except RetryAfter as exc:
                delay = retry_after_seconds(exc)
                reason = f"Telegram asked to wait (429, retry after {delay:g} s)"
            except BadRequest:
                raise  # a request Telegram will never accept: retrying cannot help
            except TimedOut:
                delay = backoff_seconds(attempt)
                reason = "timed out"
            except NetworkError as exc:
                delay = backoff_seconds(attempt)
                reason = str(exc) or type(exc).__name__
            logger.warning(
                "start-up: %s failed (attempt %d): %s; retrying in %g s",
                what,
                attempt,
                reason,
                delay,
                extra={"call": what, "attempt": attempt, "retry_in": delay},
            )
            await self._wait(delay)

    async def _wait(self, seconds: float) -> None:
        if self._sleep is not None:
            await self._sleep(seconds)
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), seconds)
        if self._stop.is_set():
            raise StartupCancelledError


async def run_bot(
    application: AnyApplication,
    settings: Settings,
    *,
    stop: asyncio.Event,
    ready: asyncio.Event | None = None,
    sleep: Sleep | None = None,
) -> WebhookServer | None:
    """Start the bot, run until ``stop`` is set, then shut it down cleanly.

    Args:
        application: the built application (see :func:`bot.app.build_application`).
        settings: polling, or webhook mode when ``WEBHOOK_URL`` is set.
        stop: set it (SIGINT/SIGTERM) to stop, also while start-up is still retrying.
        ready: set once the bot receives updates (for tests and the health endpoint).
        sleep: the wait between start-up retries (tests pass one that returns at once).

    Returns:
        The webhook server it ran, if any (stopped by then).

    Raises:
        TokenRejectedError: Telegram refused the token; nothing was started.
    """
    retrier = StartupRetrier(stop=stop, sleep=sleep)
    webhook: WebhookServer | None = None
    try:
        await retrier.call("getMe", application.initialize)
        await retrier.call("setMyCommands", lambda: register_commands(application.bot))
        if application.post_init is not None:
            await application.post_init(application)
        if settings.webhook_url is not None:
            webhook = await _start_webhook(application, settings, retrier)
        else:
            await _start_polling(application, retrier)
        await application.start()
        logger.info("the bot is running (%s)", "webhook" if webhook else "polling")
        if ready is not None:
            ready.set()
        await stop.wait()
    except StartupCancelledError:
        logger.info("stopped during start-up")
    finally:
        await _shut_down(application, webhook)
    return webhook


async def _start_webhook(
    application: AnyApplication, settings: Settings, retrier: StartupRetrier
) -> WebhookServer:
    """Listen first (so Telegram's first delivery finds us), then register URL and secret."""
    configured = settings.webhook_secret_token
    secret = configured.get_secret_value() if configured is not None else generate_secret()
    webhook = WebhookServer(
        application,
        listen=settings.webhook_listen,
        port=settings.webhook_port,
        path=settings.webhook_path,
        secret=secret,
    )
    application.bot_data[WEBHOOK_SERVER_KEY] = webhook
    await webhook.start()
    url = public_webhook_url(settings)
    await retrier.call(
        "setWebhook",
        lambda: application.bot.set_webhook(
            url=url, secret_token=secret, allowed_updates=Update.ALL_TYPES
        ),
    )
    return webhook


async def _start_polling(application: AnyApplication, retrier: StartupRetrier) -> None:
    """Remove any webhook (with retries), then let PTB's updater poll."""
    await retrier.call("deleteWebhook", application.bot.delete_webhook)
    updater = application.updater
    if updater is None:
        raise RuntimeError("polling needs the application's updater")
    # start_polling deletes the webhook once more; that just succeeded, so it will again.
    await retrier.call(
        "deleteWebhook", lambda: updater.start_polling(allowed_updates=Update.ALL_TYPES)
    )


async def _shut_down(application: AnyApplication, webhook: WebhookServer | None) -> None:
    """Stop in the order PTB's ``run_polling`` does, whatever got started."""
    if webhook is not None:
        await webhook.stop()
    if application.updater is not None and application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()
    await application.bot.shutdown()  # its HTTP clients, also when getMe never succeeded
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
