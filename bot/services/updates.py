"""Use cases for delivered updates: record each once, and forget old ones."""

from __future__ import annotations

from datetime import timedelta

from bot.services.context import ServiceContext
from bot.storage import updates

# Telegram keeps an undelivered update for at most 24 hours (Bot API, getUpdates), so a week
# of remembered ids covers every redelivery with a wide margin.
PROCESSED_UPDATES_KEPT = timedelta(days=7)


def first_delivery(ctx: ServiceContext, *, update_id: int) -> bool:
    """Record ``update_id``; ``True`` the first time it arrives, ``False`` for a redelivery."""
    with ctx.database.transaction() as session:
        return updates.record_update(session=session, update_id=update_id, now=ctx.clock.now())


def forget_old_updates(ctx: ServiceContext) -> int:
    """Drop the update ids recorded more than :data:`PROCESSED_UPDATES_KEPT` ago."""
    before = ctx.clock.now() - PROCESSED_UPDATES_KEPT
    with ctx.database.transaction() as session:
        return updates.prune_updates(session=session, before=before)
