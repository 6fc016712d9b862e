"""Texts and buttons of /reminders, switching reminder kinds, quiet hours, the morning question.

Buttons carry ``rem:<op>[:<args>]`` and ``qh:<op>[:<args>]``.
"""

from __future__ import annotations

from datetime import datetime, time

from telegram import InlineKeyboardButton

from bot.domain.dispatch import ReminderEntry
from bot.domain.medications import MedicationRecord
from bot.domain.profiles import ReminderKind
from bot.views.callbacks import Action, clock_code
from bot.views.i18n import Translator
from bot.views.markup import Html, bold, escape
from bot.views.onboarding import format_clock
from bot.views.screens import Screen, button, inline
from bot.views.settings import quiet_hours_line, weekly_at
from bot.views.timefmt import when

MORNING_CHOICES = (time(7, 0), time(8, 0), time(9, 0), time(10, 0))
QUIET_START_CHOICES = (time(21, 0), time(22, 0), time(22, 30), time(23, 0), time(0, 0))
QUIET_END_CHOICES = (time(6, 0), time(7, 0), time(7, 30), time(8, 0), time(9, 0))
NONE = "none"
MAX_DOSE_LINES = 20  # medications with dose reminders listed by /reminders; the rest are counted


def kind_name(tr: Translator, kind: ReminderKind) -> str:
    """A reminder kind as the user knows it."""
    return {
        ReminderKind.CHECKIN: tr._("Evening check-ins"),
        ReminderKind.MORNING_SLEEP: tr._("Morning sleep questions"),
        ReminderKind.MEDICATION: tr._("Dose reminders"),
        ReminderKind.FOLLOWUP: tr._("Attack follow-ups"),
        ReminderKind.RECAP: tr._("Weekly recaps"),
    }[kind]


def _next(tr: Translator, entry: ReminderEntry, tz: str, now: datetime) -> str:
    if entry.next_fire_at is None:
        return ""
    return " " + tr._("(next: {when})", when=when(tr, entry.next_fire_at, tz=tz, now=now))


def _daily_line(
    tr: Translator, label: str, entries: list[ReminderEntry], tz: str, now: datetime
) -> str:
    active = [e for e in entries if e.enabled and e.local_time is not None]
    if not active:
        return tr._("{what}: off", what=label)
    soonest = min(active, key=lambda e: e.next_fire_at or now)
    clocks = Html(", ").join(
        format_clock(e.local_time) for e in active if e.local_time is not None
    )
    return tr._("{what}: {clocks}", what=label, clocks=clocks) + _next(tr, soonest, tz, now)


def overview(
    tr: Translator,
    *,
    entries: list[ReminderEntry],
    medications: dict[int, MedicationRecord],
    followups_on: bool,
    quiet: tuple[time, time],
    tz: str,
    now: datetime,
    paused: bool = False,
) -> Screen:
    """Everything scheduled for the user, in their local time, with one-tap switches.

    ``paused``: the user's last reminder could not be delivered (they blocked the bot); the
    card says so instead of listing "next" times that will not come.
    """

    def of(kind: ReminderKind) -> list[ReminderEntry]:
        return [e for e in entries if e.kind is kind]

    lines: list[str] = [bold(tr._("Your reminders")) + " · " + tz]
    if paused:
        lines.append(
            tr._(
                "⏸ Paused: my last reminder could not reach you. They start again from now "
                "when you write or tap anything."
            )
        )
        now_entries = [e for e in entries if e.local_time is not None]
        entries = [
            ReminderEntry(
                id=e.id,
                kind=e.kind,
                enabled=e.enabled,
                local_time=e.local_time,
                weekdays=e.weekdays,
                next_fire_at=None,
                medication_id=e.medication_id,
                attack_id=e.attack_id,
            )
            for e in now_entries
        ]
    lines.append(_daily_line(tr, tr._("Evening check-in"), of(ReminderKind.CHECKIN), tz, now))
    lines.append(
        _daily_line(tr, tr._("Morning sleep question"), of(ReminderKind.MORNING_SLEEP), tz, now)
    )
    doses = [e for e in of(ReminderKind.MEDICATION) if e.medication_id in medications]
    by_med: dict[int, list[ReminderEntry]] = {}
    for entry in doses:
        if entry.local_time is not None:
            by_med.setdefault(entry.medication_id or 0, []).append(entry)
    dose_lines = [
        _daily_line(tr, escape(medications[med_id].name), med_entries, tz, now)
        for med_id, med_entries in by_med.items()
    ]
    for entry in doses:
        if entry.local_time is None and entry.next_fire_at is not None:
            dose_lines.append(
                tr._(
                    "{what}: snoozed until {when}",
                    what=escape(medications[entry.medication_id or 0].name),
                    when=when(tr, entry.next_fire_at, tz=tz, now=now),
                )
            )
    lines += dose_lines[:MAX_DOSE_LINES]
    if len(dose_lines) > MAX_DOSE_LINES:
        more = len(dose_lines) - MAX_DOSE_LINES
        lines.append(
            tr.n_(
                "… and {count} more dose reminder; /meds shows them all.",
                "… and {count} more dose reminders; /meds shows them all.",
                more,
            )
        )
    recaps = of(ReminderKind.RECAP)
    recap = next((e for e in recaps if e.enabled and e.local_time is not None), None)
    if recap is None or recap.local_time is None:
        lines.append(tr._("Weekly recap: off"))
    else:
        lines.append(
            tr._("Weekly recap: {when}", when=weekly_at(tr, recap.weekdays, recap.local_time))
            + _next(tr, recap, tz, now)
        )
    followups = [e for e in of(ReminderKind.FOLLOWUP) if e.attack_id and e.next_fire_at]
    if not followups_on:
        lines.append(tr._("Attack follow-ups: off"))
    elif followups:
        soonest = min(e.next_fire_at for e in followups if e.next_fire_at is not None)
        lines.append(
            tr._(
                "Attack follow-ups: on (next: {when})",
                when=when(tr, soonest, tz=tz, now=now),
            )
        )
    else:
        lines.append(tr._("Attack follow-ups: on (about 2 h after an attack or a dose)"))
    start, end = quiet
    lines.append(quiet_hours_line(tr, start, end))

    def switch(kind: ReminderKind, on: bool) -> list[InlineKeyboardButton]:
        label = (
            tr._("🔕 {what} off", what=kind_name(tr, kind))
            if on
            else tr._("🔔 {what} on", what=kind_name(tr, kind))
        )
        return [button(label, Action.REMINDERS, "set", kind.value, 0 if on else 1)]

    rows: list[list[InlineKeyboardButton]] = []
    checkins = of(ReminderKind.CHECKIN)
    if any(e.local_time is not None for e in checkins):
        rows.append(switch(ReminderKind.CHECKIN, any(e.enabled for e in checkins)))
    rows.append([button(tr._("🌅 Morning sleep question"), Action.REMINDERS, "m")])
    if any(e.local_time is not None for e in doses):
        rows.append(
            switch(
                ReminderKind.MEDICATION,
                any(e.enabled for e in doses if e.local_time is not None),
            )
        )
    rows.append(switch(ReminderKind.FOLLOWUP, followups_on))
    if any(e.local_time is not None for e in recaps):
        rows.append(switch(ReminderKind.RECAP, any(e.enabled for e in recaps)))
    rows.append([button(tr._("🌙 Quiet hours"), Action.QUIET_HOURS, "s")])
    return Screen(Html("\n").join(lines), inline(*rows))


