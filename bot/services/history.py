"""Use cases for looking back: the list of recent attacks, and undoing the last record."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.domain.attacks import AttackDetails
from bot.domain.medications import IntakeRecord
from bot.services.attacks import delete_attack, details_of
from bot.services.context import ServiceContext
from bot.storage import attacks, medications, users

PAGE_SIZE = 5


@dataclass(frozen=True)
class HistoryPage:
    """One page of the user's attacks, newest first."""

    attacks: list[AttackDetails]
    page: int
    pages: int
    total: int


class RecordKind(StrEnum):
    """What /undo can remove."""

    ATTACK = "a"
    DOSE = "i"


@dataclass(frozen=True)
class LastRecord:
    """The thing the user recorded most recently."""

    kind: RecordKind
    record_id: int
    timezone: str
    attack: AttackDetails | None = None
    intake: IntakeRecord | None = None


def history_page(ctx: ServiceContext, *, user_id: int, page: int) -> HistoryPage:
    """Page ``page`` (0 is the newest) of the user's attacks; out-of-range pages are clamped."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        total = attacks.count_attacks(session=session, user_id=user_id)
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        found = attacks.recent_attacks(
            session=session, user_id=user_id, limit=PAGE_SIZE, offset=page * PAGE_SIZE
        )
        return HistoryPage(
            attacks=[details_of(ctx, session, profile, attack) for attack in found],
            page=page,
            pages=pages,
            total=total,
        )


def last_record(ctx: ServiceContext, *, user_id: int) -> LastRecord | None:
    """The attack or dose the user recorded most recently, if any."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        tz = profile.timezone or ctx.default_timezone
        attack = attacks.latest_created(session=session, user_id=user_id)
        dose = medications.latest_created_intake(session=session, user_id=user_id)
        if dose is not None and (
            # A dose recorded in the same instant as its attack came after it.
            attack is None or attack.created_at is None or dose[1] >= attack.created_at
        ):
            return LastRecord(RecordKind.DOSE, dose[0].id, tz, intake=dose[0])
        if attack is None:
            return None
        details = details_of(ctx, session, profile, attack)
        return LastRecord(RecordKind.ATTACK, attack.id, tz, attack=details)


def undo(ctx: ServiceContext, *, user_id: int, kind: RecordKind, record_id: int) -> bool:
    """Remove the named record if it is the user's; ``False`` if it was already gone."""
    if kind is RecordKind.ATTACK:
        return delete_attack(ctx, user_id=user_id, attack_id=record_id)
    with ctx.database.transaction() as session:
        return medications.delete_intake(session=session, user_id=user_id, intake_id=record_id)
