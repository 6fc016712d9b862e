"""ICHD-3 labelling of one attack, so the diary can be read the way a headache doctor reads it.

The bot never diagnoses: a label says which published criteria one recorded attack *meets*
(ICHD-3, Cephalalgia 2018;38(1):1-211), nothing about the person. Criterion A of each disorder
(a number of attacks over time) is about the person and is not judged here.

Decisions, documented because the criteria leave them open:

* **Unknown answers** make a criterion ``UNKNOWN`` (three-valued logic), never quietly false.
  An attack is labelled only by what is certain: migraine-like needs 1.1 B, C and D all met.
* **Probable migraine** (1.5.1) is "all but one" of B-D. Two met and the third unknown is
  therefore already certain to be at least probable migraine, and is labelled so; the missing
  fields are listed, because more answers could make it migraine-like.
* **A definite beats a probable** (ICHD-3 1.5): an attack meeting both the tension-type criteria
  and probable migraine is labelled tension-type-like, yet still counts toward migraine days
  (ICHD-3 1.5: "when counting attacks in a patient already diagnosed with migraine ... attacks
  that meet 1.5 count as migraine"); see :attr:`Classification.counts_as_migraine_day`.
* **Duration** (1.1 B) is 4-72 h; an attack that ended with medication, or that was treated
  with a dose reported pain-free at 2 h, counts as long enough ("untreated or unsuccessfully
  treated"). "Fell asleep and woke without it" needs nothing special: its recorded end is the
  waking time, and ICHD-3 counts the duration until waking. An attack still open counts as
  long enough once it has lasted 4 h so far. The tension-type duration (30 min - 7 days) has no
  treatment clause in ICHD-3 and gets none here.
* **The symptom screen is a checklist.** Ticking a symptom stores ``True``; unticked ones stay
  ``None``. Once any symptom of the attack is ticked (or any is stored ``False``) the screen was
  answered, so its unticked ICHD-3 symptoms count as absent. With nothing ticked at all they
  are unknown.
* **Aura** (1.2) is reported, never labelled: 1.2 C needs 3 of 6 features, and the diary asks
  only one of them (headache within 60 min). :class:`AuraFinding` holds what was recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.attacks import AttackRecord, AuraType, EndedHow, Quality, Side
from bot.domain.medications import DrugClass, Effect, IntakeRecord, IntakeStatus

# docs/architecture.md: "moderate or severe (intensity >= 4 of 10)" on the 0-10 scale.
MODERATE_OR_SEVERE_FROM = 4
# Severe from 7 of 10, so "mild or moderate" (tension-type 2.x C) is 0-6: the usual 0-10 NRS
# banding (0-3 mild, 4-6 moderate, 7-10 severe). Unverified convention, kept as a constant.
SEVERE_FROM = 7
MIGRAINE_MIN_DURATION = timedelta(hours=4)  # ICHD-3 1.1 B (adults)
MIGRAINE_MAX_DURATION = timedelta(hours=72)  # ICHD-3 1.1 B
TENSION_MIN_DURATION = timedelta(minutes=30)  # ICHD-3 2.1-2.3 B
TENSION_MAX_DURATION = timedelta(days=7)  # ICHD-3 2.1-2.3 B
PAIN_FEATURES_NEEDED = 2  # ICHD-3 1.1 C and 2.x C: at least 2 of 4
# ICHD-3 1.5: probable migraine meets all but one criterion.
PROBABLE_MIGRAINE_MISSING = 1
# ICHD-3 1.2 B aura kinds the diary offers (brainstem and retinal fall under "other").
AURA_KINDS = frozenset({AuraType.VISUAL, AuraType.SENSORY, AuraType.SPEECH, AuraType.MOTOR})
# ICHD-3 1.2.1 typical aura: visual, sensory and/or speech only.
TYPICAL_AURA_KINDS = frozenset({AuraType.VISUAL, AuraType.SENSORY, AuraType.SPEECH})


class Status(StrEnum):
    """Whether a criterion is met, given what was recorded."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


class Criterion(StrEnum):
    """An ICHD-3 criterion judged on one attack."""

    MIGRAINE_DURATION = "migraine_duration"  # 1.1 B
    MIGRAINE_PAIN = "migraine_pain"  # 1.1 C
    MIGRAINE_SYMPTOMS = "migraine_symptoms"  # 1.1 D
    TENSION_DURATION = "tension_duration"  # 2.x B
    TENSION_PAIN = "tension_pain"  # 2.x C
    TENSION_SYMPTOMS = "tension_symptoms"  # 2.x D


MIGRAINE_CRITERIA = (
    Criterion.MIGRAINE_DURATION,
    Criterion.MIGRAINE_PAIN,
    Criterion.MIGRAINE_SYMPTOMS,
)
TENSION_CRITERIA = (
    Criterion.TENSION_DURATION,
    Criterion.TENSION_PAIN,
    Criterion.TENSION_SYMPTOMS,
)


