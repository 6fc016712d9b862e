from dataclasses import replace
from datetime import UTC, datetime, time

import pytest
from telegram import InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.domain.profiles import EVERY_DAY, ReminderKind, ReminderRule, UserProfile
from bot.views.common import help_text
from bot.views.i18n import translator
from bot.views.onboarding import timezone_question, welcome
from bot.views.screens import Screen
from bot.views.settings import settings_card

EN = translator("en")
# 12:00 UTC on the day New York springs forward (at 07:00 UTC), in Lord Howe's summer time.
NOW = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
DISCLAIMER = "<i>I keep a record; I don't give medical advice.</i>"
WELCOME_BODY = (
    "I'm your headache diary. When an attack starts, one tap records it; everything else is "
    "optional and can wait. In the evening I can check in on sleep and medication, and "
    "/summary shows your numbers for you and your doctor.\n\n" + DISCLAIMER
)
MAIN_KEYBOARD = [
    ["🤕 Attack now", "✅ Attack over"],
    ["📝 Past attack", "📖 History"],
    ["📊 Summary", "⚙️ Settings"],
    ["❓ Help"],
]
SETTINGS_BUTTONS = [
    [("Change timezone", "st:tz"), ("Language", "st:lang")],
    [("Change check-in time", "st:ci")],
    [("Quiet hours", "st:qh"), ("Weekly recap", "st:rcp")],
    [("Medications", "st:med"), ("Reminders", "st:rem")],
    [("Close", "st:x")],
]


def inline_rows(screen: Screen) -> list[list[tuple[str, str | None]]]:
    assert isinstance(screen.markup, InlineKeyboardMarkup)
    return [
        [
            (button.text, str(button.callback_data) if button.callback_data else None)
            for button in row
        ]
        for row in screen.markup.inline_keyboard
    ]


def reply_rows(screen: Screen) -> list[list[str]]:
    assert isinstance(screen.markup, ReplyKeyboardMarkup)
    return [[button.text for button in row] for row in screen.markup.keyboard]


PROFILE = UserProfile(
    id=7,
    telegram_id=100_001,
    chat_id=100_001,
    first_name="Ann",
    language="en",
    timezone="Europe/Berlin",
    onboarding_step=None,
    quiet_start=time(22, 0),
    quiet_end=time(7, 30),
    reachable=True,
)


def checkin_rule(*, enabled: bool = True, local_time: time | None = time(20, 30)) -> ReminderRule:
    return ReminderRule(
        id=3,
        user_id=7,
        kind=ReminderKind.CHECKIN,
        enabled=enabled,
        local_time=local_time,
        weekdays=EVERY_DAY,
        next_fire_at=None,
    )


def test_help() -> None:
    screen = help_text(EN)

    assert screen.text == (
        "I'm a headache diary. I record your attacks, check in on sleep and medication, and "
        "turn it all into numbers you can show your doctor.\n"
        "\n"
        "/log: Log an attack that is happening now\n"
        "/end: The attack is over: record when it ended\n"
        "/past: Log an attack from earlier\n"
        "/history: Recent attacks: open, edit or delete\n"
        "/undo: Remove the last thing you recorded\n"
        "/noheadache: No headache today (or: /noheadache yesterday)\n"
        "/summary: Your numbers: /summary 30, /summary month…\n"
        "/report: A PDF report for your doctor (last 90 days)\n"
        "/meds: Your medications and dose reminders\n"
        "/reminders: What I will remind you of, and when; quiet hours\n"
        "/settings: Timezone, check-in, quiet hours, medications\n"
        "/language: The language I speak\n"
        "/export: Everything you recorded, as files\n"
        "/import: Restore a diary exported from another server\n"
        "/privacy: What is stored, and where\n"
        "/delete: Erase your whole diary\n"
        "/start: Set up the diary (timezone, check-in time)\n"
        "/help: What I can do\n"
        "\n" + DISCLAIMER
    )
    assert reply_rows(screen) == MAIN_KEYBOARD
    assert isinstance(screen.markup, ReplyKeyboardMarkup)
    assert screen.markup.is_persistent is True
    assert screen.markup.resize_keyboard is True


