"""Forgetting the ids of handled updates once Telegram can no longer deliver them again.

The ids are recorded by the use cases' transactions (see :mod:`bot.services.updates`) and
checked on arrival (:mod:`bot.handlers.arrival`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.ext import Application

from bot.handlers.base import Context, services
from bot.services import updates

logger = logging.getLogger(__name__)

PRUNE_JOB_NAME = "forget-processed-updates"
PRUNE_INTERVAL_SECONDS = 24 * 60 * 60
PRUNE_FIRST_SECONDS = 120


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
