"""Words for the diary's stored keys (sides, locations, symptoms, triggers, drug classes...)."""

from __future__ import annotations

from bot.domain.attacks import (
    AuraType,
    BodyRegion,
    EndedHow,
    Location,
    Phase,
    Quality,
    Side,
    Symptom,
    Trigger,
    custom_label,
    is_custom,
)
from bot.domain.medications import DrugClass, Effect
from bot.domain.red_flags import RedFlag
from bot.views.i18n import Translator


def side(tr: Translator, value: Side) -> str:
    """Left, right or both sides."""
    return {
        Side.LEFT: tr._("Left"),
        Side.RIGHT: tr._("Right"),
        Side.BOTH: tr._("Both sides"),
    }[value]


def location(tr: Translator, value: str) -> str:
    """Where on the head it hurts."""
    names = {
        Location.FOREHEAD: tr._("Forehead"),
        Location.TEMPLE: tr._("Temple"),
        Location.EYE: tr._("Around the eye"),
        Location.TOP: tr._("Top of head"),
        Location.BACK_OF_HEAD: tr._("Back of head"),
        Location.NECK: tr._("Neck"),
        Location.FACE: tr._("Face / jaw"),
    }
    return names[Location(value)] if value in set(Location) else value


def quality(tr: Translator, value: Quality) -> str:
    """What the pain feels like."""
    return {
        Quality.PULSATING: tr._("Throbbing / pulsating"),
        Quality.PRESSING: tr._("Pressing / tight"),
        Quality.STABBING: tr._("Stabbing"),
        Quality.OTHER: tr._("Something else"),
    }[value]


def symptom(tr: Translator, key: str) -> str:
    """A built-in symptom's name, or the user's own label."""
    if is_custom(key):
        return custom_label(key)
    names = {
        Symptom.AURA: tr._("Aura"),
        Symptom.NAUSEA: tr._("Nausea"),
        Symptom.VOMITING: tr._("Vomiting"),
        Symptom.LIGHT: tr._("Light hurts"),
        Symptom.SOUND: tr._("Noise hurts"),
        Symptom.TWITCHING: tr._("Muscle twitching"),
        Symptom.NECK_PAIN: tr._("Neck pain"),
        Symptom.DIZZINESS: tr._("Dizziness"),
    }
    return names[Symptom(key)] if key in set(Symptom) else key


def aura_type(tr: Translator, value: str) -> str:
    """A kind of aura."""
    names = {
        AuraType.VISUAL: tr._("Visual (zigzags, flashes, blind spot)"),
        AuraType.SENSORY: tr._("Pins and needles"),
        AuraType.SPEECH: tr._("Speech"),
        AuraType.MOTOR: tr._("Weakness"),
        AuraType.OTHER: tr._("Other"),
    }
    return names[AuraType(value)] if value in set(AuraType) else value


def trigger(tr: Translator, key: str) -> str:
    """A built-in trigger's name, or the user's own label."""
    if is_custom(key):
        return custom_label(key)
    names = {
        Trigger.STRESS: tr._("Stress"),
        Trigger.POOR_SLEEP: tr._("Poor sleep"),
        Trigger.SKIPPED_MEAL: tr._("Skipped meal"),
        Trigger.CAFFEINE: tr._("Caffeine"),
        Trigger.ALCOHOL: tr._("Alcohol"),
        Trigger.ADDITIVES: tr._("Artificial additives"),
        Trigger.WEATHER: tr._("Weather"),
        Trigger.SCREENS: tr._("Screens"),
        Trigger.MENSTRUATION: tr._("Menstruation"),
    }
    return names[Trigger(key)] if key in set(Trigger) else key


def ended_how(tr: Translator, value: EndedHow) -> str:
    """How an attack ended."""
    return {
        EndedHow.WOKE_WITHOUT: tr._("Woke up without it"),
        EndedHow.MEDICATION: tr._("Medication helped"),
        EndedHow.ON_ITS_OWN: tr._("On its own"),
    }[value]


def body_region(tr: Translator, value: str) -> str:
    """Where a body symptom was felt."""
    names = {
        BodyRegion.EYELID_FACE: tr._("Eyelid / face"),
        BodyRegion.JAW: tr._("Jaw"),
        BodyRegion.NECK: tr._("Neck"),
        BodyRegion.SHOULDERS: tr._("Shoulders"),
        BodyRegion.OTHER: tr._("Elsewhere"),
    }
    return names[BodyRegion(value)] if value in set(BodyRegion) else value


def phase(tr: Translator, value: Phase) -> str:
    """When, relative to the headache."""
    return {
        Phase.BEFORE: tr._("Before the headache"),
        Phase.DURING: tr._("During"),
        Phase.AFTER: tr._("After"),
    }[value]


def drug_class(tr: Translator, value: DrugClass) -> str:
    """A drug class as a patient would recognise it."""
    return {
        DrugClass.TRIPTAN: tr._("Triptan"),
        DrugClass.NSAID: tr._("Anti-inflammatory (NSAID)"),
        DrugClass.PARACETAMOL: tr._("Paracetamol"),
        DrugClass.ASPIRIN: tr._("Aspirin"),
        DrugClass.COMBINATION: tr._("Combination painkiller"),
        DrugClass.OPIOID: tr._("Opioid"),
        DrugClass.ERGOT: tr._("Ergot"),
        DrugClass.GEPANT: tr._("Gepant"),
        DrugClass.DITAN: tr._("Ditan"),
        DrugClass.ANTIEMETIC: tr._("Anti-sickness"),
        DrugClass.PREVENTIVE: tr._("Preventive"),
        DrugClass.OTHER: tr._("Other"),
    }[value]


def effect(tr: Translator, value: Effect) -> str:
    """A dose's effect at 2 h."""
    return {
        Effect.NONE: tr._("no effect at 2 h"),
        Effect.PARTIAL: tr._("better at 2 h"),
        Effect.PAIN_FREE: tr._("pain-free at 2 h"),
    }[value]


def red_flag(tr: Translator, value: RedFlag) -> str:
    """A warning sign."""
    return {
        RedFlag.WORST_EVER: tr._("Sudden, worst headache ever"),
        RedFlag.WEAKNESS: tr._("New weakness in face, arm or leg"),
        RedFlag.NUMBNESS: tr._("Numbness"),
        RedFlag.CONFUSION: tr._("Confusion"),
        RedFlag.SPEECH: tr._("Trouble speaking"),
    }[value]
