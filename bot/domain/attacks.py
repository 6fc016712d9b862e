"""What an attack record holds, the vocabulary of its answers, and the rules about its times.

The enumerations' values are the stable keys stored in the database and carried in buttons;
the views give them words. Custom symptoms and triggers are stored by their label, prefixed
with :data:`CUSTOM_PREFIX`, so they never collide with a built-in key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.medications import IntakeRecord, MedicationRecord
from bot.domain.red_flags import RedFlag
from bot.domain.wallclock import require_aware

MIN_INTENSITY = 0
MAX_INTENSITY = 10  # 0-10 numeric rating scale
# An "Attack now" tap while an attack logged this recently is still open continues that one,
# so an impatient double tap never records two attacks.
DOUBLE_TAP_WINDOW = timedelta(minutes=30)
# The longest attack the diary accepts in one record: ICHD-3 status migrainosus is > 72 h, and
# a tension-type episode may last up to 7 days.
MAX_ATTACK_DURATION = timedelta(days=7)
# An attack longer than this is saved only after the user confirmed its length: most migraine
# attacks last 4-72 h (ICHD-3 1.1 B) and most far less than a day, while a time read on the
# wrong day (a bare "03:00" read against today) silently turns hours into days and adds
# headache days. Product rule; the limit itself is MAX_ATTACK_DURATION.
LONG_ATTACK_CONFIRM_AFTER = timedelta(hours=24)
# How far back a typed moment (an attack's start or end, a dose) may lie. Product rule: what
# /past has always offered for a typed day, long enough to copy a paper diary of several years
# in, and short of the typos ("1900", "0026-11-20") that would store an attack no summary
# ever shows (the longest summary is a year; a doctor's history rarely looks further back).
MAX_TYPED_AGE = timedelta(days=8 * 365)
TYPED_AGE_YEARS = 8  # MAX_TYPED_AGE in whole years, as the answers say it
CUSTOM_PREFIX = "c:"


class LoggedVia(StrEnum):
    """How an attack was recorded."""

    NOW = "now"
    BACKFILL = "backfill"


class Side(StrEnum):
    """Where the pain is, left to right."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Location(StrEnum):
    """Where on the head (or neck) it hurts."""

    FOREHEAD = "forehead"
    TEMPLE = "temple"
    EYE = "eye"
    TOP = "top"
    BACK_OF_HEAD = "back"
    NECK = "neck"
    FACE = "face"


class Quality(StrEnum):
    """What the pain feels like (ICHD-3: pulsating vs pressing/tightening)."""

    PULSATING = "pulsating"
    PRESSING = "pressing"
    STABBING = "stabbing"
    OTHER = "other"


class Symptom(StrEnum):
    """Built-in symptoms offered during an attack."""

    AURA = "aura"
    NAUSEA = "nausea"
    VOMITING = "vomiting"
    LIGHT = "light"
    SOUND = "sound"
    TWITCHING = "twitching"
    NECK_PAIN = "neck_pain"
    DIZZINESS = "dizziness"


# Symptoms kept in their own attack columns (the ICHD-3 criteria); the rest go to other_symptoms.
COLUMN_SYMPTOMS = frozenset(
    {Symptom.AURA, Symptom.NAUSEA, Symptom.VOMITING, Symptom.LIGHT, Symptom.SOUND}
)


class AuraType(StrEnum):
    """Kinds of aura (ICHD-3 1.2 B)."""

    VISUAL = "visual"
    SENSORY = "sensory"
    SPEECH = "speech"
    MOTOR = "motor"
    OTHER = "other"


class Trigger(StrEnum):
    """Built-in possible triggers."""

    STRESS = "stress"
    POOR_SLEEP = "poor_sleep"
    SKIPPED_MEAL = "skipped_meal"
    CAFFEINE = "caffeine"
    ALCOHOL = "alcohol"
    ADDITIVES = "additives"
    WEATHER = "weather"
    SCREENS = "screens"
    MENSTRUATION = "menstruation"


class EndedHow(StrEnum):
    """How an attack ended."""

    WOKE_WITHOUT = "woke_without"
    MEDICATION = "medication"
    ON_ITS_OWN = "on_its_own"


class BodyRegion(StrEnum):
    """Where a body symptom such as twitching was felt."""

    EYELID_FACE = "eyelid_face"
    JAW = "jaw"
    NECK = "neck"
    SHOULDERS = "shoulders"
    OTHER = "other"


class Phase(StrEnum):
    """When a body symptom happened relative to the headache."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"


class EndProblem(StrEnum):
    """Why an end time cannot be accepted."""

    BEFORE_START = "before_start"
    IN_FUTURE = "in_future"
    TOO_LONG = "too_long"


class StartProblem(StrEnum):
    """Why a start time cannot be accepted."""

    IN_FUTURE = "in_future"
    TOO_OLD = "too_old"
    AFTER_END = "after_end"


class MomentProblem(StrEnum):
    """Why a typed moment (a start, an end, a dose time) cannot be right."""

    IN_FUTURE = "in_future"
    TOO_OLD = "too_old"


def check_moment(moment: datetime, *, now: datetime) -> MomentProblem | None:
    """Return why ``moment`` cannot be when something in the diary happened, or ``None``.

    Nothing recorded has happened yet after ``now`` (a start a few minutes ahead is refused
    too: the question is asked again and "now" is one word), nor before :data:`MAX_TYPED_AGE`.
    """
    require_aware(moment)
    require_aware(now)
    if moment > now:
        return MomentProblem.IN_FUTURE
    if moment < now - MAX_TYPED_AGE:
        return MomentProblem.TOO_OLD
    return None


def custom_key(label: str) -> str:
    """The stored key of a user's own symptom or trigger."""
    return CUSTOM_PREFIX + label


