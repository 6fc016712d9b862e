"""Webhook mode: the URL Telegram posts to, its secret, and the server that receives updates.

The bot never runs a webhook without a secret: when ``WEBHOOK_SECRET_TOKEN`` is not set, a new
one is generated at every start and registered with ``setWebhook`` (the bot registers its own
webhook, so nobody else needs to know it). Telegram sends it back in the
``X-Telegram-Bot-Api-Secret-Token`` header of every delivery.

The server is our own small tornado application rather than PTB's: PTB's webhook handler
compares the secret with ``!=`` (its time depends on how many leading characters match) and
logs whole update payloads at DEBUG. Here the secret is compared with
:func:`hmac.compare_digest` before the body is even parsed, a refused request changes nothing,
and nothing a user wrote is logged. Accepted updates go into the application's update queue,
exactly as PTB's updater would put them.
"""

from __future__ import annotations

import hmac
import json
import logging
import secrets
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.config import Settings

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_SERVER_KEY = "webhook_server"  # where the running server is kept in bot_data
# Bot API, setWebhook: secret_token is 1-256 characters, only A-Z, a-z, 0-9, _ and -.
# token_urlsafe(48) gives 64 of exactly those characters: 384 random bits.
GENERATED_SECRET_BYTES = 48
# An update is a few kilobytes (a message holds at most 4,096 characters plus entities); a
# megabyte leaves ample room and keeps a forged flood from filling memory.
MAX_UPDATE_BYTES = 1024 * 1024

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def public_webhook_url(settings: Settings) -> str:
    """The URL Telegram posts updates to: ``WEBHOOK_URL`` plus ``/WEBHOOK_PATH``."""
    if settings.webhook_url is None:
        raise ValueError("WEBHOOK_URL is not set")
    return settings.webhook_url.rstrip("/") + "/" + settings.webhook_path.lstrip("/")


def generate_secret() -> str:
    """A fresh random webhook secret, in the characters Telegram allows."""
    return secrets.token_urlsafe(GENERATED_SECRET_BYTES)


def secrets_match(supplied: str | None, expected: str) -> bool:
    """Whether the header holds the secret, compared in constant time."""
    if supplied is None:
        return False
    # Tornado decodes headers as Latin-1, so every character encodes; compare bytes, since
    # compare_digest refuses non-ASCII strings.
    return hmac.compare_digest(supplied.encode("latin-1", "replace"), expected.encode())


class _UpdateHandler(tornado.web.RequestHandler):
    """Answers Telegram's ``POST`` of one update."""

    SUPPORTED_METHODS = ("POST",)

    def initialize(self, receiver: WebhookServer) -> None:
        self.receiver = receiver

    async def post(self) -> None:
        """Check the secret first; then parse the update and queue it."""
        if not secrets_match(self.request.headers.get(SECRET_HEADER), self.receiver.secret):
            logger.info("refused a webhook request without the right secret")
            self._answer(HTTPStatus.FORBIDDEN)
            return
        content_type = self.request.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type != "application/json":
            self._answer(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
            return
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, self.receiver.application.bot)
        except Exception:  # anything malformed: refuse it, log no payload
            logger.warning("refused a malformed webhook update")
            self._answer(HTTPStatus.BAD_REQUEST)
            return
        await self.receiver.application.update_queue.put(update)
        self._answer(HTTPStatus.OK)

    def _answer(self, status: HTTPStatus) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": status == HTTPStatus.OK}))

    def log_exception(self, *args: Any) -> None:
        """Keep tornado's error pages (which may echo a request) out of the log."""


class WebhookServer:
    """The server Telegram delivers updates to, on ``listen:port/path``, on the running loop."""

    def __init__(
        self, application: AnyApplication, *, listen: str, port: int, path: str, secret: str
    ) -> None:
        self.application = application
        self.listen = listen
        self.port = port
        self.path = "/" + path.strip("/")
        self.secret = secret
        self._app = tornado.web.Application(
            [(self.path + "/?", _UpdateHandler, {"receiver": self})],
            log_function=lambda _handler: None,
        )
        self._server: tornado.httpserver.HTTPServer | None = None

    @property
    def running(self) -> bool:
        """Whether the server accepts deliveries."""
        return self._server is not None

    async def start(self) -> int:
        """Start listening; return the bound port (useful with ``port=0``)."""
        sockets = tornado.netutil.bind_sockets(self.port, address=self.listen)
        self._server = tornado.httpserver.HTTPServer(self._app, max_body_size=MAX_UPDATE_BYTES)
        self._server.add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        logger.info(
            "webhook server on http://%s:%d%s",
            self.listen,
            self.port,
            self.path,
            extra={"webhook_port": self.port},
        )
        return self.port

    async def stop(self) -> None:
        """Stop accepting deliveries and close open connections."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            await server.close_all_connections()
