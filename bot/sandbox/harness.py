"""The real bot application running against the emulator: for tests, the chat and benchmarks.

:class:`SandboxBot` builds the application with :func:`bot.app.build_application`, plugs the
emulator in (in-process through httpx's ``MockTransport``, or over a loopback port), starts
polling, and lets a caller wait until an update it injected has been fully handled.
"""

from __future__ import annotations

import asyncio
from types import TracebackType
from typing import Literal

from telegram import Update
from telegram.request import HTTPXRequest

from bot.app import build_application, register_commands
from bot.clock import Clock
from bot.config import Settings
from bot.handlers.base import BotApplication
from bot.handlers.data import running_imports
from bot.jobs import dispatch_once, outbox_of
from bot.replies import ReplyRetry
from bot.sandbox.chats import SentMessage
from bot.sandbox.emulator import BotApiEmulator, SupportsUpdateId
from bot.sandbox.users import SimUser, UserAction
from bot.storage.database import Database

Mode = Literal["memory", "loopback"]
POLL_TIMEOUT_SECONDS = 10
# A guard against a bot that stopped handling updates, never a measure of speed: a busy
# machine (CI on two cores) must never reach it.
HANDLED_TIMEOUT_SECONDS = 120.0


class SandboxBot:
    """One running instance of the bot, talking to an emulator instead of Telegram."""

    def __init__(
        self,
        settings: Settings,
        *,
        emulator: BotApiEmulator,
        clock: Clock | None = None,
        database: Database | None = None,
        mode: Mode = "memory",
        background_jobs: bool = False,
        reply_retry: ReplyRetry | None = None,
    ) -> None:
        self.settings = settings
        self.emulator = emulator
        self.clock = clock
        self.database = database
        self.mode = mode
        # Tests drive the repeating jobs themselves (deterministically); the chat lets them run.
        self.background_jobs = background_jobs
        self.reply_retry = reply_retry
        self._application: BotApplication | None = None

    @property
    def application(self) -> BotApplication:
        """The running PTB application."""
        if self._application is None:
            raise RuntimeError("the sandbox bot is not running")
        return self._application

    async def start(self) -> None:
        """Build the application against the emulator and start polling."""
        settings = self.settings
        if self.mode == "loopback":
            await self.emulator.serve()
            settings = settings.model_copy(
                update={
                    "telegram_api_base_url": self.emulator.base_url,
                    "telegram_file_base_url": self.emulator.base_file_url,
                }
            )
            request, polling = HTTPXRequest(), HTTPXRequest()
        else:
            request = HTTPXRequest(httpx_kwargs={"transport": self.emulator.transport()})
            polling = HTTPXRequest(httpx_kwargs={"transport": self.emulator.transport()})
        application = build_application(
            settings,
            token=self.emulator.token,
            request=request,
            get_updates_request=polling,
            clock=self.clock,
            database=self.database,
            reply_retry=self.reply_retry,
        )
        if not self.background_jobs and application.job_queue is not None:
            for job in application.job_queue.jobs():
                job.schedule_removal()
        await application.initialize()
        await register_commands(application.bot)
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        await application.updater.start_polling(
            poll_interval=0, timeout=POLL_TIMEOUT_SECONDS, allowed_updates=Update.ALL_TYPES
        )
        await application.start()
        self._application = application

    async def stop(self) -> None:
        """Stop polling and shut the application down (as on SIGTERM)."""
        application = self._application
        if application is None:
            return
        self._application = None
        self.emulator.gates.release_all()
        assert application.updater is not None
        if application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        if application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)
        if self.mode == "loopback":
            await self.emulator.stop_serving()

    async def tick(self, *, drain: bool = True) -> int:
        """Run one reminder-dispatcher tick now; by default wait until its messages are sent.

        Returns how many messages the tick queued.
        """
        queued = await dispatch_once(self.application)
        if drain:
            await self.drain()
        return queued

    async def drain(self) -> None:
        """Wait until the outbox has sent everything queued."""
        await outbox_of(self.application).join()

    async def handled(self, update: int | SupportsUpdateId) -> None:
        """Wait until ``update`` was fetched by polling and every queued update is handled."""
        await self.emulator.wait_handled(
            update, self.application.update_queue, HANDLED_TIMEOUT_SECONDS
        )

    async def say(self, user: SimUser, text: str) -> list[SentMessage]:
        """Send ``text`` as ``user``; return what the bot sent or edited in reply."""
        return await self._settle(user, user.send_text(text))

    async def tap(
        self, user: SimUser, label: str, *, message: SentMessage | None = None
    ) -> list[SentMessage]:
        """Press the inline button labelled ``label`` (on the newest keyboard or ``message``)."""
        return await self._settle(user, user.press(label, message=message))

    async def send_document(
        self, user: SimUser, filename: str, content: bytes
    ) -> list[SentMessage]:
        """Send a file as ``user``; return what the bot sent in reply (an import included)."""
        action = user.send_document(filename, content)
        await self.handled(action)
        await self.imports_done()
        return user.messages_since(action.marker)

    async def imports_done(self) -> None:
        """Wait until every import running in the background has finished."""
        async with asyncio.timeout(HANDLED_TIMEOUT_SECONDS):
            while imports := running_imports(self.application):
                await asyncio.wait(set(imports))

    async def tap_reply(self, user: SimUser, label: str) -> list[SentMessage]:
        """Tap a button of the persistent reply keyboard."""
        return await self._settle(user, user.tap_reply_button(label))

    async def press_data(self, user: SimUser, message_id: int, data: str) -> list[SentMessage]:
        """Press a button with raw ``data`` on message ``message_id`` (stale or forged too)."""
        return await self._settle(user, user.press_data(message_id, data))

    async def _settle(self, user: SimUser, action: UserAction) -> list[SentMessage]:
        await self.handled(action)
        return user.messages_since(action.marker)

    async def __aenter__(self) -> SandboxBot:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()
