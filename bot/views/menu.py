"""The persistent reply keyboard with the main actions, and the command menu."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from telegram import BotCommand, KeyboardButton, ReplyKeyboardMarkup

from bot.views.i18n import Translator, available_languages, translator


@dataclass(frozen=True)
class Command:
    """A slash command as listed in /help and Telegram's command menu."""

    name: str
    description: str


def commands(tr: Translator) -> list[Command]:
    """Every command the bot understands, in menu order."""
    return [
        Command("log", tr._("Log an attack that is happening now")),
        Command("end", tr._("The attack is over: record when it ended")),
        Command("past", tr._("Log an attack from earlier")),
        Command("history", tr._("Recent attacks: open, edit or delete")),
        Command("undo", tr._("Remove the last thing you recorded")),
        Command("noheadache", tr._("No headache today (or: /noheadache yesterday)")),
        Command("summary", tr._("Your numbers: /summary 30, /summary month…")),
        Command("report", tr._("A PDF report for your doctor (last 90 days)")),
        Command("meds", tr._("Your medications and dose reminders")),
        Command("reminders", tr._("What I will remind you of, and when; quiet hours")),
        Command("settings", tr._("Timezone, check-in, quiet hours, medications")),
        Command("language", tr._("The language I speak")),
        Command("export", tr._("Everything you recorded, as files")),
        Command("import", tr._("Restore a diary exported from another server")),
        Command("privacy", tr._("What is stored, and where")),
        Command("delete", tr._("Erase your whole diary")),
        Command("start", tr._("Set up the diary (timezone, check-in time)")),
        Command("help", tr._("What I can do")),
    ]


def bot_commands(tr: Translator) -> list[BotCommand]:
    """The command menu Telegram shows next to the text field, in ``tr``'s language."""
    return [BotCommand(command.name, command.description) for command in commands(tr)]


def attack_now_label(tr: Translator) -> str:
    """The reply-keyboard label that logs an attack now."""
    return tr._("🤕 Attack now")


def attack_over_label(tr: Translator) -> str:
    """The reply-keyboard label that ends the open attack."""
    return tr._("✅ Attack over")


def past_attack_label(tr: Translator) -> str:
    """The reply-keyboard label that logs a past attack."""
    return tr._("📝 Past attack")


def history_label(tr: Translator) -> str:
    """The reply-keyboard label that opens /history."""
    return tr._("📖 History")


def summary_label(tr: Translator) -> str:
    """The reply-keyboard label that opens /summary."""
    return tr._("📊 Summary")


def settings_label(tr: Translator) -> str:
    """The reply-keyboard label that opens /settings."""
    return tr._("⚙️ Settings")


def help_label(tr: Translator) -> str:
    """The reply-keyboard label that opens /help."""
    return tr._("❓ Help")


def main_keyboard(tr: Translator) -> ReplyKeyboardMarkup:
    """The keyboard that stays under the text field."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(attack_now_label(tr)), KeyboardButton(attack_over_label(tr))],
            [KeyboardButton(past_attack_label(tr)), KeyboardButton(history_label(tr))],
            [KeyboardButton(summary_label(tr)), KeyboardButton(settings_label(tr))],
            [KeyboardButton(help_label(tr))],
        ],
        resize_keyboard=True,
        is_persistent=True,
    )


def all_language_labels(label: Callable[[Translator], str]) -> frozenset[str]:
    """A label's text in every available language, so a tap matches whatever the user saw."""
    languages = {*available_languages(), "en"}
    return frozenset(label(translator(language)) for language in languages)
