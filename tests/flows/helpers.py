"""Small helpers for reading what the bot showed a simulated user."""

from __future__ import annotations

from sqlmodel import Session, col, select

from bot.sandbox import SentMessage, SimUser
from bot.sandbox.harness import SandboxBot
from bot.services.context import ServiceContext
from bot.storage.models import Attack, User


def texts(messages: list[SentMessage]) -> list[str]:
    """The text (or caption) of each message."""
    return [message.text or message.caption or "" for message in messages]


def db_session(bot: SandboxBot) -> Session:
    """A session on the running bot's database, for asserting on stored rows."""
    services = bot.application.bot_data["services"]
    assert isinstance(services, ServiceContext)
    return Session(services.database.engine)


async def onboard(
    bot: SandboxBot, user: SimUser, zone: str = "Europe/Berlin", checkin: str = "21:00 ✓"
) -> None:
    """Finish /start for ``user`` with a typed timezone and a check-in button."""
    await bot.say(user, "/start")
    await bot.say(user, zone)
    await bot.tap(user, checkin)


def attack_rows(bot: SandboxBot, telegram_id: int) -> list[Attack]:
    """The user's stored attacks, oldest start first."""
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == telegram_id)).one()
        return list(
            session.exec(
                select(Attack).where(Attack.user_id == user.id).order_by(col(Attack.started_at))
            )
        )


async def recap_off(bot: SandboxBot, user: SimUser) -> None:
    """Turn the weekly recap off through /settings (for tests about other reminders)."""
    await bot.say(user, "/settings")
    await bot.tap(user, "Weekly recap")
    await bot.tap(user, "No weekly recap")
