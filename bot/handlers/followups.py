"""The "How is it now?" follow-up: a repeating job sends the due ones; the buttons answer.

Follow-ups are reminder rows (kind ``followup``), so they survive restarts; the job only claims
and sends them. Buttons carry ``fu:<attack id>:<answer>``.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application

from bot.domain.followups import FollowupAnswer
from bot.handlers.base import SERVICES_KEY, Context, current_user, edit, services, tr_for
from bot.services import followups as followup_service
from bot.services.context import ServiceContext
from bot.views import attack_card, common
from bot.views import followups as views
from bot.views.callbacks import decode
from bot.views.i18n import translator

logger = logging.getLogger(__name__)
FOLLOWUP_JOB_INTERVAL_SECONDS = 30
# A tick that starts late (event loop busy) still runs rather than being skipped.
FOLLOWUP_JOB_MISFIRE_GRACE_SECONDS = 120


async def send_due_followups(application: Application[Any, Any, Any, Any, Any, Any]) -> int:
    """Send every follow-up that is due now; returns how many were sent."""
    ctx = application.bot_data[SERVICES_KEY]
    assert isinstance(ctx, ServiceContext)
    sent = 0
    for item in followup_service.claim_due(ctx):
        tr = translator(item.due.language)
        screen = views.question(tr, item.details, now=ctx.clock.now())
        try:
            await application.bot.send_message(
                chat_id=item.due.chat_id,
                text=screen.text,
                reply_markup=screen.markup,
                parse_mode="HTML",
            )
        except Forbidden:
            logger.info("follow-up not sent: user %s has blocked the bot", item.due.user_id)
        except TelegramError as exc:
            logger.warning("follow-up for user %s not sent: %s", item.due.user_id, exc)
        else:
            sent += 1
    return sent


async def followup_job(context: Context) -> None:
    """The repeating job: send the due follow-ups."""
    await send_due_followups(context.application)


def schedule_followup_job(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Start the repeating follow-up job on the application's JobQueue."""
    if application.job_queue is None:
        return
    application.job_queue.run_repeating(
        followup_job,
        interval=FOLLOWUP_JOB_INTERVAL_SECONDS,
        first=1,
        name="followups",
        job_kwargs={"misfire_grace_time": FOLLOWUP_JOB_MISFIRE_GRACE_SECONDS, "coalesce": True},
    )


async def on_followup_button(update: Update, context: Context) -> None:
    """Better / Same / Worse / It's over."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    tr = tr_for(profile)
    callback = decode(query.data)
    args = callback.args if callback else ()
    if len(args) != 2 or not args[0].isdigit() or args[1] not in set(FollowupAnswer):
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    ctx = services(context)
    result = followup_service.answer_followup(
        ctx, user_id=profile.id, attack_id=int(args[0]), answer=FollowupAnswer(args[1])
    )
    if result is None:
        await query.answer(attack_card.gone(tr), show_alert=True)
        return
    await query.answer()
    now = ctx.clock.now()
    if result.already_ended:
        await edit(query, views.already_ended(tr, result.details, now=now))
        return
    screen = views.answered(
        tr,
        result.details,
        answer=result.answer,
        dose=result.dose,
        effect=result.effect,
        next_at=result.next_at,
        now=now,
    )
    await edit(query, screen)
