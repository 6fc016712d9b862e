"""Turning an HTTP request into an emulator call, shared by the transport and the server.

Paths follow Telegram: ``/bot<token>/<method>`` for API calls and
``/file/bot<token>/<file_path>`` for downloads.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.sandbox.api_errors import not_found
from bot.sandbox.wire import HttpReply, MalformedRequestError, decode_request, encode_json

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

_API_PATH = re.compile(r"^/bot(?P<token>[^/]*)/(?P<method>[^/]*)$")
_FILE_PATH = re.compile(r"^/file/bot(?P<token>[^/]*)/(?P<path>.+)$")


async def route(
    emulator: BotApiEmulator,
    *,
    path: str,
    content_type: str,
    body: bytes,
    query: dict[str, list[str]],
) -> HttpReply:
    """Answer one HTTP request to the emulated Bot API (raises ``SimulatedTimeoutError``)."""
    file_match = _FILE_PATH.match(path)
    if file_match is not None:
        content = emulator.file_content(file_match["token"], file_match["path"])
        if content is None:
            return encode_json(404, not_found().payload())
        return HttpReply(200, content, "application/octet-stream")
    api_match = _API_PATH.match(path)
    if api_match is None:
        return encode_json(404, not_found().payload())
    try:
        params, files = decode_request(content_type, body, query)
    except MalformedRequestError as error:
        return encode_json(400, {"ok": False, "error_code": 400, "description": str(error)})
    status, payload = await emulator.handle(
        api_match["method"], params, files, token=api_match["token"]
    )
    return encode_json(status, payload)
