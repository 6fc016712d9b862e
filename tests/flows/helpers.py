"""Small helpers for reading what the bot showed a simulated user."""

from __future__ import annotations

from sqlmodel import Session

from bot.sandbox import SentMessage
from bot.sandbox.harness import SandboxBot
from bot.services.context import ServiceContext


def texts(messages: list[SentMessage]) -> list[str]:
    """The text (or caption) of each message."""
    return [message.text or message.caption or "" for message in messages]


def db_session(bot: SandboxBot) -> Session:
    """A session on the running bot's database, for asserting on stored rows."""
    services = bot.application.bot_data["services"]
    assert isinstance(services, ServiceContext)
    return Session(services.database.engine)
