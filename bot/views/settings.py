"""Texts and buttons of /settings."""

from __future__ import annotations

from datetime import datetime
from html import escape

from bot.domain.profiles import ReminderRule, UserProfile
from bot.views.callbacks import Action, SettingsTopic
from bot.views.i18n import Translator
from bot.views.onboarding import format_clock, zone_label
from bot.views.screens import Screen, button, inline


def settings_card(
    tr: Translator,
    *,
    profile: UserProfile,
    timezone: str,
    checkin: ReminderRule | None,
    now: datetime,
) -> Screen:
    """The current settings with a button to change each."""
    if checkin is not None and checkin.enabled and checkin.local_time is not None:
        checkin_text = tr._("every day at {clock}", clock=format_clock(checkin.local_time))
    else:
        checkin_text = tr._("off")
    lines = [
        "<b>" + tr._("Settings") + "</b>",
        tr._("Timezone: {zone}", zone=escape(zone_label(timezone, now))),
        tr._("Evening check-in: {when}", when=checkin_text),
        tr._(
            "Quiet hours: {start}-{end} (no reminders then)",
            start=format_clock(profile.quiet_start),
            end=format_clock(profile.quiet_end),
        ),
    ]
    return Screen(
        "\n".join(lines),
        inline(
            [button(tr._("Change timezone"), Action.SETTINGS, SettingsTopic.TIMEZONE)],
            [button(tr._("Change check-in time"), Action.SETTINGS, SettingsTopic.CHECKIN)],
            [button(tr._("Quiet hours"), Action.SETTINGS, SettingsTopic.QUIET_HOURS)],
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
