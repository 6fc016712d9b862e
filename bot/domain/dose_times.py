"""When a dose for an attack was taken: the choices offered, and which times need a second look.

A dose belongs on the timeline of the attack it was taken for: medication days, migraine days
(a triptan day counts as one) and the 30-day overuse counts (ICHD-3 8.2) are counted per
calendar day of the dose. So for an attack that is not happening now, the offered times are
relative to the attack (its start, 30 min, 1 h or 2 h into it, its end), never counted back
from the moment the user types. While the attack is still going they are counted back from now.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.domain.attacks import AttackRecord
from bot.domain.medications import IntakeRecord, IntakeStatus
from bot.domain.wallclock import require_aware

# A dose more than this before the attack's start or after its end (an open attack: after now)
# is probably a slip of the day or of am/pm, so it is shown and confirmed before it is saved.
# Product rule, not a clinical number: a dose the evening before or the morning after an attack
# is plausible (e.g. a long-acting NSAID), one a day away is not.
DOSE_TIME_MARGIN = timedelta(hours=12)
# A second dose of the same medication for the same attack within this time of one already
# recorded is the same dose recorded twice (a double tap), not a second dose. Real repeat doses
# are spaced far more: a second triptan dose at least 2 h after the first (sumatriptan SmPC),
# ibuprofen at least 4 h (OTC label).
DUPLICATE_DOSE_WINDOW = timedelta(minutes=5)


class DoseAnchor(StrEnum):
    """What a relative dose time is counted from (the value is carried in buttons)."""

    START = "s"
    END = "e"


@dataclass(frozen=True)
class DoseChoice:
    """One offered dose time: ``minutes`` after the attack's start, or at its end."""

    anchor: DoseAnchor
    minutes: int = 0

    @property
    def code(self) -> str:
        """The choice as a button carries it: ``s30``, ``e0``."""
        return f"{self.anchor.value}{self.minutes}"


# At its start, 30 min, 1 h and 2 h into it, and at its end.
RELATIVE_DOSE_CHOICES = (
    DoseChoice(DoseAnchor.START, 0),
    DoseChoice(DoseAnchor.START, 30),
    DoseChoice(DoseAnchor.START, 60),
    DoseChoice(DoseAnchor.START, 120),
    DoseChoice(DoseAnchor.END, 0),
)


def is_happening_now(attack: AttackRecord) -> bool:
    """Whether dose times for ``attack`` are counted back from now (it has not ended)."""
    return attack.is_open


def dose_choices(attack: AttackRecord) -> list[DoseChoice]:
    """The relative dose times that lie within the ended attack (none for an open one)."""
    if attack.ended_at is None:
        return []
    return [
        choice
        for choice in RELATIVE_DOSE_CHOICES
        if choice.anchor is DoseAnchor.END
        or attack.started_at + timedelta(minutes=choice.minutes) < attack.ended_at
    ]


def parse_dose_choice(code: str) -> DoseChoice | None:
    """The offered choice a button carries (``s30``), or ``None`` for anything else."""
    return next((choice for choice in RELATIVE_DOSE_CHOICES if choice.code == code), None)


def dose_time(attack: AttackRecord, choice: DoseChoice) -> datetime | None:
    """The moment ``choice`` names for ``attack``; ``None`` for "its end" while it is open."""
    if choice.anchor is DoseAnchor.END:
        return attack.ended_at
    return attack.started_at + timedelta(minutes=choice.minutes)


def dose_time_plausible(taken_at: datetime, attack: AttackRecord, *, now: datetime) -> bool:
    """Whether ``taken_at`` lies within :data:`DOSE_TIME_MARGIN` of the attack's span."""
    require_aware(taken_at)
    require_aware(now)
    earliest = attack.started_at - DOSE_TIME_MARGIN
    latest = (attack.ended_at or now) + DOSE_TIME_MARGIN
    return earliest <= taken_at <= latest


def duplicate_dose(
    intakes: Iterable[IntakeRecord], *, medication_id: int, taken_at: datetime
) -> IntakeRecord | None:
    """The dose of the same medication already recorded within the duplicate window, if any.

    ``intakes`` are the doses of one attack.
    """
    require_aware(taken_at)
    return next(
        (
            intake
            for intake in intakes
            if intake.medication_id == medication_id
            and intake.status is IntakeStatus.TAKEN
            and abs(intake.taken_at - taken_at) <= DUPLICATE_DOSE_WINDOW
        ),
        None,
    )
