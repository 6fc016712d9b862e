"""Medication overuse (ICHD-3 8.2): distinct days with intake per drug group, against thresholds.

ICHD-3 counts *days per month with intake*, not doses, and calls it overuse when the threshold
is reached for more than 3 months. The diary shows the rolling count over the last
:data:`MOH_WINDOW_DAYS` local days per group, warns before the threshold, and flags
:data:`MOH_SUSTAINED_MONTHS` consecutive windows over it (docs/architecture.md); the views add
"talk to
your doctor". Only acute doses actually taken count: never preventives, never skipped doses.

Decisions:

* Paracetamol, aspirin and the other NSAIDs are one group, :attr:`OveruseGroup.SIMPLE_ANALGESIC`
  (ICHD-3 8.2.3: used cumulatively).
* Gepants, ditans, antiemetics and "other" have no ICHD-3 8.2 subtype and are not counted here
  (they still count as acute-medication days in :mod:`bot.domain.days`).
* 8.2.6 (several groups, none overused alone) applies only when at least two groups were used
  in the window and none is over its own threshold; its count is the distinct days with any
  grouped drug. Its threshold is 10 (docs/clinical.md marks the figure unverified; an older
  appendix said 15), so it is a named constant.
* "> 3 months" is judged on consecutive 30-day windows ending on the day asked about (the
  caller may also pass calendar-month windows to :func:`sustained_overuse`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.days import is_acute_intake
from bot.domain.medications import DrugClass, IntakeRecord
from bot.domain.periods import Period, last_days
from bot.domain.wallclock import local_date_of

# docs/architecture.md: the rolling 30-day count stands for ICHD-3's "days per month".
MOH_WINDOW_DAYS = 30
MOH_ERGOT_DAYS = 10  # ICHD-3 8.2.1
MOH_TRIPTAN_DAYS = 10  # ICHD-3 8.2.2
MOH_SIMPLE_ANALGESIC_DAYS = 15  # ICHD-3 8.2.3 (paracetamol, aspirin, other NSAIDs together)
MOH_OPIOID_DAYS = 10  # ICHD-3 8.2.4
MOH_COMBINATION_DAYS = 10  # ICHD-3 8.2.5
MOH_MULTIPLE_DAYS = 10  # ICHD-3 8.2.6 (docs/clinical.md: unverified; older appendix quoted 15)
WARN_TEN_DAY_GROUPS_AT = 8  # docs/architecture.md: warn at 8 of 10
WARN_SIMPLE_ANALGESIC_AT = 12  # docs/architecture.md: warn at 12 of 15
MOH_SUSTAINED_MONTHS = 3  # docs/architecture.md "3 consecutive months"; ICHD-3 8.2 B "> 3 months"
# The intakes a caller must pass to judge the sustained flag at a date: this many days back.
OVERUSE_LOOKBACK_DAYS = MOH_WINDOW_DAYS * MOH_SUSTAINED_MONTHS


class OveruseGroup(StrEnum):
    """An ICHD-3 8.2 subtype's drug group."""

    ERGOT = "ergot"  # 8.2.1
    TRIPTAN = "triptan"  # 8.2.2
    SIMPLE_ANALGESIC = "simple_analgesic"  # 8.2.3
    OPIOID = "opioid"  # 8.2.4
    COMBINATION = "combination"  # 8.2.5
    MULTIPLE = "multiple"  # 8.2.6


GROUP_OF: dict[DrugClass, OveruseGroup] = {
    DrugClass.ERGOT: OveruseGroup.ERGOT,
    DrugClass.TRIPTAN: OveruseGroup.TRIPTAN,
    DrugClass.PARACETAMOL: OveruseGroup.SIMPLE_ANALGESIC,
    DrugClass.ASPIRIN: OveruseGroup.SIMPLE_ANALGESIC,
    DrugClass.NSAID: OveruseGroup.SIMPLE_ANALGESIC,
    DrugClass.OPIOID: OveruseGroup.OPIOID,
    DrugClass.COMBINATION: OveruseGroup.COMBINATION,
}
SINGLE_GROUPS = (
    OveruseGroup.ERGOT,
    OveruseGroup.TRIPTAN,
    OveruseGroup.SIMPLE_ANALGESIC,
    OveruseGroup.OPIOID,
    OveruseGroup.COMBINATION,
)
THRESHOLD_DAYS: dict[OveruseGroup, int] = {
    OveruseGroup.ERGOT: MOH_ERGOT_DAYS,
    OveruseGroup.TRIPTAN: MOH_TRIPTAN_DAYS,
    OveruseGroup.SIMPLE_ANALGESIC: MOH_SIMPLE_ANALGESIC_DAYS,
    OveruseGroup.OPIOID: MOH_OPIOID_DAYS,
    OveruseGroup.COMBINATION: MOH_COMBINATION_DAYS,
    OveruseGroup.MULTIPLE: MOH_MULTIPLE_DAYS,
}
WARN_DAYS: dict[OveruseGroup, int] = {
    group: WARN_SIMPLE_ANALGESIC_AT
    if group is OveruseGroup.SIMPLE_ANALGESIC
    else WARN_TEN_DAY_GROUPS_AT
    for group in OveruseGroup
}
# Several groups are needed before 8.2.6 can apply.
MULTIPLE_MIN_GROUPS = 2


