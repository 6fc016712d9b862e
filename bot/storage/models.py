"""Database tables: the whole data model of docs/architecture.md.

Rows never leave ``bot.storage``: repositories return plain domain records instead. Enumerated
values are stored as short strings whose allowed values are defined in ``bot.domain``; the
database keeps them as text so that adding a value is not a schema change.

All datetimes are aware and stored in UTC (:class:`~bot.storage.types.UTCDateTime`). Local
calendar dates (a check-in's day) and local wall-clock times (a reminder at 21:00) are stored as
``date`` and ``time`` together with the user's IANA timezone.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.types import UTCDateTime

# Every constraint gets a predictable name, so that later migrations can drop or alter it by name
# (SQLite's batch mode needs names; PostgreSQL would otherwise invent its own). It must be set
# before the tables below are declared.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _utc_column(*, nullable: bool, index: bool = False) -> Any:
    return Field(sa_type=UTCDateTime, nullable=nullable, index=index)


def _fk(target: str, *, nullable: bool, ondelete: str = "CASCADE", index: bool = True) -> Any:
    return Field(
        default=None if nullable else ...,
        sa_column=Column(
            Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=index
        ),
    )


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class User(SQLModel, table=True):
    """A person using the bot (one Telegram account) and their preferences."""

    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    telegram_id: int = Field(sa_column=Column(BigInteger, nullable=False, unique=True))
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    first_name: str | None = Field(default=None, max_length=128)
    language: str = Field(default="en", max_length=16)
    timezone: str | None = Field(default=None, max_length=64)
    # Where onboarding stands: "timezone", "checkin", or None once finished.
    onboarding_step: str | None = Field(default="timezone", max_length=32)
    quiet_start: time = Field(default=time(22, 30))
    quiet_end: time = Field(default=time(7, 30))
    # False once Telegram says the user blocked the bot; reminders are then paused.
    reachable: bool = Field(default=True)
    created_at: datetime = _utc_column(nullable=False)
    updated_at: datetime = _utc_column(nullable=False)


class CustomItem(SQLModel, table=True):
    """A user's own symptom, trigger or body-pain site, added to the built-in lists."""

    __tablename__ = "custom_items"
    __table_args__ = (UniqueConstraint("user_id", "kind", "label"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False)
    # "symptom", "trigger" or "body_site".
    kind: str = Field(max_length=16)
    label: str = Field(max_length=64)
    archived: bool = Field(default=False)
    created_at: datetime = _utc_column(nullable=False)


class Attack(SQLModel, table=True):
    """One headache attack. An open attack has no ``ended_at``."""

    __tablename__ = "attacks"
    __table_args__ = (Index("ix_attacks_user_started", "user_id", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False, index=False)
    started_at: datetime = _utc_column(nullable=False)
    ended_at: datetime | None = _utc_column(nullable=True)
    # How it was logged: "now" (mid-attack) or "backfill".
    logged_via: str = Field(default="now", max_length=16)
    peak_intensity: int | None = Field(default=None, ge=0, le=10)
    # "left", "right" or "both".
    side: str | None = Field(default=None, max_length=8)
    # Built-in keys ("forehead", "temple", "eye", "back_of_head", "neck", ...) or custom labels.
    locations: list[str] = _json_list()
    # "pulsating", "pressing" or "other".
    quality: str | None = Field(default=None, max_length=16)
    worse_with_activity: bool | None = None
    aura: bool | None = None
    # "visual", "sensory", "speech", "motor", "other".
    aura_types: list[str] = _json_list()
    aura_duration_min: int | None = Field(default=None, ge=0)
    aura_spread_5min: bool | None = None
    aura_headache_within_60min: bool | None = None
    nausea: bool | None = None
    vomiting: bool | None = None
    light_sensitivity: bool | None = None
    sound_sensitivity: bool | None = None
    # Other symptom keys ("neck_pain", "dizziness", ...) and custom symptom labels.
    other_symptoms: list[str] = _json_list()
    # Built-in trigger keys ("stress", "poor_sleep", ...) and custom trigger labels.
    triggers: list[str] = _json_list()
    # "woke_without", "medication" or "on_its_own".
    ended_how: str | None = Field(default=None, max_length=16)
    # 0 none, 1 mild, 2 moderate, 3 severe impairment of daily activity.
    disability: int | None = Field(default=None, ge=0, le=3)
    # Red-flag answers ("worst_ever", "weakness", "numbness", "confusion", "speech").
    red_flags: list[str] = _json_list()
    notes: str | None = Field(default=None, max_length=2000)
    created_at: datetime = _utc_column(nullable=False)
    updated_at: datetime = _utc_column(nullable=False)


class BodySymptom(SQLModel, table=True):
    """A body symptom such as muscle twitching, recorded but never interpreted."""

    __tablename__ = "body_symptoms"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False)
    attack_id: int | None = _fk("attacks.id", nullable=True, ondelete="CASCADE")
    # "twitching" or a custom symptom label.
    symptom: str = Field(default="twitching", max_length=64)
    # "eyelid_face", "jaw", "neck", "shoulders", "other" or a custom body site.
    region: str | None = Field(default=None, max_length=64)
    side: str | None = Field(default=None, max_length=8)
    # "before", "during" or "after" the headache.
    phase: str | None = Field(default=None, max_length=8)
    duration_min: int | None = Field(default=None, ge=0)
    description: str | None = Field(default=None, max_length=1000)
    occurred_at: datetime = _utc_column(nullable=False)
    created_at: datetime = _utc_column(nullable=False)


class Medication(SQLModel, table=True):
    """A medication on the user's own list."""

    __tablename__ = "medications"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False)
    name: str = Field(max_length=64)
    # "triptan", "nsaid", "paracetamol", "aspirin", "combination", "opioid", "ergot", "gepant",
    # "antiemetic", "preventive_*" classes or "other".
    drug_class: str = Field(max_length=32)
    is_preventive: bool = Field(default=False)
    usual_dose: str | None = Field(default=None, max_length=32)
    archived: bool = Field(default=False)
    created_at: datetime = _utc_column(nullable=False)