class AttackLabel(StrEnum):
    """Which criteria one attack meets (never a diagnosis)."""

    MIGRAINE_LIKE = "migraine_like"
    PROBABLE_MIGRAINE = "probable_migraine"
    TENSION_TYPE_LIKE = "tension_type_like"
    UNCLASSIFIED = "unclassified"


class DataField(StrEnum):
    """A recorded answer the criteria use; listed when it is missing."""

    END = "end"
    INTENSITY = "intensity"
    SIDE = "side"
    QUALITY = "quality"
    ACTIVITY = "activity"
    SYMPTOMS = "symptoms"


@dataclass(frozen=True)
class AuraFinding:
    """What was recorded about an aura (ICHD-3 1.2), reported and never labelled."""

    reported: bool
    kinds: frozenset[AuraType] = frozenset()
    typical_kinds_only: bool = False
    headache_within_60min: Status = Status.UNKNOWN


@dataclass(frozen=True)
class Classification:
    """The label of one attack, every criterion's status, and the answers that were missing."""

    label: AttackLabel
    criteria: dict[Criterion, Status]
    missing: tuple[DataField, ...]
    aura: AuraFinding
    meets_probable_migraine_criteria: bool = False

    @property
    def counts_as_migraine_day(self) -> bool:
        """Whether the attack's days count as migraine days (migraine-like or probable, 1.5)."""
        return self.label is AttackLabel.MIGRAINE_LIKE or self.meets_probable_migraine_criteria

    @property
    def unmet(self) -> tuple[Criterion, ...]:
        """The criteria the recorded answers do not meet, in order."""
        return tuple(c for c, status in self.criteria.items() if status is Status.NOT_MET)


def _all(values: Iterable[Status]) -> Status:
    """Kleene AND of statuses."""
    statuses = set(values)
    if Status.NOT_MET in statuses:
        return Status.NOT_MET
    return Status.UNKNOWN if Status.UNKNOWN in statuses else Status.MET


def _any(values: Iterable[Status]) -> Status:
    """Kleene OR of statuses."""
    statuses = set(values)
    if Status.MET in statuses:
        return Status.MET
    return Status.UNKNOWN if Status.UNKNOWN in statuses else Status.NOT_MET


def _fact(value: bool | None) -> Status:
    """A recorded yes/no answer as a status."""
    if value is None:
        return Status.UNKNOWN
    return Status.MET if value else Status.NOT_MET


def _not(status: Status) -> Status:
    """Kleene NOT of a status."""
    return {Status.MET: Status.NOT_MET, Status.NOT_MET: Status.MET}.get(status, Status.UNKNOWN)


def _at_least(count: int, values: Iterable[Status]) -> Status:
    """Whether at least ``count`` of the statuses are met, as far as known."""
    statuses = list(values)
    met = statuses.count(Status.MET)
    if met >= count:
        return Status.MET
    if met + statuses.count(Status.UNKNOWN) >= count:
        return Status.UNKNOWN
    return Status.NOT_MET


def symptoms_answered(attack: AttackRecord) -> bool:
    """Whether the symptom checklist was answered (anything ticked, or any answer stored no)."""
    columns = (
        attack.aura,
        attack.nausea,
        attack.vomiting,
        attack.light_sensitivity,
        attack.sound_sensitivity,
    )
    return bool(attack.other_symptoms) or any(value is not None for value in columns)


def treated_successfully(attack: AttackRecord, intakes: Iterable[IntakeRecord] = ()) -> bool:
    """Whether the attack ended with medication or a dose for it was pain-free at 2 h."""
    if attack.ended_how is EndedHow.MEDICATION:
        return True
    return any(
        intake.attack_id == attack.id
        and intake.status is IntakeStatus.TAKEN
        and intake.drug_class is not DrugClass.PREVENTIVE
        and intake.effect_2h is Effect.PAIN_FREE
        for intake in intakes
    )


def _duration_status(
    attack: AttackRecord,
    *,
    now: datetime,
    shortest: timedelta,
    longest: timedelta,
    treated: bool,
) -> Status:
    """Whether the attack's duration lies in [shortest, longest] (open ones: so far)."""
    lasted = attack.duration(now)
    if lasted > longest:
        return Status.NOT_MET
    if lasted >= shortest or treated:
        return Status.MET
    return Status.UNKNOWN if attack.is_open else Status.NOT_MET


def _intensity_at_least(intensity: int | None, threshold: int) -> Status:
    """Whether a recorded 0-10 intensity reaches ``threshold``."""
    return Status.UNKNOWN if intensity is None else _fact(intensity >= threshold)


