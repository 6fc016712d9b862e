"""Builders for hand-built diaries: attacks, doses, check-ins and body symptoms in local time."""

from datetime import UTC, date, datetime, time
from typing import Any

from bot.domain.attacks import AttackRecord, BodySymptomRecord
from bot.domain.checkins import CheckinRecord, CheckinStatus, Factor, SleepQuality
from bot.domain.medications import DrugClass, Effect, IntakeRecord, IntakeStatus
from bot.domain.wallclock import to_utc

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
USER = 1


def at(day: date, hour: int, minute: int = 0, *, tz: str = BERLIN, fold: int = 0) -> datetime:
    """The UTC instant of a local wall-clock reading."""
    return to_utc(day, time(hour, minute), tz, fold=fold)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def attack(
    attack_id: int, started_at: datetime, ended_at: datetime | None, **fields: Any
) -> AttackRecord:
    return AttackRecord(
        id=attack_id, user_id=USER, started_at=started_at, ended_at=ended_at, **fields
    )


def intake(
    intake_id: int,
    taken_at: datetime,
    drug_class: DrugClass,
    *,
    name: str | None = None,
    medication_id: int | None = None,
    attack_id: int | None = None,
    status: IntakeStatus = IntakeStatus.TAKEN,
    effect: Effect | None = None,
) -> IntakeRecord:
    return IntakeRecord(
        id=intake_id,
        user_id=USER,
        medication_id=medication_id if medication_id is not None else intake_id,
        medication_name=name or drug_class.value.capitalize(),
        drug_class=drug_class,
        dose=None,
        taken_at=taken_at,
        attack_id=attack_id,
        status=status,
        effect_2h=effect,
    )


def daily(
    drug_class: DrugClass, first: date, days: int, *, start_id: int = 1, hour: int = 9
) -> list[IntakeRecord]:
    """One dose a day of ``drug_class`` on ``days`` consecutive local days from ``first``."""
    return [
        intake(start_id + n, at(date.fromordinal(first.toordinal() + n), hour), drug_class)
        for n in range(days)
    ]


def checkin(
    day: date,
    *,
    headache: bool | None = None,
    sleep_hours: float | None = None,
    sleep_quality: SleepQuality | None = None,
    factors: frozenset[Factor] = frozenset(),
    status: CheckinStatus = CheckinStatus.ANSWERED,
) -> CheckinRecord:
    return CheckinRecord(
        id=day.toordinal(),
        user_id=USER,
        local_date=day,
        status=status,
        headache=headache,
        sleep_hours=sleep_hours,
        sleep_quality=sleep_quality,
        factors=factors,
    )


def body_symptom(
    symptom_id: int, occurred_at: datetime, *, region: str | None, symptom: str = "twitching"
) -> BodySymptomRecord:
    return BodySymptomRecord(
        id=symptom_id,
        user_id=USER,
        attack_id=None,
        symptom=symptom,
        occurred_at=occurred_at,
        region=region,
    )
