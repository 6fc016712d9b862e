"""Thin PTB callbacks, one module per flow; :func:`register_handlers` lists them in order."""

from __future__ import annotations

import re
from collections.abc import Callable

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers.access import make_access_gate
from bot.handlers.arrival import ARRIVAL_GROUP, arrival_handler
from bot.handlers.attack import log_command, on_attack_button
from bot.handlers.backfill import on_backfill_button, past_command
from bot.handlers.base import BotApplication, Context, current_user, tr_for
from bot.handlers.checkin import no_headache_command, on_checkin_button
from bot.handlers.data import (
    delete_command,
    export_command,
    import_command,
    on_data_button,
    on_document,
    privacy_command,
)
from bot.handlers.ending import end_command, on_end_button
from bot.handlers.errors import on_error
from bot.handlers.followups import on_followup_button
from bot.handlers.help import help_command
from bot.handlers.history import (
    history_command,
    on_history_button,
    on_undo_button,
    undo_command,
)
from bot.handlers.language import language_command, on_language_button
from bot.handlers.meds import meds_command, on_dose_button, on_meds_button
from bot.handlers.membership import on_my_chat_member
from bot.handlers.onboarding import (
    on_checkin_chosen,
    on_checkin_type,
    on_timezone_chosen,
    on_timezone_type,
    start_command,
)
from bot.handlers.reminders import (
    on_awaited_text,
    on_quiet_hours_button,
    on_reminders_button,
    reminders_command,
)
from bot.handlers.report import report_command
from bot.handlers.settings import on_recap_button, on_settings_topic, settings_command
from bot.handlers.summary import summary_command
from bot.handlers.text import on_other_message, on_text
from bot.views import common
from bot.views.callbacks import SEPARATOR, Action
from bot.views.i18n import Translator
from bot.views.menu import (
    all_language_labels,
    attack_now_label,
    attack_over_label,
    help_label,
    history_label,
    past_attack_label,
    settings_label,
    summary_label,
)

ACCESS_GROUP = -3  # first: it stores nothing about a refused user
# Typed answers to /meds questions are picked up before the general text router.
AWAITED_TEXT_GROUP = -1


def _label(label: Callable[[Translator], str]) -> filters.MessageFilter:
    """Matches a tap on a reply-keyboard button, in whichever language it was shown."""
    return filters.Text(sorted(all_language_labels(label)))


def _pattern(*actions: Action) -> re.Pattern[str]:
    names = "|".join(re.escape(action.value) for action in actions)
    return re.compile(rf"^(?:{names})(?:{SEPARATOR}|$)")


async def on_stale_button(update: Update, context: Context) -> None:
    """A button whose data this version of the bot does not know."""
    query = update.callback_query
    assert query is not None
    profile = current_user(update, context)
    await query.answer(common.stale_button(tr_for(profile)), show_alert=True)


def register_handlers(application: BotApplication, *, allowed_user_ids: frozenset[int]) -> None:
    """Add every handler, in the order they are tried."""
    if allowed_user_ids:
        application.add_handler(
            TypeHandler(Update, make_access_gate(allowed_user_ids)), ACCESS_GROUP
        )
    application.add_handler(arrival_handler(), ARRIVAL_GROUP)
    private = filters.ChatType.PRIVATE
    application.add_handlers(
        [
            CommandHandler("start", start_command, filters=private),
            CommandHandler("log", log_command, filters=private),
            MessageHandler(private & _label(attack_now_label), log_command),
            CommandHandler("end", end_command, filters=private),
            CommandHandler("past", past_command, filters=private),
            CommandHandler("history", history_command, filters=private),
            MessageHandler(private & _label(history_label), history_command),
            CommandHandler("undo", undo_command, filters=private),
            CommandHandler("summary", summary_command, filters=private),
            CommandHandler("noheadache", no_headache_command, filters=private),
            CommandHandler("report", report_command, filters=private),
            MessageHandler(private & _label(summary_label), summary_command),
            CommandHandler("privacy", privacy_command, filters=private),
            CommandHandler("export", export_command, filters=private),
            CommandHandler("import", import_command, filters=private),
            CommandHandler("delete", delete_command, filters=private),
            MessageHandler(private & _label(past_attack_label), past_command),
            MessageHandler(private & _label(attack_over_label), end_command),
            CommandHandler("help", help_command, filters=private),
            CommandHandler("settings", settings_command, filters=private),
            CommandHandler("meds", meds_command, filters=private),
            CommandHandler("reminders", reminders_command, filters=private),
            CommandHandler("language", language_command, filters=private),
            MessageHandler(
                private & filters.Text(sorted(all_language_labels(settings_label))),
                settings_command,
            ),
            MessageHandler(
                private & filters.Text(sorted(all_language_labels(help_label))), help_command
            ),
            CallbackQueryHandler(on_timezone_chosen, pattern=_pattern(Action.TIMEZONE_SET)),
            CallbackQueryHandler(on_timezone_type, pattern=_pattern(Action.TIMEZONE_TYPE)),
            CallbackQueryHandler(
                on_checkin_chosen, pattern=_pattern(Action.CHECKIN_SET, Action.CHECKIN_OFF)
            ),
            CallbackQueryHandler(on_checkin_type, pattern=_pattern(Action.CHECKIN_TYPE)),
            CallbackQueryHandler(on_settings_topic, pattern=_pattern(Action.SETTINGS)),
            CallbackQueryHandler(on_recap_button, pattern=_pattern(Action.RECAP)),
            CallbackQueryHandler(on_language_button, pattern=_pattern(Action.LANGUAGE)),
            CallbackQueryHandler(on_attack_button, pattern=_pattern(Action.ATTACK)),
            CallbackQueryHandler(on_end_button, pattern=_pattern(Action.ATTACK_END)),
            CallbackQueryHandler(on_backfill_button, pattern=_pattern(Action.BACKFILL)),
            CallbackQueryHandler(on_history_button, pattern=_pattern(Action.HISTORY)),
            CallbackQueryHandler(on_undo_button, pattern=_pattern(Action.UNDO)),
            CallbackQueryHandler(on_followup_button, pattern=_pattern(Action.FOLLOWUP)),
            CallbackQueryHandler(on_data_button, pattern=_pattern(Action.DATA)),
            CallbackQueryHandler(on_checkin_button, pattern=_pattern(Action.CHECKIN_ANSWER)),
            CallbackQueryHandler(on_meds_button, pattern=_pattern(Action.MEDS)),
            CallbackQueryHandler(on_dose_button, pattern=_pattern(Action.DOSE)),
            CallbackQueryHandler(on_reminders_button, pattern=_pattern(Action.REMINDERS)),
            CallbackQueryHandler(on_quiet_hours_button, pattern=_pattern(Action.QUIET_HOURS)),
            ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER),
            CallbackQueryHandler(on_stale_button),
            MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text),
            MessageHandler(private & filters.COMMAND, help_command),
            MessageHandler(private & filters.Document.ALL, on_document),
            MessageHandler(private & ~filters.StatusUpdate.ALL, on_other_message),
        ]
    )
    application.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_awaited_text),
        AWAITED_TEXT_GROUP,
    )
    application.add_error_handler(on_error)
