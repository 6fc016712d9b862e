"""The reminder dispatcher: one repeating JobQueue job for every kind of reminder.

Each tick claims the due reminder rows (check-ins, morning sleep questions, dose reminders and
attack follow-ups; see :func:`bot.services.reminders.claim_due`) and hands them to the paced
:class:`~bot.outbox.Outbox`. Claiming advances the rows and queues each message in the database
in the same transaction, so a reminder is sent once even with two bot processes on one
database, and a tick claims no more than the outbox can send in about 20 seconds.

The queue in the database, not the outbox's memory, is what counts: just before its Bot API
call a message is marked as being sent and its reminder counted as fired (its check-in opened);
once the call returned the queue row goes. At shutdown the outbox sends for
:data:`DRAIN_SECONDS` and the dispatcher gives the rest back to the queue, so a SIGTERM loses
nothing; after a kill -9 the next start takes the dead process's queued messages over, and only
those being sent at that moment (at most one per send slot) are not sent again. Every tick also
takes over what another process gave back (:func:`bot.services.reminders.take_over_queue`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, InputFile
from telegram.ext import Application

from bot.domain.dispatch import QueuedMessage
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


DRAIN_SECONDS = 3.0
"""At shutdown, how long the outbox keeps sending before the rest goes back to the queue."""
DISPATCHER_KEY = "dispatcher-identity"


def dispatcher_identity_of(application: AnyApplication) -> str:
    """This application's name as the owner of queued reminders (made once per application)."""
    identity = application.bot_data.get(DISPATCHER_KEY)
    if not isinstance(identity, str):
        identity = application.bot_data[DISPATCHER_KEY] = reminder_service.dispatcher_identity()
    return identity


class _QueuedSend:
    """Sending one queued reminder: mark it (once), render and send it, forget it when done."""

    def __init__(self, ctx: ServiceContext, message: QueuedMessage, owner: str) -> None:
        self.ctx = ctx
        self.message = message
        self.owner = owner
        self.delivery: Delivery | None = None
        self.started = False

    async def send(self, bot: Bot) -> None:
        if not self.started:
            self.started = True
            self.delivery = await asyncio.to_thread(
                reminder_service.start_delivery,
                self.ctx,
                queue_id=self.message.queue_id,
                owner=self.owner,
            )
        delivery = self.delivery
        if delivery is None:
            return  # nothing to send, or no longer ours to send
        if delivery.claim.kind is ReminderKind.RECAP:
            await _send_recap(bot, self.ctx, delivery)
            return
        screen = render(delivery, self.ctx)
        if screen is not None:
            await bot.send_message(
                chat_id=delivery.claim.chat_id,
                text=screen.text,
                reply_markup=screen.markup,
                parse_mode="HTML",
            )

    async def done(self, _sent: bool) -> None:
        if self.delivery is not None:
            await asyncio.to_thread(
                reminder_service.finish_delivery, self.ctx, queue_id=self.message.queue_id
            )

    def envelope(self) -> Envelope:
        message = self.message
        return Envelope(
            chat_id=message.chat_id,
            send=self.send,
            label=f"{message.kind.value} reminder {message.reminder_id}",
            user_id=message.user_id,
            done=self.done,
        )


async def dispatch_once(
    application: AnyApplication, *, pause_seconds: float = CLAIM_PAUSE_SECONDS
) -> int:
    """Queue what the outbox has room for: taken-over reminders, then due ones; how many.

    ``pause_seconds`` is the pause between claim batches (the benchmark measures without it).
    """
    ctx = services_of(application)
    outbox = outbox_of(application)
    owner = dispatcher_identity_of(application)
    taken = await asyncio.to_thread(
        reminder_service.take_over_queue, ctx, owner=owner, limit=outbox.room
    )
    for message in taken:
        outbox.submit(_QueuedSend(ctx, message, owner).envelope())
    queued = len(taken)
    while (room := min(outbox.room, CLAIM_BATCH)) > 0:
        claimed = await asyncio.to_thread(reminder_service.claim_due, ctx, limit=room, owner=owner)
        for message in claimed.queued:
            outbox.submit(_QueuedSend(ctx, message, owner).envelope())
        queued += len(claimed.queued)
        if claimed.rows < room:
            break
        await asyncio.sleep(pause_seconds)
    return queued


async def _send_recap(bot: Bot, ctx: ServiceContext, delivery: Delivery) -> None:
    """Send the weekly recap (chart and text); a week with nothing recorded sends nothing."""
    claim = delivery.claim
    result = await asyncio.to_thread(summary_service.last_week, ctx, user_id=claim.user_id)
    if not result.summary.has_records:
        return
    tr = translator(claim.language)
    chart, screen = await render_summary(tr, result.summary)
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


async def stop_dispatch(application: AnyApplication) -> int:
    """At shutdown: send for :data:`DRAIN_SECONDS`, then give the rest back; how many."""
    outbox = application.bot_data.get(OUTBOX_KEY)
    if not isinstance(outbox, Outbox):
        return 0
    unsent = await outbox.stop(drain_seconds=DRAIN_SECONDS)
    services = application.bot_data.get(SERVICES_KEY)
    identity = application.bot_data.get(DISPATCHER_KEY)
    if not isinstance(services, ServiceContext) or not isinstance(identity, str):
        return len(unsent)
    try:
        returned = await asyncio.to_thread(
            reminder_service.release_queue, services, owner=identity
        )
    except Exception as error:  # the database is gone: the next start takes them over
        logger.warning(
            "could not give %d unsent reminders back to the queue (%s); the next start takes "
            "them over",
            len(unsent),
            type(error).__name__,
        )
        return 0
    if returned:
        logger.info("gave %d unsent reminders back to the queue for the next start", returned)
    return returned


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
