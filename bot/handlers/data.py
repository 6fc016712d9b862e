"""/privacy, /export, /import and /delete: the user's control of their data."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import Application

from bot.handlers.base import (
    SERVICES_KEY,
    BotApplication,
    Context,
    current_user,
    edit,
    send,
    services,
    tr_for,
)
from bot.services import portability, profiles
from bot.services.context import ServiceContext
from bot.services.portability import ImportProblem
from bot.views import common, privacy
from bot.views.callbacks import decode

logger = logging.getLogger(__name__)
AWAIT_IMPORT = "import"
IMPORTS_KEY = "imports"
# A test seam: an async callable awaited between an import's chunks (see import_json).
IMPORT_PAUSE_KEY = "import_pause"
RETENTION_KEY = "retention_days"
RETENTION_JOB_INTERVAL = timedelta(hours=24)


async def privacy_command(update: Update, context: Context) -> None:
    """/privacy: what is stored, where, and how to take it away."""
    profile = current_user(update, context)
    retention = context.bot_data.get(RETENTION_KEY)
    screen = privacy.privacy(
        tr_for(profile),
        retention_days=retention,
        erased_from_files_at_once=portability.erasure_is_immediate(services(context)),
    )
    await send(update, context, screen)


async def export_command(update: Update, context: Context) -> None:
    """/export: the diary as CSV files and a JSON file."""
    profile = current_user(update, context)
    ctx = services(context)
    tr = tr_for(profile)
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_chat_action(chat_id=chat.id, action=ChatAction.UPLOAD_DOCUMENT)
    files = portability.export_csv(ctx, user_id=profile.id)
    files["diary.json"] = portability.export_json(ctx, user_id=profile.id)
    await send(update, context, privacy.export_intro(tr))
    for filename, content in files.items():
        await context.bot.send_document(
            chat_id=chat.id,
            document=InputFile(content, filename=filename),
            caption=privacy.export_caption(tr, filename),
            parse_mode="HTML",
        )


async def import_command(update: Update, context: Context) -> None:
    """/import: wait for an export file."""
    profile = current_user(update, context)
    profiles.await_text(services(context), user_id=profile.id, kind=AWAIT_IMPORT)
    await send(update, context, privacy.import_prompt(tr_for(profile)))


async def on_document(update: Update, context: Context) -> None:
    """A file sent to the bot: an import if one is awaited, run in the background."""
    profile = current_user(update, context)
    ctx = services(context)
    tr = tr_for(profile)
    message = update.effective_message
    awaited = profiles.awaited_text(ctx, user_id=profile.id)
    if (
        message is None
        or message.document is None
        or awaited is None
        or awaited.kind != AWAIT_IMPORT
    ):
        await send(update, context, common.not_understood(tr))
        return
    if (message.document.file_size or 0) > portability.MAX_IMPORT_BYTES:
        await send(update, context, privacy.import_problem(tr, ImportProblem.TOO_LARGE.value))
        return
    file = await message.document.get_file()
    raw = bytes(await file.download_as_bytearray())
    # One file at a time: another sent while this one is imported is not taken for an import.
    profiles.stop_awaiting_text(ctx, user_id=profile.id)
    task = context.application.create_task(
        _import(update, context, profile.id, profile.telegram_id, raw), update=update
    )
    imports = context.bot_data.setdefault(IMPORTS_KEY, set())
    imports.add(task)
    task.add_done_callback(imports.discard)


async def _import(
    update: Update, context: Context, user_id: int, telegram_id: int, raw: bytes
) -> None:
    """Import ``raw`` (checked, then written in chunks) and say how it went.

    It runs as a task of its own, so other users' updates are handled meanwhile (updates are
    otherwise handled one at a time).
    """
    ctx = services(context)
    pause = context.bot_data.get(IMPORT_PAUSE_KEY)
    result = await portability.import_json(
        ctx,
        user_id=user_id,
        telegram_id=telegram_id,
        raw=raw,
        **({"between_chunks": pause} if pause is not None else {}),
    )
    tr = tr_for(current_user(update, context))
    if isinstance(result, ImportProblem):
        profiles.await_text(ctx, user_id=user_id, kind=AWAIT_IMPORT)  # send another file
        await send(update, context, privacy.import_problem(tr, result.value))
        return
    await send(
        update,
        context,
        privacy.imported(tr, attacks=result.attacks, doses=result.doses, checkins=result.checkins),
    )


def running_imports(application: BotApplication) -> set[asyncio.Task[None]]:
    """The imports still running in the background (tests and the chat wait for them)."""
    imports = application.bot_data.get(IMPORTS_KEY, set())
    assert isinstance(imports, set)
    return imports


async def delete_command(update: Update, context: Context) -> None:
    """/delete: ask once before erasing everything."""
    profile = current_user(update, context)
    await send(update, context, privacy.delete_confirmation(tr_for(profile)))


async def on_data_button(update: Update, context: Context) -> None:
    """The answer to /delete's question."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    tr = tr_for(profile)
    callback = decode(query.data)
    args = callback.args if callback else ()
    if args == ("del", "yes"):
        portability.delete_everything(services(context), user_id=profile.id)
        logger.info("a user deleted their diary")
        await query.answer()
        await edit(query, privacy.deleted(tr))
    elif args == ("del", "no"):
        await query.answer()
        await edit(query, privacy.delete_cancelled(tr))
    else:
        await query.answer(common.stale_button(tr), show_alert=True)


async def purge_expired(application: Application[Any, Any, Any, Any, Any, Any]) -> int:
    """Delete records older than the operator's retention period; returns how many."""
    days = application.bot_data.get(RETENTION_KEY)
    ctx = application.bot_data[SERVICES_KEY]
    assert isinstance(ctx, ServiceContext)
    if not days:
        return 0
    removed = portability.purge_older_than(ctx, days=int(days))
    if removed:
        logger.info("retention: deleted %d records older than %d days", removed, days)
    return removed


async def retention_job(context: Context) -> None:
    """The daily retention job."""
    await purge_expired(context.application)


def schedule_retention_job(
    application: Application[Any, Any, Any, Any, Any, Any], retention_days: int | None
) -> None:
    """Remember the retention period and, if set, run the purge daily."""
    application.bot_data[RETENTION_KEY] = retention_days
    if retention_days and application.job_queue is not None:
        application.job_queue.run_repeating(
            retention_job, interval=RETENTION_JOB_INTERVAL, first=60, name="retention"
        )