def test_welcome_by_name() -> None:
    screen = welcome(EN, "Ann")

    assert screen.text == "Hi Ann! " + WELCOME_BODY
    assert screen.markup is None


def test_welcome_escapes_the_name() -> None:
    screen = welcome(EN, "<b>Al</b>")

    assert screen.text == "Hi &lt;b&gt;Al&lt;/b&gt;! " + WELCOME_BODY


@pytest.mark.parametrize("first_name", [None, ""])
def test_welcome_without_a_name(first_name: str | None) -> None:
    assert welcome(EN, first_name).text == "Hi! " + WELCOME_BODY


def test_settings_card_with_a_checkin() -> None:
    recap = replace(checkin_rule(), kind=ReminderKind.RECAP, weekdays="0000100")
    screen = settings_card(
        EN, profile=PROFILE, timezone="Europe/Berlin", checkin=checkin_rule(), recap=recap, now=NOW
    )

    assert screen.text == (
        "<b>Settings</b>\n"
        "Language: English\n"
        "Timezone: Berlin · 13:00\n"
        "Evening check-in: every day at 20:30\n"
        "Weekly recap: Fridays at 20:30\n"
        "Quiet hours: 22:00-07:30. Attack follow-ups wait until they end; times you chose "
        "yourself (check-in, dose times, a snooze) are kept."
    )
    assert inline_rows(screen) == SETTINGS_BUTTONS


@pytest.mark.parametrize(
    "checkin",
    [None, checkin_rule(enabled=False), checkin_rule(local_time=None)],
    ids=["no-rule", "disabled", "no-time"],
)
def test_settings_card_with_checkins_off(checkin: ReminderRule | None) -> None:
    screen = settings_card(
        EN,
        profile=replace(PROFILE, quiet_start=time(23, 15), quiet_end=time(6, 0)),
        timezone="Asia/Kolkata",
        checkin=checkin,
        now=NOW,
    )

    assert screen.text == (
        "<b>Settings</b>\n"
        "Language: English\n"
        "Timezone: Kolkata · 17:30\n"
        "Evening check-in: off\n"
        "Weekly recap: off\n"
        "Quiet hours: 23:15-06:00. Attack follow-ups wait until they end; times you chose "
        "yourself (check-in, dose times, a snooze) are kept."
    )
    assert inline_rows(screen) == SETTINGS_BUTTONS


def test_timezone_question_during_onboarding() -> None:
    screen = timezone_question(
        EN, ["Europe/Berlin", "America/New_York", "Asia/Kolkata"], NOW, onboarding=True
    )

    assert screen.text == (
        "First, which timezone are you in? I use it for reminders and to count your days "
        "right. Tap one, or type a city or a name like Europe/Berlin."
    )
    assert inline_rows(screen) == [
        [("Berlin · 13:00", "tz:Europe/Berlin")],
        [("New York · 08:00", "tz:America/New_York")],
        [("Kolkata · 17:30", "tz:Asia/Kolkata")],
        [("Another one: I'll type it", "tzt")],
    ]


def test_timezone_question_from_settings() -> None:
    screen = timezone_question(EN, ["Australia/Lord_Howe"], NOW, onboarding=False)

    assert screen.text == (
        "Which timezone are you in now? Tap one, or type a city or a name like "
        "Europe/Berlin. Your reminders move with it."
    )
    assert inline_rows(screen) == [
        [("Lord Howe · 23:00", "tz:Australia/Lord_Howe")],
        [("Another one: I'll type it", "tzt")],
    ]


def test_timezone_question_before_new_york_springs_forward() -> None:
    before = datetime(2026, 3, 8, 6, 59, tzinfo=UTC)

    screen = timezone_question(EN, ["America/New_York"], before, onboarding=True)

    assert inline_rows(screen)[0] == [("New York · 01:59", "tz:America/New_York")]
