"""The Bot API emulator: state, recording, fault injection and method dispatch.

One :class:`BotApiEmulator` stands in for Telegram. Plug it into python-telegram-bot with
``HTTPXRequest(httpx_kwargs={"transport": emulator.transport()})`` or serve it on a loopback port
with :meth:`BotApiEmulator.serve`; act as users with :meth:`BotApiEmulator.user`. The Bot API
methods themselves live in :mod:`bot.sandbox.methods`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from bot.sandbox.api_errors import ApiError, not_found, unauthorized
from bot.sandbox.chats import PrivateChat, SentMessage, StoredFile, UserProfile
from bot.sandbox.faults import Fault, FaultKind, FaultPlan
from bot.sandbox.gates import GatePlan
from bot.sandbox.methods import ApiMethods
from bot.sandbox.transport import build_transport
from bot.sandbox.updates import UpdateStream
from bot.sandbox.users import SimUser
from bot.sandbox.wire import JsonDict, UploadedFile

if TYPE_CHECKING:
    from bot.sandbox.server import LoopbackServer

DEFAULT_TOKEN = "123456789:SANDBOX-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
CALLBACK_QUERY_ID_BASE = 4_000_000_000_000_000_000  # Telegram's ids are long numeric strings
MessageObserver = Callable[[SentMessage], None]


class SupportsUpdateId(Protocol):
    """Anything carrying an ``update_id``, e.g. :class:`bot.sandbox.users.UserAction`."""

    @property
    def update_id(self) -> int:
        """Return the update's id."""


@dataclass(frozen=True)
class ApiCall:
    """One recorded Bot API request (failed ones included)."""

    method: str
    params: JsonDict
    chat_id: int | None
    at: float = field(compare=False)


# How long ``wait_acknowledged``/``wait_handled`` wait by default: a guard against a bot that
# stopped polling, not a measure of speed, so a busy machine never reaches it.
ACKNOWLEDGE_TIMEOUT = 120.0


