"""Use cases for the user's control of their data: export (CSV and JSON), import, delete.

The JSON export is the whole diary in a versioned format that ``/import`` restores into another
installation. It is validated with strict pydantic models before anything is written, and
written in one transaction, so a malformed or foreign file changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.domain.attacks import (
    EndedHow,
    LoggedVia,
    Phase,
    Quality,
    Side,
    custom_label,
    is_custom,
)
from bot.domain.checkins import CheckinStatus, SleepQuality
from bot.domain.medications import DrugClass, Effect, IntakeStatus
from bot.domain.schedule import EVERY_DAY, next_fire_time
from bot.services.context import ServiceContext
from bot.storage import portability, reminders, users
from bot.storage.database import DbSession

EXPORT_FORMAT = "migraine-diary-export"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 5 * 1024 * 1024
CSV_LIST_SEPARATOR = "; "

Text64 = Annotated[str, Field(min_length=1, max_length=64)]
Intensity = Annotated[int, Field(ge=0, le=10)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProfileData(_Strict):
    """The user's settings."""

    timezone: str | None
    language: Annotated[str, Field(min_length=2, max_length=16)]
    quiet_start: time
    quiet_end: time

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown timezone {value!r}") from None
        return value


class MedicationData(_Strict):
    """A medication on the user's list."""

    id: int
    name: Text64
    drug_class: DrugClass
    is_preventive: bool
    usual_dose: Annotated[str, Field(max_length=32)] | None
    archived: bool
    created_at: AwareDatetime


class CustomItemData(_Strict):
    """One of the user's own symptoms, triggers or body sites."""

    id: int
    kind: Literal["symptom", "trigger", "body_site"]
    label: Text64
    archived: bool
    created_at: AwareDatetime


class AttackData(_Strict):
    """An attack with every recorded answer."""

    id: int
    started_at: AwareDatetime
    ended_at: AwareDatetime | None
    logged_via: LoggedVia
    peak_intensity: Intensity | None
    side: Side | None
    locations: list[Text64]
    quality: Quality | None
    worse_with_activity: bool | None
    aura: bool | None
    aura_types: list[Text64]
    aura_duration_min: Annotated[int, Field(ge=0)] | None
    aura_spread_5min: bool | None
    aura_headache_within_60min: bool | None
    nausea: bool | None
    vomiting: bool | None
    light_sensitivity: bool | None
    sound_sensitivity: bool | None
    other_symptoms: list[Annotated[str, Field(min_length=1, max_length=80)]]
    triggers: list[Annotated[str, Field(min_length=1, max_length=80)]]
    ended_how: EndedHow | None
    disability: Annotated[int, Field(ge=0, le=3)] | None
    red_flags: list[Text64]
    notes: Annotated[str, Field(max_length=2000)] | None
    created_at: AwareDatetime
    updated_at: AwareDatetime

    @model_validator(mode="after")
    def _ends_after_start(self) -> AttackData:
        if self.ended_at is not None and self.ended_at <= self.started_at:
            raise ValueError(f"attack {self.id} ends before it starts")
        return self


class IntakeData(_Strict):
    """A dose taken or skipped."""

    id: int
    medication_id: int
    attack_id: int | None
    drug_class: DrugClass
    dose: Annotated[str, Field(max_length=32)] | None
    taken_at: AwareDatetime
    status: IntakeStatus
    effect_2h: Effect | None
    created_at: AwareDatetime


class BodySymptomData(_Strict):
    """A body symptom such as twitching."""

    id: int
    attack_id: int | None
    symptom: Text64
    region: Text64 | None
    side: Side | None
    phase: Phase | None
    duration_min: Annotated[int, Field(ge=0)] | None
    description: Annotated[str, Field(max_length=1000)] | None
    occurred_at: AwareDatetime
    created_at: AwareDatetime


class CheckinData(_Strict):
    """One day's check-in."""

    id: int
    local_date: date
    status: CheckinStatus
    headache: bool | None
    sleep_hours: Annotated[float, Field(ge=0, le=24)] | None
    sleep_quality: SleepQuality | None
    preventive_taken: bool | None
    exercise: bool | None
    caffeine: bool | None
    alcohol: bool | None
    stress: bool | None
    menstruation: bool | None
    created_at: AwareDatetime
    updated_at: AwareDatetime


class ReminderData(_Strict):
    """A reminder rule the user set."""

    id: int
    kind: Literal["checkin", "morning_sleep", "medication", "recap"]
    enabled: bool
    local_time: time | None
    weekdays: Annotated[str, Field(pattern=r"^[01]{7}$")]
    medication_id: int | None
    attack_id: None
    intake_id: None
    next_fire_at: AwareDatetime | None
    last_fired_at: AwareDatetime | None
    fire_count: Annotated[int, Field(ge=0)]
    created_at: AwareDatetime


