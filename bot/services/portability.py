"""Use cases for the user's control of their data: export (CSV and JSON), import, delete.

The JSON export is the whole diary in a versioned format that ``/import`` restores into another
installation. Before anything is written, off the event loop, the file is checked: its size,
how deeply it nests (before it is parsed, so a hostile file cannot exhaust the parser), its
structure (strict pydantic models: every field, type and allowed value), its ranges (dates
between :data:`EARLIEST_RECORD` and a day after now, intensities 0-10, attacks no longer than
:data:`~bot.domain.attacks.MAX_ATTACK_DURATION`), that references resolve, that names are unique,
and that it is the importing account's. A file that passes is written in chunks of
:data:`IMPORT_CHUNK_ROWS` rows, each its own short transaction, so a large import does not hold
the database (or other users' replies) for long; if writing fails part-way, what was written is
deleted again. Nothing in the file proves it was not edited: an edited file that passes every
check is imported (it is the user's own diary).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
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
    MAX_ATTACK_DURATION,
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
# An export nests four levels deep (the file, a list, a record, a list in it); anything much
# deeper is not one, and is refused before parsing (a parser recurses once per level).
MAX_JSON_DEPTH = 8
# The plausible window for anything recorded: no diary entry is from before 1950 (a user's
# lifetime), and none is more than a day ahead of now (time zones differ by up to 26 h from
# one another, but not from UTC by more than 14 h; a day also covers a skewed clock).
EARLIEST_RECORD = datetime(1950, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=1)
# Rows written per transaction: small enough that another user's write waits at most a few
# milliseconds for the database, large enough that a full export takes a few dozen of them.
IMPORT_CHUNK_ROWS = 200
MAX_MINUTES = int(MAX_ATTACK_DURATION.total_seconds() // 60)
MAX_COUNT = 1_000_000  # a reminder's fire count: fits any database integer
CSV_LIST_SEPARATOR = "; "

Text64 = Annotated[str, Field(min_length=1, max_length=64)]
Intensity = Annotated[int, Field(ge=0, le=10)]  # the 0-10 numeric rating scale
Minutes = Annotated[int, Field(ge=0, le=MAX_MINUTES)]


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
    aura_duration_min: Minutes | None
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
    duration_min: Minutes | None
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
    fire_count: Annotated[int, Field(ge=0, le=MAX_COUNT)]
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
    TOO_DEEP = "too_deep"
    INVALID = "invalid"
    OUT_OF_RANGE = "out_of_range"
    DUPLICATE = "duplicate"
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


_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def nests_deeper_than(raw: bytes, limit: int) -> bool:
    """Whether the JSON text ``raw`` nests arrays and objects deeper than ``limit``.

    A linear scan that skips strings, so it runs before (instead of) a recursive parse.
    """
    depth = 0
    for token in _JSON_TOKEN.finditer(raw):
        char = token.group()[:1]
        if char in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return True
        elif char in (b"]", b"}"):
            depth -= 1
    return False


def parse_export(raw: bytes, *, telegram_id: int, now: datetime) -> ExportFile | ImportProblem:
    """Check an export file completely (see the module docstring); nothing is written."""
    if len(raw) > MAX_IMPORT_BYTES:
        return ImportProblem.TOO_LARGE
    if nests_deeper_than(raw, MAX_JSON_DEPTH):
        return ImportProblem.TOO_DEEP
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
    if not _in_range(diary, now=now):
        return ImportProblem.OUT_OF_RANGE
    if not _unique(diary):
        return ImportProblem.DUPLICATE
    if diary.telegram_id != telegram_id:
        return ImportProblem.OTHER_ACCOUNT
    return diary


def _in_range(diary: ExportFile, *, now: datetime) -> bool:
    """Whether every date lies in the plausible window and every attack is not too long."""
    latest = now + FUTURE_SLACK
    moments: list[datetime | None] = [diary.exported_at]
    for attack in diary.attacks:
        moments += [attack.started_at, attack.ended_at, attack.created_at, attack.updated_at]
        if attack.ended_at is not None and attack.ended_at - attack.started_at > (
            MAX_ATTACK_DURATION
        ):
            return False
    for med in diary.medications:
        moments.append(med.created_at)
    for item in diary.custom_items:
        moments.append(item.created_at)
    for intake in diary.medication_intakes:
        moments += [intake.taken_at, intake.created_at]
    for body in diary.body_symptoms:
        moments += [body.occurred_at, body.created_at]
    for checkin in diary.checkins:
        moments += [checkin.created_at, checkin.updated_at]
        if not EARLIEST_RECORD.date() <= checkin.local_date <= latest.date():
            return False
    for rule in diary.reminders:
        moments += [rule.created_at, rule.last_fired_at]
    return all(EARLIEST_RECORD <= moment <= latest for moment in moments if moment is not None)


def _unique(diary: ExportFile) -> bool:
    """Whether ids, medication names and the user's own items are each listed once.

    Names are compared case-insensitively, as the bot itself does when one is added.
    """
    keyed: list[list[Any]] = [
        [m.id for m in diary.medications],
        [c.id for c in diary.custom_items],
        [a.id for a in diary.attacks],
        [i.id for i in diary.medication_intakes],
        [b.id for b in diary.body_symptoms],
        [c.id for c in diary.checkins],
        [r.id for r in diary.reminders],
        [m.name.casefold() for m in diary.medications],
        [(c.kind, c.label.casefold()) for c in diary.custom_items],
    ]
    return all(len(set(keys)) == len(keys) for keys in keyed)


async def _no_pause() -> None:
    await asyncio.sleep(0)


async def import_json(
    ctx: ServiceContext,
    *,
    user_id: int,
    telegram_id: int,
    raw: bytes,
    between_chunks: Callable[[], Awaitable[None]] = _no_pause,
) -> Imported | ImportProblem:
    """Restore an export into the user's (empty) diary: checked first, then written in chunks.

    Parsing and checking run in a worker thread and every chunk is its own short transaction
    (also in a worker thread), awaiting ``between_chunks`` before each, so other users' updates
    are handled while a large file is imported. A failure while writing deletes what was
    written, so an import is all or nothing (unless the process dies part-way).
    """
    now = ctx.clock.now()
    parsed = await asyncio.to_thread(parse_export, raw, telegram_id=telegram_id, now=now)
    if isinstance(parsed, ImportProblem):
        return parsed
    diary = parsed

    def start() -> bool:
        with ctx.database.transaction() as session:
            if not portability.diary_is_empty(session=session, user_id=user_id):
                return False
            profile = diary.profile.model_dump()
            portability.load_profile(session=session, user_id=user_id, profile=profile, now=now)
            return True

    if not await asyncio.to_thread(start):
        return ImportProblem.DIARY_NOT_EMPTY
    dump = diary.model_dump(exclude={"format", "version", "exported_at", "telegram_id"})
    new_ids: dict[str, dict[int, int]] = {}

    def write(table_name: str, rows: list[dict[str, Any]]) -> None:
        with ctx.database.transaction() as session:
            portability.load_rows(
                session=session, user_id=user_id, table_name=table_name, rows=rows, new_ids=new_ids
            )

    def undo() -> None:
        with ctx.database.transaction() as session:
            portability.delete_records(session=session, user_id=user_id)

    try:
        for table_name in portability.DUMPED_TABLE_NAMES:
            rows = dump[table_name]
            for first in range(0, len(rows), IMPORT_CHUNK_ROWS):
                await between_chunks()
                await asyncio.to_thread(write, table_name, rows[first : first + IMPORT_CHUNK_ROWS])
    except BaseException:
        await asyncio.shield(asyncio.to_thread(undo))
        raise

    def finish() -> None:
        with ctx.database.transaction() as session:
            _reschedule(
                session,
                user_id=user_id,
                now=now,
                tz=diary.profile.timezone or ctx.default_timezone,
            )

    await asyncio.to_thread(finish)
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
