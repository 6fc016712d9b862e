from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from bot.domain.wallclock import exists_locally, require_aware, to_utc, zone


@pytest.mark.parametrize(
    ("day", "local_time", "tz", "fold", "expected"),
    [
        # An ordinary winter and summer day in Berlin.
        (
            date(2026, 1, 15),
            time(9, 0),
            "Europe/Berlin",
            0,
            datetime(2026, 1, 15, 8, 0, tzinfo=UTC),
        ),
        (
            date(2026, 7, 15),
            time(9, 0),
            "Europe/Berlin",
            0,
            datetime(2026, 7, 15, 7, 0, tzinfo=UTC),
        ),
        # Spring-forward gap: first valid minute after the gap.
        (
            date(2026, 3, 8),
            time(2, 30),
            "America/New_York",
            0,
            datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
        ),
        (
            date(2026, 3, 8),
            time(2, 30, 45),
            "America/New_York",
            0,
            datetime(2026, 3, 8, 7, 0, tzinfo=UTC),
        ),
        (
            date(2026, 3, 29),
            time(2, 0),
            "Europe/Berlin",
            0,
            datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        ),
        (
            date(2026, 10, 4),
            time(2, 10),
            "Australia/Lord_Howe",
            0,
            datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
        ),
        # Fall-back overlap: fold picks the occurrence.
        (
            date(2026, 11, 1),
            time(1, 30),
            "America/New_York",
            0,
            datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
        ),
        (
            date(2026, 11, 1),
            time(1, 30),
            "America/New_York",
            1,
            datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        ),
        (
            date(2026, 4, 5),
            time(1, 45),
            "Australia/Lord_Howe",
            0,
            datetime(2026, 4, 4, 14, 45, tzinfo=UTC),
        ),
        (
            date(2026, 4, 5),
            time(1, 45),
            "Australia/Lord_Howe",
            1,
            datetime(2026, 4, 4, 15, 15, tzinfo=UTC),
        ),
        # A tzinfo on the time is ignored: it is a wall-clock reading.
        (
            date(2026, 1, 15),
            time(9, 0, tzinfo=UTC),
            "Asia/Tokyo",
            0,
            datetime(2026, 1, 15, 0, 0, tzinfo=UTC),
        ),
    ],
)
def test_to_utc(day: date, local_time: time, tz: str, fold: int, expected: datetime) -> None:
    actual = to_utc(day, local_time, tz, fold=fold)
    assert actual == expected
    assert actual.tzinfo == UTC


@pytest.mark.parametrize(
    ("naive", "tz", "expected"),
    [
        (datetime(2026, 3, 8, 2, 30), "America/New_York", False),
        (datetime(2026, 3, 8, 3, 0), "America/New_York", True),
        (datetime(2026, 11, 1, 1, 30), "America/New_York", True),
        (datetime(2026, 10, 4, 2, 29), "Australia/Lord_Howe", False),
        (datetime(2026, 10, 4, 2, 30), "Australia/Lord_Howe", True),
    ],
)
def test_exists_locally(naive: datetime, tz: str, expected: bool) -> None:
    assert exists_locally(naive, zone(tz)) == expected


@pytest.mark.parametrize(
    "instant",
    [datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=3)))],
)
def test_require_aware_accepts_aware(instant: datetime) -> None:
    assert require_aware(instant) is None  # type: ignore[func-returns-value]


def test_require_aware_rejects_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        require_aware(datetime(2026, 1, 1))
