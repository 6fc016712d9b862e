"""Telegram's ``my_chat_member`` updates: the user blocked the bot, or came back."""

from __future__ import annotations

from telegram import ChatMember, Update

from bot.handlers.base import Context, services
from bot.services import reminders as reminder_service

BLOCKED_STATUSES = frozenset({ChatMember.BANNED, ChatMember.LEFT})
ACTIVE_STATUSES = frozenset({ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER})


async def on_my_chat_member(update: Update, context: Context) -> None:
    """Pause a user's reminders when they block the bot; resume them when they unblock it."""
    change = update.my_chat_member
    if change is None or change.chat.type != "private":
        return
    status = change.new_chat_member.status
    if status in BLOCKED_STATUSES:
        reachable = False
    elif status in ACTIVE_STATUSES:
        reachable = True
    else:
        return
    reminder_service.set_reachable_by_telegram_id(
        services(context), telegram_id=change.from_user.id, reachable=reachable
    )
