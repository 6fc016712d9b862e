"""Use cases for delivered updates: open one (once only), and forget old ones.

An update is handled once even when Telegram delivers it twice (it redelivers what it got no
timely answer for; behind one webhook URL the second delivery may reach another process). On
arrival one transaction checks whether the update id is already recorded and resolves the
sender to their profile (registering them on first contact). The update id itself is recorded
by the first transaction of the use case that handles it (:func:`handling`), so the record and
what the update changed commit together, or neither does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from bot.domain.profiles import UserProfile
from bot.services.context import ServiceContext
from bot.services.profiles import register_in
from bot.storage import updates
from bot.storage.database import UpdateAlreadyHandledError, UpdateMark, handling_update

# Telegram keeps an undelivered update for at most 24 hours (Bot API, getUpdates), so a week
# of remembered ids covers every redelivery with a wide margin.
PROCESSED_UPDATES_KEPT = timedelta(days=7)

__all__ = ["Arrival", "Sender", "UpdateAlreadyHandledError", "handling", "receive_update"]


@dataclass(frozen=True)
class Sender:
    """Who sent an update, as Telegram describes them."""

    telegram_id: int
    chat_id: int
    first_name: str | None
    language: str  # the catalog for their Telegram language_code (``pt_BR`` for "pt-br")


@dataclass(frozen=True)
class Arrival:
    """An update that arrived: whether it was handled before, and its sender's profile."""

    redelivered: bool
    profile: UserProfile | None


@contextmanager
def handling(ctx: ServiceContext, *, update_id: int) -> Iterator[UpdateMark]:
    """Handle ``update_id`` in the block: its first committed transaction records it."""
    with handling_update(update_id, received_at=ctx.clock.now()) as mark:
        yield mark


def receive_update(ctx: ServiceContext, *, update_id: int, sender: Sender | None) -> Arrival:
    """One transaction: is this a redelivery, and who sent it (registered on first contact)."""
    with ctx.database.transaction(records_update=False) as session:
        if updates.is_recorded(session=session, update_id=update_id):
            return Arrival(redelivered=True, profile=None)
        if sender is None:
            return Arrival(redelivered=False, profile=None)
        profile, _created = register_in(
            ctx,
            session,
            telegram_id=sender.telegram_id,
            chat_id=sender.chat_id,
            first_name=sender.first_name,
            language=sender.language,
        )
        return Arrival(redelivered=False, profile=profile)


def first_delivery(ctx: ServiceContext, *, update_id: int) -> bool:
    """Record ``update_id`` on its own; ``True`` the first time it arrives."""
    with ctx.database.transaction(records_update=False) as session:
        return updates.record_update(session=session, update_id=update_id, now=ctx.clock.now())


def forget_old_updates(ctx: ServiceContext) -> int:
    """Drop the update ids recorded more than :data:`PROCESSED_UPDATES_KEPT` ago."""
    before = ctx.clock.now() - PROCESSED_UPDATES_KEPT
    with ctx.database.transaction(records_update=False) as session:
        return updates.prune_updates(session=session, before=before)
