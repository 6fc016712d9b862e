"""Texts and buttons of the daily check-in and the morning sleep question.

Buttons carry ``ck:<check-in id>:<step>:<value>[:m]`` (``m``: the morning question), so each
tap names its own day's check-in and keeps working after a restart or a day later.
"""

from __future__ import annotations

from datetime import date, datetime, time

from babel.numbers import format_decimal
from telegram import InlineKeyboardButton

from bot.domain.checkins import (
    FEWEST_SLEEP_HOURS,
    MOST_SLEEP_HOURS,
    SLEEP_HOUR_CHOICES,
    CheckinRecord,
    Factor,
    HeadacheAnswer,
    SleepQuality,
    Step,
)
from bot.domain.profiles import ReminderKind
from bot.views.callbacks import Action
from bot.views.i18n import Translator
from bot.views.markup import Html, bold
from bot.views.onboarding import format_clock
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import babel_locale, local_clock, local_date

MORNING = "m"
GO = "go"
DONE = "done"


def day_name(tr: Translator, day: date) -> str:
    """A check-in's day: ``Fri 20 Nov``."""
    return local_date(tr, day, "MMMEd")


def sleep_quality_label(tr: Translator, value: SleepQuality) -> str:
    """Poor, OK or good."""
    return {
        SleepQuality.POOR: tr._("😣 Poor"),
        SleepQuality.OK: tr._("😐 OK"),
        SleepQuality.GOOD: tr._("😊 Good"),
    }[value]


def factor_label(tr: Translator, value: Factor) -> str:
    """One of the day's optional factors."""
    return {
        Factor.EXERCISE: tr._("🏃 Exercise"),
        Factor.CAFFEINE: tr._("☕ Caffeine"),
        Factor.ALCOHOL: tr._("🍷 Alcohol"),
        Factor.STRESS: tr._("😰 Stress"),
    }[value]


def sleep_hours_label(tr: Translator, hours: float) -> str:
    """A sleep-hours button or answer: ``≤4``, ``7``, ``10+``."""
    if hours <= FEWEST_SLEEP_HOURS:
        return tr._("≤{hours}", hours=FEWEST_SLEEP_HOURS)
    if hours >= MOST_SLEEP_HOURS:
        return tr._("{hours}+", hours=MOST_SLEEP_HOURS)
    return format_decimal(hours, "0.#", locale=babel_locale(tr))


def _off_row(tr: Translator, kind: ReminderKind) -> list[InlineKeyboardButton]:
    label = (
        tr._("🔕 Turn off morning questions")
        if kind is ReminderKind.MORNING_SLEEP
        else tr._("🔕 Turn off evening check-ins")
    )
    return [button(label, Action.REMINDERS, "off", kind.value)]


def _heading(tr: Translator, record: CheckinRecord, *, morning: bool = False) -> Html:
    title = tr._("Good morning") if morning else tr._("Evening check-in")
    return bold(title) + " · " + day_name(tr, record.local_date)


def headache_question(
    tr: Translator, record: CheckinRecord, *, with_off: bool = False, yesterday: bool = False
) -> Screen:
    """The check-in's first question."""
    cid = record.id
    rows = [
        [
            button(tr._("No"), Action.CHECKIN_ANSWER, cid, Step.HEADACHE, HeadacheAnswer.NO),
            button(
                tr._("Yes, already logged"),
                Action.CHECKIN_ANSWER,
                cid,
                Step.HEADACHE,
                HeadacheAnswer.LOGGED,
            ),
        ],
        [
            button(
                tr._("Yes, log it now"),
                Action.CHECKIN_ANSWER,
                cid,
                Step.HEADACHE,
                HeadacheAnswer.LOG_NOW,
            )
        ],
    ]
    if with_off:
        rows.append(_off_row(tr, ReminderKind.CHECKIN))
    asked = tr._("Headache yesterday?") if yesterday else tr._("Headache today?")
    return Screen(_heading(tr, record) + "\n" + asked, inline(*rows))


def attack_time_question(tr: Translator, record: CheckinRecord, hours: list[int]) -> Screen:
    """Roughly when the day's headache started."""
    buttons = [
        button(format_clock(time(hour)), Action.CHECKIN_ANSWER, record.id, Step.ATTACK_TIME, hour)
        for hour in hours
    ]
    return Screen(
        _heading(tr, record) + "\n" + tr._("Roughly when did it start?"),
        inline(buttons[:3], buttons[3:]),
    )


def attack_logged(tr: Translator, started_at: datetime, tz: str) -> str:
    """The line confirming the headache was logged."""
    return tr._(
        "Logged a headache from about {clock}. /history shows it; you can add details there.",
        clock=local_clock(started_at, tz),
    )


def sleep_hours_question(
    tr: Translator, record: CheckinRecord, *, morning: bool = False, note: str | None = None
) -> Screen:
    """How long the user slept last night."""
    extra = (MORNING,) if morning else ()
    buttons = [
        button(
            sleep_hours_label(tr, hours),
            Action.CHECKIN_ANSWER,
            record.id,
            Step.SLEEP_HOURS,
            hours,
            *extra,
        )
        for hours in SLEEP_HOUR_CHOICES
    ]
    lines: list[str] = [_heading(tr, record, morning=morning)]
    if note:
        lines.append(note)
    lines.append(tr._("How many hours did you sleep last night?"))
    rows = [buttons[:4], buttons[4:]]
    if morning:
        rows.append(_off_row(tr, ReminderKind.MORNING_SLEEP))
    return Screen(Html("\n").join(lines), inline(*rows))