class OveruseLevel(StrEnum):
    """Where a group's day count stands against its threshold."""

    BELOW = "below"
    WARNING = "warning"
    OVER = "over"


@dataclass(frozen=True)
class GroupCount:
    """One group's distinct days with intake in a window, with its threshold and level."""

    group: OveruseGroup
    days: int
    threshold: int
    warn_at: int
    level: OveruseLevel


@dataclass(frozen=True)
class OveruseStatus:
    """Every group's count over one window (single groups in order, then 8.2.6)."""

    window: Period
    groups: tuple[GroupCount, ...]

    def count(self, group: OveruseGroup) -> GroupCount:
        """The count of ``group``."""
        return next(item for item in self.groups if item.group is group)

    @property
    def over(self) -> frozenset[OveruseGroup]:
        """The groups at or over their threshold."""
        return frozenset(g.group for g in self.groups if g.level is OveruseLevel.OVER)

    @property
    def warnings(self) -> frozenset[OveruseGroup]:
        """The groups close to (not yet at) their threshold."""
        return frozenset(g.group for g in self.groups if g.level is OveruseLevel.WARNING)


def level_of(days: int, group: OveruseGroup) -> OveruseLevel:
    """The level of ``days`` against ``group``'s threshold and early warning."""
    if days >= THRESHOLD_DAYS[group]:
        return OveruseLevel.OVER
    return OveruseLevel.WARNING if days >= WARN_DAYS[group] else OveruseLevel.BELOW


def _count(group: OveruseGroup, days: int, level: OveruseLevel) -> GroupCount:
    """A group's count with its threshold."""
    return GroupCount(group, days, THRESHOLD_DAYS[group], WARN_DAYS[group], level)


def overuse_status(
    intakes: Iterable[IntakeRecord],
    *,
    tz: str,
    window: Period,
    preventive_ids: frozenset[int] = frozenset(),
) -> OveruseStatus:
    """Each group's distinct local days with an acute dose taken inside ``window``."""
    days: dict[OveruseGroup, set[date]] = defaultdict(set)
    for intake in intakes:
        group = GROUP_OF.get(intake.drug_class)
        day = local_date_of(intake.taken_at, tz)
        if group is not None and is_acute_intake(intake, preventive_ids) and window.contains(day):
            days[group].add(day)
    singles = [_count(g, len(days[g]), level_of(len(days[g]), g)) for g in SINGLE_GROUPS]
    any_day = {day for dates in days.values() for day in dates}
    used = sum(1 for item in singles if item.days)
    applies = used >= MULTIPLE_MIN_GROUPS and all(
        item.level is not OveruseLevel.OVER for item in singles
    )
    multiple_level = (
        level_of(len(any_day), OveruseGroup.MULTIPLE) if applies else OveruseLevel.BELOW
    )
    multiple = _count(OveruseGroup.MULTIPLE, len(any_day), multiple_level)
    return OveruseStatus(window=window, groups=(*singles, multiple))


def rolling_overuse(
    intakes: Iterable[IntakeRecord],
    *,
    tz: str,
    end: date,
    preventive_ids: frozenset[int] = frozenset(),
) -> OveruseStatus:
    """The overuse status over the :data:`MOH_WINDOW_DAYS` local days ending with ``end``."""
    return overuse_status(
        intakes,
        tz=tz,
        window=last_days(MOH_WINDOW_DAYS, today=end),
        preventive_ids=preventive_ids,
    )


def consecutive_windows(end: date, count: int = MOH_SUSTAINED_MONTHS) -> list[Period]:
    """``count`` back-to-back 30-day windows, oldest first, the last ending with ``end``."""
    return [
        last_days(MOH_WINDOW_DAYS, today=end - timedelta(days=MOH_WINDOW_DAYS * back))
        for back in reversed(range(count))
    ]


def sustained_overuse(
    statuses: Sequence[OveruseStatus], months: int = MOH_SUSTAINED_MONTHS
) -> frozenset[OveruseGroup]:
    """The groups over their threshold in each of the last ``months`` consecutive windows."""
    if months < 1:
        raise ValueError("at least one month is needed")
    if len(statuses) < months:
        return frozenset()
    recent = [status.over for status in statuses[len(statuses) - months :]]
    return frozenset.intersection(*recent)


def sustained_overuse_at(
    intakes: Sequence[IntakeRecord],
    *,
    tz: str,
    end: date,
    preventive_ids: frozenset[int] = frozenset(),
) -> frozenset[OveruseGroup]:
    """The groups over their threshold in each of the 3 consecutive 30-day windows to ``end``."""
    statuses = [
        overuse_status(intakes, tz=tz, window=window, preventive_ids=preventive_ids)
        for window in consecutive_windows(end)
    ]
    return sustained_overuse(statuses)
