"""Texts and buttons of /meds (the medication list) and of preventive dose reminders.

List buttons carry ``med:<op>:<id>[:<value>]``; dose reminders carry
``md:<medication id>:<dose time code>:<t|s|z>`` (taken, skipped, snooze).
"""

from __future__ import annotations

from datetime import datetime, time

from telegram import InlineKeyboardButton

from bot.domain.dispatch import occurrence_code
from bot.domain.medications import DrugClass, IntakeStatus, MedicationRecord
from bot.domain.profiles import ReminderKind
from bot.views.callbacks import (
    MEDS_ACUTE,
    MEDS_PREVENTIVE,
    MEDS_WALKTHROUGH,
    Action,
    MedsOp,
    clock_code,
)
from bot.views.i18n import Translator
from bot.views.labels import drug_class
from bot.views.lists import page_of
from bot.views.markup import Html, bold, echo, escape
from bot.views.onboarding import format_clock
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import local_clock

# Dose-time buttons offered for a preventive.
DOSE_TIME_CHOICES = (time(8, 0), time(9, 0), time(12, 0), time(20, 0), time(21, 0), time(22, 0))
TAKEN, SKIPPED, SNOOZE = "t", "s", "z"
ACUTE, PREVENTIVE = MEDS_ACUTE, MEDS_PREVENTIVE
MEDS_PER_PAGE = 10  # medications per page of /meds (a line and a button each)
WALKTHROUGH = MEDS_WALKTHROUGH


def describe(tr: Translator, med: MedicationRecord, times: list[time]) -> Html:
    """One line about a medication: name, class, dose, acute/preventive, reminder times."""
    parts = [bold(med.name), drug_class(tr, med.drug_class)]
    if med.usual_dose:
        parts.append(escape(med.usual_dose))
    if med.drug_class is not DrugClass.PREVENTIVE:
        # A class named "Preventive" already says it ("Propranolol · Preventive", not
        # "Propranolol · Preventive · preventive").
        parts.append(tr._("preventive") if med.is_preventive else tr._("acute"))
    line = Html(" · ").join(parts)
    if times:
        line += " · ⏰ " + Html(", ").join(format_clock(t) for t in times)
    return line


def meds_list(
    tr: Translator, meds: list[tuple[MedicationRecord, list[time]]], *, page: int = 0
) -> Screen:
    """The user's medication list (paged) with a button to open each and one to add another."""
    shown, page, pages = page_of(meds, page, MEDS_PER_PAGE)
    paging = []
    if page > 0:
        paging.append(button(tr._("‹ Previous"), Action.MEDS, MedsOp.LIST, page - 1))
    if page < pages - 1:
        paging.append(button(tr._("More ›"), Action.MEDS, MedsOp.LIST, page + 1))
    if meds:
        lines = [tr._("<b>Your medications</b>"), *(describe(tr, m, t) for m, t in shown)]
        if pages > 1:
            lines.append(tr._("Page {page} of {pages}.", page=page + 1, pages=pages))
        lines.append(tr._("Tap one to change it."))
    else:
        lines = [
            tr._("<b>Your medications</b>"),
            tr._(
                "Nothing here yet. Add what you take for attacks and any preventive, so logging "
                "a dose is one tap and preventives get reminders."
            ),
        ]
    rows = [[button(med.name, Action.MEDS, MedsOp.OPEN, med.id)] for med, _times in shown]
    rows.append(paging)
    rows.append([button(tr._("➕ Add a medication"), Action.MEDS, MedsOp.ADD)])
    rows.append([button(tr._("Close"), Action.MEDS, MedsOp.CLOSE)])
    return Screen(Html("\n").join(lines), inline(*rows))


def closed(tr: Translator) -> Screen:
    """What the list turns into when closed."""
    return Screen(tr._("Medication list saved. /meds opens it again."))


def name_prompt(tr: Translator) -> Screen:
    """Ask for a medication's name."""
    return Screen(tr._("Type the medication's name, for example <i>Ibuprofen</i>."))


def name_invalid(tr: Translator) -> Screen:
    """A typed name could not be used."""
    return Screen(
        tr._(
            "That doesn't look like a medication name. Please type just the name, up to 40 "
            "characters, for example <i>Sumatriptan</i>."
        )
    )


def name_taken(tr: Translator) -> Screen:
    """A new name is already on the list."""
    return Screen(tr._("You already have a medication with that name. Please type another."))


