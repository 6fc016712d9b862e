"""Texts and buttons of the "How is it now?" follow-up."""

from __future__ import annotations

from datetime import datetime

from bot.domain.attack_flow import Step
from bot.domain.attacks import AttackDetails
from bot.domain.followups import FollowupAnswer
from bot.domain.medications import Effect, IntakeRecord
from bot.domain.profiles import ReminderKind
from bot.views import labels
from bot.views.attack_card import EDIT, attack_button, header
from bot.views.callbacks import Action
from bot.views.i18n import Translator
from bot.views.markup import Html, escape
from bot.views.reminders import off_button
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import local_clock


def question(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """How is it now?"""
    attack_id = details.attack.id
    return Screen(
        header(tr, details.attack, tz=details.timezone, now=now) + "\n\n" + tr._("How is it now?"),
        inline(
            [
                button(tr._("Better"), Action.FOLLOWUP, attack_id, FollowupAnswer.BETTER),
                button(tr._("Same"), Action.FOLLOWUP, attack_id, FollowupAnswer.SAME),
                button(tr._("Worse"), Action.FOLLOWUP, attack_id, FollowupAnswer.WORSE),
            ],
            [button(tr._("It's over"), Action.FOLLOWUP, attack_id, FollowupAnswer.OVER)],
            [off_button(tr, ReminderKind.FOLLOWUP)],
        ),
    )


def answered(
    tr: Translator,
    details: AttackDetails,
    *,
    answer: FollowupAnswer,
    dose: IntakeRecord | None,
    effect: Effect | None,
    next_at: datetime | None,
    now: datetime,
) -> Screen:
    """What the follow-up message turns into once answered."""
    names = {
        FollowupAnswer.BETTER: tr._("Better"),
        FollowupAnswer.SAME: tr._("Same"),
        FollowupAnswer.WORSE: tr._("Worse"),
        FollowupAnswer.OVER: tr._("It's over"),
    }
    lines = [
        header(tr, details.attack, tz=details.timezone, now=now),
        "",
        tr._("Noted: {answer}.", answer=names[answer]),
    ]
    if dose is not None and effect is not None:
        lines.append(
            tr._(
                "{name}: {effect}.",
                name=escape(dose.medication_name),
                effect=labels.effect(tr, effect),
            )
        )
    attack_id = details.attack.id
    if answer is FollowupAnswer.OVER:
        lines.append(tr._("Recorded the end as now. Did it end earlier, or how did it end?"))
        return Screen(
            Html("\n").join(lines),
            inline(
                [button(tr._("It ended earlier"), Action.ATTACK_END, attack_id, "pick")],
                [button(tr._("How it ended"), Action.ATTACK_END, attack_id, "ask")],
                [attack_button(tr._("Add details"), attack_id, EDIT, Step.CARD, "show")],
            ),
        )
    if next_at is not None:
        lines.append(
            tr._(
                "I'll ask again at {clock}. When it's over, tap “✅ Attack over”.",
                clock=local_clock(next_at, details.timezone),
            )
        )
    else:
        lines.append(tr._("I won't ask again; when it's over, tap “✅ Attack over”."))
    return Screen(
        Html("\n").join(lines),
        inline([attack_button(tr._("Add details"), attack_id, EDIT, Step.CARD, "show")]),
    )


def already_ended(tr: Translator, details: AttackDetails, *, now: datetime) -> Screen:
    """A follow-up answered after the attack was ended some other way."""
    return Screen(
        header(tr, details.attack, tz=details.timezone, now=now)
        + "\n\n"
        + tr._("This attack has already ended; nothing changed.")
    )
