"""``GET /healthz`` on a small port of its own (``HEALTH_PORT``), in polling and webhook mode.

PTB's webhook server offers no way to add a route, so the health endpoint is a separate tornado
server on the same event loop: it works the same in both modes, a load balancer or Docker can
probe it without knowing the webhook's secret path, and it never shares a port with Telegram's
traffic. It answers ``200`` when the application is running, its updater is fetching or
receiving updates, and the database answers ``SELECT 1`` within a few seconds; otherwise ``503``
with the reasons. It does not call Telegram: an outage there is not this process's fault, and
restarting it would not help (``migraine-bot check`` tests that path).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram.ext import Application

from bot.jobs import services_of
from bot.ops.webhook import WEBHOOK_SERVER_KEY, WebhookServer
from bot.storage.maintenance import ping

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
DATABASE_TIMEOUT_SECONDS = 3.0

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Hook = Callable[[AnyApplication], Coroutine[Any, Any, None]]


async def health_report(application: AnyApplication) -> tuple[bool, dict[str, Any]]:
    """Whether this process is healthy, and the JSON body that says so."""
    problems: list[str] = []
    if not application.running:
        problems.append("the application is not running")
    webhook = application.bot_data.get(WEBHOOK_SERVER_KEY)
    updater = application.updater
    if isinstance(webhook, WebhookServer):
        receiving = webhook.running
    else:
        receiving = updater is None or updater.running
    if not receiving:
        problems.append("the updater is not receiving updates")
    database = "ok"
    try:
        await asyncio.wait_for(
            asyncio.to_thread(ping, services_of(application).database),
            timeout=DATABASE_TIMEOUT_SECONDS,
        )
    except TimeoutError:
        database = "timeout"
        problems.append(f"the database did not answer within {DATABASE_TIMEOUT_SECONDS:g} s")
    except Exception as exc:  # any driver error means "unhealthy", never a crash
        database = "error"
        problems.append(f"the database failed: {type(exc).__name__}")
    body: dict[str, Any] = {"status": "ok" if not problems else "unavailable"}
    body["database"] = database
    if problems:
        body["problems"] = problems
    return not problems, body


class _HealthHandler(tornado.web.RequestHandler):
    """Answers ``GET /healthz``."""

    def initialize(self, bot_application: AnyApplication) -> None:
        # (tornado's own ``self.application`` is the tornado app; this is the bot's.)
        self.bot_application = bot_application

    async def get(self) -> None:
        healthy, body = await health_report(self.bot_application)
        self.set_status(200 if healthy else 503)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))

    def log_exception(self, *args: Any) -> None:
        """Keep tornado's per-request error pages out of the bot's log."""


class HealthServer:
    """The health endpoint's HTTP server, bound to ``listen:port`` on the running loop."""

    def __init__(self, application: AnyApplication, *, listen: str, port: int) -> None:
        self.listen = listen
        self.port = port
        self._app = tornado.web.Application(
            [(HEALTH_PATH, _HealthHandler, {"bot_application": application})],
            log_function=lambda _handler: None,
        )
        self._server: tornado.httpserver.HTTPServer | None = None

    async def start(self) -> int:
        """Start serving; return the bound port (useful with ``port=0``)."""
        sockets = tornado.netutil.bind_sockets(self.port, address=self.listen)
        self._server = tornado.httpserver.HTTPServer(self._app)
        self._server.add_sockets(sockets)
        bound: int = sockets[0].getsockname()[1]
        self.port = bound
        logger.info(
            "health endpoint on http://%s:%d%s",
            self.listen,
            bound,
            HEALTH_PATH,
            extra={"health_port": bound},
        )
        return bound

    async def stop(self) -> None:
        """Stop serving and close open connections."""
        server, self._server = self._server, None
        if server is not None:
            server.stop()
            await server.close_all_connections()


def attach_health_server(application: AnyApplication, *, listen: str, port: int) -> HealthServer:
    """Serve ``/healthz`` while ``application`` runs (started in post_init, stopped at the end)."""
    server = HealthServer(application, listen=listen, port=port)
    after_init: Hook | None = application.post_init
    after_shutdown: Hook | None = application.post_shutdown

    async def post_init(app: AnyApplication) -> None:
        if after_init is not None:
            await after_init(app)
        await server.start()

    async def post_shutdown(app: AnyApplication) -> None:
        await server.stop()
        if after_shutdown is not None:
            await after_shutdown(app)

    application.post_init = post_init
    application.post_shutdown = post_shutdown
    return server