def class_question(tr: Translator, med: MedicationRecord, *, walkthrough: bool = False) -> Screen:
    """Ask which class a medication belongs to."""
    extra = (WALKTHROUGH,) if walkthrough else ()
    buttons = [
        button(drug_class(tr, value), Action.MEDS, MedsOp.SET_CLASS, med.id, value, *extra)
        for value in DrugClass
    ]
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    return Screen(
        tr._(
            "What kind of medication is <b>{name}</b>? This is how I count medication days "
            "for overuse. Not sure? Choose <i>Other</i>.",
            name=escape(med.name),
        ),
        inline(*rows),
    )


def kind_question(tr: Translator, med: MedicationRecord, *, walkthrough: bool = False) -> Screen:
    """Ask whether a medication is taken for attacks or every day."""
    extra = (WALKTHROUGH,) if walkthrough else ()
    return Screen(
        tr._(
            "Do you take <b>{name}</b> for attacks, or every day to prevent them?",
            name=escape(med.name),
        ),
        inline(
            [button(tr._("For attacks"), Action.MEDS, MedsOp.SET_KIND, med.id, ACUTE, *extra)],
            [
                button(
                    tr._("Every day (preventive)"),
                    Action.MEDS,
                    MedsOp.SET_KIND,
                    med.id,
                    PREVENTIVE,
                    *extra,
                )
            ],
        ),
    )


def dose_prompt(tr: Translator, med: MedicationRecord, *, walkthrough: bool = False) -> Screen:
    """Ask for the usual dose (typed), or skip."""
    return Screen(
        tr._(
            "Type your usual dose of <b>{name}</b>, for example <i>400 mg</i> or "
            "<i>2 tablets</i>.",
            name=escape(med.name),
        ),
        inline(
            [
                button(
                    tr._("Skip"),
                    Action.MEDS,
                    MedsOp.SKIP_DOSE if walkthrough else "o",
                    med.id,
                    WALKTHROUGH,
                )
            ]
        ),
    )


def dose_invalid(tr: Translator) -> Screen:
    """A typed dose could not be used."""
    return Screen(
        tr._(
            "I couldn't read that as a dose. Please type a number with its unit, for example "
            "<i>50 mg</i> or <i>1 tablet</i> (up to 24 characters)."
        )
    )


def rename_prompt(tr: Translator, med: MedicationRecord) -> Screen:
    """Ask for a new name."""
    return Screen(tr._("Type the new name for <b>{name}</b>.", name=escape(med.name)))


def time_question(tr: Translator, med: MedicationRecord) -> Screen:
    """Ask when to remind the user of a preventive dose."""
    buttons = [
        button(format_clock(t), Action.MEDS, MedsOp.ADD_TIME, med.id, clock_code(t))
        for t in DOSE_TIME_CHOICES
    ]
    return Screen(
        tr._("When should I remind you to take <b>{name}</b>?", name=escape(med.name)),
        inline(
            buttons[:3],
            buttons[3:],
            [button(tr._("Another time: I'll type it"), Action.MEDS, MedsOp.TYPE_TIME, med.id)],
            [button(tr._("No reminder"), Action.MEDS, MedsOp.OPEN, med.id)],
        ),
    )


def time_prompt(tr: Translator) -> Screen:
    """Invite the user to type a reminder time."""
    return Screen(tr._("Type a time, for example <i>08:30</i> or <i>9pm</i>."))


def time_invalid(tr: Translator, typed: str) -> Screen:
    """A typed time could not be read."""
    return Screen(
        tr._(
            "“{typed}” isn't a time I can read. Please type it like <i>08:30</i> or <i>9pm</i>.",
            typed=echo(typed),
        )
    )


def too_many_times(tr: Translator) -> str:
    """Alert: a medication already has the most reminder times allowed."""
    return tr._("That's as many reminder times as one medication can have.")


