"""Texts and buttons of /language: every catalog, each named in its own language."""

from __future__ import annotations

from bot.views.callbacks import Action
from bot.views.i18n import Translator, available_languages, language_name
from bot.views.menu import main_keyboard
from bot.views.screens import Screen, button, inline

LANGUAGES_PER_ROW = 2


def language_question(tr: Translator) -> Screen:
    """Which language to speak: one button per language, the current one ticked."""
    buttons = [
        button(
            ("✓ " if language == tr.language else "") + language_name(language),
            Action.LANGUAGE,
            language,
        )
        for language in available_languages()
    ]
    rows = [
        buttons[start : start + LANGUAGES_PER_ROW]
        for start in range(0, len(buttons), LANGUAGES_PER_ROW)
    ]
    return Screen(tr._("Which language should I speak?"), inline(*rows))


def language_chosen(tr: Translator) -> Screen:
    """What the language question turns into once answered (in the new language)."""
    return Screen(tr._("Language: {language}", language=language_name(tr.language)))


def language_keyboard(tr: Translator) -> Screen:
    """The main keyboard again, its labels in the new language."""
    return Screen(
        tr._(
            "From now on I speak {language}. /language changes it.",
            language=language_name(tr.language),
        ),
        main_keyboard(tr),
    )