def turned_off(tr: Translator, kind: ReminderKind) -> Screen:
    """Confirm a reminder kind was switched off from one of its messages."""
    return Screen(
        tr._("{what} are off. /reminders turns them back on.", what=kind_name(tr, kind)),
        inline([button(tr._("Undo"), Action.REMINDERS, "on", kind.value)]),
    )


def medication_turned_off(tr: Translator, med: MedicationRecord) -> Screen:
    """Confirm one medication's dose reminders were switched off from one of its messages."""
    return Screen(
        tr._(
            "Dose reminders for <b>{name}</b> are off; other medications keep theirs. "
            "/reminders turns them back on.",
            name=escape(med.name),
        ),
        inline(
            [button(tr._("Undo"), Action.REMINDERS, "on", ReminderKind.MEDICATION.value, med.id)],
            [
                button(
                    tr._("🔕 Turn off all dose reminders"),
                    Action.REMINDERS,
                    "off",
                    ReminderKind.MEDICATION.value,
                )
            ],
        ),
    )


def medication_turned_on(tr: Translator, med: MedicationRecord) -> Screen:
    """Confirm one medication's dose reminders are back on."""
    return Screen(tr._("Dose reminders for <b>{name}</b> are on again.", name=escape(med.name)))


def off_button(tr: Translator, kind: ReminderKind) -> InlineKeyboardButton:
    """The "turn these off" button under a follow-up or weekly recap."""
    label = (
        tr._("🔕 Turn off follow-ups")
        if kind is ReminderKind.FOLLOWUP
        else tr._("🔕 Turn off weekly recaps")
    )
    return button(label, Action.REMINDERS, "off", kind.value)


def turned_on(tr: Translator, kind: ReminderKind) -> Screen:
    """Confirm a reminder kind was switched back on."""
    return Screen(tr._("{what} are on again.", what=kind_name(tr, kind)))


def morning_question(tr: Translator) -> Screen:
    """Ask when (or whether) to ask about sleep each morning."""
    buttons = [
        button(format_clock(t), Action.REMINDERS, "mt", clock_code(t)) for t in MORNING_CHOICES
    ]
    return Screen(
        tr._(
            "I can ask how you slept each morning, then the evening check-in skips that "
            "question. When?"
        ),
        inline(buttons, [button(tr._("No morning question"), Action.REMINDERS, "mt", NONE)]),
    )


def quiet_start_question(tr: Translator) -> Screen:
    """Ask when quiet hours start."""
    buttons = [
        button(format_clock(t), Action.QUIET_HOURS, "e", clock_code(t))
        for t in QUIET_START_CHOICES
    ]
    return Screen(
        tr._(
            "Quiet hours: I hold back attack follow-ups then (times you chose yourself are "
            "kept). When do they start?"
        ),
        inline(
            buttons[:3], buttons[3:], [button(tr._("No quiet hours"), Action.QUIET_HOURS, NONE)]
        ),
    )


def quiet_end_question(tr: Translator, start: time) -> Screen:
    """Ask when quiet hours end."""
    return Screen(
        tr._("From {start} until when?", start=format_clock(start)),
        inline(
            [
                button(
                    format_clock(t), Action.QUIET_HOURS, "set", clock_code(start), clock_code(t)
                )
                for t in QUIET_END_CHOICES
            ]
        ),
    )


def quiet_set(tr: Translator, start: time, end: time) -> Screen:
    """Confirm the quiet hours."""
    if start == end:
        return Screen(tr._("No quiet hours: follow-ups may come at any time."))
    return Screen(
        tr._(
            "Quiet hours: <b>{start}-{end}</b>.",
            start=format_clock(start),
            end=format_clock(end),
        )
    )