class BotApiEmulator:
    """An in-process fake of the Telegram Bot API for tests, the terminal chat and benchmarks."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "sandbox_diary_bot",
        bot_first_name: str = "Migraine Diary",
        clock: Callable[[], float] = time.time,
        latency: float = 0.0,
        timeout_delay: float = 30.0,
    ) -> None:
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.clock = clock
        self.latency = latency
        """Seconds added before every answer (for benchmarks)."""
        self.timeout_delay = timeout_delay
        """Seconds a loopback answer is held back when a ``timeout`` fault fires."""
        self.calls: list[ApiCall] = []
        self.unknown_calls: list[ApiCall] = []
        self.updates = UpdateStream()
        self.chats: dict[int, PrivateChat] = {}
        self.files: dict[str, StoredFile] = {}
        self.faults = FaultPlan()
        self.gates = GatePlan()
        """Hold calls until a test releases them; events for answered calls (bot.sandbox.gates)."""
        self.observers: list[MessageObserver] = []
        self._methods = ApiMethods(self)
        self._server: LoopbackServer | None = None
        self._callback_queries_opened = 0

    # -- identity -------------------------------------------------------------------------

    def bot_user(self) -> JsonDict:
        """Return the bot's own ``User`` object, as ``getMe`` answers."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_first_name,
            "username": self.bot_username,
            "can_join_groups": False,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def now(self) -> int:
        """Return the current Unix time in whole seconds, as message dates are."""
        return int(self.clock())

    # -- users and chats ------------------------------------------------------------------

    def user(
        self,
        user_id: int = 1001,
        first_name: str = "Ann",
        *,
        language_code: str | None = "en",
        username: str | None = None,
        last_name: str | None = None,
        started: bool = False,
    ) -> SimUser:
        """Return a simulated user with a private chat (``started`` if it already wrote)."""
        chat = self.chats.get(user_id)
        if chat is None:
            profile = UserProfile(user_id, first_name, last_name, username, language_code)
            chat = self.chats[user_id] = PrivateChat(user=profile)
        chat.started = chat.started or started
        return SimUser(self, chat)

    def open_callback_query(self, chat_id: int) -> str:
        """Return a fresh callback query id from ``chat_id``; it can be answered once."""
        self._callback_queries_opened += 1
        query_id = str(CALLBACK_QUERY_ID_BASE + self._callback_queries_opened)
        self._methods.open_callback_queries[query_id] = chat_id
        return query_id

    def notify(self, message: SentMessage) -> None:
        """Tell observers (e.g. the terminal chat) that the bot sent, edited or deleted one."""
        for observer in self.observers:
            observer(message)

    # -- recording and faults -------------------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        error: FaultKind,
        times: int = 1,
        chat_id: int | None = None,
        retry_after: int = 1,
        description: str | None = None,
    ) -> None:
        """Make the next ``times`` calls of ``method`` (to ``chat_id``, if given) fail."""
        self.faults.add(Fault(method, error, times, chat_id, retry_after, description))

    def calls_to(self, method: str) -> list[ApiCall]:
        """Return the recorded calls of one method."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    # -- updates --------------------------------------------------------------------------

    @property
    def pending_updates(self) -> int:
        """Return how many updates the bot has not acknowledged yet."""
        return self.updates.pending_count

    async def wait_acknowledged(
        self,
        update_id: int | SupportsUpdateId,
        timeout: float = ACKNOWLEDGE_TIMEOUT,  # noqa: ASYNC109 (a number reads best in tests)
    ) -> None:
        """Return once a ``getUpdates`` call acknowledged the update (it is in PTB's queue)."""
        wanted = update_id if isinstance(update_id, int) else update_id.update_id
        try:
            await self.updates.wait_acknowledged(wanted, timeout)
        except TimeoutError:
            raise TimeoutError(
                f"update {wanted} was not acknowledged within {timeout} s "
                f"({self.pending_updates} pending); is the application polling?"
            ) from None

    async def wait_handled(
        self,
        update_id: int | SupportsUpdateId,
        update_queue: asyncio.Queue[Any],
        timeout: float = ACKNOWLEDGE_TIMEOUT,  # noqa: ASYNC109 (a number reads best in tests)
    ) -> None:
        """Wait until the update is acknowledged and the application's queue is drained."""
        await self.wait_acknowledged(update_id, timeout)
        async with asyncio.timeout(timeout):
            await update_queue.join()

    # -- HTTP entry points ----------------------------------------------------------------

    async def handle(
        self,
        method: str,
        params: JsonDict,
        files: dict[str, UploadedFile] | None = None,
        *,
        token: str | None = None,
    ) -> tuple[int, JsonDict]:
        """Answer one Bot API call with ``(http_status, json_body)``.

        Raises:
            SimulatedTimeoutError: A ``timeout`` fault fired; the adapter makes the client wait.
            SimulatedConnectionError: A connection fault fired; the adapter drops the connection.
        """
        call = ApiCall(method, dict(params), _chat_id_of(params), time.monotonic())
        self.calls.append(call)
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            if token is not None and token != self.token:
                raise unauthorized() if ":" in token else not_found()
            fault = self.faults.take(method, call.chat_id)
            if fault is not None and not fault.after_delivery:
                raise fault.error()
            implementation = self._methods.find(method)
            if implementation is None:
                self.unknown_calls.append(call)
                raise not_found(f"method {method} is not emulated")
            await self.gates.pass_through(method, call.chat_id)
            result = await implementation(params, files or {})
        except ApiError as error:
            return error.status, error.payload()
        if fault is not None:  # the call took effect; its answer is lost on the way back
            raise fault.error()
        self.gates.done(method, call.chat_id)
        return 200, {"ok": True, "result": result}

    def file_content(self, token: str, file_path: str) -> bytes | None:
        """Return the bytes behind a ``getFile`` path, or ``None``."""
        if token != self.token:
            return None
        for stored in self.files.values():
            if stored.file_path == file_path:
                return stored.content
        return None

    def transport(self) -> httpx.MockTransport:
        """Return an httpx transport answering in-process: pass it to ``HTTPXRequest``."""
        return build_transport(self)

    async def serve(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve the Bot API over HTTP on the running loop; return the ``base_url``."""
        from bot.sandbox.server import LoopbackServer  # noqa: PLC0415 (tornado only when serving)

        if self._server is not None:
            raise RuntimeError("the emulator is already serving")
        self.updates.reopen()
        self._server = LoopbackServer(self)
        return await self._server.start(host, port)

    @property
    def base_url(self) -> str:
        """Return the loopback ``base_url`` while serving (for ``Application.builder()``)."""
        return self._require_server().base_url

    @property
    def base_file_url(self) -> str:
        """Return the loopback ``base_file_url`` while serving."""
        return self._require_server().base_file_url

    async def stop_serving(self) -> None:
        """Stop the loopback server, answering any waiting long poll at once."""
        if self._server is None:
            return
        server, self._server = self._server, None
        self.updates.close()
        await server.stop()

    def _require_server(self) -> LoopbackServer:
        if self._server is None:
            raise RuntimeError("the emulator is not serving; await serve() first")
        return self._server


def _chat_id_of(params: JsonDict) -> int | None:
    value = params.get("chat_id")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None
