"""The daily check-in and the morning sleep question: each tap is saved at once.

Buttons carry ``ck:<check-in id>:<step>:<value>[:m]`` (see :mod:`bot.views.checkin`); the
check-in is looked up as the presser's own, so another user's button, an old message or a
restart all answer sensibly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from telegram import Update

from bot.domain.checkins import (
    Step,
    start_hour_choices,
)
from bot.handlers.base import Context, answer_and_edit, current_user, send, services, tr_for
from bot.services import checkins as checkin_service
from bot.services.checkins import CheckinState, Refusal, Shown
from bot.views import checkin as views
from bot.views import common
from bot.views.callbacks import OldButton, decode_checkin
from bot.views.i18n import Translator
from bot.views.screens import Screen


def question(tr: Translator, state: CheckinState, step: Step, *, morning: bool) -> Screen:
    """The screen that asks ``step`` of this check-in (not the attack time: see ``_ask``)."""
    record = state.checkin
    if step is Step.HEADACHE:
        return views.headache_question(tr, record)
    if step is Step.SLEEP_HOURS:
        return views.sleep_hours_question(tr, record, morning=morning)
    if step is Step.SLEEP_QUALITY:
        return views.sleep_quality_question(tr, record, morning=morning)
    if step is Step.PREVENTIVE:
        return views.preventive_question(tr, record)
    if step is Step.FACTORS:
        return views.factors_question(tr, record)
    return views.summary(tr, record, morning=morning)


_REFUSALS: dict[Refusal, Callable[[Translator], str]] = {
    Refusal.NOT_YOURS: views.not_yours,
    Refusal.TOO_OLD: views.too_old,
    Refusal.FAILED: common.stale_button,
}


async def on_checkin_button(update: Update, context: Context) -> None:
    """A check-in button: decode, store the answer (one transaction), show the next question."""
    query = update.callback_query
    assert query is not None
    command = decode_checkin(query.data)
    tr = context.tr
    if isinstance(command, OldButton):
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    shown = checkin_service.press(context.services, user_id=context.profile.id, command=command)
    if isinstance(shown, Refusal):
        await query.answer(_REFUSALS[shown](tr), show_alert=True)
        return
    await answer_and_edit(query, shown_screen(tr, shown, now=context.services.clock.now()))


def shown_screen(tr: Translator, shown: Shown, *, now: datetime) -> Screen:
    """The question (or summary) a check-in press leads to, under a note of a logged attack."""
    state = shown.state
    if shown.step is Step.ATTACK_TIME:
        hours = start_hour_choices(state.checkin.local_date, tz=state.timezone, now=now)
        screen = views.attack_time_question(tr, state.checkin, hours)
    else:
        screen = question(tr, state, shown.step, morning=shown.morning)
    if shown.logged_at is None:
        return screen
    note = views.attack_logged(tr, shown.logged_at, state.timezone)
    return Screen(note + "\n\n" + screen.text, screen.markup)


YESTERDAY_WORDS = frozenset({"yesterday"})


async def no_headache_command(update: Update, context: Context) -> None:
    """/noheadache [yesterday]: record a day without headache (unknown days are not good days)."""
    profile = current_user(update, context)
    tr = tr_for(profile)
    argument = " ".join(context.args or []).strip().lower()
    if argument and argument not in YESTERDAY_WORDS:
        await send(update, context, views.no_headache_usage(tr))
        return
    result = checkin_service.record_no_headache(
        services(context), user_id=profile.id, yesterday=bool(argument)
    )
    if not result.recorded:
        await send(update, context, views.no_headache_refused(tr, result.day))
        return
    await send(update, context, views.no_headache_recorded(tr, result.day, today=not argument))
