"""An attack's header and recap card, and the messages around logging it."""

from __future__ import annotations

from datetime import datetime

from telegram import InlineKeyboardButton

from bot.domain.attack_flow import Step
from bot.domain.attacks import AttackDetails, AttackRecord, Symptom
from bot.domain.medications import IntakeRecord, first_acute_dose
from bot.domain.red_flags import RedFlag
from bot.views import labels
from bot.views.callbacks import ATTACK_EDIT, ATTACK_FLOW, Action
from bot.views.i18n import Translator
from bot.views.lists import listing
from bot.views.markup import Html, escape
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import duration, local_clock, when

FLOW = ATTACK_FLOW
EDIT = ATTACK_EDIT
NOT_ANSWERED = "—"
MAX_DOSES_LISTED = 10  # doses named on the card; the rest are counted
MAX_OVERLAPS_LISTED = 3  # overlapping attacks named on the card; the rest are counted


def attack_button(
    label: str, attack_id: int, mode: str, step: Step, op: str, *args: str | int
) -> InlineKeyboardButton:
    """A button acting on one attack's screen: ``a:<id>:<mode>:<step>:<op>[:<args>]``."""
    return button(label, Action.ATTACK, attack_id, mode, step.value, op, *args)


def header(tr: Translator, attack: AttackRecord, *, tz: str, now: datetime) -> Html:
    """The first line of every screen about an attack: when it was and that it is saved."""
    start = when(tr, attack.started_at, tz=tz, now=now)
    if attack.ended_at is None:
        return tr._(
            "🤕 <b>Attack since {start}</b> ({so_far} so far) · saved",
            start=start,
            so_far=duration(tr, attack.duration(now)),
        )
    return tr._(
        "🤕 <b>Attack {start} – {end}</b> ({length}) · saved",
        start=start,
        end=when(tr, attack.ended_at, tz=tz, now=now),
        length=duration(tr, attack.duration(now)),
    )


def intake_line(tr: Translator, intake: IntakeRecord, *, tz: str, now: datetime) -> Html:
    """A dose as a card lists it: ``Sumatriptan 50 mg at 14:20 (pain-free at 2 h)``."""
    name = escape(intake.medication_name)
    if intake.dose:
        name += " " + escape(intake.dose)
    text = tr._("{name} at {clock}", name=name, clock=when(tr, intake.taken_at, tz=tz, now=now))
    if intake.effect_2h is not None:
        text += Html(" ({})").format(labels.effect(tr, intake.effect_2h))
    return text


def _yes_no(tr: Translator, value: bool | None) -> str:
    if value is None:
        return NOT_ANSWERED
    return tr._("yes") if value else tr._("no")


def card_lines(tr: Translator, details: AttackDetails, *, now: datetime) -> list[Html]:
    """The recap of everything recorded about an attack, one line per question."""
    attack, tz = details.attack, details.timezone
    where = []
    if attack.side is not None:
        where.append(labels.side(tr, attack.side))
    where.extend(labels.location(tr, key) for key in attack.locations)
    feels = [labels.quality(tr, attack.quality)] if attack.quality else []
    if attack.worse_with_activity is not None:
        feels.append(
            tr._("worse with activity")
            if attack.worse_with_activity
            else tr._("not worse with activity")
        )
    symptom_names = [labels.symptom(tr, key) for key in _ordered_symptoms(attack)]
    lines = [
        header(tr, attack, tz=tz, now=now),
        Html(""),
        tr._("Intensity: {value}", value=_intensity(attack.peak_intensity)),
        tr._("Where: {value}", value=Html(", ").join(where) or NOT_ANSWERED),
        tr._("Feels: {value}", value=Html(", ").join(feels) or NOT_ANSWERED),
        tr._("Symptoms: {value}", value=listing(tr, symptom_names) or NOT_ANSWERED),
    ]
    if attack.aura:
        kinds = Html(", ").join(labels.aura_type(tr, key) for key in attack.aura_types)
        lines.append(
            tr._(
                "Aura: {kinds}; headache within 60 min: {followed}",
                kinds=kinds or NOT_ANSWERED,
                followed=_yes_no(tr, attack.aura_headache_within_60min),
            )
        )
    twitching = details.twitching
    if twitching is not None:
        parts = [labels.body_region(tr, twitching.region)] if twitching.region else []
        if twitching.side is not None:
            parts.append(labels.side(tr, twitching.side))
        if twitching.phase is not None:
            parts.append(labels.phase(tr, twitching.phase))
        text = Html(", ").join(parts) or escape(NOT_ANSWERED)
        if twitching.description:
            text += Html(": “{}”").format(twitching.description)
        lines.append(tr._("Twitching: {value}", value=text))
    doses = [intake_line(tr, intake, tz=tz, now=now) for intake in details.intakes]
    medication = listing(tr, doses, limit=MAX_DOSES_LISTED, separator="; ")
    lines.append(tr._("Medication: {value}", value=medication or NOT_ANSWERED))
    triggers = [labels.trigger(tr, key) for key in attack.triggers]
    lines.append(tr._("Possible triggers: {value}", value=listing(tr, triggers) or NOT_ANSWERED))
    if attack.ended_how is not None:
        lines.append(tr._("Ended: {value}", value=labels.ended_how(tr, attack.ended_how)))
    if attack.red_flag_set:
        flags = Html(", ").join(labels.red_flag(tr, flag) for flag in sorted(attack.red_flag_set))
        lines.append(tr._("⚠️ Warning signs noted: {flags}", flags=flags))
    for other in details.overlapping[:MAX_OVERLAPS_LISTED]:
        lines.append(
            tr._(
                "⚠️ Overlaps with the attack of {start}. Both are kept; edit or delete one if "
                "they are the same.",
                start=when(tr, other.started_at, tz=tz, now=now),
            )
        )
    if len(details.overlapping) > MAX_OVERLAPS_LISTED:
        more = len(details.overlapping) - MAX_OVERLAPS_LISTED
        lines.append(tr.n_("⚠️ … and {count} more", "⚠️ … and {count} more", more))
    return lines


