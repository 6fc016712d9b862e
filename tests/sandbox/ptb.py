"""Wiring a real python-telegram-bot ``Bot`` / ``Application`` to the emulator, in either mode."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any, Literal

from telegram import Bot
from telegram.ext import Application, ApplicationBuilder
from telegram.request import HTTPXRequest

from bot.sandbox import BotApiEmulator

Mode = Literal["memory", "loopback"]
TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
TELEGRAM_FILE_URL = "https://api.telegram.org/file/bot"
AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def make_request(emulator: BotApiEmulator, mode: Mode, *, read_timeout: float) -> HTTPXRequest:
    """Return a request object talking to the emulator in-process or over loopback HTTP."""
    if mode == "memory":
        return HTTPXRequest(
            read_timeout=read_timeout, httpx_kwargs={"transport": emulator.transport()}
        )
    return HTTPXRequest(read_timeout=read_timeout)


def urls(emulator: BotApiEmulator, mode: Mode) -> tuple[str, str]:
    """Return ``(base_url, base_file_url)``: Telegram's in memory mode, the server's otherwise."""
    if mode == "memory":
        return TELEGRAM_BASE_URL, TELEGRAM_FILE_URL
    return emulator.base_url, emulator.base_file_url


def make_bot(
    emulator: BotApiEmulator, mode: Mode, *, token: str | None = None, read_timeout: float = 5.0
) -> Bot:
    """Return an uninitialised ``telegram.Bot`` pointed at the emulator."""
    base_url, base_file_url = urls(emulator, mode)
    return Bot(
        token or emulator.token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=make_request(emulator, mode, read_timeout=read_timeout),
        get_updates_request=make_request(emulator, mode, read_timeout=read_timeout),
    )


def make_application(emulator: BotApiEmulator, mode: Mode) -> AnyApplication:
    """Return an application built the production way, pointed at the emulator."""
    base_url, base_file_url = urls(emulator, mode)
    return (
        ApplicationBuilder()
        .token(emulator.token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .request(make_request(emulator, mode, read_timeout=5.0))
        .get_updates_request(make_request(emulator, mode, read_timeout=5.0))
        .build()
    )


@contextlib.asynccontextmanager
async def polling(application: AnyApplication) -> AsyncIterator[AnyApplication]:
    """Run ``application`` with long polling for the duration of the block."""
    async with application:
        assert application.updater is not None
        await application.updater.start_polling(timeout=10)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
