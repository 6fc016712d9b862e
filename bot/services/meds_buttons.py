"""The use case behind every /meds button: one transaction each, one typed result.

:func:`press` routes the typed command (:mod:`bot.domain.meds_commands`) through a command
table to one function that runs inside a single transaction (which also carries the update's
once-only record) and says what to show next (:class:`MedsShown`); the handler renders it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from bot.domain import meds_commands as mc
from bot.domain.medications import DrugClass, MedicationChanges, MedicationRecord
from bot.services import medlist
from bot.services.context import ServiceContext
from bot.services.medlist import MedicationCard
from bot.storage import medications, pending
from bot.storage.database import DbSession

# What typed text /meds awaits (a ``pending_inputs`` kind), naming the medication.
AWAIT_PREFIX = "meds:"
AWAIT_NAME = "meds:name"
AWAIT_DOSE = "meds:dose"
AWAIT_DOSE_WALKTHROUGH = "meds:dose:w"
AWAIT_TIME = "meds:time"


class MedsView(StrEnum):
    """The screen (or alert) a /meds press leads to."""

    LIST = "list"
    CLOSED = "closed"
    NAME_PROMPT = "name"
    RENAME_PROMPT = "rename"
    DOSE_PROMPT = "dose"
    TIME_PROMPT = "time"
    CARD = "card"
    TIME_QUESTION = "when"
    CLASS_QUESTION = "class"
    KIND_QUESTION = "kind"
    ARCHIVED = "archived"
    NOT_FOUND = "not found"
    TOO_MANY_TIMES = "too many"


@dataclass(frozen=True)
class MedsShown:
    """What to show after a /meds press (the change, if any, is committed)."""

    view: MedsView
    card: MedicationCard | None = None
    cards: tuple[MedicationCard, ...] = ()
    page: int = 0
    walkthrough: bool = False
    archived: MedicationRecord | None = None


NOT_FOUND = MedsShown(MedsView.NOT_FOUND)


@dataclass(frozen=True)
class _Tap:
    ctx: ServiceContext
    session: DbSession
    user_id: int

    def await_text(self, kind: str, ref_id: int | None = None) -> None:
        pending.await_input(
            session=self.session,
            user_id=self.user_id,
            kind=kind,
            ref_id=ref_id,
            now=self.ctx.clock.now(),
        )

    def stop_awaiting(self) -> None:
        pending.clear_awaited_input(session=self.session, user_id=self.user_id)

    def medication(self, medication_id: int) -> MedicationRecord | None:
        """The user's current (not archived) medication."""
        med = medications.get_medication(
            session=self.session, user_id=self.user_id, medication_id=medication_id
        )
        return None if med is None or med.archived else med

    def card(self, medication_id: int) -> MedicationCard | None:
        """The user's current (not archived) medication's card."""
        med = self.medication(medication_id)
        return None if med is None else medlist.card_in(self.session, self.user_id, med)


_C = TypeVar("_C")
_Route = Callable[[_Tap, Any], MedsShown]
_ROUTES: dict[type[Any], _Route] = {}


def _route(kind: type[_C]) -> Callable[[Callable[[_Tap, _C], MedsShown]], Callable[..., Any]]:
    def register(run: Callable[[_Tap, _C], MedsShown]) -> Callable[[_Tap, _C], MedsShown]:
        _ROUTES[kind] = run
        return run

    return register


def press(ctx: ServiceContext, *, user_id: int, command: mc.MedsCommand) -> MedsShown:
    """Run ``command`` for the user in one transaction; say what to show next."""
    if isinstance(command, mc.CloseList):
        return MedsShown(MedsView.CLOSED)  # nothing to read or write
    with ctx.database.transaction() as session:
        return _ROUTES[type(command)](_Tap(ctx, session, user_id), command)


@_route(mc.ShowList)
def _show_list(tap: _Tap, command: mc.ShowList) -> MedsShown:
    cards = medlist.list_cards_in(tap.session, user_id=tap.user_id)
    return MedsShown(MedsView.LIST, cards=tuple(cards), page=command.page)


@_route(mc.AddMedication)
def _add(tap: _Tap, _command: mc.AddMedication) -> MedsShown:
    tap.await_text(AWAIT_NAME)
    return MedsShown(MedsView.NAME_PROMPT)