class MedicationIntake(SQLModel, table=True):
    """One dose taken (or, for preventives, skipped)."""

    __tablename__ = "medication_intakes"
    __table_args__ = (Index("ix_intakes_user_taken", "user_id", "taken_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False, index=False)
    medication_id: int = _fk("medications.id", nullable=False)
    attack_id: int | None = _fk("attacks.id", nullable=True, ondelete="SET NULL")
    # The class at the time of intake, so later edits of the medication keep history right.
    drug_class: str = Field(max_length=32)
    dose: str | None = Field(default=None, max_length=32)
    taken_at: datetime = _utc_column(nullable=False)
    # "taken" or "skipped" (preventive adherence).
    status: str = Field(default="taken", max_length=8)
    # "none", "partial" or "pain_free", asked about 2 h after the dose.
    effect_2h: str | None = Field(default=None, max_length=16)
    created_at: datetime = _utc_column(nullable=False)


class CheckIn(SQLModel, table=True):
    """The daily check-in for one local calendar date; a "no headache" answer is data too."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "local_date"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False)
    local_date: date
    # "pending", "answered" or "missed".
    status: str = Field(default="pending", max_length=16)
    headache: bool | None = None
    sleep_hours: float | None = Field(default=None, ge=0, le=24)
    # "poor", "ok" or "good".
    sleep_quality: str | None = Field(default=None, max_length=8)
    preventive_taken: bool | None = None
    exercise: bool | None = None
    caffeine: bool | None = None
    alcohol: bool | None = None
    stress: bool | None = None
    menstruation: bool | None = None
    created_at: datetime = _utc_column(nullable=False)
    updated_at: datetime = _utc_column(nullable=False)


class Reminder(SQLModel, table=True):
    """A reminder rule and its next fire time (docs/architecture.md decision 2).

    Repeating reminders (check-in, medication, recap) hold a local wall-clock time and weekdays;
    one-shot reminders (an attack follow-up) only hold ``next_fire_at``.
    """

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "enabled", "next_fire_at"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False)
    # "checkin", "morning_sleep", "medication", "followup" or "recap".
    kind: str = Field(max_length=16)
    enabled: bool = Field(default=True)
    local_time: time | None = None
    # Weekdays as a 7-character mask, Monday first: "1111111" is every day.
    weekdays: str = Field(default="1111111", min_length=7, max_length=7)
    medication_id: int | None = _fk("medications.id", nullable=True)
    attack_id: int | None = _fk("attacks.id", nullable=True)
    intake_id: int | None = _fk("medication_intakes.id", nullable=True)
    next_fire_at: datetime | None = _utc_column(nullable=True)
    last_fired_at: datetime | None = _utc_column(nullable=True)
    # How many times a one-shot reminder has fired (bounds follow-ups).
    fire_count: int = Field(default=0)
    created_at: datetime = _utc_column(nullable=False)


class QueuedReminder(SQLModel, table=True):
    """A claimed reminder waiting to be sent, or being sent (the dispatcher's durable queue).

    The dispatcher's tick advances the reminder row and adds one of these in the same
    transaction; the sender marks it ``sending`` (and only then counts the reminder as fired)
    just before the Bot API call, and deletes it once the call returned. A process that stops
    gracefully gives its ``queued`` rows back (``owner`` cleared) for the next start; rows of a
    process that was killed are taken over (see :mod:`bot.storage.dispatch`). A row left
    ``sending`` by a killed process is never sent again: it may have reached Telegram.
    """

    __tablename__ = "dispatch_queue"
    __table_args__ = (Index("ix_dispatch_queue_state", "state", "owner"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = _fk("users.id", nullable=False)
    # The reminder row it came from (a snoozed dose's row is gone once claimed): no foreign key.
    reminder_id: int
    kind: str = Field(max_length=16)
    due_at: datetime = _utc_column(nullable=False)
    local_date: date
    medication_id: int | None = None
    attack_id: int | None = None
    occurrence: datetime | None = _utc_column(nullable=True)
    # "queued" or "sending".
    state: str = Field(default="queued", max_length=8)
    # The process holding the row ("host:pid:token"); None once given back.
    owner: str | None = Field(default=None, max_length=128)
    # When the owner last claimed or renewed the row (others may take it over after a lease).
    claimed_at: datetime = _utc_column(nullable=False)
    created_at: datetime = _utc_column(nullable=False)


class PendingInput(SQLModel, table=True):
    """What typed text the bot is waiting for from a user (one row per user at most)."""

    __tablename__ = "pending_inputs"

    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    )
    # What the text answers, e.g. "timezone", "checkin_time", "attack_end_time".
    kind: str = Field(max_length=32)
    # The record the answer belongs to, if any (an attack id, a medication id, ...).
    ref_id: int | None = None
    created_at: datetime = _utc_column(nullable=False)


class ProcessedUpdate(SQLModel, table=True):
    """A Telegram update id already handled, so a redelivered update is not recorded twice."""

    __tablename__ = "processed_updates"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    processed_at: datetime = _utc_column(nullable=False, index=True)


ALL_TABLES = SQLModel.metadata
