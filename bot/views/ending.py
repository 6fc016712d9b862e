"""Texts and buttons for ending an attack (/end, "Attack over", and a backfilled end)."""

from __future__ import annotations

from datetime import datetime, time

from bot.domain.attacks import (
    AttackDetails,
    AttackRecord,
    EndedHow,
    EndProblem,
    needs_length_confirmation,
)
from bot.views import labels
from bot.views.attack_card import header
from bot.views.callbacks import Action, clock_code, instant_code
from bot.views.i18n import Translator
from bot.views.markup import Html
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import duration, when

ENDED_AGO_MINUTES = ((0, 30), (60, 120))
BACKFILL_LENGTH_MINUTES = ((60, 120, 240), (480, 720, 1440))
WAKE_TIMES = ((time(5), time(6), time(7)), (time(8), time(9), time(10)))


def no_open_attack(tr: Translator) -> Screen:
    """/end with nothing open."""
    return Screen(
        tr._(
            "No attack is open right now. If you had one earlier, “📝 Past attack” or /past "
            "logs it."
        )
    )


def choose_attack(
    tr: Translator, attacks: list[AttackRecord], *, tz: str, now: datetime
) -> Screen:
    """Several attacks are open: which one is over?"""
    rows = [
        [
            button(
                tr._("Since {start}", start=when(tr, attack.started_at, tz=tz, now=now)),
                Action.ATTACK_END,
                attack.id,
                "pick",
            )
        ]
        for attack in attacks
    ]
    rows.append([button(tr._("All of them, just now"), Action.ATTACK_END, 0, "all")])
    return Screen(tr._("Several attacks are open. Which one is over?"), inline(*rows))


def end_time_question(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """When did it end: now, a little earlier, on waking, or a typed time."""
    attack_id = details.attack.id
    names = {
        0: tr._("Just now"),
        30: tr._("30 min ago"),
        60: tr._("1 h ago"),
        120: tr._("2 h ago"),
    }
    rows = [
        [button(names[m], Action.ATTACK_END, attack_id, "m", m) for m in row]
        for row in ENDED_AGO_MINUTES
    ]
    rows.append(
        [
            button(tr._("When I woke up"), Action.ATTACK_END, attack_id, "woke"),
            button(tr._("Type a time"), Action.ATTACK_END, attack_id, "type"),
        ]
    )
    top = header(tr, details.attack, tz=details.timezone, now=now)
    return Screen(top + "\n\n" + tr._("When did it end?"), inline(*rows))


def backfill_end_question(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """How long a past attack lasted, or that it is still going."""
    attack_id = details.attack.id
    rows = [
        [
            button(
                tr._("{length} later", length=duration_label(tr, m)),
                Action.ATTACK_END,
                attack_id,
                "p",
                m,
            )
            for m in row
        ]
        for row in BACKFILL_LENGTH_MINUTES
    ]
    rows.append(
        [
            button(tr._("It's still going"), Action.ATTACK_END, attack_id, "open"),
            button(tr._("Type a time"), Action.ATTACK_END, attack_id, "type"),
        ]
    )
    top = header(tr, details.attack, tz=details.timezone, now=now)
    return Screen(top + "\n\n" + tr._("When did it end?"), inline(*rows))


def duration_label(tr: Translator, minutes: int) -> str:
    """A whole number of hours as a button shows it."""
    hours = minutes // 60
    return tr.n_("{count} hour", "{count} hours", hours)


def wake_question(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """What time the user woke up without the headache."""
    attack_id = details.attack.id
    rows = [
        [
            button(t.strftime("%H:%M"), Action.ATTACK_END, attack_id, "w", clock_code(t))
            for t in row
        ]
        for row in WAKE_TIMES
    ]
    rows.append([button(tr._("Type a time"), Action.ATTACK_END, attack_id, "type")])
    top = header(tr, details.attack, tz=details.timezone, now=now)
    return Screen(top + "\n\n" + tr._("What time did you wake up without it?"), inline(*rows))


def how_ended_question(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """It is over: how did it end?"""
    attack_id = details.attack.id
    rows = [
        [button(labels.ended_how(tr, how), Action.ATTACK_END, attack_id, "how", how)]
        for how in EndedHow
    ]
    rows.append([button(tr._("Skip ›"), Action.ATTACK_END, attack_id, "how", "skip")])
    top = header(tr, details.attack, tz=details.timezone, now=now)
    return Screen(top + "\n\n" + tr._("Glad it's over. How did it end?"), inline(*rows))


def length_confirmation(
    tr: Translator,
    details: AttackDetails,
    *,
    started_at: datetime,
    ended_at: datetime,
    origin: str,
    changed: str,
    now: datetime,
) -> Screen:
    """An attack over a day long: show its length and ask before saving it.

    ``changed`` is ``end`` or ``start`` (which time the user gave); ``origin`` says where to go
    on: ``q`` (/end), ``bf`` (a past attack), ``w`` (woke up), ``c`` (the card).
    """
    attack_id = details.attack.id
    tz = details.timezone
    moment = ended_at if changed == "end" else started_at
    op = "ok" if changed == "end" else "sok"
    top = header(tr, details.attack, tz=tz, now=now)
    question = tr._(
        "That makes the attack {length} long ({start} – {end}). Is that right?",
        length=duration(tr, ended_at - started_at),
        start=when(tr, started_at, tz=tz, now=now),
        end=when(tr, ended_at, tz=tz, now=now),
    )
    return Screen(
        top + "\n\n" + question,
        inline(
            [
                button(
                    tr._("Yes, that's right"),
                    Action.ATTACK_END,
                    attack_id,
                    op,
                    instant_code(moment),
                    origin,
                )
            ],
            [button(tr._("No, change it"), Action.ATTACK_END, attack_id, "no", origin)],
        ),
    )


def close_all_confirmation(
    tr: Translator, attacks: list[AttackRecord], *, tz: str, now: datetime
) -> Screen:
    """Closing every open attack now would make some longer than a day: say so and ask."""
    lines = [
        tr._(
            "The attack since {start} would be {length} long.",
            start=when(tr, attack.started_at, tz=tz, now=now),
            length=duration(tr, now - attack.started_at),
        )
        for attack in attacks
        if needs_length_confirmation(started_at=attack.started_at, ended_at=now)
    ]
    lines.append(tr._("Is that right?"))
    return Screen(
        Html("\n").join(lines),
        inline(
            [button(tr._("Yes, close them all now"), Action.ATTACK_END, 0, "allok")],
            [button(tr._("No, pick one"), Action.ATTACK_END, 0, "allno")],
        ),
    )


def ended_all(tr: Translator, count: int) -> Screen:
    """Several attacks closed at once."""
    return Screen(tr.n_("Closed {count} attack.", "Closed {count} attacks.", count))


def end_problem_alert(
    tr: Translator, problem: EndProblem, details: AttackDetails, *, now: datetime
) -> str:
    """Why a tapped end time was refused (shown as an alert over the same question)."""
    if problem is EndProblem.BEFORE_START:
        return tr._(
            "The end has to be after the start ({start}). Pick a later time or type one.",
            start=when(tr, details.attack.started_at, tz=details.timezone, now=now),
        )
    if problem is EndProblem.IN_FUTURE:
        return tr._("That's in the future. Pick an earlier time or type one.")
    return tr._(
        "That would make it longer than 7 days ({length}). Pick an earlier time or type one.",
        length=duration(tr, now - details.attack.started_at),
    )