def card(
    tr: Translator,
    med: MedicationRecord,
    times: list[tuple[int, time]],
    *,
    quiet_note: bool = False,
    header: str | None = None,
) -> Screen:
    """One medication with buttons to change each part of it."""
    lines = [header] if header else []
    lines.append(describe(tr, med, [t for _id, t in times]))
    if quiet_note:
        lines.append(
            tr._(
                "A reminder time is inside your quiet hours; I'll still send it then, "
                "because you chose it."
            )
        )
    rows = [
        [
            button(tr._("Rename"), Action.MEDS, MedsOp.RENAME, med.id),
            button(tr._("Kind"), Action.MEDS, MedsOp.ASK_CLASS, med.id),
            button(tr._("Dose"), Action.MEDS, MedsOp.ASK_DOSE, med.id),
        ],
        [
            button(tr._("Make it preventive"), Action.MEDS, MedsOp.SET_KIND, med.id, PREVENTIVE)
            if not med.is_preventive
            else button(tr._("Make it for attacks"), Action.MEDS, MedsOp.SET_KIND, med.id, ACUTE)
        ],
    ]
    if med.is_preventive:
        rows.append([button(tr._("⏰ Add a reminder time"), Action.MEDS, MedsOp.ASK_TIME, med.id)])
        rows.extend(
            [
                button(
                    tr._("Stop the {clock} reminder", clock=format_clock(t)),
                    Action.MEDS,
                    MedsOp.REMOVE_TIME,
                    reminder_id,
                )
            ]
            for reminder_id, t in times
        )
    rows.append(
        [button(tr._("🗄 Archive (keeps its history)"), Action.MEDS, MedsOp.ARCHIVE, med.id)]
    )
    rows.append([button(tr._("« All medications"), Action.MEDS, MedsOp.LIST)])
    return Screen(Html("\n").join(lines), inline(*rows))


def added_header(tr: Translator, med: MedicationRecord) -> str:
    """The line above the card of a medication just added."""
    return tr._("Added <b>{name}</b>. Check the details below:", name=escape(med.name))


def archived(tr: Translator, med: MedicationRecord) -> Screen:
    """Confirm a medication was archived."""
    return Screen(
        tr._(
            "<b>{name}</b> is archived: it's off your list and its reminders stopped. The doses "
            "you logged stay in your diary. Adding it again brings it back.",
            name=escape(med.name),
        ),
        inline([button(tr._("« All medications"), Action.MEDS, MedsOp.LIST)]),
    )


def not_found(tr: Translator) -> str:
    """Alert for a medication that is not the presser's (or no longer exists)."""
    return tr._("That medication is no longer on your list.")


# -- dose reminders ---------------------------------------------------------------------------


def _dose_buttons(
    tr: Translator, med: MedicationRecord, occurrence: datetime, current: IntakeStatus | None
) -> list[list[InlineKeyboardButton]]:
    code = occurrence_code(occurrence)
    taken = ("✓ " if current is IntakeStatus.TAKEN else "") + tr._("Taken")
    skipped = ("✓ " if current is IntakeStatus.SKIPPED else "") + tr._("Skip")
    rows: list[list[InlineKeyboardButton]] = [
        [
            button(taken, Action.DOSE, med.id, code, TAKEN),
            button(skipped, Action.DOSE, med.id, code, SKIPPED),
        ]
    ]
    if current is None:
        rows.append([button(tr._("Snooze 30 min"), Action.DOSE, med.id, code, SNOOZE)])
        rows.append(
            [
                button(
                    tr._("🔕 Turn off dose reminders"),
                    Action.REMINDERS,
                    "off",
                    ReminderKind.MEDICATION.value,
                    med.id,
                )
            ]
        )
    return rows


def dose_reminder(tr: Translator, med: MedicationRecord, occurrence: datetime, tz: str) -> Screen:
    """The reminder to take a preventive dose."""
    dose = Html(" ({})").format(med.usual_dose) if med.usual_dose else ""
    return Screen(
        tr._(
            "💊 Time for <b>{name}</b>{dose}, your {clock} dose.",
            name=escape(med.name),
            dose=dose,
            clock=local_clock(occurrence, tz),
        ),
        inline(*_dose_buttons(tr, med, occurrence, None)),
    )


def dose_answered(
    tr: Translator, med: MedicationRecord, occurrence: datetime, tz: str, status: IntakeStatus
) -> Screen:
    """The reminder after Taken or Skip (tapping the other one changes the answer)."""
    clock = local_clock(occurrence, tz)
    text = (
        tr._("💊 <b>{name}</b>, {clock} dose: taken ✓", name=escape(med.name), clock=clock)
        if status is IntakeStatus.TAKEN
        else tr._("💊 <b>{name}</b>, {clock} dose: skipped", name=escape(med.name), clock=clock)
    )
    return Screen(text, inline(*_dose_buttons(tr, med, occurrence, status)))


def dose_snoozed(
    tr: Translator, med: MedicationRecord, occurrence: datetime, until: datetime, tz: str
) -> Screen:
    """The reminder after Snooze."""
    return Screen(
        tr._(
            "💊 <b>{name}</b>, {clock} dose: I'll ask again at {later}.",
            name=escape(med.name),
            clock=local_clock(occurrence, tz),
            later=local_clock(until, tz),
        ),
        inline(_dose_buttons(tr, med, occurrence, None)[0]),
    )
