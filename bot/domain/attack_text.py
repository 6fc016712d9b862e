"""Understanding a free-text message that logs an attack ("migraine 7 since 2pm") or ends one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.domain.attacks import MAX_ATTACK_DURATION
from bot.domain.clocktime import parse_clock_time
from bot.domain.timephrases import parse_duration, parse_past_when
from bot.domain.wallclock import require_aware

MAX_INPUT_LENGTH = 280
MIN_INTENSITY = 0
MAX_INTENSITY = 10  # the 0-10 numeric rating scale used throughout the diary
# The longest start phrase tried after "since": "the day before yesterday at 3 pm".
MAX_TIME_PHRASE_WORDS = 7
MAX_AGO_PHRASE_WORDS = 5

_HEADACHE = r"(?:migraines?|migrane|migrain|headaches?|head\s?aches?|attack)"
_HEADACHE_WORD = re.compile(rf"\b{_HEADACHE}\b")
_NEGATED = re.compile(
    rf"\b(?:no|not|without|never|any)\s+(?:(?:a|an|any|more|real|bad)\s+)*{_HEADACHE}\b"
    rf"|\b{_HEADACHE}\s*free\b"
)
_START_WORDS = frozenset({"since", "from", "started", "starting", "began", "begun", "start"})
_DURATION_WORDS = frozenset({"for"})
_CONNECTORS = frozenset({"at", "around", "about"})
_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d+)?$")
_OUT_OF_TEN = re.compile(r"\b(?P<value>\d{1,3}(?:[.,]\d+)?)\s*(?:/|out of|of)\s*10\b")

_OVER_SUBJECT = (
    r"(?:(?:the|my|this)\s+)?(?:attack|migraines?|headaches?|head\s?aches?|pain|it|its)"
)
_OVER_STATE = r"(?:over|gone|gone away|went away|ended|finished|stopped|done|passed)"
_ATTACK_OVER = re.compile(
    rf"^(?:(?:finally|ok|okay|yay)\s+)?"
    rf"(?:{_OVER_SUBJECT}\s+(?:(?:is|has|s)\s+)?(?:(?:now|finally)\s+)?{_OVER_STATE}"
    rf"|no more {_HEADACHE}|end(?:ed)? (?:the |my |this )?{_HEADACHE}|all over)"
    rf"(?:\s+(?:now|finally|at last))?$"
)


@dataclass(frozen=True)
class AttackIntent:
    """An attack the user logged in words.

    Attributes:
        intensity: Pain 0-10 if given as a valid whole number, else None.
        started_at: Aware UTC start if given, else None (meaning now).
        intensity_out_of_range: A number was given but is not a whole number 0-10 (ask again).
        start_not_understood: A start was announced ("since ...") but could not be read, or
            lies in the future (ask again).
    """

    intensity: int | None = None
    started_at: datetime | None = None
    intensity_out_of_range: bool = False
    start_not_understood: bool = False


def parse_attack_message(text: str, *, now: datetime, tz: str) -> AttackIntent | None:
    """Return the attack ``text`` logs ("bad migraine", "headache 5/10 since 14:00"), or None.

    None means the text does not report a headache: no headache word, a negation ("no
    migraine today", "headache-free"), or an end of attack ("migraine gone").
    """
    require_aware(now)
    if len(text) > MAX_INPUT_LENGTH:
        return None
    key = _normalise(text)
    if not _HEADACHE_WORD.search(key) or _NEGATED.search(key) or _ATTACK_OVER.match(key):
        return None
    # "7/10" is read first so that it is never taken for a date (7 October).
    scale = _OUT_OF_TEN.search(key)
    if scale is not None:
        key = f"{key[: scale.start()]} {key[scale.end() :]}"
    started_at, start_not_understood, words = _extract_start(key.split(), now=now, tz=tz)
    intensity, out_of_range = _intensity(scale["value"]) if scale else _first_number(words)
    return AttackIntent(
        intensity=intensity,
        started_at=started_at,
        intensity_out_of_range=out_of_range,
        start_not_understood=start_not_understood,
    )


def is_attack_over_message(text: str) -> bool:
    """Return whether ``text`` says an attack has ended ("attack over", "it's over")."""
    if len(text) > MAX_INPUT_LENGTH:
        return False
    return _ATTACK_OVER.match(_normalise(text)) is not None


def _extract_start(
    words: list[str], *, now: datetime, tz: str
) -> tuple[datetime | None, bool, list[str]]:
    """Find the start phrase in ``words``.

    Returns:
        The start (None if not given, unreadable or in the future), whether a start was
        announced but not understood, and the words left once the phrase is removed.
    """
    for index, word in enumerate(words):
        if word in _START_WORDS or word in _DURATION_WORDS:
            start = index + 1
            while start < len(words) and words[start] in _CONNECTORS:
                start += 1
            found = _longest_start(words, start, now=now, tz=tz, durations_only=word == "for")
            if found is not None:
                instant, end = found
                checked = _checked(instant, now)
                return checked, checked is None, words[:index] + words[end:]
            if word in _START_WORDS:
                return None, True, words[:index] + words[start:]
        if word == "ago":
            ago = _ago_start(words, index, now=now, tz=tz)
            if ago is not None:
                instant, begin = ago
                return instant, False, words[:begin] + words[index + 1 :]
    return None, False, words


def _ago_start(
    words: list[str], ago_index: int, *, now: datetime, tz: str
) -> tuple[datetime, int] | None:
    """Return the instant an "... ago" phrase ending at ``ago_index`` names, and its start."""
    for begin in range(max(0, ago_index - MAX_AGO_PHRASE_WORDS), ago_index):
        instant = parse_past_when(" ".join(words[begin : ago_index + 1]), now=now, tz=tz)
        if instant is not None:
            return instant, begin
    return None


def _longest_start(
    words: list[str], start: int, *, now: datetime, tz: str, durations_only: bool
) -> tuple[datetime, int] | None:
    """Return the start instant read from the longest phrase at ``start``, and where it ends."""
    for end in range(min(len(words), start + MAX_TIME_PHRASE_WORDS), start, -1):
        phrase = " ".join(words[start:end])
        duration = parse_duration(phrase)
        # A phrase that also reads as a clock time ("since 21h") is the time, not a duration.
        if duration is not None and (durations_only or parse_clock_time(phrase) is None):
            return (now - duration).astimezone(UTC), end
        instant = None if durations_only else parse_past_when(phrase, now=now, tz=tz)
        if instant is not None:
            return instant, end
    return None


def _checked(instant: datetime, now: datetime) -> datetime | None:
    """Return ``instant`` unless it lies in the future or before any attack still going on.

    An attack reported as happening now cannot have started longer ago than the longest attack
    the diary records ("since 1900-01-01 10:00" is a typo, not a start).
    """
    return None if instant > now or now - instant > MAX_ATTACK_DURATION else instant


def _first_number(words: list[str]) -> tuple[int | None, bool]:
    """Return the intensity a bare number in ``words`` gives, and whether it was out of range."""
    for word in words:
        if _NUMBER.match(word):
            return _intensity(word)
    return None, False


def _intensity(value: str) -> tuple[int | None, bool]:
    """Turn "7" into (7, False) and "11" or "7.5" into (None, True)."""
    number = float(value.replace(",", "."))
    if number.is_integer() and MIN_INTENSITY <= number <= MAX_INTENSITY:
        return int(number), False
    return None, True


def _normalise(text: str) -> str:
    """Lower-case, drop apostrophes, emoji and punctuation except time and scale marks."""
    plain = text.lower().replace("'", "").replace("’", "")
    spaced = re.sub(r"[^a-z0-9:./,\s-]+", " ", plain)
    spaced = re.sub(r"(?<!\d)[.,]|[.,](?!\d)", " ", spaced)
    spaced = re.sub(r"-", " ", spaced)
    return " ".join(spaced.split())