def _side_is(side: Side | None, *wanted: Side) -> Status:
    """Whether the recorded side is one of ``wanted``."""
    return Status.UNKNOWN if side is None else _fact(side in wanted)


def _quality_is(quality: Quality | None, wanted: Quality) -> Status:
    """Whether the recorded pain quality is ``wanted``."""
    return Status.UNKNOWN if quality is None else _fact(quality is wanted)


def _symptom(value: bool | None, *, answered: bool) -> Status:
    """A checklist symptom: unticked on an answered checklist is absent."""
    return _fact(bool(value) if answered else value)


def _missing_fields(attack: AttackRecord, *, answered: bool) -> tuple[DataField, ...]:
    """The answers the criteria use that were not recorded."""
    unknown = {
        DataField.END: attack.is_open,
        DataField.INTENSITY: attack.peak_intensity is None,
        DataField.SIDE: attack.side is None,
        DataField.QUALITY: attack.quality is None,
        DataField.ACTIVITY: attack.worse_with_activity is None,
        DataField.SYMPTOMS: not answered,
    }
    return tuple(name for name, is_missing in unknown.items() if is_missing)


def _aura_finding(attack: AttackRecord) -> AuraFinding:
    """What was recorded about the aura (ICHD-3 1.2 B and C6)."""
    if not attack.aura:
        return AuraFinding(reported=False)
    kinds = frozenset(AuraType(kind) for kind in attack.aura_types if kind in AURA_KINDS)
    others = any(kind not in AURA_KINDS for kind in attack.aura_types)
    return AuraFinding(
        reported=True,
        kinds=kinds,
        typical_kinds_only=bool(kinds) and kinds <= TYPICAL_AURA_KINDS and not others,
        headache_within_60min=_fact(attack.aura_headache_within_60min),
    )


def classify_attack(
    attack: AttackRecord, *, now: datetime, intakes: Iterable[IntakeRecord] = ()
) -> Classification:
    """Label one attack by ICHD-3 1.1 B-D, 1.5 and 2.x B-D (``intakes``: doses for it)."""
    answered = symptoms_answered(attack)
    nausea = _symptom(attack.nausea, answered=answered)
    vomiting = _symptom(attack.vomiting, answered=answered)
    light = _symptom(attack.light_sensitivity, answered=answered)
    sound = _symptom(attack.sound_sensitivity, answered=answered)
    worse = _fact(attack.worse_with_activity)
    treated = treated_successfully(attack, intakes)
    criteria = {
        Criterion.MIGRAINE_DURATION: _duration_status(
            attack,
            now=now,
            shortest=MIGRAINE_MIN_DURATION,
            longest=MIGRAINE_MAX_DURATION,
            treated=treated,
        ),
        Criterion.MIGRAINE_PAIN: _at_least(
            PAIN_FEATURES_NEEDED,
            (
                _side_is(attack.side, Side.LEFT, Side.RIGHT),
                _quality_is(attack.quality, Quality.PULSATING),
                _intensity_at_least(attack.peak_intensity, MODERATE_OR_SEVERE_FROM),
                worse,
            ),
        ),
        Criterion.MIGRAINE_SYMPTOMS: _any((nausea, vomiting, _all((light, sound)))),
        Criterion.TENSION_DURATION: _duration_status(
            attack,
            now=now,
            shortest=TENSION_MIN_DURATION,
            longest=TENSION_MAX_DURATION,
            treated=False,
        ),
        Criterion.TENSION_PAIN: _at_least(
            PAIN_FEATURES_NEEDED,
            (
                _side_is(attack.side, Side.BOTH),
                _quality_is(attack.quality, Quality.PRESSING),
                _not(_intensity_at_least(attack.peak_intensity, SEVERE_FROM)),
                _not(worse),
            ),
        ),
        Criterion.TENSION_SYMPTOMS: _all(
            (_not(nausea), _not(vomiting), _not(_all((light, sound))))
        ),
    }
    migraine = [criteria[c] for c in MIGRAINE_CRITERIA]
    probable = migraine.count(Status.MET) >= len(migraine) - PROBABLE_MIGRAINE_MISSING
    if migraine.count(Status.MET) == len(migraine):
        label = AttackLabel.MIGRAINE_LIKE
    elif _all(criteria[c] for c in TENSION_CRITERIA) is Status.MET:
        label = AttackLabel.TENSION_TYPE_LIKE
    elif probable:
        label = AttackLabel.PROBABLE_MIGRAINE
    else:
        label = AttackLabel.UNCLASSIFIED
    return Classification(
        label=label,
        criteria=criteria,
        missing=_missing_fields(attack, answered=answered),
        aura=_aura_finding(attack),
        meets_probable_migraine_criteria=probable and label is not AttackLabel.MIGRAINE_LIKE,
    )
