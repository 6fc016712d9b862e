"""Medications: drug classes (for overuse counting), well-known names, and intake records."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

MAX_NAME_LENGTH = 40
MAX_DOSE_LENGTH = 24


class DrugClass(StrEnum):
    """Drug classes; acute ones are counted per ICHD-3 8.2 for medication overuse."""

    TRIPTAN = "triptan"
    NSAID = "nsaid"
    PARACETAMOL = "paracetamol"
    ASPIRIN = "aspirin"
    COMBINATION = "combination"
    OPIOID = "opioid"
    ERGOT = "ergot"
    GEPANT = "gepant"
    DITAN = "ditan"
    ANTIEMETIC = "antiemetic"
    PREVENTIVE = "preventive"
    OTHER = "other"


class Effect(StrEnum):
    """A dose's effect two hours after it was taken."""

    NONE = "none"
    PARTIAL = "partial"
    PAIN_FREE = "pain_free"


class IntakeStatus(StrEnum):
    """Whether a dose was taken or (for a preventive reminder) skipped."""

    TAKEN = "taken"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class KnownMedication:
    """A widely used medication with its class and a common single dose."""

    name: str
    drug_class: DrugClass
    usual_dose: str | None
    preventive: bool = False


# Generic names (and a few brand names people type) mapped to their class. Doses are common
# adult single doses, offered only as a default the user can change.
KNOWN_MEDICATIONS: dict[str, KnownMedication] = {
    key: KnownMedication(*value)  # type: ignore[arg-type]
    for key, value in {
        "ibuprofen": ("Ibuprofen", DrugClass.NSAID, "400 mg"),
        "naproxen": ("Naproxen", DrugClass.NSAID, "500 mg"),
        "diclofenac": ("Diclofenac", DrugClass.NSAID, "50 mg"),
        "ketoprofen": ("Ketoprofen", DrugClass.NSAID, "75 mg"),
        "paracetamol": ("Paracetamol", DrugClass.PARACETAMOL, "1000 mg"),
        "acetaminophen": ("Acetaminophen", DrugClass.PARACETAMOL, "1000 mg"),
        "tylenol": ("Tylenol", DrugClass.PARACETAMOL, "1000 mg"),
        "aspirin": ("Aspirin", DrugClass.ASPIRIN, "1000 mg"),
        "excedrin": ("Excedrin", DrugClass.COMBINATION, "2 tablets"),
        "thomapyrin": ("Thomapyrin", DrugClass.COMBINATION, "2 tablets"),
        "sumatriptan": ("Sumatriptan", DrugClass.TRIPTAN, "50 mg"),
        "rizatriptan": ("Rizatriptan", DrugClass.TRIPTAN, "10 mg"),
        "zolmitriptan": ("Zolmitriptan", DrugClass.TRIPTAN, "2.5 mg"),
        "eletriptan": ("Eletriptan", DrugClass.TRIPTAN, "40 mg"),
        "naratriptan": ("Naratriptan", DrugClass.TRIPTAN, "2.5 mg"),
        "almotriptan": ("Almotriptan", DrugClass.TRIPTAN, "12.5 mg"),
        "frovatriptan": ("Frovatriptan", DrugClass.TRIPTAN, "2.5 mg"),
        "ergotamine": ("Ergotamine", DrugClass.ERGOT, None),
        "dihydroergotamine": ("Dihydroergotamine", DrugClass.ERGOT, None),
        "rimegepant": ("Rimegepant", DrugClass.GEPANT, "75 mg"),
        "ubrogepant": ("Ubrogepant", DrugClass.GEPANT, "50 mg"),
        "lasmiditan": ("Lasmiditan", DrugClass.DITAN, "100 mg"),
        "metoclopramide": ("Metoclopramide", DrugClass.ANTIEMETIC, "10 mg"),
        "domperidone": ("Domperidone", DrugClass.ANTIEMETIC, "10 mg"),
        "codeine": ("Codeine", DrugClass.OPIOID, None),
        "tramadol": ("Tramadol", DrugClass.OPIOID, "50 mg"),
        "propranolol": ("Propranolol", DrugClass.PREVENTIVE, None, True),
        "metoprolol": ("Metoprolol", DrugClass.PREVENTIVE, None, True),
        "topiramate": ("Topiramate", DrugClass.PREVENTIVE, None, True),
        "amitriptyline": ("Amitriptyline", DrugClass.PREVENTIVE, None, True),
        "candesartan": ("Candesartan", DrugClass.PREVENTIVE, None, True),
        "flunarizine": ("Flunarizine", DrugClass.PREVENTIVE, None, True),
        "erenumab": ("Erenumab", DrugClass.PREVENTIVE, None, True),
        "fremanezumab": ("Fremanezumab", DrugClass.PREVENTIVE, None, True),
        "galcanezumab": ("Galcanezumab", DrugClass.PREVENTIVE, None, True),
    }.items()
}

# Offered as one-tap choices when a user's own list is short.
COMMON_ACUTE = ("ibuprofen", "paracetamol", "sumatriptan", "aspirin")


@dataclass(frozen=True)
class MedicationRecord:
    """A medication on a user's list."""

    id: int
    user_id: int
    name: str
    drug_class: DrugClass
    is_preventive: bool
    usual_dose: str | None
    archived: bool = False


@dataclass(frozen=True)
class MedicationChanges:
    """A typed partial update of a medication: the fields that are not ``None`` change."""

    name: str | None = None
    drug_class: DrugClass | None = None
    is_preventive: bool | None = None
    usual_dose: str | None = None


@dataclass(frozen=True)
class IntakeRecord:
    """One dose taken (or skipped)."""

    id: int
    user_id: int
    medication_id: int
    medication_name: str
    drug_class: DrugClass
    dose: str | None
    taken_at: datetime
    attack_id: int | None
    status: IntakeStatus = IntakeStatus.TAKEN
    effect_2h: Effect | None = None


def first_acute_dose(intakes: Iterable[IntakeRecord]) -> IntakeRecord | None:
    """The first acute dose taken, of ``intakes`` in the order taken.

    It is the dose the standard acute-treatment endpoint is about (IHS guidelines for trials
    of acute treatment: pain freedom 2 h after the first dose).
    """
    return next(
        (
            intake
            for intake in intakes
            if intake.status is IntakeStatus.TAKEN
            and intake.drug_class is not DrugClass.PREVENTIVE
        ),
        None,
    )


def normalise_name(text: str) -> str | None:
    """Clean a typed medication name (collapse spaces, cap length); ``None`` if unusable."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).split())
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH or not re.search(r"\w", cleaned):
        return None
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        return None
    return cleaned[0].upper() + cleaned[1:]


def normalise_dose(text: str) -> str | None:
    """Clean a typed dose such as "400mg" or "2 tablets"; ``None`` if unusable."""
    cleaned = " ".join(text.split())
    if not cleaned or len(cleaned) > MAX_DOSE_LENGTH or not re.search(r"\d", cleaned):
        return None
    if any(unicodedata.category(char).startswith("C") for char in cleaned):
        return None
    return re.sub(r"(?<=\d)(?=[a-zA-Zµ])", " ", cleaned)


def recognise(name: str) -> KnownMedication | None:
    """The well-known medication a typed name refers to, if any ("Ibuprofen 400" too)."""
    words = re.findall(r"[a-z]+", name.lower())
    for word in words:
        known = KNOWN_MEDICATIONS.get(word)
        if known is not None:
            return known
    return None
