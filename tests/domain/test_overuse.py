from datetime import date, timedelta

import pytest

from bot.domain.medications import DrugClass, IntakeRecord, IntakeStatus
from bot.domain.overuse import (
    GroupCount,
    OveruseGroup,
    OveruseLevel,
    OveruseStatus,
    consecutive_windows,
    level_of,
    overuse_status,
    rolling_overuse,
    sustained_overuse,
    sustained_overuse_at,
)
from bot.domain.periods import Period
from tests.domain.diary import BERLIN, NEW_YORK, at, daily, intake

END = date(2026, 10, 31)
FIRST = END - timedelta(days=29)  # the rolling window's first day
BELOW, WARNING, OVER = OveruseLevel.BELOW, OveruseLevel.WARNING, OveruseLevel.OVER
G = OveruseGroup


def levels(status: OveruseStatus) -> dict[OveruseGroup, tuple[int, OveruseLevel]]:
    """Each group's days and level, for the groups with any day or a non-BELOW level."""
    return {
        item.group: (item.days, item.level)
        for item in status.groups
        if item.days or item.level is not BELOW
    }


def rolling(intakes: list[IntakeRecord], tz: str = BERLIN) -> OveruseStatus:
    return rolling_overuse(intakes, tz=tz, end=END)


@pytest.mark.parametrize(
    ("intakes", "expected"),
    [
        ([], {}),
        # Issue 5: 10 triptan days in 30 flag overuse, 9 warn; 11 are over too.
        (daily(DrugClass.TRIPTAN, FIRST, 7), {G.TRIPTAN: (7, BELOW), G.MULTIPLE: (7, BELOW)}),
        (daily(DrugClass.TRIPTAN, FIRST, 8), {G.TRIPTAN: (8, WARNING), G.MULTIPLE: (8, BELOW)}),
        (daily(DrugClass.TRIPTAN, FIRST, 9), {G.TRIPTAN: (9, WARNING), G.MULTIPLE: (9, BELOW)}),
        (daily(DrugClass.TRIPTAN, FIRST, 10), {G.TRIPTAN: (10, OVER), G.MULTIPLE: (10, BELOW)}),
        (daily(DrugClass.TRIPTAN, FIRST, 11), {G.TRIPTAN: (11, OVER), G.MULTIPLE: (11, BELOW)}),
        # Days, not doses: three doses on each of 9 days are still 9 days.
        (
            [
                intake(100 * n + k, at(FIRST + timedelta(days=n), 8 + 4 * k), DrugClass.TRIPTAN)
                for n in range(9)
                for k in range(3)
            ],
            {G.TRIPTAN: (9, WARNING), G.MULTIPLE: (9, BELOW)},
        ),
        # Ergots, opioids and combination analgesics: 10 days too.
        (daily(DrugClass.ERGOT, FIRST, 10), {G.ERGOT: (10, OVER), G.MULTIPLE: (10, BELOW)}),
        (daily(DrugClass.OPIOID, FIRST, 9), {G.OPIOID: (9, WARNING), G.MULTIPLE: (9, BELOW)}),
        (
            daily(DrugClass.COMBINATION, FIRST, 10),
            {G.COMBINATION: (10, OVER), G.MULTIPLE: (10, BELOW)},
        ),
        # Issue 5: simple analgesics need 15 days (warning from 12).
        (
            daily(DrugClass.NSAID, FIRST, 11),
            {G.SIMPLE_ANALGESIC: (11, BELOW), G.MULTIPLE: (11, BELOW)},
        ),
        (
            daily(DrugClass.NSAID, FIRST, 12),
            {G.SIMPLE_ANALGESIC: (12, WARNING), G.MULTIPLE: (12, BELOW)},
        ),
        (
            daily(DrugClass.PARACETAMOL, FIRST, 14),
            {G.SIMPLE_ANALGESIC: (14, WARNING), G.MULTIPLE: (14, BELOW)},
        ),
        (
            daily(DrugClass.ASPIRIN, FIRST, 15),
            {G.SIMPLE_ANALGESIC: (15, OVER), G.MULTIPLE: (15, BELOW)},
        ),
        # Paracetamol on 8 days and ibuprofen (an NSAID) on 7 others count together: 15.
        (
            daily(DrugClass.PARACETAMOL, FIRST, 8)
            + daily(DrugClass.NSAID, FIRST + timedelta(days=8), 7, start_id=50),
            {G.SIMPLE_ANALGESIC: (15, OVER), G.MULTIPLE: (15, BELOW)},
        ),
        # ...and both on the same day is one day.
        (
            daily(DrugClass.PARACETAMOL, FIRST, 14)
            + daily(DrugClass.NSAID, FIRST, 14, start_id=50, hour=15),
            {G.SIMPLE_ANALGESIC: (14, WARNING), G.MULTIPLE: (14, BELOW)},
        ),
        # Several groups, none overused alone: 10 days in total (8.2.6), warning from 8.
        (
            daily(DrugClass.TRIPTAN, FIRST, 5)
            + daily(DrugClass.NSAID, FIRST + timedelta(days=5), 5, start_id=50),
            {G.TRIPTAN: (5, BELOW), G.SIMPLE_ANALGESIC: (5, BELOW), G.MULTIPLE: (10, OVER)},
        ),
        (
            daily(DrugClass.TRIPTAN, FIRST, 4)
            + daily(DrugClass.OPIOID, FIRST + timedelta(days=4), 4, start_id=50),
            {G.TRIPTAN: (4, BELOW), G.OPIOID: (4, BELOW), G.MULTIPLE: (8, WARNING)},
        ),
        # Once one group is over on its own, 8.2.6 does not apply.
        (
            daily(DrugClass.TRIPTAN, FIRST, 10)
            + daily(DrugClass.NSAID, FIRST + timedelta(days=10), 3, start_id=50),
            {G.TRIPTAN: (10, OVER), G.SIMPLE_ANALGESIC: (3, BELOW), G.MULTIPLE: (13, BELOW)},
        ),
        # Not counted: preventives, skipped doses, gepants, ditans, antiemetics, others.
        (
            daily(DrugClass.PREVENTIVE, FIRST, 30)
            + daily(DrugClass.GEPANT, FIRST, 30, start_id=100)
            + daily(DrugClass.DITAN, FIRST, 30, start_id=200)
            + daily(DrugClass.ANTIEMETIC, FIRST, 30, start_id=300)
            + daily(DrugClass.OTHER, FIRST, 30, start_id=400)
            + [
                intake(
                    500 + n,
                    at(FIRST + timedelta(days=n), 9),
                    DrugClass.TRIPTAN,
                    status=IntakeStatus.SKIPPED,
                )
                for n in range(30)
            ],
            {},
        ),
        # Only the 30 days ending with END count.
        (
            daily(DrugClass.TRIPTAN, FIRST - timedelta(days=5), 14),
            {G.TRIPTAN: (9, WARNING), G.MULTIPLE: (9, BELOW)},
        ),
    ],
)
def test_rolling_overuse(
    intakes: list[IntakeRecord], expected: dict[OveruseGroup, tuple[int, OveruseLevel]]
) -> None:
    assert levels(rolling(intakes)) == expected


