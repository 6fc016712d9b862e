"""What a /meds button asks for, as typed commands (the codec is :mod:`bot.views.callbacks`).

Each command is one use case (:mod:`bot.services.meds_buttons`); the ones naming a medication
carry its id, checked there to be the presser's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from bot.domain.medications import DrugClass


@dataclass(frozen=True)
class ShowList:
    """Show the medication list at ``page``."""

    page: int = 0


@dataclass(frozen=True)
class CloseList:
    """Close the list."""


@dataclass(frozen=True)
class AddMedication:
    """Add a medication: ask for its name."""


@dataclass(frozen=True)
class RemoveDoseTime:
    """Stop one daily dose reminder."""

    reminder_id: int


@dataclass(frozen=True)
class OpenCard:
    """Show a medication's card (and stop waiting for typed input)."""

    medication_id: int


@dataclass(frozen=True)
class SkipDose:
    """Skip typing the dose in the walk-through: a preventive's reminder time comes next."""

    medication_id: int


@dataclass(frozen=True)
class AskClass:
    """Ask which class the medication belongs to."""

    medication_id: int


@dataclass(frozen=True)
class SetClass:
    """Set the medication's class (a preventive class makes it a preventive)."""

    medication_id: int
    drug_class: DrugClass
    walkthrough: bool = False


@dataclass(frozen=True)
class SetKind:
    """Make the medication acute (for attacks) or preventive (every day)."""

    medication_id: int
    preventive: bool
    walkthrough: bool = False


@dataclass(frozen=True)
class AskDose:
    """Wait for the usual dose, typed."""

    medication_id: int


@dataclass(frozen=True)
class AskName:
    """Wait for a new name, typed."""

    medication_id: int


@dataclass(frozen=True)
class AskTime:
    """Ask when to remind the user of a preventive dose."""

    medication_id: int


@dataclass(frozen=True)
class TypeTime:
    """Wait for a dose reminder time, typed."""

    medication_id: int


@dataclass(frozen=True)
class AddDoseTime:
    """Remind the user of a preventive every day at ``local_time``."""

    medication_id: int
    local_time: time


@dataclass(frozen=True)
class Archive:
    """Take the medication off the list (its history stays)."""

    medication_id: int


MedicationCommand = (
    OpenCard
    | SkipDose
    | AskClass
    | SetClass
    | SetKind
    | AskDose
    | AskName
    | AskTime
    | TypeTime
    | AddDoseTime
    | Archive
)
MedsCommand = ShowList | CloseList | AddMedication | RemoveDoseTime | MedicationCommand
