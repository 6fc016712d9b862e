"""An in-process fake of the Telegram Bot API for tests, the terminal chat and benchmarks."""

from bot.sandbox.chats import Alert, SentMessage, StoredFile
from bot.sandbox.emulator import DEFAULT_TOKEN, ApiCall, BotApiEmulator
from bot.sandbox.users import SimUser, UserAction

__all__ = [
    "DEFAULT_TOKEN",
    "Alert",
    "ApiCall",
    "BotApiEmulator",
    "SentMessage",
    "SimUser",
    "StoredFile",
    "UserAction",
]
