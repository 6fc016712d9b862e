"""Which local calendar days count as headache, migraine, medication or headache-free days.

These are the standard outcome measures (docs/clinical.md "Outcome measures"): monthly headache
days (MHD), monthly migraine days (MMD) and acute-medication days (AMD). Every count is of distinct
*local dates* in the user's timezone, so a 25-hour DST day is still one day, and an attack from
22:00 to 03:00 touches two days.

Decisions:

* An attack touches every local date from its start to its end; an end exactly at midnight does
  not touch the new day. An open attack runs to ``now``, but never further than
  :data:`~bot.domain.attacks.MAX_ATTACK_DURATION` from its start (the longest the diary takes),
  so a forgotten open attack cannot fill a whole month.
* A check-in answering "headache today: yes" makes a headache day even if no attack was logged
  (the answer is data); "no" with no attack makes a headache-free day. An attack outranks a
  "no" (an attack that ended at 03:00 and a "no" that evening: a headache day).
* Unknown is not zero (docs/architecture.md): a day is headache-free only when the user said
  so. A day
  with no attack and no "no headache" answer is *unknown*, even if a dose, a body symptom or a
  sleep answer was recorded on it. A day is *recorded* when it is a headache day or a
  headache-free day.
* Migraine days (docs/architecture.md MMD, Leiden e-diary definition rule 3): the days of an
  attack that
  counts as migraine (migraine-like or probable migraine, ICHD-3 1.5), plus days on which an
  acute migraine-specific drug was taken whatever its effect. Migraine-specific means triptans,
  ergots, gepants and ditans: gepants and ditans are licensed only for migraine. A gepant taken
  as a preventive (its medication is on the user's preventive list, ``preventive_ids``) is a
  preventive, not an acute dose, and counts for nothing here.
* Acute medication is every class but ``PREVENTIVE`` (antiemetics and "other" included, since
  they were taken for the headache); only doses marked taken count, never skipped ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.attacks import MAX_ATTACK_DURATION, AttackRecord, BodySymptomRecord
from bot.domain.checkins import CheckinRecord
from bot.domain.classify import MODERATE_OR_SEVERE_FROM, Classification, classify_attack
from bot.domain.medications import DrugClass, IntakeRecord, IntakeStatus
from bot.domain.periods import Period
from bot.domain.wallclock import local_date_of

ONE_DAY = timedelta(days=1)
# Leiden e-diary migraine-day rule 3 (docs/clinical.md): acute migraine-specific medication taken.
MIGRAINE_SPECIFIC_CLASSES = frozenset(
    {DrugClass.TRIPTAN, DrugClass.ERGOT, DrugClass.GEPANT, DrugClass.DITAN}
)
# An attack that started up to this long before a period can still touch its first day.
ATTACK_LOOKBACK = MAX_ATTACK_DURATION


def is_acute_intake(intake: IntakeRecord, preventive_ids: frozenset[int] = frozenset()) -> bool:
    """Whether a dose is an acute one actually taken (not preventive, not skipped)."""
    return (
        intake.status is IntakeStatus.TAKEN
        and intake.drug_class is not DrugClass.PREVENTIVE
        and intake.medication_id not in preventive_ids
    )


def attack_end(attack: AttackRecord, *, now: datetime) -> datetime:
    """When the attack ended, or for an open one ``now`` capped at the longest attack."""
    if attack.ended_at is not None:
        return attack.ended_at
    return min(now, attack.started_at + MAX_ATTACK_DURATION)


def attack_dates(attack: AttackRecord, *, tz: str, now: datetime) -> list[date]:
    """Every local date the attack touches, in order (an end at midnight touches no new day)."""
    first = local_date_of(attack.started_at, tz)
    end = attack_end(attack, now=now)
    last = local_date_of(end, tz)
    if last > first and local_date_of(end - timedelta(microseconds=1), tz) < last:
        last -= ONE_DAY
    return [first + offset * ONE_DAY for offset in range((last - first).days + 1)]


def _touched(
    attacks: Iterable[AttackRecord], *, tz: str, now: datetime, period: Period
) -> set[date]:
    """The period's dates touched by any of ``attacks``."""
    return {
        day
        for attack in attacks
        for day in attack_dates(attack, tz=tz, now=now)
        if period.contains(day)
    }


def headache_dates(
    attacks: Iterable[AttackRecord],
    checkins: Iterable[CheckinRecord],
    *,
    tz: str,
    now: datetime,
    period: Period,
) -> frozenset[date]:
    """The period's headache days: touched by an attack, or a check-in said headache."""
    days = _touched(attacks, tz=tz, now=now, period=period)
    days |= {c.local_date for c in checkins if c.headache and period.contains(c.local_date)}
    return frozenset(days)


