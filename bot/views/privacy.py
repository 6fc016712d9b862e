"""Texts of /privacy, /export, /import and /delete."""

from __future__ import annotations

from bot.views.callbacks import Action
from bot.views.i18n import Translator
from bot.views.markup import Html, bold
from bot.views.screens import Screen, button, inline


def privacy(
    tr: Translator, *, retention_days: int | None, erased_from_files_at_once: bool = True
) -> Screen:
    """Exactly what is stored, where, and how to take it away.

    ``erased_from_files_at_once`` is false on PostgreSQL, whose files keep deleted rows until
    VACUUM reuses the space.
    """
    lines = [
        bold(tr._("What I store")),
        tr._(
            "• Your Telegram user id and chat id (to answer you), first name, language, "
            "timezone, quiet hours and reminder times."
        ),
        tr._(
            "• Everything you record: attacks and their answers, symptoms such as twitching, "
            "your medication list and doses, daily check-ins, your own symptoms and triggers."
        ),
        "",
        bold(tr._("Where")),
        tr._(
            "In this bot's own database on the server that runs it. Nothing is sent anywhere "
            "else: no analytics, no advertising, no third parties. Telegram carries our "
            "messages, as with any chat."
        ),
        "",
        bold(tr._("Your control")),
        tr._("/export sends you everything as CSV files and a JSON file."),
        tr._("/import restores a JSON export into an empty diary (for example on a new server)."),
        tr._("/delete erases all of it for real, at once, after one confirmation."),
    ]
    if not erased_from_files_at_once:
        lines.append(
            tr._(
                "The bot forgets it at once. This server's database (PostgreSQL) can keep "
                "deleted records in its files until it reuses the space (VACUUM), and in its "
                "logs until they are recycled."
            )
        )
    lines.append(tr._("Backups the server's operator made before keep it until they expire."))
    if retention_days:
        lines += [
            "",
            tr.n_(
                "This server keeps records for {count} day; older ones are deleted automatically.",
                "This server keeps records for {count} days; older ones are deleted "
                "automatically.",
                retention_days,
            ),
        ]
    return Screen(Html("\n").join(lines))


def export_caption(tr: Translator, filename: str) -> str:
    """The caption of each exported file."""
    captions = {
        "attacks.csv": tr._("Your attacks, one per row (times in your timezone)."),
        "medication_intakes.csv": tr._("Every dose, with its class and effect at 2 h."),
        "checkins.csv": tr._("Your daily check-ins."),
        "symptoms.csv": tr._("Body symptoms such as twitching."),
        "diary.json": tr._("The whole diary for /import on another server. Keep it private."),
    }
    return captions[filename]


def export_intro(tr: Translator) -> Screen:
    """Before the exported files."""
    return Screen(tr._("Here is everything in your diary. The files open in any spreadsheet."))


def import_prompt(tr: Translator) -> Screen:
    """Ask for the export file."""
    return Screen(
        tr._(
            "Send me the <b>diary.json</b> file from /export as a document. It is added to your "
            "diary here, which has to be empty."
        )
    )


def import_problem(tr: Translator, problem: str) -> Screen:
    """Why a file was not imported; nothing was changed."""
    reasons = {
        "too_large": tr._("That file is too large for a diary export."),
        "not_json": tr._("That file isn't a diary export (it isn't JSON)."),
        "not_an_export": tr._("That file isn't a diary export from this bot."),
        "newer_version": tr._("That export comes from a newer version of the bot."),
        "too_deep": tr._("That file isn't a diary export (it is nested far too deeply)."),
        "invalid": tr._("That export is damaged or was edited, so I can't trust it."),
        "out_of_range": tr._(
            "That export has dates or values a diary can't hold (for example a date before "
            "1950 or in the future, or an attack longer than 7 days)."
        ),
        "duplicate": tr._("That export lists the same medication or one of your own items twice."),
        "other_account": tr._("That export belongs to another Telegram account."),
        "diary_not_empty": tr._(
            "Your diary here already has records. Import only goes into an empty diary; "
            "/delete first if you want to replace it."
        ),
        "not_a_document": tr._("Please send the file as a document (the paperclip, then File)."),
    }
    return Screen(reasons[problem] + " " + tr._("Nothing was changed."))


def imported(tr: Translator, *, attacks: int, doses: int, checkins: int) -> Screen:
    """After a successful import."""
    return Screen(
        tr._(
            "Imported: {attacks}, {doses} and {checkins}. "
            "Your reminders are set to your timezone here.",
            attacks=tr.n_("{count} attack", "{count} attacks", attacks),
            doses=tr.n_("{count} dose", "{count} doses", doses),
            checkins=tr.n_("{count} check-in", "{count} check-ins", checkins),
        )
    )


def delete_confirmation(tr: Translator) -> Screen:
    """Ask once before erasing everything."""
    return Screen(
        tr._(
            "This erases your whole diary: every attack, dose, check-in, setting and reminder. "
            "It can't be undone. /export first if you want a copy."
        ),
        inline(
            [button(tr._("Yes, delete everything"), Action.DATA, "del", "yes")],
            [button(tr._("No, keep my diary"), Action.DATA, "del", "no")],
        ),
    )


def deleted(tr: Translator) -> Screen:
    """After /delete."""
    return Screen(tr._("Done: everything about you is deleted. /start begins a new diary."))


def delete_cancelled(tr: Translator) -> Screen:
    """The user kept their diary."""
    return Screen(tr._("Nothing was deleted."))