def sleep_quality_question(
    tr: Translator, record: CheckinRecord, *, morning: bool = False
) -> Screen:
    """How well the user slept."""
    extra = (MORNING,) if morning else ()
    return Screen(
        _heading(tr, record, morning=morning) + "\n" + tr._("And how well did you sleep?"),
        inline(
            [
                button(
                    sleep_quality_label(tr, quality),
                    Action.CHECKIN_ANSWER,
                    record.id,
                    Step.SLEEP_QUALITY,
                    quality,
                    *extra,
                )
                for quality in SleepQuality
            ]
        ),
    )


def preventive_question(tr: Translator, record: CheckinRecord) -> Screen:
    """Whether the preventive medication was taken today."""
    return Screen(
        _heading(tr, record) + "\n" + tr._("Did you take your preventive medication today?"),
        inline(
            [
                button(tr._("Yes"), Action.CHECKIN_ANSWER, record.id, Step.PREVENTIVE, "y"),
                button(tr._("No"), Action.CHECKIN_ANSWER, record.id, Step.PREVENTIVE, "n"),
            ]
        ),
    )


def factors_question(tr: Translator, record: CheckinRecord) -> Screen:
    """The optional factors of the day, as toggles; the check-in is already saved."""
    buttons = [
        button(
            ("✓ " if factor in record.factors else "") + factor_label(tr, factor),
            Action.CHECKIN_ANSWER,
            record.id,
            Step.FACTORS,
            factor,
            # The state the button sets (untick / tick), never "flip": a repeated press is safe.
            0 if factor in record.factors else 1,
        )
        for factor in Factor
    ]
    return Screen(
        _heading(tr, record)
        + "\n"
        + tr._("Saved ✓")
        + "\n"
        + tr._("Anything else today? Optional: tap what applies."),
        inline(
            buttons[:2],
            buttons[2:],
            [button(tr._("Done"), Action.CHECKIN_ANSWER, record.id, Step.FACTORS, DONE)],
        ),
    )


def summary(tr: Translator, record: CheckinRecord, *, morning: bool = False) -> Screen:
    """What the day's check-in holds, with buttons to change it."""
    lines = [_heading(tr, record, morning=morning) + " ✓"]
    if record.headache is not None:
        lines.append(tr._("Headache: yes") if record.headache else tr._("Headache: no"))
    if record.sleep_hours is not None:
        quality = (
            ", " + sleep_quality_label(tr, record.sleep_quality) if record.sleep_quality else ""
        )
        lines.append(
            tr._(
                "Sleep: {hours} h{quality}",
                hours=sleep_hours_label(tr, record.sleep_hours),
                quality=quality,
            )
        )
    if record.preventive_taken is not None:
        lines.append(
            tr._("Preventive: taken") if record.preventive_taken else tr._("Preventive: not taken")
        )
    if record.factors:
        names = Html(", ").join(
            factor_label(tr, factor) for factor in Factor if factor in record.factors
        )
        lines.append(tr._("Also: {factors}", factors=names))
    rows = [
        [
            button(tr._("Change headache"), Action.CHECKIN_ANSWER, record.id, GO, Step.HEADACHE),
            button(tr._("Change sleep"), Action.CHECKIN_ANSWER, record.id, GO, Step.SLEEP_HOURS),
        ]
    ]
    if not morning:
        rows.append(
            [button(tr._("Change the rest"), Action.CHECKIN_ANSWER, record.id, GO, Step.FACTORS)]
        )
    return Screen(Html("\n").join(lines), inline(*rows))


def too_old(tr: Translator) -> str:
    """Alert for a check-in button of a day that can no longer be changed."""
    return tr._("That day is too long ago to change here.")


def not_yours(tr: Translator) -> str:
    """Alert for a check-in that is not the presser's (or was deleted)."""
    return tr._("This check-in is no longer available.")


def no_headache_recorded(tr: Translator, day: date, *, today: bool) -> Screen:
    """``/noheadache`` stored the day as headache-free."""
    text = (
        tr._(
            "Noted: no headache today ({day}). Good days count in your summary.",
            day=day_name(tr, day),
        )
        if today
        else tr._("Noted: no headache yesterday ({day}).", day=day_name(tr, day))
    )
    return Screen(text)


def no_headache_refused(tr: Translator, day: date) -> Screen:
    """``/noheadache`` for a day an attack touched."""
    return Screen(
        tr._(
            "An attack is recorded on {day}, so it stays a headache day. If that attack was a "
            "mistake, /history can delete it.",
            day=day_name(tr, day),
        )
    )


def no_headache_usage(tr: Translator) -> Screen:
    """``/noheadache`` with an argument it does not understand."""
    return Screen(
        tr._(
            "Send /noheadache for today, or /noheadache yesterday. Days you say nothing about "
            "are counted as unknown, not as headache-free."
        )
    )