class ExportFile(_Strict):
    """The whole diary as ``/export`` writes it and ``/import`` reads it."""

    format: Literal["migraine-diary-export"]
    version: Literal[1]
    exported_at: AwareDatetime
    telegram_id: int
    profile: ProfileData
    medications: list[MedicationData]
    custom_items: list[CustomItemData]
    attacks: list[AttackData]
    medication_intakes: list[IntakeData]
    body_symptoms: list[BodySymptomData]
    checkins: list[CheckinData]
    reminders: list[ReminderData]

    @model_validator(mode="after")
    def _references_resolve(self) -> ExportFile:
        medications = {m.id for m in self.medications}
        attacks = {a.id for a in self.attacks}
        for intake in self.medication_intakes:
            if intake.medication_id not in medications:
                raise ValueError(f"dose {intake.id} names an unknown medication")
            if intake.attack_id is not None and intake.attack_id not in attacks:
                raise ValueError(f"dose {intake.id} names an unknown attack")
        for body in self.body_symptoms:
            if body.attack_id is not None and body.attack_id not in attacks:
                raise ValueError(f"symptom {body.id} names an unknown attack")
        for rule in self.reminders:
            if rule.medication_id is not None and rule.medication_id not in medications:
                raise ValueError(f"reminder {rule.id} names an unknown medication")
        if len({c.local_date for c in self.checkins}) != len(self.checkins):
            raise ValueError("two check-ins for the same day")
        return self


class ImportProblem(StrEnum):
    """Why a file was not imported."""

    TOO_LARGE = "too_large"
    NOT_JSON = "not_json"
    NOT_AN_EXPORT = "not_an_export"
    NEWER_VERSION = "newer_version"
    INVALID = "invalid"
    OTHER_ACCOUNT = "other_account"
    DIARY_NOT_EMPTY = "diary_not_empty"


@dataclass(frozen=True)
class Imported:
    """What an import added."""

    attacks: int
    doses: int
    checkins: int