def classify_all(
    attacks: Iterable[AttackRecord], intakes: Iterable[IntakeRecord], *, now: datetime
) -> dict[int, Classification]:
    """Each attack's classification by id, with the doses linked to it."""
    by_attack: dict[int, list[IntakeRecord]] = defaultdict(list)
    for intake in intakes:
        if intake.attack_id is not None:
            by_attack[intake.attack_id].append(intake)
    return {
        attack.id: classify_attack(attack, now=now, intakes=by_attack[attack.id])
        for attack in attacks
    }


def medication_dates(
    intakes: Iterable[IntakeRecord],
    *,
    tz: str,
    period: Period,
    preventive_ids: frozenset[int] = frozenset(),
) -> dict[DrugClass, frozenset[date]]:
    """The period's dates with an acute dose taken, per drug class (classes with none left out)."""
    days: dict[DrugClass, set[date]] = defaultdict(set)
    for intake in intakes:
        day = local_date_of(intake.taken_at, tz)
        if is_acute_intake(intake, preventive_ids) and period.contains(day):
            days[intake.drug_class].add(day)
    return {drug_class: frozenset(dates) for drug_class, dates in days.items()}


def acute_medication_dates(by_class: Mapping[DrugClass, frozenset[date]]) -> frozenset[date]:
    """The dates with any acute dose (AMD), from :func:`medication_dates`."""
    return frozenset(day for days in by_class.values() for day in days)


def migraine_dates(
    attacks: Iterable[AttackRecord],
    classifications: Mapping[int, Classification],
    medication_by_class: Mapping[DrugClass, frozenset[date]],
    *,
    tz: str,
    now: datetime,
    period: Period,
) -> frozenset[date]:
    """The period's migraine days (MMD): migraine or probable-migraine attacks, specific drugs."""
    counted = [a for a in attacks if classifications[a.id].counts_as_migraine_day]
    days = _touched(counted, tz=tz, now=now, period=period)
    for drug_class in MIGRAINE_SPECIFIC_CLASSES:
        days |= medication_by_class.get(drug_class, frozenset())
    return frozenset(days)


def moderate_or_severe_dates(
    attacks: Iterable[AttackRecord], *, tz: str, now: datetime, period: Period
) -> frozenset[date]:
    """The period's dates touched by an attack of intensity 4 of 10 or more."""
    strong = [
        a
        for a in attacks
        if a.peak_intensity is not None and a.peak_intensity >= MODERATE_OR_SEVERE_FROM
    ]
    return frozenset(_touched(strong, tz=tz, now=now, period=period))


def headache_free_dates(
    checkins: Iterable[CheckinRecord], headache: frozenset[date], *, period: Period
) -> frozenset[date]:
    """The period's headache-free days: the check-in said "no headache", no attack touched it."""
    return frozenset(
        c.local_date
        for c in checkins
        if c.headache is False and period.contains(c.local_date) and c.local_date not in headache
    )


def recorded_dates(
    attacks: Iterable[AttackRecord],
    intakes: Iterable[IntakeRecord],
    checkins: Iterable[CheckinRecord],
    body_symptoms: Iterable[BodySymptomRecord],
    *,
    tz: str,
    now: datetime,
    period: Period,
) -> frozenset[date]:
    """The period's dates with any record at all (attack, dose, check-in or body symptom).

    This says whether there is anything to summarise; it is not the denominator of headache-free
    days (see the module's notes).
    """
    days = _touched(attacks, tz=tz, now=now, period=period)
    days |= {local_date_of(i.taken_at, tz) for i in intakes}
    days |= {c.local_date for c in checkins}
    days |= {local_date_of(b.occurred_at, tz) for b in body_symptoms}
    return frozenset(day for day in days if period.contains(day))


@dataclass(frozen=True)
class DayCell:
    """One date of a calendar strip: headache (worst intensity), headache-free, or unknown."""

    day: date
    headache: bool
    max_intensity: int | None
    acute_medication: bool
    headache_free: bool

    @property
    def unknown(self) -> bool:
        """Whether nothing says if the day had a headache (never drawn as a good day)."""
        return not self.headache and not self.headache_free


def day_cells(
    attacks: Iterable[AttackRecord],
    *,
    headache: frozenset[date],
    acute_medication: frozenset[date],
    headache_free: frozenset[date],
    tz: str,
    now: datetime,
    period: Period,
) -> tuple[DayCell, ...]:
    """The calendar strip of the period, one cell per local date."""
    worst: dict[date, int] = {}
    for attack in attacks:
        if attack.peak_intensity is None:
            continue
        for day in attack_dates(attack, tz=tz, now=now):
            worst[day] = max(worst.get(day, attack.peak_intensity), attack.peak_intensity)
    return tuple(
        DayCell(
            day=day,
            headache=day in headache,
            max_intensity=worst.get(day),
            acute_medication=day in acute_medication,
            headache_free=day in headache_free,
        )
        for day in period.dates()
    )
