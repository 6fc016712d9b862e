"""Texts and buttons for logging a past attack: the day, then the start time."""

from __future__ import annotations

from datetime import date, timedelta

from bot.views import common
from bot.views.callbacks import Action
from bot.views.i18n import Translator
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import local_date

BACKFILL_DAYS = 14
START_HOURS = ((6, 7, 8, 9), (10, 11, 12, 13), (14, 15, 16, 17), (18, 19, 20, 21), (22, 23, 0, 3))


def _day_code(day: date) -> str:
    return day.strftime("%Y%m%d")


def day_question(tr: Translator, *, today: date) -> Screen:
    """Which day was the attack: today, yesterday, one of the last two weeks, or typed."""
    rows = [
        [
            button(tr._("Today"), Action.BACKFILL, "d", _day_code(today)),
            button(tr._("Yesterday"), Action.BACKFILL, "d", _day_code(today - timedelta(days=1))),
        ]
    ]
    earlier = [today - timedelta(days=offset) for offset in range(2, BACKFILL_DAYS)]
    buttons = [
        button(local_date(tr, day, "MMMEd"), Action.BACKFILL, "d", _day_code(day))
        for day in earlier
    ]
    rows += [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([button(tr._("Another day: I'll type it"), Action.BACKFILL, "dt")])
    return Screen(
        tr._(
            "Logging an attack from earlier. Which day did it start? You can also type it all, "
            "like <i>yesterday 15:00</i>."
        ),
        inline(*rows),
    )


def start_question(tr: Translator, day: date) -> Screen:
    """Roughly when did it start on ``day``."""
    code = _day_code(day)
    rows = [
        [button(f"{hour:02d}:00", Action.BACKFILL, "s", code, hour) for hour in row]
        for row in START_HOURS
    ]
    rows.append([button(tr._("Another time: I'll type it"), Action.BACKFILL, "st", code)])
    rows.append([button(tr._("« Another day"), Action.BACKFILL, "days")])
    label = local_date(tr, day, "MMMMEEEEd")
    return Screen(
        tr._("About what time did it start on {day}?", day=label),
        inline(*rows),
    )


def type_day_prompt(tr: Translator) -> Screen:
    """Invite a typed day (or day and time)."""
    return Screen(
        tr._(
            "Type the day, like <i>20.11</i> or <i>last Monday</i>, or the day and time, like "
            "<i>yesterday 15:00</i>."
        )
    )


def type_start_prompt(tr: Translator, day: date) -> Screen:
    """Invite a typed start time on a known day."""
    label = local_date(tr, day, "MMMEd")
    return Screen(
        tr._("What time did it start on {day}? For example <i>14:30</i> or <i>3pm</i>.", day=label)
    )


def day_invalid(tr: Translator, *, reason: str) -> Screen:
    """A typed day that cannot be used (``unreadable``, ``future``, ``too_old``), asked again."""
    reasons = {
        "unreadable": tr._("I couldn't read that day."),
        "future": tr._("That's still in the future."),
        "too_old": common.too_far_back(tr),
    }
    return Screen(reasons[reason] + " " + type_day_prompt(tr).text)


def start_invalid(tr: Translator, day: date, *, reason: str) -> Screen:
    """A typed start that cannot be used (``unreadable``, ``in_future``, ``too_old``), again."""
    reasons = {
        "unreadable": tr._("I couldn't read that time."),
        "in_future": tr._("That's still in the future."),
        "too_old": common.too_far_back(tr),
    }
    return Screen(reasons[reason] + " " + type_start_prompt(tr, day).text)


def future_start(tr: Translator) -> str:
    """Alert for a start button in the future."""
    return tr._("That's still in the future. Pick an earlier time.")
