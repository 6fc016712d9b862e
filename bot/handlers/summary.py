"""/summary: the diary's numbers for a period, as text and a calendar chart."""

from __future__ import annotations

import asyncio

from telegram import InputFile, Update
from telegram.constants import ChatAction

from bot.domain.summary import PeriodSummary
from bot.handlers.base import Context, current_user, send, services, tr_for
from bot.services import summary as summary_service
from bot.views import summary as views
from bot.views.charts import render_summary_chart
from bot.views.i18n import Translator
from bot.views.markup import bold
from bot.views.screens import Screen


async def summary_command(update: Update, context: Context) -> None:
    """/summary [7|30|90|365|month|YYYY-MM]."""
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    argument = " ".join(context.args or []).strip()
    period = summary_service.resolve_period(ctx, user_id=profile.id, argument=argument)
    if period is None:
        await send(update, context, views.usage(tr))
        return
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_chat_action(chat_id=chat.id, action=ChatAction.UPLOAD_PHOTO)
    result = await asyncio.to_thread(
        summary_service.summarise, ctx, user_id=profile.id, period=period
    )
    for screen, photo in await render_summary(tr, result.summary):
        if photo is None:
            await send(update, context, screen)
        else:
            await context.bot.send_photo(
                chat_id=chat.id,
                photo=InputFile(photo, filename="summary.png"),
                caption=screen.text,
                parse_mode="HTML",
            )


async def render_summary(
    tr: Translator, summary: PeriodSummary
) -> list[tuple[Screen, bytes | None]]:
    """The messages of a summary: the chart with its title, then the text (or "empty")."""
    if not summary.has_records:
        return [(views.empty(tr, summary.period), None)]
    chart = await asyncio.to_thread(
        render_summary_chart,
        views.chart_cells(summary.days),
        views.chart_labels(tr, summary.period),
    )
    title = Screen(bold(views.period_title(tr, summary.period)))
    return [(title, chart), (Screen(views.summary_text(tr, summary)), None)]
