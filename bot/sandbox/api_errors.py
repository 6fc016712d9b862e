"""The errors the emulated Bot API answers with, worded as Telegram words them."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A failed Bot API call: HTTP status, Telegram's description, optional parameters."""

    def __init__(self, status: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """Return the JSON body Telegram sends for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class SimulatedTimeoutError(Exception):
    """Raised instead of answering, so the adapter can make the client time out."""


class SimulatedConnectionError(Exception):
    """Raised instead of answering, so the adapter can drop the connection.

    ``reached`` says whether the request got to the server (a reset before the answer) or not
    (a refused connection: the in-process adapter raises ``httpx.ConnectError``).
    """

    def __init__(self, method: str, *, reached: bool) -> None:
        super().__init__(method)
        self.reached = reached


def bad_request(detail: str) -> ApiError:
    """Return a 400 error, e.g. ``bad_request("chat not found")``."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """Return a 403 error, e.g. ``forbidden("bot was blocked by the user")``."""
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """Return a 429 error carrying ``retry_after`` seconds."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def server_error() -> ApiError:
    """Return a 500 error, as Telegram answers when it is having a bad day."""
    return ApiError(500, "Internal Server Error")


def bad_gateway() -> ApiError:
    """Return a 502 error, as a proxy in front of the Bot API answers when it lost it."""
    return ApiError(502, "Bad Gateway")


def not_found(detail: str | None = None) -> ApiError:
    """Return a 404 error (unknown method or malformed token)."""
    return ApiError(404, f"Not Found: {detail}" if detail else "Not Found")


def unauthorized() -> ApiError:
    """Return a 401 error, as for a well-formed token Telegram does not know."""
    return ApiError(401, "Unauthorized")
