"""Texts and buttons of /settings."""

from __future__ import annotations

from datetime import datetime, time

from babel.dates import get_day_names

from bot.domain.profiles import ReminderRule, UserProfile, mask_weekday
from bot.views.callbacks import Action, SettingsTopic, clock_code
from bot.views.i18n import Translator, language_name
from bot.views.markup import Html, bold, escape
from bot.views.onboarding import format_clock, zone_label
from bot.views.screens import Screen, button, inline
from bot.views.timefmt import babel_locale


def quiet_hours_line(tr: Translator, start: time, end: time) -> str:
    """What quiet hours mean, worded the same in /settings and /reminders."""
    if start == end:
        return tr._("Quiet hours: none")
    return tr._(
        "Quiet hours: {start}-{end}. Attack follow-ups wait until they end; times you chose "
        "yourself (check-in, dose times, a snooze) are kept.",
        start=format_clock(start),
        end=format_clock(end),
    )


def settings_card(
    tr: Translator,
    *,
    profile: UserProfile,
    timezone: str,
    checkin: ReminderRule | None,
    recap: ReminderRule | None = None,
    now: datetime,
) -> Screen:
    """The current settings with a button to change each."""
    if checkin is not None and checkin.enabled and checkin.local_time is not None:
        checkin_text = tr._("every day at {clock}", clock=format_clock(checkin.local_time))
    else:
        checkin_text = tr._("off")
    lines = [
        bold(tr._("Settings")),
        tr._("Language: {language}", language=language_name(tr.language)),
        tr._("Timezone: {zone}", zone=escape(zone_label(timezone, now))),
        tr._("Evening check-in: {when}", when=checkin_text),
        tr._("Weekly recap: {when}", when=recap_when(tr, recap)),
        quiet_hours_line(tr, profile.quiet_start, profile.quiet_end),
    ]
    return Screen(
        Html("\n").join(lines),
        inline(
            [
                button(tr._("Change timezone"), Action.SETTINGS, SettingsTopic.TIMEZONE),
                button(tr._("Language"), Action.SETTINGS, SettingsTopic.LANGUAGE),
            ],
            [button(tr._("Change check-in time"), Action.SETTINGS, SettingsTopic.CHECKIN)],
            [
                button(tr._("Quiet hours"), Action.SETTINGS, SettingsTopic.QUIET_HOURS),
                button(tr._("Weekly recap"), Action.SETTINGS, SettingsTopic.RECAP),
            ],
            [
                button(tr._("Medications"), Action.SETTINGS, SettingsTopic.MEDS),
                button(tr._("Reminders"), Action.SETTINGS, SettingsTopic.REMINDERS),
            ],
            [button(tr._("Close"), Action.SETTINGS, SettingsTopic.CLOSE)],
        ),
    )


def settings_closed(tr: Translator) -> Screen:
    """What the settings card turns into when closed."""
    return Screen(tr._("Settings saved. /settings opens them again."))


def recap_when(tr: Translator, recap: ReminderRule | None) -> str:
    """When the weekly recap comes: ``Sundays at 19:00`` or ``off``."""
    if recap is None or not recap.enabled or recap.local_time is None:
        return tr._("off")
    return weekly_at(tr, recap.weekdays, recap.local_time)


def weekly_at(tr: Translator, weekdays: str, local_time: time) -> str:
    """A weekly time: ``Sundays at 19:00`` (``off`` for a mask that is not one day)."""
    day = mask_weekday(weekdays)
    if day is None:
        return tr._("off")
    return tr._("{day} at {clock}", day=_plural_days(tr)[day], clock=format_clock(local_time))


def _plural_days(tr: Translator) -> tuple[str, ...]:
    return (
        tr._("Mondays"),
        tr._("Tuesdays"),
        tr._("Wednesdays"),
        tr._("Thursdays"),
        tr._("Fridays"),
        tr._("Saturdays"),
        tr._("Sundays"),
    )


RECAP_TIMES = (time(17, 0), time(18, 0), time(19, 0), time(20, 0), time(21, 0))


def recap_question(tr: Translator, recap: ReminderRule | None) -> Screen:
    """Pick the weekly recap's day and time, or turn it off."""
    on = recap is not None and recap.enabled
    day = mask_weekday(recap.weekdays) if recap is not None and on else None
    clock = recap.local_time if recap is not None and on else None
    short = get_day_names("abbreviated", locale=babel_locale(tr))
    days = [
        button(("✓ " if day == index else "") + short[index], Action.RECAP, "d", index)
        for index in range(7)
    ]
    times = [
        button(
            ("✓ " if clock == choice else "") + format_clock(choice),
            Action.RECAP,
            "t",
            clock_code(choice),
        )
        for choice in RECAP_TIMES
    ]
    return Screen(
        tr._(
            "The weekly recap sums up your last 7 days with a chart. Which day and time? "
            "Now: {when}.",
            when=recap_when(tr, recap),
        ),
        inline(
            days[:4],
            days[4:],
            times,
            [
                button(tr._("No weekly recap"), Action.RECAP, "off"),
                button(tr._("✓ Done"), Action.RECAP, "done"),
            ],
        ),
    )
