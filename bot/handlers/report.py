"""/report: the PDF for a doctor (default: the last 90 days)."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update
from telegram.constants import ChatAction

from bot.handlers.base import Context, current_user, send, services, tr_for
from bot.services import report as report_service
from bot.views import summary as summary_views
from bot.views.report import report_pdf, report_rows


async def report_command(update: Update, context: Context) -> None:
    """/report [30|90|365|month|YYYY-MM]: send the PDF."""
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    period = report_service.report_period(
        ctx, user_id=profile.id, argument=" ".join(context.args or [])
    )
    if period is None:
        await send(update, context, summary_views.usage(tr, command="report"))
        return
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_chat_action(chat_id=chat.id, action=ChatAction.UPLOAD_DOCUMENT)
    data = await asyncio.to_thread(
        report_service.build_report, ctx, user_id=profile.id, period=period
    )
    rows = report_rows(
        tr,
        [(row.attack, row.classification, row.doses) for row in data.attacks],
        tz=data.result.timezone,
        now=data.generated_at,
    )
    pdf = await asyncio.to_thread(
        report_pdf,
        tr,
        data.result.summary,
        rows,
        tz=data.result.timezone,
        generated_at=data.generated_at,
        first_name=data.result.first_name,
        aura_attacks=sum(1 for row in data.attacks if row.attack.aura),
        preventives=data.preventives,
    )
    filename = f"headache-report-{period.first.isoformat()}-{period.last.isoformat()}.pdf"
    await context.bot.send_document(
        chat_id=chat.id,
        document=InputFile(pdf, filename=filename),
        caption=summary_views.report_caption(tr, period),
        parse_mode="HTML",
    )
