from datetime import UTC, datetime, time

from bot.domain.dispatch import ReminderEntry
from bot.domain.profiles import EVERY_DAY, ReminderKind
from bot.views.i18n import translator
from bot.views.reminders import overview

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
CHECKIN = ReminderEntry(
    id=1,
    kind=ReminderKind.CHECKIN,
    enabled=True,
    local_time=time(21, 0),
    weekdays=EVERY_DAY,
    next_fire_at=datetime(2026, 11, 20, 21, 0, tzinfo=UTC),  # stale: days ago
)


def test_a_paused_user_sees_paused_not_stale_next_times() -> None:
    screen = overview(
        translator("en"),
        entries=[CHECKIN],
        medications={},
        followups_on=True,
        quiet=(time(22, 30), time(7, 30)),
        tz="UTC",
        now=NOW,
        paused=True,
    )
    lines = screen.text.split("\n")
    assert lines[1] == (
        "⏸ Paused: my last reminder could not reach you. They start again from now when you "
        "write or tap anything."
    )
    assert lines[2] == "Evening check-in: 21:00"
    assert "next" not in screen.text
