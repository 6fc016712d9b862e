"""Texts and buttons of /history (recent attacks) and /undo."""

from __future__ import annotations

from datetime import datetime

from bot.domain.attack_flow import Step
from bot.domain.attacks import AttackDetails
from bot.domain.medications import IntakeRecord
from bot.views.attack_card import EDIT, attack_button
from bot.views.callbacks import Action
from bot.views.i18n import Translator
from bot.views.lists import listing
from bot.views.markup import Html
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import duration, when

MAX_NAMES_PER_ATTACK = 3  # medication names on an attack's line in /history and /undo


def attack_line(tr: Translator, details: AttackDetails, *, now: datetime) -> Html:
    """One attack in a list: start, duration, intensity, medication."""
    attack = details.attack
    parts: list[str] = [when(tr, attack.started_at, tz=details.timezone, now=now)]
    if attack.is_open:
        parts.append(tr._("still going"))
    else:
        parts.append(duration(tr, attack.duration(now)))
    if attack.peak_intensity is not None:
        parts.append(f"{attack.peak_intensity}/10")
    names = sorted({intake.medication_name for intake in details.intakes})
    if names:
        parts.append(listing(tr, names, limit=MAX_NAMES_PER_ATTACK))
    return Html(" · ").join(parts)


def history(
    tr: Translator,
    attacks: list[AttackDetails],
    *,
    page: int,
    pages: int,
    total: int,
    first_number: int,
    now: datetime,
) -> Screen:
    """A page of attacks, each openable by its number, with paging."""
    if not attacks:
        return Screen(
            tr._("No attacks recorded yet. When one starts, tap “🤕 Attack now” or send /log.")
        )
    lines = [
        tr._(
            "<b>Your attacks</b> ({first}-{last} of {total}). Tap a number to open one:",
            first=first_number,
            last=first_number + len(attacks) - 1,
            total=total,
        ),
        "",
    ]
    openers = []
    for offset, details in enumerate(attacks):
        number = first_number + offset
        lines.append(f"{number}. " + attack_line(tr, details, now=now))
        openers.append(attack_button(str(number), details.attack.id, EDIT, Step.CARD, "show"))
    paging = []
    if page > 0:
        paging.append(button(tr._("‹ Newer"), Action.HISTORY, "p", page - 1))
    if page < pages - 1:
        paging.append(button(tr._("Older ›"), Action.HISTORY, "p", page + 1))
    return Screen(Html("\n").join(lines), inline(openers, paging))


def undo_question(
    tr: Translator,
    *,
    kind: str,
    record_id: int,
    attack: AttackDetails | None,
    intake: IntakeRecord | None,
    tz: str,
    now: datetime,
) -> Screen:
    """Ask before removing the last record."""
    if attack is not None:
        what = tr._("the attack of {line}", line=attack_line(tr, attack, now=now))
    else:
        assert intake is not None
        name = intake.medication_name + (f" {intake.dose}" if intake.dose else "")
        what = tr._(
            "the dose of {name} at {clock}",
            name=name,
            clock=when(tr, intake.taken_at, tz=tz, now=now),
        )
    return Screen(
        tr._("The last thing you recorded was {what}. Remove it?", what=what),
        inline(
            [
                button(tr._("Yes, remove it"), Action.UNDO, kind, record_id),
                button(tr._("No, keep it"), Action.UNDO, "no", 0),
            ]
        ),
    )


def nothing_to_undo(tr: Translator) -> Screen:
    """/undo with an empty diary."""
    return Screen(tr._("There's nothing to undo: your diary is empty."))


def undone(tr: Translator, *, removed: bool) -> Screen:
    """After /undo's confirmation."""
    if removed:
        return Screen(tr._("Removed."))
    return Screen(tr._("That was already removed."))


def kept(tr: Translator) -> Screen:
    """The user chose not to undo."""
    return Screen(tr._("Kept. Nothing was changed."))
