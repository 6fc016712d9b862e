"""The in-process adapter: an httpx transport that answers from the emulator.

Use it with python-telegram-bot as
``HTTPXRequest(httpx_kwargs={"transport": emulator.transport()})``; no socket is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qs

import httpx

from bot.sandbox.api_errors import SimulatedConnectionError, SimulatedTimeoutError
from bot.sandbox.routing import route

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator


def build_transport(emulator: BotApiEmulator) -> httpx.MockTransport:
    """Return an ``httpx.MockTransport`` whose async handler calls the emulator."""

    async def answer(request: httpx.Request) -> httpx.Response:
        try:
            reply = await route(
                emulator,
                path=request.url.path,
                content_type=request.headers.get("content-type", ""),
                body=await request.aread(),
                query=parse_qs(request.url.query.decode(), keep_blank_values=True),
            )
        except SimulatedTimeoutError as error:
            raise httpx.ReadTimeout(f"simulated timeout of {error}", request=request) from None
        except SimulatedConnectionError as error:
            if error.reached:
                raise httpx.RemoteProtocolError(
                    f"simulated: server disconnected without answering {error}", request=request
                ) from None
            raise httpx.ConnectError(
                f"simulated: connection refused for {error}", request=request
            ) from None
        return httpx.Response(
            reply.status, content=reply.body, headers={"content-type": reply.content_type}
        )

    return httpx.MockTransport(answer)
