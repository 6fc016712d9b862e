"""Texts shared by every flow: help, misunderstandings, stale buttons, errors, access."""

from __future__ import annotations

from bot.domain.attacks import TYPED_AGE_YEARS
from bot.views.i18n import Translator
from bot.views.markup import Html, italic
from bot.views.menu import commands, main_keyboard
from bot.views.screens import Screen


def help_text(tr: Translator) -> Screen:
    """The /help message: what the bot does and every command."""
    lines = [
        tr._(
            "I'm a headache diary. I record your attacks, check in on sleep and medication, "
            "and turn it all into numbers you can show your doctor."
        ),
        "",
        *(
            tr._("{label}: {value}", label=f"/{command.name}", value=command.description)
            for command in commands(tr)
        ),
        "",
        italic(tr._("I keep a record; I don't give medical advice.")),
    ]
    return Screen(Html("\n").join(lines), main_keyboard(tr))


def too_far_back(tr: Translator) -> str:
    """A typed day or time further back than the diary goes (a mistyped year, say)."""
    return tr.n_(
        "That's further back than the diary goes ({count} year).",
        "That's further back than the diary goes ({count} years).",
        TYPED_AGE_YEARS,
    )


def not_understood(tr: Translator) -> Screen:
    """Reply to text the bot has no use for."""
    return Screen(
        tr._("I didn't catch that. Use the buttons below, or /help to see what I can do."),
        main_keyboard(tr),
    )


def stale_button(tr: Translator) -> str:
    """Alert for a button this version of the bot does not understand any more."""
    return tr._("This button is from an older message and no longer works. Try /help.")


def finish_setup_first(tr: Translator) -> str:
    """A note that onboarding has to be finished before something else."""
    return tr._("Let's finish setting up first: just one or two questions.")


def internal_error(tr: Translator) -> str:
    """Apology after an unexpected error."""
    return tr._(
        "Sorry, something went wrong on my side. What you told me before is saved; "
        "please try that again."
    )


def not_allowed(tr: Translator) -> str:
    """The one refusal someone not on ALLOWED_USER_IDS gets."""
    return tr._("Sorry, this is a private diary bot and it isn't open to new users.")
