"""The reminder dispatcher: one repeating JobQueue job for every kind of reminder.

Each tick claims the due reminder rows (check-ins, morning sleep questions, dose reminders and
attack follow-ups; see :func:`bot.services.reminders.claim_due`), renders their messages and
hands them to the paced :class:`~bot.outbox.Outbox`. Claiming advances the rows in the same
transaction, so a reminder is sent once even with two bot processes on one database, and a tick
claims no more than the outbox can send in about 20 seconds, so the rest stays safely in the
database until the next tick.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, InputFile
from telegram.ext import Application

from bot.domain.profiles import ReminderKind
from bot.domain.wallclock import local_date_of
from bot.handlers.base import SERVICES_KEY, Context
from bot.handlers.summary import render_summary
from bot.outbox import Envelope, Outbox
from bot.services import reminders as reminder_service
from bot.services import summary as summary_service
from bot.services.context import ServiceContext
from bot.services.reminders import Delivery
from bot.views import checkin as checkin_views
from bot.views import followups as followup_views
from bot.views import meds as meds_views
from bot.views.i18n import translator
from bot.views.reminders import off_button
from bot.views.screens import Screen, inline

logger = logging.getLogger(__name__)

OUTBOX_KEY = "outbox"
DISPATCH_JOB_NAME = "reminder-dispatcher"
DISPATCH_INTERVAL_SECONDS = 10
# APScheduler skips a job that starts more than misfire_grace_time late (default 1 s); a tick
# delayed by a busy event loop should still run, and missed ticks collapse into one.
DISPATCH_MISFIRE_GRACE_SECONDS = 60
# Claims are spread over the tick in small batches with a pause between them, so a reply to a
# user never waits behind one long claim transaction (bench B2: p99 2.45x -> 1.32x).
CLAIM_BATCH = 50
CLAIM_PAUSE_SECONDS = 0.05

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


def services_of(application: AnyApplication) -> ServiceContext:
    """The use cases' dependencies stored on the application."""
    ctx = application.bot_data[SERVICES_KEY]
    assert isinstance(ctx, ServiceContext)
    return ctx


def outbox_of(application: AnyApplication) -> Outbox:
    """The application's paced outbox."""
    outbox = application.bot_data[OUTBOX_KEY]
    assert isinstance(outbox, Outbox)
    return outbox


def render(delivery: Delivery, ctx: ServiceContext) -> Screen | None:
    """The message a claimed reminder sends (``None``: nothing to send)."""
    claim = delivery.claim
    tr = translator(claim.language)
    if claim.kind is ReminderKind.CHECKIN and delivery.checkin is not None:
        today = local_date_of(ctx.clock.now(), claim.tz)
        return checkin_views.headache_question(
            tr, delivery.checkin, with_off=True, yesterday=delivery.checkin.local_date < today
        )
    if claim.kind is ReminderKind.MORNING_SLEEP and delivery.checkin is not None:
        return checkin_views.sleep_hours_question(tr, delivery.checkin, morning=True)
    if (
        claim.kind is ReminderKind.MEDICATION
        and delivery.medication is not None
        and claim.occurrence is not None
    ):
        return meds_views.dose_reminder(tr, delivery.medication, claim.occurrence, claim.tz)
    if claim.kind is ReminderKind.FOLLOWUP and delivery.attack is not None:
        return followup_views.question(tr, delivery.attack, now=ctx.clock.now())
    return None


def _sender(chat_id: int, screen: Screen) -> Any:
    async def send(bot: Bot) -> None:
        await bot.send_message(
            chat_id=chat_id, text=screen.text, reply_markup=screen.markup, parse_mode="HTML"
        )

    return send


async def dispatch_once(application: AnyApplication) -> int:
    """Claim the due reminders the outbox has room for and queue them; returns how many."""
    ctx = services_of(application)
    outbox = outbox_of(application)
    queued = 0
    while (room := min(outbox.room, CLAIM_BATCH)) > 0:
        claimed = await asyncio.to_thread(reminder_service.claim_due, ctx, limit=room)
        for delivery in claimed.deliveries:
            if delivery.claim.kind is ReminderKind.RECAP:
                queued += await _queue_recap(outbox, ctx, delivery)
                continue
            screen = render(delivery, ctx)
            if screen is None:
                continue
            claim = delivery.claim
            outbox.submit(
                Envelope(
                    chat_id=claim.chat_id,
                    send=_sender(claim.chat_id, screen),
                    label=f"{claim.kind.value} reminder {claim.reminder_id}",
                    user_id=claim.user_id,
                )
            )
            queued += 1
        if claimed.rows < room:
            break
        await asyncio.sleep(CLAIM_PAUSE_SECONDS)
    return queued


async def _queue_recap(outbox: Outbox, ctx: ServiceContext, delivery: Delivery) -> int:
    """Queue the weekly recap (chart and text); a week with nothing recorded sends nothing."""
    claim = delivery.claim
    result = await asyncio.to_thread(summary_service.last_week, ctx, user_id=claim.user_id)
    if not result.summary.has_records:
        return 0
    tr = translator(claim.language)
    chart, screen = await render_summary(tr, result.summary)

    async def send(bot: Bot) -> None:
        if chart is not None:
            await bot.send_photo(
                chat_id=claim.chat_id, photo=InputFile(chart, filename="weekly-recap.png")
            )
        await bot.send_message(
            chat_id=claim.chat_id,
            text=screen.text,
            parse_mode="HTML",
            reply_markup=inline([off_button(tr, ReminderKind.RECAP)]),
        )

    outbox.submit(
        Envelope(
            chat_id=claim.chat_id,
            send=send,
            label=f"recap {claim.reminder_id}",
            user_id=claim.user_id,
        )
    )
    return 1


async def dispatcher_job(context: Context) -> None:
    """The repeating job: one dispatcher tick."""
    try:
        await dispatch_once(context.application)
    except Exception:
        logger.exception("the reminder dispatcher tick failed; the next tick retries")


def make_outbox(application: AnyApplication, *, rate_per_second: float) -> Outbox:
    """Create the application's outbox; a blocked user's reminders are paused."""
    ctx = services_of(application)

    async def on_blocked(user_id: int) -> None:
        await asyncio.to_thread(reminder_service.mark_unreachable, ctx, user_id=user_id)

    outbox = Outbox(application.bot, rate_per_second=rate_per_second, on_blocked=on_blocked)
    application.bot_data[OUTBOX_KEY] = outbox
    return outbox


def schedule_dispatcher(application: AnyApplication) -> None:
    """Start the repeating dispatcher job on the application's JobQueue."""
    if application.job_queue is None:
        return
    application.job_queue.run_repeating(
        dispatcher_job,
        interval=DISPATCH_INTERVAL_SECONDS,
        first=1,
        name=DISPATCH_JOB_NAME,
        job_kwargs={
            "misfire_grace_time": DISPATCH_MISFIRE_GRACE_SECONDS,
            "coalesce": True,
            "max_instances": 1,
        },
    )