def _intensity(value: int | None) -> str:
    return NOT_ANSWERED if value is None else f"{value}/10"


def _ordered_symptoms(attack: AttackRecord) -> list[str]:
    ticked = attack.symptoms
    builtin = [s.value for s in Symptom if s.value in ticked]
    return builtin + [key for key in attack.other_symptoms if key not in builtin]


def card(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """The recap card with an edit button per question, Delete and Done."""
    attack_id = details.attack.id

    def edit(label: str, step: Step) -> InlineKeyboardButton:
        return attack_button(label, attack_id, EDIT, step, "open")

    return Screen(
        Html("\n").join(card_lines(tr, details, now=now)),
        inline(
            [edit(tr._("Intensity"), Step.INTENSITY), edit(tr._("Where"), Step.WHERE)],
            [edit(tr._("Feels"), Step.QUALITY), edit(tr._("Activity"), Step.ACTIVITY)],
            [edit(tr._("Symptoms"), Step.SYMPTOMS), edit(tr._("Medication"), Step.MEDICATION)],
            [edit(tr._("Triggers"), Step.TRIGGERS), edit(tr._("Start / end"), Step.TIMES)],
            [
                *([edit(tr._("Aura"), Step.AURA)] if details.attack.aura else []),
                *([edit(tr._("Twitching"), Step.TWITCHING)] if details.twitching else []),
                *(
                    [edit(tr._("Did it work?"), Step.EFFECT)]
                    if first_acute_dose(details.intakes)
                    else []
                ),
            ],
            [
                attack_button(tr._("🗑 Delete"), attack_id, EDIT, Step.CARD, "del"),
                attack_button(tr._("✓ Done"), attack_id, EDIT, Step.CARD, "done"),
            ],
        ),
    )


def card_closed(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """The card once the user is done with it: no buttons, and how to come back."""
    lines = card_lines(tr, details, now=now)
    if details.attack.is_open:
        lines += [Html(""), tr._("When it's over, tap “✅ Attack over” or send /end.")]
    else:
        lines += [Html(""), tr._("/history shows it again to edit.")]
    return Screen(Html("\n").join(lines))


def finish_later(
    tr: Translator, details: AttackDetails, *, now: datetime, followup_at: datetime | None
) -> Screen:
    """What the screen says after "Finish later": saved, and what happens next."""
    attack = details.attack
    lines = [header(tr, attack, tz=details.timezone, now=now), Html("")]
    if attack.is_open and followup_at is not None:
        lines.append(
            tr._(
                "Rest now. I'll ask how it's going at {clock}. Add details any time:",
                clock=local_clock(followup_at, details.timezone),
            )
        )
    else:
        lines.append(tr._("Saved. Add details any time:"))
    return Screen(
        Html("\n").join(lines),
        inline([attack_button(tr._("Add details"), attack.id, EDIT, Step.CARD, "show")]),
    )


def delete_confirmation(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """Ask before deleting an attack."""
    attack = details.attack
    return Screen(
        tr._(
            "Delete the attack of {start} with everything recorded for it? This can't be undone.",
            start=when(tr, attack.started_at, tz=details.timezone, now=now),
        ),
        inline(
            [
                attack_button(tr._("Yes, delete it"), attack.id, EDIT, Step.CARD, "delyes"),
                attack_button(tr._("No, keep it"), attack.id, EDIT, Step.CARD, "show"),
            ]
        ),
    )


def deleted(tr: Translator) -> Screen:
    """Confirmation that an attack was deleted."""
    return Screen(tr._("Deleted. It's gone from your diary."))


def gone(tr: Translator) -> Html:
    """Alert for a button naming an attack that is not (or no longer) in the user's diary."""
    return tr._("That attack isn't in your diary any more.")


def logged_now(
    tr: Translator, *, continued: bool, other_open: list[AttackRecord], tz: str, now: datetime
) -> Html:
    """The line above the first question after "Attack now"."""
    lines: list[Html] = []
    if continued:
        lines.append(tr._("You just logged this one; carrying on with it."))
    for other in other_open:
        lines.append(
            tr._(
                "The attack from {start} is still open; /end closes it.",
                start=when(tr, other.started_at, tz=tz, now=now),
            )
        )
    return Html("\n").join(lines)


def urgent_care(tr: Translator) -> Screen:
    """The fixed red-flag message (docs/architecture.md): seek urgent medical care."""
    return Screen(
        tr._(
            "🚨 <b>Please seek urgent medical care now.</b>\n\n"
            "A sudden “worst ever” headache, new weakness, numbness, confusion or trouble "
            "speaking can be signs of an emergency. Call your local emergency number "
            "(112 in Europe, 911 in the US and Canada, 999 in the UK) or go to the nearest "
            "emergency department. Don't drive yourself.\n\n"
            "Your diary entry is saved."
        )
    )


def red_flags_in_text(flags: frozenset[RedFlag]) -> bool:
    """Whether free text mentioned any warning sign."""
    return bool(flags)