def test_window_days_are_local() -> None:
    # 23:30 in New York on the day before the window is 03:30 UTC inside it; it does not count.
    late = intake(1, at(FIRST - timedelta(days=1), 23, 30, tz=NEW_YORK), DrugClass.TRIPTAN)
    early = intake(2, at(END, 23, 30, tz=NEW_YORK), DrugClass.TRIPTAN)
    assert levels(rolling([late, early], tz=NEW_YORK)) == {
        G.TRIPTAN: (1, BELOW),
        G.MULTIPLE: (1, BELOW),
    }


def test_a_medication_on_the_preventive_list_is_not_counted() -> None:
    doses = [
        intake(n, at(FIRST + timedelta(days=n), 9), DrugClass.TRIPTAN, medication_id=9)
        for n in range(12)
    ]
    status = overuse_status(
        doses, tz=BERLIN, window=Period(FIRST, END), preventive_ids=frozenset({9})
    )
    assert levels(status) == {}


def test_status_holds_every_group_with_its_threshold() -> None:
    status = rolling(daily(DrugClass.TRIPTAN, FIRST, 9))
    assert (status.window, status.groups, status.over, status.warnings) == (
        Period(FIRST, END),
        (
            GroupCount(G.ERGOT, 0, 10, 8, BELOW),
            GroupCount(G.TRIPTAN, 9, 10, 8, WARNING),
            GroupCount(G.SIMPLE_ANALGESIC, 0, 15, 12, BELOW),
            GroupCount(G.OPIOID, 0, 10, 8, BELOW),
            GroupCount(G.COMBINATION, 0, 10, 8, BELOW),
            GroupCount(G.MULTIPLE, 9, 10, 8, BELOW),
        ),
        frozenset(),
        frozenset({G.TRIPTAN}),
    )
    assert status.count(G.TRIPTAN) == GroupCount(G.TRIPTAN, 9, 10, 8, WARNING)


