"""The daily check-in and the morning sleep question: each tap is saved at once.

Buttons carry ``ck:<check-in id>:<step>:<value>[:m]`` (see :mod:`bot.views.checkin`); the
check-in is looked up as the presser's own, so another user's button, an old message or a
restart all answer sensibly.
"""

from __future__ import annotations

from datetime import datetime

from telegram import CallbackQuery, Update

from bot.domain.attacks import StartProblem
from bot.domain.checkins import (
    Factor,
    HeadacheAnswer,
    SleepQuality,
    Step,
    parse_sleep_hours,
    start_hour_choices,
    step_after,
)
from bot.handlers.base import Context, current_user, edit, send, services, tr_for
from bot.services import checkins as checkin_service
from bot.services.checkins import CheckinState
from bot.views import checkin as views
from bot.views import common
from bot.views.callbacks import decode, number_arg, record_id_arg
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


async def on_checkin_button(update: Update, context: Context) -> None:
    """A check-in button was pressed: store the answer, then ask the next question."""
    query = update.callback_query
    assert query is not None
    callback = decode(query.data)
    profile = current_user(update, context)
    tr = tr_for(profile)
    ctx = services(context)
    args = callback.args if callback else ()
    checkin_id = record_id_arg(args[0]) if len(args) >= 3 else None
    if checkin_id is None:
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    code, value = args[1], args[2]
    morning = len(args) > 3 and args[3] == views.MORNING
    state = checkin_service.get_state(ctx, user_id=profile.id, checkin_id=checkin_id)
    if state is None:
        await query.answer(views.not_yours(tr), show_alert=True)
        return
    if not state.answerable:
        await query.answer(views.too_old(tr), show_alert=True)
        return
    if code == views.GO and value in set(Step):
        await query.answer()
        await _ask(query, tr, state, Step(value), morning=morning, now=ctx.clock.now())
        return
    try:
        step = Step(code)
    except ValueError:
        step = None
    sets = args[3] if len(args) > 3 and args[3] in ("0", "1") else None
    new_state, headache, note = await _store(update, context, state, step, value, sets)
    if new_state is None or step is None:
        await query.answer(common.stale_button(tr), show_alert=True)
        return
    await query.answer()
    if step is Step.FACTORS and value != views.DONE:
        await edit(query, views.factors_question(tr, new_state.checkin))
        return
    following = step_after(
        step,
        headache=headache,
        morning=morning,
        has_preventives=new_state.has_preventives,
        sleep_known=state.checkin.sleep_known and step is not Step.SLEEP_HOURS,
    )
    await _ask(query, tr, new_state, following, morning=morning, now=ctx.clock.now(), note=note)


async def _ask(
    query: CallbackQuery,
    tr: Translator,
    state: CheckinState,
    step: Step,
    *,
    morning: bool,
    now: datetime,
    note: str | None = None,
) -> None:
    if step is Step.ATTACK_TIME:
        hours = start_hour_choices(state.checkin.local_date, tz=state.timezone, now=now)
        screen = views.attack_time_question(tr, state.checkin, hours)
    else:
        screen = question(tr, state, step, morning=morning)
    if note:
        screen = Screen(note + "\n\n" + screen.text, screen.markup)
    await edit(query, screen)


async def _store(
    update: Update,
    context: Context,
    state: CheckinState,
    step: Step | None,
    value: str,
    sets: str | None,
) -> tuple[CheckinState | None, HeadacheAnswer | None, str | None]:
    """Store the answer ``value`` to ``step``; ``None`` if the value is not a valid answer.

    A factor button carries the state it sets in ``sets`` ("1" tick, "0" untick), never "flip".
    """
    ctx = services(context)
    user_id, checkin_id = state.profile.id, state.checkin.id
    tr = tr_for(state.profile)
    if step is Step.HEADACHE and value in set(HeadacheAnswer):
        answer = HeadacheAnswer(value)
        if answer is HeadacheAnswer.LOG_NOW:
            return state, answer, None
        changed = checkin_service.answer(
            ctx,
            user_id=user_id,
            checkin_id=checkin_id,
            changes={"headache": answer is HeadacheAnswer.LOGGED},
        )
        return changed, answer, None
    if step is Step.ATTACK_TIME and (hour := number_arg(value, low=0, high=23)) is not None:
        logged = checkin_service.log_headache(
            ctx, user_id=user_id, checkin_id=checkin_id, hour=hour
        )
        if logged is None or isinstance(logged, StartProblem):
            return None, None, None
        return logged.state, None, views.attack_logged(tr, logged.started_at, state.timezone)
    if step is Step.SLEEP_HOURS and (hours := parse_sleep_hours(value)) is not None:
        changes: dict[str, object] = {"sleep_hours": float(hours)}
    elif step is Step.SLEEP_QUALITY and value in set(SleepQuality):
        changes = {"sleep_quality": SleepQuality(value)}
    elif step is Step.PREVENTIVE and value in ("y", "n"):
        changes = {"preventive_taken": value == "y"}
    elif step is Step.FACTORS and value == views.DONE:
        return state, None, None
    elif step is Step.FACTORS and value in set(Factor) and sets is not None:
        return (
            checkin_service.answer(
                ctx, user_id=user_id, checkin_id=checkin_id, changes={value: sets == "1"}
            ),
            None,
            None,
        )
    else:
        return None, None, None
    return (
        checkin_service.answer(ctx, user_id=user_id, checkin_id=checkin_id, changes=changes),
        None,
        None,
    )


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
