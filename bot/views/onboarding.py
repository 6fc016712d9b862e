"""Texts and buttons of /start and of the timezone and check-in questions."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.domain.timezones import city_label
from bot.views.callbacks import Action, clock_code
from bot.views.i18n import Translator
from bot.views.markup import echo, escape, italic
from bot.views.menu import main_keyboard
from bot.views.screens import Screen, button, inline

CHECKIN_CHOICES = (time(19, 0), time(20, 0), time(21, 0), time(22, 0))


def format_clock(value: time) -> str:
    """A time of day as the bot writes it (24-hour clock)."""
    return value.strftime("%H:%M")


def zone_label(zone: str, now: datetime) -> str:
    """A timezone as a button shows it: the city and its current local time."""
    local = now.astimezone(ZoneInfo(zone))
    return f"{city_label(zone)} · {local:%H:%M}"


def welcome(tr: Translator, first_name: str | None) -> Screen:
    """The first message after /start."""
    greeting = tr._("Hi {name}!", name=escape(first_name)) if first_name else tr._("Hi!")
    return Screen(
        greeting
        + " "
        + tr._(
            "I'm your headache diary. When an attack starts, one tap records it; everything "
            "else is optional and can wait. In the evening I can check in on sleep and "
            "medication, and /summary shows your numbers for you and your doctor."
        )
        + "\n\n"
        + italic(tr._("I keep a record; I don't give medical advice."))
    )


def welcome_back(tr: Translator, first_name: str | None) -> Screen:
    """What /start says to someone already set up."""
    greeting = (
        tr._("Welcome back, {name}!", name=escape(first_name))
        if first_name
        else tr._("Welcome back!")
    )
    return Screen(
        greeting + " " + tr._("Your diary is ready. /settings changes timezone and check-ins."),
        main_keyboard(tr),
    )


def timezone_question(
    tr: Translator, zones: list[str], now: datetime, *, onboarding: bool
) -> Screen:
    """Ask which timezone the user lives in (during /start, or from /settings)."""
    rows = [[button(zone_label(zone, now), Action.TIMEZONE_SET, zone)] for zone in zones]
    rows.append([button(tr._("Another one: I'll type it"), Action.TIMEZONE_TYPE)])
    if onboarding:
        text = tr._(
            "First, which timezone are you in? I use it for reminders and to count your days "
            "right. Tap one, or type a city or a name like Europe/Berlin."
        )
    else:
        text = tr._(
            "Which timezone are you in now? Tap one, or type a city or a name like "
            "Europe/Berlin. Your reminders move with it."
        )
    return Screen(text, inline(*rows))


def timezone_type_prompt(tr: Translator) -> Screen:
    """Invite the user to type a timezone."""
    return Screen(
        tr._("Type your city or timezone, for example <i>Lisbon</i> or <i>America/Chicago</i>.")
    )


def timezone_suggestions(tr: Translator, typed: str, zones: list[str], now: datetime) -> Screen:
    """A typed timezone did not match exactly: offer the closest ones."""
    rows = [[button(zone_label(zone, now), Action.TIMEZONE_SET, zone)] for zone in zones]
    if zones:
        text = tr._(
            "I don't know “{typed}” exactly. Did you mean one of these? Or type it again.",
            typed=echo(typed),
        )
    else:
        text = tr._(
            "I couldn't find a timezone for “{typed}”. Try a nearby big city, or a name like "
            "Europe/Paris or UTC+2.",
            typed=echo(typed),
        )
    return Screen(text, inline(*rows) if rows else None)


def timezone_set(tr: Translator, zone: str, now: datetime) -> Screen:
    """Confirm the chosen timezone."""
    local = now.astimezone(ZoneInfo(zone))
    return Screen(
        tr._(
            "Timezone: <b>{zone}</b> (it's {clock} there now).",
            zone=escape(zone),
            clock=f"{local:%H:%M}",
        )
    )


def checkin_question(tr: Translator) -> Screen:
    """Ask when to send the evening check-in."""
    default = time(21, 0)
    rows = [
        [
            button(
                format_clock(choice) + (" ✓" if choice == default else ""),
                Action.CHECKIN_SET,
                clock_code(choice),
            )
            for choice in CHECKIN_CHOICES
        ],
        [button(tr._("Another time: I'll type it"), Action.CHECKIN_TYPE)],
        [button(tr._("No evening check-ins"), Action.CHECKIN_OFF)],
    ]
    return Screen(
        tr._(
            "When should I check in each evening? It takes three taps on a good day: "
            "headache or not, sleep, medication. Headache-free days count too."
        ),
        inline(*rows),
    )


def checkin_type_prompt(tr: Translator) -> Screen:
    """Invite the user to type a check-in time."""
    return Screen(tr._("Type a time, for example <i>20:30</i> or <i>9pm</i>."))


def checkin_time_invalid(tr: Translator, typed: str) -> Screen:
    """A typed check-in time could not be read."""
    return Screen(
        tr._(
            "“{typed}” isn't a time I can read. Please type it like <i>20:30</i> or <i>9pm</i>.",
            typed=echo(typed),
        )
    )


def checkin_which_hour(tr: Translator, readings: tuple[time, time]) -> Screen:
    """A typed bare hour ("9") could be morning or evening: ask which."""
    return Screen(
        tr._("Which do you mean?"),
        inline(
            [
                button(format_clock(reading), Action.CHECKIN_SET, clock_code(reading))
                for reading in readings
            ]
        ),
    )


def checkin_set(tr: Translator, local_time: time | None) -> Screen:
    """Confirm the check-in choice."""
    if local_time is None:
        return Screen(tr._("Evening check-ins are off. You can turn them on in /settings."))
    return Screen(
        tr._("Evening check-in: every day at <b>{clock}</b>.", clock=format_clock(local_time))
    )


def onboarding_done(tr: Translator) -> Screen:
    """The end of /start, with the main keyboard."""
    return Screen(
        tr._("You're all set. The buttons below stay at hand; /help lists everything I can do."),
        main_keyboard(tr),
    )
