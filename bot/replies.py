"""Interactive replies are retried within a short budget when Telegram or the network hiccups.

A reply to what a user just did (``sendMessage``, ``editMessageText``,
``editMessageReplyMarkup``, ``answerCallbackQuery``) that fails with ``429 Too Many Requests``
(after its ``retry_after``), a ``5xx``, a timeout or a dropped connection is tried again, a few
times within :data:`REPLY_RETRY_BUDGET_SECONDS`, so a passing failure does not lose it. The
data is always saved before the reply is sent; what is at stake is only the user seeing it.

What may have arrived is never sent twice, and never apologised for:

* A failure *before* the request left (a refused connection, a connect or pool timeout) and an
  error Telegram answered (429, 5xx) did not deliver anything: retried.
* A timeout or dropped connection *after* the request left is ambiguous: Telegram may have
  delivered it. Edits and callback answers are idempotent, so they are retried; an edit that
  already arrived then answers "message is not modified" (the handlers treat that as done) and
  a callback answer "query ID is invalid" (treated here as done). A ``sendMessage`` is *not*
  retried, because Telegram has no idempotency key and a duplicate message is worse than a
  missing one: everything is saved, the next tap or message shows the current state, and the
  user is not told "something went wrong" about a reply they may be reading
  (:class:`DeliveryUnknown`, logged as a warning).

Bulk sends (reminders) go through the paced outbox, which has its own retry policy: it marks
its sends with :func:`bulk_sending`, and this layer leaves them alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from http import HTTPStatus

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

logger = logging.getLogger(__name__)

# A user waiting for a reply notices after a few seconds; beyond this the reply is given up
# (and, if nothing can have arrived, the error handler apologises).
REPLY_RETRY_BUDGET_SECONDS = 5.0
MAX_REPLY_ATTEMPTS = 4
FIRST_RETRY_DELAY_SECONDS = 0.25  # doubled after each failed attempt
RETRIED_METHODS = frozenset(
    {"sendmessage", "editmessagetext", "editmessagereplymarkup", "answercallbackquery"}
)
# Sending these twice changes nothing the user sees.
IDEMPOTENT_METHODS = frozenset(
    {"editmessagetext", "editmessagereplymarkup", "answercallbackquery"}
)
QUERY_ALREADY_ANSWERED = "query id is invalid"
# httpx errors raised before a byte of the request reached Telegram: nothing was delivered.
NOT_SENT_ERRORS = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
ANSWERED_TRUE = json.dumps({"ok": True, "result": True}).encode()

Sleep = Callable[[float], Awaitable[object]]

_bulk: ContextVar[bool] = ContextVar("bulk_sending", default=False)


@contextlib.contextmanager
def bulk_sending() -> Iterator[None]:
    """Mark the sends inside as the outbox's (paced and retried there, not here)."""
    token = _bulk.set(True)
    try:
        yield
    finally:
        _bulk.reset(token)


class DeliveryUnknown(TimedOut):
    """A ``sendMessage`` timed out after it left: it may have arrived, so it is not resent."""

    def __init__(self) -> None:
        super().__init__("the reply may or may not have arrived; not sent again")


@dataclass(frozen=True)
class ReplyRetry:
    """How replies are retried; tests pass a ``sleep`` that does not wait."""

    budget_seconds: float = REPLY_RETRY_BUDGET_SECONDS
    max_attempts: int = MAX_REPLY_ATTEMPTS
    first_delay: float = FIRST_RETRY_DELAY_SECONDS
    sleep: Sleep = field(default=asyncio.sleep)


def _method_of(url: str) -> str:
    return url.rsplit("/", 1)[-1].lower()


def _retry_after(body: bytes) -> float | None:
    try:
        parameters = json.loads(body).get("parameters") or {}
        value = parameters.get("retry_after")
    except (ValueError, AttributeError):
        return None
    return float(value) if isinstance(value, int | float) else None


def _sent(error: NetworkError) -> bool:
    """Whether the failed request may have reached Telegram (so it may have been applied)."""
    return not isinstance(error.__cause__, NOT_SENT_ERRORS)


class RetryingRequest(BaseRequest):
    """Wraps the bot's request object and retries interactive replies (see the module doc)."""

    def __init__(self, inner: BaseRequest, policy: ReplyRetry | None = None) -> None:
        self.inner = inner
        self.policy = policy or ReplyRetry()

    @property
    def read_timeout(self) -> float | None:
        """The wrapped request's default read timeout."""
        return self.inner.read_timeout

    async def initialize(self) -> None:
        """Initialize the wrapped request."""
        await self.inner.initialize()

    async def shutdown(self) -> None:
        """Shut the wrapped request down."""
        await self.inner.shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send the request, retrying an interactive reply within the budget."""

        async def attempt() -> tuple[int, bytes]:
            return await self.inner.do_request(
                url,
                method,
                request_data,
                read_timeout,  # type: ignore[arg-type]
                write_timeout,  # type: ignore[arg-type]
                connect_timeout,  # type: ignore[arg-type]
                pool_timeout,  # type: ignore[arg-type]
            )

        api_method = _method_of(url)
        if api_method not in RETRIED_METHODS or _bulk.get():
            return await attempt()
        return await self._with_retries(api_method, attempt)

    async def _with_retries(
        self, api_method: str, attempt: Callable[[], Awaitable[tuple[int, bytes]]]
    ) -> tuple[int, bytes]:
        policy = self.policy
        loop = asyncio.get_running_loop()
        spent = 0.0
        delay = policy.first_delay
        may_have_arrived = False
        for number in range(1, policy.max_attempts + 1):
            last = number == policy.max_attempts
            started = loop.time()
            try:
                code, body = await attempt()
            except NetworkError as error:
                spent += loop.time() - started
                if _sent(error) and api_method not in IDEMPOTENT_METHODS:
                    logger.warning(
                        "%s: %s after it was sent; not sending it again", api_method, error
                    )
                    raise DeliveryUnknown from error
                may_have_arrived = may_have_arrived or _sent(error)
                if last or spent + delay > policy.budget_seconds:
                    raise
                wait, reason = delay, str(error) or type(error).__name__
            else:
                spent += loop.time() - started
                if (
                    code == HTTPStatus.BAD_REQUEST
                    and may_have_arrived
                    and api_method == "answercallbackquery"
                    and QUERY_ALREADY_ANSWERED in body.decode(errors="replace").lower()
                ):
                    return HTTPStatus.OK, ANSWERED_TRUE  # the earlier attempt answered it
                if code == HTTPStatus.TOO_MANY_REQUESTS:
                    wait = _retry_after(body) or delay
                    reason = f"flood control, retry after {wait:g} s"
                elif code >= HTTPStatus.INTERNAL_SERVER_ERROR:
                    wait, reason = delay, f"HTTP {code}"
                else:
                    return code, body
                if last or spent + wait > policy.budget_seconds:
                    return code, body
            logger.warning(
                "%s failed (%s); retrying in %.2f s (attempt %d of %d)",
                api_method,
                reason,
                wait,
                number + 1,
                policy.max_attempts,
            )
            await policy.sleep(wait)
            spent += wait
            delay *= 2
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover
