"""The real application in webhook mode on a loopback port, with the emulator as its Bot API.

:class:`WebhookBot` runs the application with :func:`bot.ops.runner.run_bot`, as
``migraine-bot run`` does (start-up calls, the webhook server, the health endpoint), and posts
updates to it over HTTP as Telegram would, with the secret the bot registered.
"""

from __future__ import annotations

import asyncio
import socket
from types import TracebackType
from typing import Any

import httpx
from telegram.request import HTTPXRequest

from bot.app import build_application
from bot.clock import Clock
from bot.config import Settings
from bot.handlers.base import BotApplication
from bot.jobs import dispatch_once, outbox_of
from bot.ops.health import HEALTH_PATH, attach_health_server
from bot.ops.runner import run_bot
from bot.ops.webhook import SECRET_HEADER
from bot.sandbox import BotApiEmulator, SentMessage
from bot.sandbox.users import SimUser, UserAction

PUBLIC_URL = "https://diary.example.test"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


class WebhookBot:
    """One bot process in webhook mode, serving on loopback ports chosen at start."""

    def __init__(self, settings: Settings, *, emulator: BotApiEmulator, clock: Clock) -> None:
        self.settings = settings.model_copy(
            update={
                "webhook_url": settings.webhook_url or PUBLIC_URL,
                "webhook_listen": "127.0.0.1",
                "webhook_port": free_port(),
                "health_listen": "127.0.0.1",
                "health_port": free_port(),
            }
        )
        self.emulator = emulator
        self.clock = clock
        self._application: BotApplication | None = None
        self._http = httpx.AsyncClient(timeout=120)
        self._stop = asyncio.Event()
        self._task: asyncio.Task[object] | None = None

    @property
    def application(self) -> BotApplication:
        """The running PTB application."""
        assert self._application is not None, "the webhook bot is not running"
        return self._application

    @property
    def webhook_endpoint(self) -> str:
        """Where this process's webhook server listens (what the reverse proxy forwards to)."""
        return f"http://127.0.0.1:{self.settings.webhook_port}/{self.settings.webhook_path}"

    @property
    def health_endpoint(self) -> str:
        """This process's health endpoint."""
        return f"http://127.0.0.1:{self.settings.health_port}{HEALTH_PATH}"

    @property
    def registered_secret(self) -> str:
        """The secret the bot registered with setWebhook (what Telegram sends back)."""
        secret = self.emulator.calls_to("setWebhook")[-1].params["secret_token"]
        assert isinstance(secret, str)
        return secret

    async def start(self) -> None:
        """Start as ``migraine-bot run`` does, without its signal handling."""
        application = build_application(
            self.settings,
            token=self.emulator.token,
            request=HTTPXRequest(httpx_kwargs={"transport": self.emulator.transport()}),
            get_updates_request=HTTPXRequest(
                httpx_kwargs={"transport": self.emulator.transport()}
            ),
            clock=self.clock,
        )
        assert application.job_queue is not None
        for job in application.job_queue.jobs():  # the tests run dispatcher ticks themselves
            job.schedule_removal()
        port = self.settings.health_port
        assert port is not None
        attach_health_server(application, listen=self.settings.health_listen, port=port)
        ready = asyncio.Event()
        self._task = asyncio.create_task(
            run_bot(application, self.settings, stop=self._stop, ready=ready)
        )
        ready_wait = asyncio.create_task(ready.wait())
        await asyncio.wait({self._task, ready_wait}, return_when=asyncio.FIRST_COMPLETED)
        if not ready.is_set():
            ready_wait.cancel()
            self._task.result()  # start-up failed: raise its error here
        self._application = application

    async def stop(self) -> None:
        """Stop as ``migraine-bot run`` does on SIGTERM."""
        self._application = None
        self._stop.set()
        if self._task is not None:
            await self._task
        await self._http.aclose()

    async def post(self, update: dict[str, Any], *, secret: str | None = None) -> httpx.Response:
        """POST ``update`` to the webhook as Telegram does, with ``secret`` in the header."""
        headers = {SECRET_HEADER.encode(): secret.encode()} if secret is not None else {}
        return await self._http.post(self.webhook_endpoint, json=update, headers=headers)

    async def deliver(self, action: UserAction, user: SimUser) -> list[SentMessage]:
        """Deliver a user's action with the right secret; wait until handled; return replies."""
        response = await self.post(action.update, secret=self.registered_secret)
        assert response.status_code == 200, response.text
        await self.handled()
        return user.messages_since(action.marker)

    async def handled(self) -> None:
        """Wait until every update this process accepted is handled."""
        await self.application.update_queue.join()

    async def health(self) -> httpx.Response:
        """GET the health endpoint."""
        return await self._http.get(self.health_endpoint)

    async def tick(self) -> int:
        """One reminder-dispatcher tick, waiting until its messages are sent."""
        queued = await dispatch_once(self.application)
        await outbox_of(self.application).join()
        return queued

    async def __aenter__(self) -> WebhookBot:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()