def export_json(ctx: ServiceContext, *, user_id: int) -> bytes:
    """The whole diary as the versioned JSON file ``/import`` reads."""
    with ctx.database.transaction() as session:
        dump = portability.dump_user(session=session, user_id=user_id)
    document = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": ctx.clock.now().isoformat(),
        **dump,
    }
    ExportFile.model_validate(document)  # what we write, we can read back
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def export_csv(ctx: ServiceContext, *, user_id: int) -> dict[str, bytes]:
    """The diary as CSV files (UTF-8, local ISO 8601 times with offsets), by file name."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        dump = portability.dump_user(session=session, user_id=user_id)
    diary = ExportFile.model_validate(
        {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported_at": ctx.clock.now(),
            **dump,
        }
    )
    zone = ZoneInfo(profile.timezone or ctx.default_timezone)
    return {
        "attacks.csv": _csv(ATTACK_COLUMNS, [_attack_row(a, zone) for a in diary.attacks]),
        "medication_intakes.csv": _csv(
            INTAKE_COLUMNS, [_intake_row(i, diary, zone) for i in diary.medication_intakes]
        ),
        "checkins.csv": _csv(CHECKIN_COLUMNS, [_checkin_row(c) for c in diary.checkins]),
        "symptoms.csv": _csv(
            SYMPTOM_COLUMNS, [_symptom_row(b, zone) for b in diary.body_symptoms]
        ),
    }


ATTACK_COLUMNS = (
    "attack_id",
    "start",
    "end",
    "duration_min",
    "logged_via",
    "peak_intensity",
    "side",
    "locations",
    "quality",
    "worse_with_activity",
    "aura",
    "aura_types",
    "aura_headache_within_60min",
    "nausea",
    "vomiting",
    "light_sensitivity",
    "sound_sensitivity",
    "other_symptoms",
    "triggers",
    "ended_how",
    "red_flags",
    "notes",
)
INTAKE_COLUMNS = (
    "intake_id",
    "taken",
    "medication",
    "drug_class",
    "dose",
    "status",
    "effect_2h",
    "attack_id",
)
CHECKIN_COLUMNS = (
    "date",
    "status",
    "headache",
    "sleep_hours",
    "sleep_quality",
    "preventive_taken",
    "exercise",
    "caffeine",
    "alcohol",
    "stress",
    "menstruation",
)
SYMPTOM_COLUMNS = (
    "symptom_id",
    "occurred",
    "symptom",
    "region",
    "side",
    "phase",
    "duration_min",
    "description",
    "attack_id",
)


def _local(instant: datetime | None, zone: ZoneInfo) -> str:
    return instant.astimezone(zone).isoformat(timespec="minutes") if instant else ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(custom_label(v) if is_custom(v) else v for v in value)
    return str(value)


def _attack_row(attack: AttackData, zone: ZoneInfo) -> list[str]:
    minutes = (
        str(int((attack.ended_at - attack.started_at).total_seconds() // 60))
        if attack.ended_at
        else ""
    )
    values: list[Any] = [
        attack.id,
        _local(attack.started_at, zone),
        _local(attack.ended_at, zone),
        minutes,
        *(getattr(attack, name) for name in ATTACK_COLUMNS[4:]),
    ]
    return [_cell(value) for value in values]


def _intake_row(intake: IntakeData, diary: ExportFile, zone: ZoneInfo) -> list[str]:
    names = {m.id: m.name for m in diary.medications}
    values = [
        intake.id,
        _local(intake.taken_at, zone),
        names[intake.medication_id],
        intake.drug_class,
        intake.dose,
        intake.status,
        intake.effect_2h,
        intake.attack_id,
    ]
    return [_cell(value) for value in values]


def _checkin_row(checkin: CheckinData) -> list[str]:
    values = [checkin.local_date.isoformat(), *(getattr(checkin, n) for n in CHECKIN_COLUMNS[1:])]
    return [_cell(value) for value in values]


def _symptom_row(body: BodySymptomData, zone: ZoneInfo) -> list[str]:
    values = [
        body.id,
        _local(body.occurred_at, zone),
        body.symptom,
        body.region,
        body.side,
        body.phase,
        body.duration_min,
        body.description,
        body.attack_id,
    ]
    return [_cell(value) for value in values]


def _csv(columns: tuple[str, ...], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def import_json(
    ctx: ServiceContext, *, user_id: int, telegram_id: int, raw: bytes
) -> Imported | ImportProblem:
    """Restore an export into the user's (empty) diary; all or nothing."""
    if len(raw) > MAX_IMPORT_BYTES:
        return ImportProblem.TOO_LARGE
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return ImportProblem.NOT_JSON
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        return ImportProblem.NOT_AN_EXPORT
    if isinstance(document.get("version"), int) and document["version"] > EXPORT_VERSION:
        return ImportProblem.NEWER_VERSION
    try:
        diary = ExportFile.model_validate(document)
    except ValidationError:
        return ImportProblem.INVALID
    if diary.telegram_id != telegram_id:
        return ImportProblem.OTHER_ACCOUNT
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        if not portability.diary_is_empty(session=session, user_id=user_id):
            return ImportProblem.DIARY_NOT_EMPTY
        dump = diary.model_dump(exclude={"format", "version", "exported_at", "telegram_id"})
        portability.load_user(session=session, user_id=user_id, dump=dump, now=now)
        _reschedule(
            session, user_id=user_id, now=now, tz=diary.profile.timezone or ctx.default_timezone
        )
    return Imported(
        attacks=len(diary.attacks),
        doses=len(diary.medication_intakes),
        checkins=len(diary.checkins),
    )


def _reschedule(session: DbSession, *, user_id: int, now: datetime, tz: str) -> None:
    """Imported reminders fire next at their local time here, not at the old server's times."""
    for rule in reminders.list_reminders(session=session, user_id=user_id):
        if rule.enabled and rule.local_time is not None:
            reminders.reschedule_reminder(
                session=session,
                reminder_id=rule.id,
                next_fire_at=next_fire_time(
                    local_time=rule.local_time,
                    weekdays=rule.weekdays or EVERY_DAY,
                    tz=tz,
                    after=now,
                ),
            )


def erasure_is_immediate(ctx: ServiceContext) -> bool:
    """Whether a delete leaves nothing in the database files (SQLite, see ``erase_deleted``)."""
    return ctx.database.backend == "sqlite"


def delete_everything(ctx: ServiceContext, *, user_id: int) -> bool:
    """Hard-delete the user and all their data."""
    with ctx.database.transaction() as session:
        deleted = portability.delete_user(session=session, user_id=user_id)
    ctx.database.erase_deleted()
    return deleted


def purge_older_than(ctx: ServiceContext, *, days: int) -> int:
    """Delete every user's records older than ``days`` days (the operator's retention)."""
    cutoff = ctx.clock.now() - timedelta(days=days)
    with ctx.database.transaction() as session:
        removed = portability.purge_before(session=session, cutoff=cutoff)
    if removed:
        ctx.database.erase_deleted()
    return removed
