"""The one codec for inline buttons' ``callback_data``.

A button's data names the action and its arguments, e.g. ``tz:Europe/Berlin`` or ``a:812:int:7``:
stateless, so a button keeps working after a restart. Telegram limits the data to 64 bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from enum import StrEnum
from typing import Final, TypeVar

from bot.domain import meds_commands as mc
from bot.domain.attack_answers import (
    AttackAnswer,
    AttackChanges,
    ListField,
    Move,
    SetAnswer,
    SetAuraFollowed,
    SetItem,
    SetSide,
    SetSymptom,
    SymptomsDone,
)
from bot.domain.attack_flow import Step
from bot.domain.attacks import (
    MAX_INTENSITY,
    AuraType,
    Location,
    Quality,
    Side,
    Symptom,
    Trigger,
)
from bot.domain.checkins import (
    NO_CHANGES,
    AnswerQuestion,
    CheckinChanges,
    CheckinCommand,
    Factor,
    GoToQuestion,
    HeadacheAnswer,
    LogAttackAt,
    SleepQuality,
    parse_sleep_hours,
)
from bot.domain.checkins import Step as CheckinStep
from bot.domain.medications import DrugClass
from bot.domain.red_flags import RedFlag

_E = TypeVar("_E", bound=StrEnum)
MAX_CALLBACK_BYTES = 64  # Telegram Bot API, InlineKeyboardButton.callback_data
SEPARATOR = ":"
# Record ids are SQLite INTEGER / PostgreSQL BIGINT primary keys: signed 64-bit, so positive ids
# fit in 63 bits. A larger number in a button was never written by the bot (and would make the
# database driver raise OverflowError), so it decodes as an old button.
MAX_RECORD_ID = 2**63 - 1
# Buttons that say "N minutes ago" or "N minutes after the start" offer at most hours; two weeks
# is far beyond any of them and keeps date arithmetic far from its limits.
MAX_BUTTON_MINUTES = 14 * 24 * 60
# /history pages: far more than any diary holds, small enough for an OFFSET.
MAX_PAGE = 100_000


class Action(StrEnum):
    """What pressing a button does."""

    TIMEZONE_SET = "tz"
    TIMEZONE_TYPE = "tzt"
    CHECKIN_SET = "ci"
    CHECKIN_TYPE = "cit"
    CHECKIN_OFF = "cio"
    SETTINGS = "st"
    ATTACK = "a"
    ATTACK_END = "end"
    BACKFILL = "bf"
    FOLLOWUP = "fu"
    HISTORY = "h"
    UNDO = "undo"
    DATA = "data"
    RECAP = "rc"
    CHECKIN_ANSWER = "ck"
    DOSE = "md"
    MEDS = "med"
    REMINDERS = "rem"
    QUIET_HOURS = "qh"
    LANGUAGE = "lang"


class SettingsTopic(StrEnum):
    """Which setting a /settings button opens."""

    TIMEZONE = "tz"
    CHECKIN = "ci"
    QUIET_HOURS = "qh"
    MEDS = "med"
    REMINDERS = "rem"
    RECAP = "rcp"
    LANGUAGE = "lang"
    CLOSE = "x"


@dataclass(frozen=True)
class Callback:
    """Decoded callback data."""

    action: Action
    args: tuple[str, ...]


def encode(action: Action, *args: str | int) -> str:
    """Encode a button's data; raises ``ValueError`` if it cannot be carried."""
    parts = [action.value, *(str(arg) for arg in args)]
    if any(SEPARATOR in part for part in parts[1:]):
        raise ValueError(f"callback arguments may not contain {SEPARATOR!r}: {args!r}")
    data = SEPARATOR.join(parts)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data longer than {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """Decode a button's data; ``None`` for anything this version of the bot did not write."""
    if not data:
        return None
    head, *args = data.split(SEPARATOR)
    try:
        action = Action(head)
    except ValueError:
        return None
    return Callback(action=action, args=tuple(args))


def number_arg(text: str, *, low: int, high: int) -> int | None:
    """A whole number a button carries, if it lies in ``low..high``; ``None`` for anything else.

    Only ASCII digits count (``str.isdigit`` accepts "²", which ``int`` refuses), and the length
    is checked before converting, so a forged 10,000-digit number costs nothing.
    """
    if not text or len(text) > len(str(high)) or not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def record_id_arg(text: str, *, allow_zero: bool = False) -> int | None:
    """A record id a button carries (1 .. 2**63-1; 0 too where it means "all")."""
    return number_arg(text, low=0 if allow_zero else 1, high=MAX_RECORD_ID)


def minutes_arg(text: str) -> int | None:
    """A number of minutes a button carries (0 .. two weeks)."""
    return number_arg(text, low=0, high=MAX_BUTTON_MINUTES)


CLOCK_CODE_LENGTH = 4


def clock_code(value: time) -> str:
    """A time of day as a button carries it: ``2130``."""
    return value.strftime("%H%M")


def clock_from_code(code: str) -> time | None:
    """The time of day a button carries (``2130``), or ``None`` for anything else."""
    if len(code) != CLOCK_CODE_LENGTH or not (code.isascii() and code.isdigit()):
        return None
    hour, minute = int(code[:2]), int(code[2:])
    return time(hour, minute) if hour < 24 and minute < 60 else None


SECONDS_PER_MINUTE = 60
MAX_INSTANT_CODE_LENGTH = 10


def instant_code(value: datetime) -> str:
    """A moment as a button carries it: whole minutes since 1970 in UTC (``29385120``)."""
    return str(int(value.timestamp()) // SECONDS_PER_MINUTE)


def instant_from_code(code: str) -> datetime | None:
    """The moment a button carries (see :func:`instant_code`), or ``None`` for anything else."""
    if not code.isdigit() or len(code) > MAX_INSTANT_CODE_LENGTH:
        return None
    return datetime.fromtimestamp(int(code) * SECONDS_PER_MINUTE, tz=UTC)


# -- typed commands ---------------------------------------------------------------------------


@dataclass(frozen=True)
class OldButton:
    """Data this version of the bot did not write, or no longer understands: an old button."""


OLD_BUTTON: Final = OldButton()
ATTACK_FLOW = "f"  # the mode of buttons shown while logging (the next question follows)
ATTACK_EDIT = "e"  # the mode of buttons opened from the card (the card follows)


@dataclass(frozen=True)
class AttackPress:
    """A press of a button on an attack's screens: ``a:<attack id>:<mode>:<step>:<op>[:args]``.

    ``answer`` is the typed answer when the press is one of the questions' answers (see
    :func:`attack_answer`), else ``None`` (the card's and medication screens' own buttons).
    """

    attack_id: int
    mode: str
    step: Step
    op: str
    args: tuple[str, ...]
    answer: AttackAnswer | None = None

    @property
    def logging(self) -> bool:
        """Whether the press came from the questions after logging (not from the card)."""
        return self.mode == ATTACK_FLOW


def decode_attack_press(data: str | None) -> AttackPress | OldButton:
    """Decode an attack button; an unknown step, mode, id or answer is an old button."""
    callback = decode(data)
    if callback is None or callback.action is not Action.ATTACK or len(callback.args) < 4:
        return OLD_BUTTON
    raw_id, mode, raw_step, op, *rest = callback.args
    attack_id = record_id_arg(raw_id)
    if attack_id is None or mode not in (ATTACK_FLOW, ATTACK_EDIT):
        return OLD_BUTTON
    try:
        step = Step(raw_step)
    except ValueError:
        return OLD_BUTTON
    press = AttackPress(attack_id, mode, step, op, tuple(rest))
    answer = attack_answer(press)
    if isinstance(answer, OldButton):
        return answer
    return replace(press, answer=answer)


def _enum_arg(args: tuple[str, ...], kind: type[_E]) -> _E | None:
    if len(args) != 1:
        return None
    try:
        return kind(args[0])
    except ValueError:
        return None


def _set_arg(args: tuple[str, ...], kind: type[_E]) -> tuple[_E, bool] | None:
    """A multi-select button's item and the state it sets (``key:1`` ticks, ``key:0`` unticks).

    Buttons carry the state, never "flip": a repeated press cannot undo the saved answer.
    """
    if len(args) != 2 or args[1] not in ("0", "1"):
        return None
    item = _enum_arg(args[:1], kind)
    return None if item is None else (item, args[1] == "1")


def _yes_no_arg(args: tuple[str, ...]) -> bool | None:
    if args == ("y",):
        return True
    return False if args == ("n",) else None


# The multi-select ticks: (screen, op) -> (the answer's field, the enum of its items).
_TICKS: dict[tuple[Step, str], tuple[ListField, type[StrEnum]]] = {
    (Step.WHERE, "t"): (ListField.LOCATIONS, Location),
    (Step.AURA, "t"): (ListField.AURA_TYPES, AuraType),
    (Step.TRIGGERS, "t"): (ListField.TRIGGERS, Trigger),
    (Step.RED_FLAGS, "t"): (ListField.RED_FLAGS, RedFlag),
}


def attack_answer(press: AttackPress) -> AttackAnswer | OldButton | None:
    """The typed answer a press gives; ``None`` for presses that are not such answers."""
    step, op, args = press.step, press.op, press.args
    if step is Step.SYMPTOMS and op == "done":
        return SymptomsDone()
    if op in ("skip", "done", "open") and step is not Step.CARD:
        return Move(step, advance=op != "open")
    if (step, op) in _TICKS:
        field, items = _TICKS[step, op]
        tick = _set_arg(args, items)
        return OLD_BUTTON if tick is None else SetItem(step, field, tick[0].value, tick[1])
    if step is Step.INTENSITY and op == "v":
        value = number_arg(args[0], low=0, high=MAX_INTENSITY) if len(args) == 1 else None
        if value is None:
            return OLD_BUTTON
        return SetAnswer(step, AttackChanges(peak_intensity=value))
    if step is Step.QUALITY and op == "v":
        quality = _enum_arg(args, Quality)
        return OLD_BUTTON if quality is None else SetAnswer(step, AttackChanges(quality=quality))
    if step is Step.ACTIVITY and op == "v":
        worse = _yes_no_arg(args)
        if worse is None:
            return OLD_BUTTON
        return SetAnswer(step, AttackChanges(worse_with_activity=worse))
    if step is Step.WHERE and op == "side":
        side = _set_arg(args, Side)
        return OLD_BUTTON if side is None else SetSide(side[0], chosen=side[1])
    if step is Step.SYMPTOMS and op == "t":
        symptom = _set_arg(args, Symptom)
        return OLD_BUTTON if symptom is None else SetSymptom(symptom[0].value, symptom[1])
    if step is Step.AURA and op == "f":
        followed = _yes_no_arg(args)
        return OLD_BUTTON if followed is None else SetAuraFollowed(followed)
    return None


# -- /meds ------------------------------------------------------------------------------------


class MedsOp(StrEnum):
    """What a /meds button does: ``med:<op>[:<id>][:<value>][:w]``."""

    LIST = "l"
    CLOSE = "x"
    ADD = "add"
    REMOVE_TIME = "rt"
    OPEN = "o"
    SKIP_DOSE = "ds"
    SET_CLASS = "c"
    ASK_CLASS = "cc"
    SET_KIND = "k"
    ASK_DOSE = "cd"
    RENAME = "rn"
    ASK_TIME = "at"
    TYPE_TIME = "tt"
    ADD_TIME = "t"
    ARCHIVE = "ar"


MEDS_WALKTHROUGH = "w"  # the add-a-medication walk-through: the next question follows
MEDS_ACUTE, MEDS_PREVENTIVE = "a", "p"


def _set_class(ref: int, values: tuple[str, ...], walkthrough: bool) -> mc.SetClass | None:
    drug_class = _enum_arg(values, DrugClass)
    return None if drug_class is None else mc.SetClass(ref, drug_class, walkthrough)


def _set_kind(ref: int, values: tuple[str, ...], walkthrough: bool) -> mc.SetKind | None:
    if values not in ((MEDS_ACUTE,), (MEDS_PREVENTIVE,)):
        return None
    return mc.SetKind(ref, values == (MEDS_PREVENTIVE,), walkthrough)


def _add_time(ref: int, values: tuple[str, ...], _walkthrough: bool) -> mc.AddDoseTime | None:
    chosen = clock_from_code(values[0]) if len(values) == 1 else None
    return None if chosen is None else mc.AddDoseTime(ref, chosen)


def _plain(
    kind: Callable[[int], mc.MedicationCommand],
) -> Callable[[int, tuple[str, ...], bool], mc.MedicationCommand | None]:
    return lambda ref, values, _walkthrough: None if values else kind(ref)


# The buttons naming a medication: op -> (id, values, walk-through) -> command or None (forged).
_MEDICATION_OPS: dict[
    MedsOp, Callable[[int, tuple[str, ...], bool], mc.MedicationCommand | None]
] = {
    MedsOp.OPEN: _plain(mc.OpenCard),
    MedsOp.SKIP_DOSE: _plain(mc.SkipDose),
    MedsOp.ASK_CLASS: _plain(mc.AskClass),
    MedsOp.SET_CLASS: _set_class,
    MedsOp.SET_KIND: _set_kind,
    MedsOp.ASK_DOSE: _plain(mc.AskDose),
    MedsOp.RENAME: _plain(mc.AskName),
    MedsOp.ASK_TIME: _plain(mc.AskTime),
    MedsOp.TYPE_TIME: _plain(mc.TypeTime),
    MedsOp.ADD_TIME: _add_time,
    MedsOp.ARCHIVE: _plain(mc.Archive),
}


def decode_meds(data: str | None) -> mc.MedsCommand | OldButton:
    """Decode a /meds button; anything this version did not write is an old button."""
    callback = decode(data)
    if callback is None or callback.action is not Action.MEDS or not callback.args:
        return OLD_BUTTON
    raw_op, *rest = callback.args
    op = MedsOp(raw_op) if raw_op in set(MedsOp) else None
    if op is MedsOp.CLOSE or op is MedsOp.ADD:
        return (
            OLD_BUTTON if rest else (mc.CloseList() if op is MedsOp.CLOSE else mc.AddMedication())
        )
    if op is MedsOp.LIST:
        page = number_arg(rest[0], low=0, high=MAX_PAGE) if len(rest) == 1 else 0
        return OLD_BUTTON if page is None or len(rest) > 1 else mc.ShowList(page)
    ref = record_id_arg(rest[0]) if rest else None
    if op is None or ref is None:
        return OLD_BUTTON
    if op is MedsOp.REMOVE_TIME:
        return mc.RemoveDoseTime(ref) if len(rest) == 1 else OLD_BUTTON
    walkthrough = len(rest) > 1 and rest[-1] == MEDS_WALKTHROUGH
    values = tuple(rest[1 : len(rest) - walkthrough])
    command = _MEDICATION_OPS[op](ref, values, walkthrough)
    return OLD_BUTTON if command is None else command


# -- the check-in -----------------------------------------------------------------------------

CHECKIN_GO = "go"  # ck:<id>:go:<step>: show that question again
CHECKIN_DONE = "done"  # the factors question's Done
CHECKIN_MORNING = "m"  # the morning sleep question (not the evening check-in)
_FACTOR_CHANGES: dict[Factor, Callable[[bool], CheckinChanges]] = {
    Factor.EXERCISE: lambda ticked: CheckinChanges(exercise=ticked),
    Factor.CAFFEINE: lambda ticked: CheckinChanges(caffeine=ticked),
    Factor.ALCOHOL: lambda ticked: CheckinChanges(alcohol=ticked),
    Factor.STRESS: lambda ticked: CheckinChanges(stress=ticked),
}


def _headache(value: str) -> tuple[CheckinChanges, HeadacheAnswer] | None:
    answer = _enum_arg((value,), HeadacheAnswer)
    if answer is None:
        return None
    if answer is HeadacheAnswer.LOG_NOW:
        return NO_CHANGES, answer  # nothing is stored before the hour is chosen
    return CheckinChanges(headache=answer is HeadacheAnswer.LOGGED), answer


def _checkin_changes(
    step: CheckinStep | None, value: str, rest: tuple[str, ...]
) -> CheckinChanges | None:
    """The answer a button carries to ``step``; ``rest`` is a factor's "1" (tick) or "0"."""
    hours = parse_sleep_hours(value) if step is CheckinStep.SLEEP_HOURS else None
    quality = _enum_arg((value,), SleepQuality) if step is CheckinStep.SLEEP_QUALITY else None
    factor = _enum_arg((value,), Factor) if step is CheckinStep.FACTORS else None
    taken = _yes_no_arg((value,)) if step is CheckinStep.PREVENTIVE else None
    if hours is not None:
        return CheckinChanges(sleep_hours=float(hours))
    if quality is not None:
        return CheckinChanges(sleep_quality=quality)
    if taken is not None:
        return CheckinChanges(preventive_taken=taken)
    if step is CheckinStep.FACTORS and value == CHECKIN_DONE and not rest:
        return NO_CHANGES
    if factor is None or rest not in (("0",), ("1",)):
        return None
    return _FACTOR_CHANGES[factor](rest == ("1",))


def decode_checkin(data: str | None) -> CheckinCommand | OldButton:
    """Decode a check-in button ``ck:<check-in id>:<step>:<value>[:m | :0 | :1]``."""
    callback = decode(data)
    args = callback.args if callback is not None else ()
    if callback is None or callback.action is not Action.CHECKIN_ANSWER or len(args) < 3:
        return OLD_BUTTON
    raw_id, code, value, *extra = args
    checkin_id = record_id_arg(raw_id)
    morning = extra == [CHECKIN_MORNING]
    rest = () if morning else tuple(extra)
    step = _enum_arg((code,), CheckinStep)
    if checkin_id is None or len(rest) > 1:
        return OLD_BUTTON
    if code == CHECKIN_GO:
        target = _enum_arg((value,), CheckinStep)
        return OLD_BUTTON if target is None or rest else GoToQuestion(checkin_id, target, morning)
    if step is CheckinStep.ATTACK_TIME:
        hour = number_arg(value, low=0, high=23)
        return OLD_BUTTON if hour is None or extra else LogAttackAt(checkin_id, hour)
    if step is CheckinStep.HEADACHE:
        headache = _headache(value) if not rest else None
        if headache is None:
            return OLD_BUTTON
        return AnswerQuestion(checkin_id, step, headache[0], morning, headache[1])
    changes = _checkin_changes(step, value, rest)
    if step is None or changes is None or (rest and step is not CheckinStep.FACTORS):
        return OLD_BUTTON
    return AnswerQuestion(checkin_id, step, changes, morning)
