from datetime import UTC, date, datetime, time

import pytest

from bot.domain.checkins import (
    NO_CHANGES,
    AnswerQuestion,
    CheckinChanges,
    CheckinRecord,
    CheckinStatus,
    HeadacheAnswer,
    SleepQuality,
    Step,
    answerable,
    attack_start,
    checkin_day,
    parse_sleep_hours,
    question_after,
    start_hour_choices,
    step_after,
)

BERLIN = "Europe/Berlin"


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("step", "kwargs", "expected"),
    [
        # A good day without preventives: headache, hours, quality, then optional factors.
        (Step.HEADACHE, {"headache": HeadacheAnswer.NO}, Step.SLEEP_HOURS),
        (Step.HEADACHE, {"headache": HeadacheAnswer.LOGGED}, Step.SLEEP_HOURS),
        (Step.SLEEP_HOURS, {}, Step.SLEEP_QUALITY),
        (Step.SLEEP_QUALITY, {}, Step.FACTORS),
        (Step.FACTORS, {}, Step.DONE),
        # "Yes, log it now" asks roughly when it started first.
        (Step.HEADACHE, {"headache": HeadacheAnswer.LOG_NOW}, Step.ATTACK_TIME),
        (Step.ATTACK_TIME, {}, Step.SLEEP_HOURS),
        # Preventives add one question after sleep.
        (Step.SLEEP_QUALITY, {"has_preventives": True}, Step.PREVENTIVE),
        (Step.PREVENTIVE, {"has_preventives": True}, Step.FACTORS),
        # Sleep answered in the morning is not asked again in the evening.
        (Step.HEADACHE, {"headache": HeadacheAnswer.NO, "sleep_known": True}, Step.FACTORS),
        (
            Step.HEADACHE,
            {"headache": HeadacheAnswer.NO, "sleep_known": True, "has_preventives": True},
            Step.PREVENTIVE,
        ),
        (Step.ATTACK_TIME, {"sleep_known": True}, Step.FACTORS),
        # A preventive dose already recorded as taken today (the dose reminder's "Taken") is
        # not asked again: never ask what is already known (issue 16).
        (
            Step.SLEEP_QUALITY,
            {"has_preventives": True, "preventive_known": True},
            Step.FACTORS,
        ),
        (
            Step.HEADACHE,
            {
                "headache": HeadacheAnswer.NO,
                "sleep_known": True,
                "has_preventives": True,
                "preventive_known": True,
            },
            Step.FACTORS,
        ),
        # The morning question is sleep only.
        (Step.SLEEP_HOURS, {"morning": True}, Step.SLEEP_QUALITY),
        (Step.SLEEP_QUALITY, {"morning": True, "has_preventives": True}, Step.DONE),
    ],
)
def test_step_after(step: Step, kwargs: dict[str, object], expected: Step) -> None:
    assert step_after(step, **kwargs) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("4", 4), ("7", 7), ("10", 10), ("3", None), ("11", None), ("x", None), ("", None)],
)
def test_parse_sleep_hours(value: str, expected: int | None) -> None:
    assert parse_sleep_hours(value) == expected


@pytest.mark.parametrize(
    ("day", "now", "expected"),
    [
        # Today at 21:00 Berlin: every hour up to 21:00 has passed.
        (date(2026, 1, 15), utc(2026, 1, 15, 20, 0), [6, 9, 12, 15, 18, 21]),
        # Today at 13:30 Berlin: later hours are left out.
        (date(2026, 1, 15), utc(2026, 1, 15, 12, 30), [6, 9, 12]),
        # Very early: only the current hour.
        (date(2026, 1, 15), utc(2026, 1, 15, 3, 10), [4]),
        # An earlier day: all of them.
        (date(2026, 1, 14), utc(2026, 1, 15, 3, 10), [6, 9, 12, 15, 18, 21]),
    ],
)
def test_start_hour_choices(day: date, now: datetime, expected: list[int]) -> None:
    assert start_hour_choices(day, tz=BERLIN, now=now) == expected


