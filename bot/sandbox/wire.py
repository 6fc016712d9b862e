"""Decoding Bot API requests and encoding Bot API answers, as Telegram's servers do.

A client such as python-telegram-bot sends parameters as a form (URL-encoded or multipart) in
which strings travel as they are and every other value (numbers, booleans, objects such as
``reply_markup``) is JSON-encoded; or as one JSON object. :func:`decode_request` turns either
into plain Python values plus the uploaded files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tornado.httputil import HTTPInputError, parse_body_arguments

JsonDict = dict[str, Any]

# Bot API parameters whose value is a string, so a form value like "123" or "true" stays text.
STRING_PARAMETERS = frozenset(
    {
        "action",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "data",
        "description",
        "document",
        "file_id",
        "inline_message_id",
        "ip_address",
        "language_code",
        "message_effect_id",
        "parse_mode",
        "photo",
        "secret_token",
        "short_description",
        "text",
        "thumbnail",
        "url",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """One file sent as a multipart part."""

    filename: str
    content: bytes
    mime_type: str


@dataclass(frozen=True)
class HttpReply:
    """An HTTP answer: status, body and content type."""

    status: int
    body: bytes
    content_type: str = "application/json"


class MalformedRequestError(ValueError):
    """The request body could not be decoded."""


def decode_value(name: str, raw: str) -> Any:
    """Decode one form value: JSON unless the parameter is a string parameter."""
    if name in STRING_PARAMETERS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def decode_request(
    content_type: str, body: bytes, query: dict[str, list[str]] | None = None
) -> tuple[JsonDict, dict[str, UploadedFile]]:
    """Decode a request's query string and body into parameters and uploaded files."""
    params: JsonDict = {
        name: decode_value(name, values[-1]) for name, values in (query or {}).items() if values
    }
    files: dict[str, UploadedFile] = {}
    if not body:
        return params, files
    if content_type.startswith("application/json"):
        try:
            decoded = json.loads(body)
        except ValueError as error:
            raise MalformedRequestError(f"invalid JSON body: {error}") from error
        if not isinstance(decoded, dict):
            raise MalformedRequestError("a JSON body must be an object")
        params.update(decoded)
        return params, files
    arguments: dict[str, list[bytes]] = {}
    parts: dict[str, list[Any]] = {}
    try:
        parse_body_arguments(content_type, body, arguments, parts)
    except HTTPInputError as error:
        raise MalformedRequestError(str(error)) from error
    for name, values in arguments.items():
        params[name] = decode_value(name, values[-1].decode("utf-8", "replace"))
    for name, uploads in parts.items():
        upload = uploads[-1]
        files[name] = UploadedFile(
            filename=str(upload.filename),
            content=bytes(upload.body),
            mime_type=str(upload.content_type),
        )
    return params, files


def encode_json(status: int, payload: JsonDict) -> HttpReply:
    """Encode a Bot API answer as JSON."""
    return HttpReply(status=status, body=json.dumps(payload, ensure_ascii=False).encode())
