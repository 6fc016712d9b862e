"""Each delivered update is handled once, even when Telegram delivers it twice.

Telegram redelivers an update it got no timely answer for; behind one webhook URL with two bot
processes the second delivery can land on the other process. The first handler group records
the ``update_id`` in the database (an insert that ignores a duplicate key, so two processes
racing on the same id cannot both win) and stops a redelivered update before any other handler
sees it.

Recording happens before handling, so an update is handled at most once. That adds no new way
to lose one: PTB acknowledges an update (the webhook's ``200``, or the next ``getUpdates``
offset) as soon as it is queued in memory, so a crash before handling loses it either way.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.handlers.base import Context, services
from bot.services import updates

logger = logging.getLogger(__name__)

DEDUP_GROUP = -3  # before the access gate (-2): a redelivered update is not even refused twice
PRUNE_JOB_NAME = "forget-processed-updates"
PRUNE_INTERVAL_SECONDS = 24 * 60 * 60
PRUNE_FIRST_SECONDS = 120


async def skip_redelivered_update(update: Update, context: Context) -> None:
    """Record the update's id; stop the update if another delivery of it got here first."""
    ctx = services(context)
    logger.debug("update %d received", update.update_id, extra={"update_id": update.update_id})
    # Inline, like every other short transaction: the database's unique key decides any race
    # between two processes (a worker thread here cost ~20% of throughput, bench B1).
    first = updates.first_delivery(ctx, update_id=update.update_id)
    if not first:
        logger.info(
            "skipped update %d: already delivered",
            update.update_id,
            extra={"update_id": update.update_id},
        )
        raise ApplicationHandlerStop


def dedup_handler() -> TypeHandler[Update, Context, None]:
    """The handler for :data:`DEDUP_GROUP`."""
    return TypeHandler(Update, skip_redelivered_update)


async def forget_old_updates_job(context: Context) -> None:
    """The daily job that drops update ids too old to be delivered again."""
    removed = await asyncio.to_thread(updates.forget_old_updates, services(context))
    if removed:
        logger.info("forgot %d processed update ids", removed, extra={"removed": removed})


def schedule_forget_job(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Run :func:`forget_old_updates_job` daily (when the application has a JobQueue)."""
    if application.job_queue is None:
        return
    application.job_queue.run_repeating(
        forget_old_updates_job,
        interval=PRUNE_INTERVAL_SECONDS,
        first=PRUNE_FIRST_SECONDS,
        name=PRUNE_JOB_NAME,
    )