@_route(mc.RemoveDoseTime)
def _remove_time(tap: _Tap, command: mc.RemoveDoseTime) -> MedsShown:
    card = medlist.remove_dose_time_in(
        tap.session, user_id=tap.user_id, reminder_id=command.reminder_id
    )
    return NOT_FOUND if card is None else MedsShown(MedsView.CARD, card)


@_route(mc.OpenCard)
def _open(tap: _Tap, command: mc.OpenCard) -> MedsShown:
    card = tap.card(command.medication_id)
    if card is None:
        return NOT_FOUND
    tap.stop_awaiting()
    return MedsShown(MedsView.CARD, card)


@_route(mc.SkipDose)
def _skip_dose(tap: _Tap, command: mc.SkipDose) -> MedsShown:
    card = tap.card(command.medication_id)
    if card is None:
        return NOT_FOUND
    tap.stop_awaiting()
    view = MedsView.TIME_QUESTION if card.medication.is_preventive else MedsView.CARD
    return MedsShown(view, card)


def _ask(view: MedsView) -> _Route:
    def run(tap: _Tap, command: mc.MedicationCommand) -> MedsShown:
        card = tap.card(command.medication_id)
        return NOT_FOUND if card is None else MedsShown(view, card)

    return run


_ROUTES[mc.AskClass] = _ask(MedsView.CLASS_QUESTION)
_ROUTES[mc.AskTime] = _ask(MedsView.TIME_QUESTION)


def _await(view: MedsView, kind: str) -> _Route:
    def run(tap: _Tap, command: mc.MedicationCommand) -> MedsShown:
        card = tap.card(command.medication_id)
        if card is None:
            return NOT_FOUND
        tap.await_text(kind, card.medication.id)
        return MedsShown(view, card)

    return run


_ROUTES[mc.AskDose] = _await(MedsView.DOSE_PROMPT, AWAIT_DOSE)
_ROUTES[mc.AskName] = _await(MedsView.RENAME_PROMPT, AWAIT_NAME)
_ROUTES[mc.TypeTime] = _await(MedsView.TIME_PROMPT, AWAIT_TIME)


def _change(
    tap: _Tap, medication_id: int, changes: MedicationChanges, *, walkthrough: bool
) -> MedsShown:
    if tap.medication(medication_id) is None:
        return NOT_FOUND
    card = medlist.update_in(
        tap.session, user_id=tap.user_id, medication_id=medication_id, changes=changes
    )
    assert card is not None
    if not walkthrough:
        return MedsShown(MedsView.CARD, card)
    # The walk-through: an acute class asks acute or preventive; then the dose is typed.
    if changes.drug_class is not None and card.medication.drug_class is not DrugClass.PREVENTIVE:
        return MedsShown(MedsView.KIND_QUESTION, card, walkthrough=True)
    tap.await_text(AWAIT_DOSE_WALKTHROUGH, medication_id)
    return MedsShown(MedsView.DOSE_PROMPT, card, walkthrough=True)


@_route(mc.SetClass)
def _set_class(tap: _Tap, command: mc.SetClass) -> MedsShown:
    changes = MedicationChanges(drug_class=command.drug_class)
    return _change(tap, command.medication_id, changes, walkthrough=command.walkthrough)


@_route(mc.SetKind)
def _set_kind(tap: _Tap, command: mc.SetKind) -> MedsShown:
    changes = MedicationChanges(is_preventive=command.preventive)
    return _change(tap, command.medication_id, changes, walkthrough=command.walkthrough)


@_route(mc.AddDoseTime)
def _add_time(tap: _Tap, command: mc.AddDoseTime) -> MedsShown:
    if tap.medication(command.medication_id) is None:
        return NOT_FOUND
    card = medlist.add_dose_time_in(
        tap.ctx,
        tap.session,
        user_id=tap.user_id,
        medication_id=command.medication_id,
        local_time=command.local_time,
    )
    if card is None:
        return MedsShown(MedsView.TOO_MANY_TIMES)
    tap.stop_awaiting()
    return MedsShown(MedsView.CARD, card)


@_route(mc.Archive)
def _archive(tap: _Tap, command: mc.Archive) -> MedsShown:
    if tap.medication(command.medication_id) is None:
        return NOT_FOUND
    archived = medlist.archive_in(
        tap.session, user_id=tap.user_id, medication_id=command.medication_id
    )
    return MedsShown(MedsView.ARCHIVED, archived=archived)
