"""The loopback adapter: a tornado HTTP server answering from the emulator.

It runs on the caller's asyncio loop, so a bot configured with ``base_url=emulator.base_url``
talks to the emulator over real HTTP, as it would to Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING
from urllib.parse import unquote

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application, RequestHandler

from bot.sandbox.api_errors import SimulatedConnectionError, SimulatedTimeoutError
from bot.sandbox.routing import route

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator


class _BotApiHandler(RequestHandler):
    """Hands every request to :func:`bot.sandbox.routing.route`."""

    def initialize(self, server: LoopbackServer) -> None:
        self.server = server

    def check_xsrf_cookie(self) -> None:
        """Accept every POST, as the Bot API does."""

    async def get(self, path: str) -> None:
        await self._answer()

    async def post(self, path: str) -> None:
        await self._answer()

    async def _answer(self) -> None:
        emulator = self.server.emulator
        try:
            reply = await route(
                emulator,
                path=unquote(self.request.path),
                content_type=self.request.headers.get("Content-Type", ""),
                body=self.request.body,
                query={
                    name: [value.decode() for value in values]
                    for name, values in self.request.query_arguments.items()
                },
            )
        except SimulatedTimeoutError:
            # Hold the answer back so the client's read timeout fires first.
            await self.server.sleep(emulator.timeout_delay)
            self.set_status(504)
            self.finish({"ok": False, "error_code": 504, "description": "Gateway Timeout"})
            return
        except SimulatedConnectionError:
            # Over a socket both kinds look the same to the client: closed without an answer.
            self._auto_finish = False
            if self.request.connection is not None:
                self.request.connection.close()  # type: ignore[attr-defined]
            return
        self.set_status(reply.status)
        self.set_header("Content-Type", reply.content_type)
        self.finish(reply.body)

    def on_connection_close(self) -> None:
        """Nothing to clean up: pending updates stay until a later ``getUpdates`` takes them."""


class LoopbackServer:
    """A tornado server for one emulator, bound to a loopback port."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self._http: HTTPServer | None = None
        self._stopping = asyncio.Event()
        self.base_url = ""
        self.base_file_url = ""

    async def start(self, host: str, port: int) -> str:
        """Start listening; return the ``base_url`` (``http://host:port/bot``)."""
        application = Application(
            [(r"(/.*)", _BotApiHandler, {"server": self})], log_function=_no_access_log
        )
        sockets = bind_sockets(port, host)
        bound_port = sockets[0].getsockname()[1]
        self._http = HTTPServer(application, max_body_size=50 * 1024 * 1024)
        self._http.add_sockets(sockets)
        root = f"http://{host}:{bound_port}"
        self.base_url = f"{root}/bot"
        self.base_file_url = f"{root}/file/bot"
        return self.base_url

    async def sleep(self, seconds: float) -> None:
        """Sleep, waking early when the server stops."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def stop(self) -> None:
        """Stop listening and close every connection."""
        self._stopping.set()
        if self._http is None:
            return
        http, self._http = self._http, None
        http.stop()
        await http.close_all_connections()

    def __repr__(self) -> str:
        return f"LoopbackServer({self.base_url!r})"


def _no_access_log(handler: RequestHandler) -> None:
    """Keep tornado quiet: every call is recorded in ``BotApiEmulator.calls`` instead."""