@pytest.mark.parametrize(
    ("day", "hour", "now", "expected"),
    [
        (date(2026, 1, 15), 15, utc(2026, 1, 15, 20, 0), utc(2026, 1, 15, 14, 0)),
        # Capped at now.
        (date(2026, 1, 15), 21, utc(2026, 1, 15, 19, 0), utc(2026, 1, 15, 19, 0)),
        (date(2026, 1, 15), 24, utc(2026, 1, 15, 19, 0), None),
        (date(2026, 1, 15), -1, utc(2026, 1, 15, 19, 0), None),
        # Spring-forward gap: 02:00 does not exist in Berlin on 03-29, 03:00 CEST it is.
        (date(2026, 3, 29), 2, utc(2026, 3, 29, 20, 0), utc(2026, 3, 29, 1, 0)),
    ],
)
def test_attack_start(day: date, hour: int, now: datetime, expected: datetime | None) -> None:
    assert attack_start(day, hour, tz=BERLIN, now=now) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 15), True),
        (date(2026, 1, 14), True),
        (date(2025, 11, 14), True),
        (date(2025, 11, 13), False),
        (date(2026, 1, 16), False),
    ],
)
def test_answerable(day: date, expected: bool) -> None:
    assert answerable(day, tz=BERLIN, now=utc(2026, 1, 15, 20, 0)) is expected


def test_sleep_known() -> None:
    base = CheckinRecord(1, 1, date(2026, 1, 15), CheckinStatus.PENDING)
    assert base.sleep_known is False
    assert (
        CheckinRecord(1, 1, date(2026, 1, 15), CheckinStatus.PENDING, sleep_hours=7).sleep_known
        is False
    )
    full = CheckinRecord(
        1,
        1,
        date(2026, 1, 15),
        CheckinStatus.ANSWERED,
        sleep_hours=7,
        sleep_quality=SleepQuality.OK,
    )
    assert full.sleep_known is True


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        start_hour_choices(date(2026, 1, 15), tz=BERLIN, now=datetime(2026, 1, 15))
    with pytest.raises(ValueError, match="aware"):
        attack_start(date(2026, 1, 15), 3, tz=BERLIN, now=datetime(2026, 1, 15))


@pytest.mark.parametrize(
    ("fired_on", "local_time", "expected"),
    [
        # An evening check-in belongs to the day it fires on...
        (date(2026, 1, 15), time(21, 0), date(2026, 1, 15)),
        (date(2026, 1, 15), time(23, 59), date(2026, 1, 15)),
        (date(2026, 1, 15), time(4, 0), date(2026, 1, 15)),
        # ...but one set after midnight (00:00-03:59) closes the evening before (one check-in
        # per local day; the diary day ends at bedtime).
        (date(2026, 1, 16), time(0, 0), date(2026, 1, 15)),
        (date(2026, 1, 16), time(0, 30), date(2026, 1, 15)),
        (date(2026, 3, 1), time(3, 59), date(2026, 2, 28)),
    ],
)
def test_checkin_day(fired_on: date, local_time: time, expected: date) -> None:
    assert checkin_day(fired_on, local_time) == expected


SLEPT = CheckinRecord(
    1,
    1,
    date(2026, 11, 20),
    CheckinStatus.ANSWERED,
    sleep_hours=7.0,
    sleep_quality=SleepQuality.OK,
)


# What follows a stored answer (the check-in's order is step_after's): a factor
# tick stays on the factors question; Done moves on; known sleep is not asked again, unless the
# sleep hours were just changed (then their quality follows).
@pytest.mark.parametrize(
    ("step", "changes", "headache", "expected"),
    [
        (Step.FACTORS, CheckinChanges(caffeine=True), None, Step.FACTORS),
        (Step.FACTORS, CheckinChanges(caffeine=False), None, Step.FACTORS),
        (Step.FACTORS, NO_CHANGES, None, Step.DONE),
        (Step.HEADACHE, CheckinChanges(headache=False), HeadacheAnswer.NO, Step.FACTORS),
        (Step.HEADACHE, NO_CHANGES, HeadacheAnswer.LOG_NOW, Step.ATTACK_TIME),
        (Step.SLEEP_HOURS, CheckinChanges(sleep_hours=8.0), None, Step.SLEEP_QUALITY),
    ],
)
def test_question_after(
    step: Step, changes: CheckinChanges, headache: HeadacheAnswer | None, expected: Step
) -> None:
    command = AnswerQuestion(1, step, changes, headache=headache)
    assert question_after(command, SLEPT, has_preventives=False) is expected
