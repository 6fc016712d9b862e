"""The one codec for inline buttons' ``callback_data``.

A button's data names the action and its arguments, e.g. ``tz:Europe/Berlin`` or ``a:812:int:7``:
stateless, so a button keeps working after a restart. Telegram limits the data to 64 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from enum import StrEnum

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
