"""How the settings become PTB's webhook arguments (one place for ``run`` and the tests)."""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.config import Settings


def public_webhook_url(settings: Settings) -> str:
    """The URL Telegram posts updates to: ``WEBHOOK_URL`` plus ``/WEBHOOK_PATH``."""
    if settings.webhook_url is None:
        raise ValueError("WEBHOOK_URL is not set")
    return settings.webhook_url.rstrip("/") + "/" + settings.webhook_path.lstrip("/")


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for ``Application.run_webhook`` and ``Updater.start_webhook``.

    The server listens on plain HTTP (``WEBHOOK_LISTEN:WEBHOOK_PORT/WEBHOOK_PATH``); TLS ends
    at the reverse proxy in front of it. Requests without ``WEBHOOK_SECRET_TOKEN`` in the
    ``X-Telegram-Bot-Api-Secret-Token`` header are refused with 403 by PTB.
    """
    secret = settings.webhook_secret_token
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        "url_path": settings.webhook_path.lstrip("/"),
        "webhook_url": public_webhook_url(settings),
        "secret_token": secret.get_secret_value() if secret is not None else None,
        "allowed_updates": Update.ALL_TYPES,
    }
