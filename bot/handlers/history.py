"""/history (recent attacks, paged, each openable) and /undo (remove the last record)."""

from __future__ import annotations

from telegram import Update

from bot.domain.profiles import UserProfile
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.services import history as history_service
from bot.services.history import PAGE_SIZE, RecordKind
from bot.views import common
from bot.views import history as views
from bot.views.callbacks import MAX_PAGE, decode, number_arg, record_id_arg
from bot.views.screens import Screen


def _page_screen(context: Context, profile: UserProfile, page: int) -> Screen:
    ctx = services(context)
    found = history_service.history_page(ctx, user_id=profile.id, page=page)
    return views.history(
        tr_for(profile),
        found.attacks,
        page=found.page,
        pages=found.pages,
        total=found.total,
        first_number=found.page * PAGE_SIZE + 1,
        now=ctx.clock.now(),
    )


async def history_command(update: Update, context: Context) -> None:
    """/history: the newest attacks."""
    profile = current_user(update, context)
    await send(update, context, _page_screen(context, profile, 0))


async def on_history_button(update: Update, context: Context) -> None:
    """Paging through /history."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    callback = decode(query.data)
    args = callback.args if callback else ()
    page = number_arg(args[1], low=0, high=MAX_PAGE) if len(args) == 2 and args[0] == "p" else None
    if page is None:
        await query.answer(common.stale_button(tr_for(profile)), show_alert=True)
        return
    await query.answer()
    await edit(query, _page_screen(context, profile, page))


async def undo_command(update: Update, context: Context) -> None:
    """/undo: offer to remove the last thing recorded."""
    profile = current_user(update, context)
    ctx = services(context)
    tr = tr_for(profile)
    last = history_service.last_record(ctx, user_id=profile.id)
    if last is None:
        await send(update, context, views.nothing_to_undo(tr))
        return
    screen = views.undo_question(
        tr,
        kind=last.kind.value,
        record_id=last.record_id,
        attack=last.attack,
        intake=last.intake,
        tz=last.timezone,
        now=ctx.clock.now(),
    )
    await send(update, context, screen)


async def on_undo_button(update: Update, context: Context) -> None:
    """The answer to /undo's question."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    tr = tr_for(profile)
    callback = decode(query.data)
    args = callback.args if callback else ()
    if len(args) == 2 and args[0] == "no":
        await query.answer()
        await edit(query, views.kept(tr))
        return
    record_id = record_id_arg(args[1]) if len(args) == 2 else None
    if record_id is None or args[0] not in set(RecordKind):
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    removed = history_service.undo(
        services(context), user_id=profile.id, kind=RecordKind(args[0]), record_id=record_id
    )
    await query.answer()
    await edit(query, views.undone(tr, removed=removed))