@pytest.mark.parametrize(
    ("days", "group", "expected"),
    [
        (7, G.TRIPTAN, BELOW),
        (8, G.TRIPTAN, WARNING),
        (9, G.TRIPTAN, WARNING),
        (10, G.TRIPTAN, OVER),
        (11, G.TRIPTAN, OVER),
        (11, G.SIMPLE_ANALGESIC, BELOW),
        (12, G.SIMPLE_ANALGESIC, WARNING),
        (14, G.SIMPLE_ANALGESIC, WARNING),
        (15, G.SIMPLE_ANALGESIC, OVER),
        (8, G.MULTIPLE, WARNING),
        (10, G.MULTIPLE, OVER),
    ],
)
def test_level_of(days: int, group: OveruseGroup, expected: OveruseLevel) -> None:
    assert level_of(days, group) is expected


def test_consecutive_windows() -> None:
    assert consecutive_windows(END) == [
        Period(date(2026, 8, 3), date(2026, 9, 1)),
        Period(date(2026, 9, 2), date(2026, 10, 1)),
        Period(date(2026, 10, 2), END),
    ]


def status_over(*groups: OveruseGroup) -> OveruseStatus:
    window = Period(FIRST, END)
    return OveruseStatus(window, tuple(GroupCount(g, 10, 10, 8, OVER) for g in groups))


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], frozenset()),
        ([status_over(G.TRIPTAN)] * 2, frozenset()),
        ([status_over(G.TRIPTAN)] * 3, frozenset({G.TRIPTAN})),
        (
            [status_over(G.TRIPTAN, G.OPIOID), status_over(G.TRIPTAN), status_over(G.TRIPTAN)],
            frozenset({G.TRIPTAN}),
        ),
        # Only the last three count, and they must be consecutive.
        (
            [status_over(), status_over(G.ERGOT), status_over(G.ERGOT), status_over(G.ERGOT)],
            frozenset({G.ERGOT}),
        ),
        (
            [status_over(G.ERGOT), status_over(G.ERGOT), status_over(), status_over(G.ERGOT)],
            frozenset(),
        ),
    ],
)
def test_sustained_overuse(
    statuses: list[OveruseStatus], expected: frozenset[OveruseGroup]
) -> None:
    assert sustained_overuse(statuses) == expected


def test_sustained_overuse_needs_a_month() -> None:
    with pytest.raises(ValueError, match="at least one month"):
        sustained_overuse([status_over(G.TRIPTAN)], months=0)


@pytest.mark.parametrize(
    ("days_per_window", "expected"),
    [
        ((10, 10, 10), frozenset({G.TRIPTAN})),
        ((10, 9, 10), frozenset()),
        ((9, 10, 10), frozenset()),
    ],
)
def test_sustained_overuse_at(
    days_per_window: tuple[int, int, int], expected: frozenset[OveruseGroup]
) -> None:
    intakes = [
        dose
        for index, (window, days) in enumerate(
            zip(consecutive_windows(END), days_per_window, strict=True)
        )
        for dose in daily(DrugClass.TRIPTAN, window.first, days, start_id=100 * index)
    ]
    assert sustained_overuse_at(intakes, tz=BERLIN, end=END) == expected