def is_custom(key: str) -> bool:
    """Whether a stored symptom or trigger key is a user's own."""
    return key.startswith(CUSTOM_PREFIX)


def custom_label(key: str) -> str:
    """The label of a user's own symptom or trigger key."""
    return key.removeprefix(CUSTOM_PREFIX)


@dataclass(frozen=True)
class AttackRecord:
    """One attack as the services and views see it."""

    id: int
    user_id: int
    started_at: datetime
    ended_at: datetime | None
    logged_via: LoggedVia = LoggedVia.NOW
    peak_intensity: int | None = None
    side: Side | None = None
    locations: tuple[str, ...] = ()
    quality: Quality | None = None
    worse_with_activity: bool | None = None
    aura: bool | None = None
    aura_types: tuple[str, ...] = ()
    aura_headache_within_60min: bool | None = None
    nausea: bool | None = None
    vomiting: bool | None = None
    light_sensitivity: bool | None = None
    sound_sensitivity: bool | None = None
    other_symptoms: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    ended_how: EndedHow | None = None
    red_flags: tuple[str, ...] = ()
    notes: str | None = None
    created_at: datetime | None = field(default=None, compare=False)

    @property
    def is_open(self) -> bool:
        """Whether the attack is still going (no end recorded)."""
        return self.ended_at is None

    def duration(self, now: datetime) -> timedelta:
        """How long it lasted, or has lasted so far if still open."""
        return (self.ended_at or now) - self.started_at

    @property
    def symptoms(self) -> frozenset[str]:
        """Every symptom key ticked for this attack, built-in and custom."""
        flags = {
            Symptom.AURA: self.aura,
            Symptom.NAUSEA: self.nausea,
            Symptom.VOMITING: self.vomiting,
            Symptom.LIGHT: self.light_sensitivity,
            Symptom.SOUND: self.sound_sensitivity,
        }
        ticked = {symptom.value for symptom, on in flags.items() if on}
        return frozenset(ticked | set(self.other_symptoms))

    @property
    def red_flag_set(self) -> frozenset[RedFlag]:
        """The red flags recorded for this attack."""
        known = {flag.value for flag in RedFlag}
        return frozenset(RedFlag(key) for key in self.red_flags if key in known)


def check_start(
    *, started_at: datetime, ended_at: datetime | None, now: datetime
) -> StartProblem | None:
    """Return why ``started_at`` cannot be an attack's start, or ``None`` if it can."""
    require_aware(started_at)
    require_aware(now)
    if ended_at is not None:
        require_aware(ended_at)
    moment_problem = check_moment(started_at, now=now)
    if moment_problem is not None:
        return StartProblem(moment_problem.value)
    if ended_at is not None and started_at >= ended_at:
        return StartProblem.AFTER_END
    return None


def check_end(*, started_at: datetime, ended_at: datetime, now: datetime) -> EndProblem | None:
    """Return why ``ended_at`` cannot end an attack that started at ``started_at``, or ``None``."""
    require_aware(started_at)
    require_aware(ended_at)
    require_aware(now)
    if ended_at <= started_at:
        return EndProblem.BEFORE_START
    if ended_at > now:
        return EndProblem.IN_FUTURE
    if ended_at - started_at > MAX_ATTACK_DURATION:
        return EndProblem.TOO_LONG
    return None


def needs_length_confirmation(*, started_at: datetime, ended_at: datetime) -> bool:
    """Whether an attack from ``started_at`` to ``ended_at`` is long enough to confirm first."""
    require_aware(started_at)
    require_aware(ended_at)
    return ended_at - started_at > LONG_ATTACK_CONFIRM_AFTER


def overlaps(
    attack: AttackRecord, others: list[AttackRecord], *, now: datetime
) -> list[AttackRecord]:
    """Return the other attacks whose time span overlaps ``attack``'s (open ones run to now)."""
    start, end = attack.started_at, attack.ended_at or now
    return [
        other
        for other in others
        if other.id != attack.id and other.started_at < end and start < (other.ended_at or now)
    ]


def with_member(values: tuple[str, ...], key: str, *, present: bool) -> tuple[str, ...]:
    """``values`` with ``key`` in it (``present``) or not, order kept.

    A multi-select button carries the state it sets, never "flip": pressing it twice (say after
    Telegram lost the first answer) leaves the same answer, not the opposite one.
    """
    if not present:
        return tuple(value for value in values if value != key)
    return values if key in values else (*values, key)


@dataclass(frozen=True)
class BodySymptomRecord:
    """A body symptom such as twitching, recorded as told and never interpreted."""

    id: int
    user_id: int
    attack_id: int | None
    symptom: str
    occurred_at: datetime
    region: str | None = None
    side: Side | None = None
    phase: Phase | None = None
    description: str | None = None


@dataclass(frozen=True)
class AttackDetails:
    """An attack with everything recorded alongside it, for showing its questions and card."""

    attack: AttackRecord
    timezone: str
    intakes: list[IntakeRecord] = field(default_factory=list)
    body_symptoms: list[BodySymptomRecord] = field(default_factory=list)
    medications: list[MedicationRecord] = field(default_factory=list)
    custom_symptoms: list[str] = field(default_factory=list)
    custom_triggers: list[str] = field(default_factory=list)
    overlapping: list[AttackRecord] = field(default_factory=list)

    @property
    def twitching(self) -> BodySymptomRecord | None:
        """The twitching recorded with this attack, if any."""
        return next((b for b in self.body_symptoms if b.symptom == Symptom.TWITCHING), None)
