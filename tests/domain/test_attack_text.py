from datetime import UTC, datetime

import pytest

from bot.domain.attack_text import AttackIntent, is_attack_over_message, parse_attack_message

BERLIN = "Europe/Berlin"
# Wednesday 2026-11-25, 15:00 in Berlin.
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Just the word: an attack starting now, nothing else known.
        ("migraine", AttackIntent()),
        ("Headache", AttackIntent()),
        ("head ache", AttackIntent()),
        ("head-ache", AttackIntent()),
        ("attack", AttackIntent()),
        ("migraines", AttackIntent()),
        ("🤕 Migraine!!", AttackIntent()),
        ("bad migraine", AttackIntent()),
        ("I have a headache", AttackIntent()),
        ("migraine at work", AttackIntent(not_understood=("at work",))),
        # Intensity.
        ("migraine 7", AttackIntent(intensity=7)),
        ("migraine 0", AttackIntent(intensity=0)),
        ("migraine 10", AttackIntent(intensity=10)),
        ("headache 5/10", AttackIntent(intensity=5)),
        ("headache 5 / 10", AttackIntent(intensity=5)),
        ("migraine 8 out of 10", AttackIntent(intensity=8)),
        ("its a 7 migraine", AttackIntent(intensity=7)),
        ("headache, 6", AttackIntent(intensity=6)),
        ("headache 6.", AttackIntent(intensity=6)),
        ("migraine 11", AttackIntent(intensity_out_of_range=True)),
        ("migraine 12/10", AttackIntent(intensity_out_of_range=True)),
        ("migraine 7.5", AttackIntent(intensity_out_of_range=True)),
        ("migraine 100", AttackIntent(intensity_out_of_range=True)),
        # Start time.
        ("migraine since 2pm", AttackIntent(started_at=utc(2026, 11, 25, 13))),
        ("headache since 14:00", AttackIntent(started_at=utc(2026, 11, 25, 13))),
        ("migraine started 2h ago", AttackIntent(started_at=utc(2026, 11, 25, 12))),
        ("migraine started at 9:30", AttackIntent(started_at=utc(2026, 11, 25, 8, 30))),
        ("headache 2h ago", AttackIntent(started_at=utc(2026, 11, 25, 12))),
        ("migraine for 3 hours", AttackIntent(started_at=utc(2026, 11, 25, 11))),
        ("migraine since 2 hours", AttackIntent(started_at=utc(2026, 11, 25, 12))),
        ("migraine since 1.5 hours", AttackIntent(started_at=utc(2026, 11, 25, 12, 30))),
        ("attack since yesterday 22:00", AttackIntent(started_at=utc(2026, 11, 24, 21))),
        # A bare time later than now means yesterday ("since 16:00" at 15:00).
        ("migraine since 16:00", AttackIntent(started_at=utc(2026, 11, 24, 15))),
        ("migraine since 21h", AttackIntent(started_at=utc(2026, 11, 24, 20))),
        # Both, in either order; "7/10" is never read as a date.
        (
            "MIGRAINE 8/10 since 2 pm",
            AttackIntent(intensity=8, started_at=utc(2026, 11, 25, 13)),
        ),
        (
            "migraine since 2 pm 7/10",
            AttackIntent(intensity=7, started_at=utc(2026, 11, 25, 13)),
        ),
        ("migraine 7 since 2", AttackIntent(intensity=7, started_at=utc(2026, 11, 25, 1))),
        ("headache 3 hours ago, 6", AttackIntent(intensity=6, started_at=utc(2026, 11, 25, 11))),
        # A start announced but unreadable, or in the future: ask again.
        ("migraine since blah", AttackIntent(start_not_understood=True)),
        ("migraine since this morning 6", AttackIntent(intensity=6, start_not_understood=True)),
        ("migraine since today 18:00", AttackIntent(start_not_understood=True)),
        # Longer ago than any attack lasts (MAX_ATTACK_DURATION, 7 days): a typo, ask again.
        ("migraine since 1.1.1900 10:00", AttackIntent(start_not_understood=True)),
        ("migraine since 19.11. 10:00", AttackIntent(started_at=utc(2026, 11, 19, 9))),
        ("migraine since 17.11. 10:00", AttackIntent(start_not_understood=True)),
        ("migraine for ages", AttackIntent(not_understood=("for ages",))),
        ("migraine like long ago", AttackIntent(not_understood=("like long ago",))),
        ("migraine 5 for ages", AttackIntent(intensity=5, not_understood=("for ages",))),
        # Not an attack report.
        ("hello", None),
        ("", None),
        ("7", None),
        ("no migraine today", None),
        ("No headache!", None),
        ("not a bad headache day at all", None),
        ("headache-free", None),
        ("headache free today", None),
        ("migraine gone", None),
        ("attack over", None),
        ("migraine " * 40, None),
    ],
)
def test_parse_attack_message(text: str, expected: AttackIntent | None) -> None:
    assert parse_attack_message(text, now=NOW, tz=BERLIN) == expected


def test_parse_attack_message_rejects_naive_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse_attack_message("migraine", now=datetime(2026, 11, 25, 14), tz=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("attack over", True),
        ("Attack over!", True),
        ("it's over", True),
        ("It’s over!", True),
        ("its over", True),
        ("it is over", True),
        ("migraine gone", True),
        ("migraine's gone", True),
        ("headache is over", True),
        ("headache is over now", True),
        ("the headache has gone away", True),
        ("my migraine is finally gone", True),
        ("pain stopped", True),
        ("finally it's over", True),
        ("no more headache", True),
        ("end attack", True),
        ("ended the migraine", True),
        ("all over", True),
        ("over", False),
        ("game over", False),
        ("its over 9000", False),
        ("migraine", False),
        ("is the migraine over?", False),
        ("", False),
        ("it's over " * 40, False),
    ],
)
def test_is_attack_over_message(text: str, expected: bool) -> None:
    assert is_attack_over_message(text) == expected
