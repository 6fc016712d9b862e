"""Understanding a typed message that logs an attack ("migraine 7 since 2pm") or ends one.

One message can carry a whole attack, in any of the supported languages: "migraine 7 since
2pm, took sumatriptan 50 mg, nausea, left side", "мигрень 7 с 14:00, суматриптан 50 мг,
тошнота, слева". :func:`parse_attack_message` reads it into an :class:`AttackIntent` that says
what was understood (start, intensity, doses, symptoms, side, warning signs) *and* what was
not, so that nothing typed is silently dropped.

The message's language is the first, of the user's language, English and then the others,
whose headache words it contains; its words are read with that language's table and the
English one (drug names and "mg" are often typed in English).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import TypeVar

from bot.domain.attacks import MAX_ATTACK_DURATION, Side, Symptom
from bot.domain.clocktime import parse_clock_time
from bot.domain.lang import DEFAULT_LANGUAGE, Vocabulary
from bot.domain.lang.drugs import DRUG_ALIASES
from bot.domain.languages import VOCABULARIES, languages_to_try
from bot.domain.lexicon import Phrase, Token, clean, fold, match_at, phrase, phrases, tokenize
from bot.domain.medications import KNOWN_MEDICATIONS, MedicationRecord, recognise
from bot.domain.red_flags import RedFlag, detect_red_flag_words
from bot.domain.timephrases import parse_duration, parse_past_when
from bot.domain.timewords import AGO_BEFORE, time_word, to_english
from bot.domain.wallclock import require_aware

MAX_INPUT_LENGTH = 280
MIN_INTENSITY = 0
MAX_INTENSITY = 10  # the 0-10 numeric rating scale used throughout the diary
# The longest start phrase tried after "since": "the day before yesterday at 3 pm".
MAX_TIME_PHRASE_WORDS = 7
MAX_AGO_PHRASE_WORDS = 5
# English "for 3 hours" gives a start only as a duration.
DURATION_WORDS = frozenset({"for"})
_NUMBER = re.compile(r"^\d{1,4}(?:[.,]\d+)?$")
_SCALE = re.compile(r"^(?P<value>\d{1,3}(?:[.,]\d+)?)/10$")
_NUMBER_WITH_UNIT = re.compile(r"^(?P<value>\d{1,4}(?:[.,]\d+)?)(?P<unit>\D+)$")
_UNIT_OF_DOSE = re.compile(r"^\s*[\d.,]+\s*(?P<unit>\S+)")

UNDERSTOOD = "understood"
FILLER = "filler"


@dataclass(frozen=True)
class DoseMention:
    """A medication named in the message, with its dose if one was given.

    Attributes:
        name: The user's own medication name, or the well-known drug's name.
        medication_id: The user's medication it is, if it is on their list.
        known_key: The well-known drug (a key of ``KNOWN_MEDICATIONS``), if it is one.
        dose: "50 mg", "2 таблетки"; None means the usual dose.
    """

    name: str
    medication_id: int | None = None
    known_key: str | None = None
    dose: str | None = None


@dataclass(frozen=True)
class AttackIntent:
    """An attack the user logged in words.

    Attributes:
        intensity: Pain 0-10 if given as a valid whole number, else None.
        started_at: Aware UTC start if given, else None (meaning now).
        intensity_out_of_range: A number was given but is not a whole number 0-10 (ask again).
        start_not_understood: A start was announced ("since ...") but could not be read, or
            lies in the future (ask again).
        doses: Medications taken, in the order named.
        symptoms: Built-in symptoms named (a negated one, "no nausea", is not).
        side: The side of the pain, if named.
        red_flags: Warning signs named.
        not_understood: The parts of the message, as typed, that were not understood.
    """

    intensity: int | None = None
    started_at: datetime | None = None
    intensity_out_of_range: bool = False
    start_not_understood: bool = False
    doses: tuple[DoseMention, ...] = ()
    symptoms: frozenset[Symptom] = field(default_factory=frozenset)
    side: Side | None = None
    red_flags: frozenset[RedFlag] = field(default_factory=frozenset)
    not_understood: tuple[str, ...] = ()

    @property
    def has_details(self) -> bool:
        """Whether the message said more than the headache, its intensity and start."""
        return bool(self.doses or self.symptoms or self.side or self.red_flags)


@dataclass(frozen=True)
class _Tables:
    """One language's words for reading an attack message, with English added."""

    code: str
    headache: tuple[Phrase, ...]
    not_attack: tuple[re.Pattern[str], ...]
    since: tuple[Phrase, ...]
    since_after: tuple[Phrase, ...]
    symptoms: tuple[tuple[Phrase, Symptom], ...]
    sides: tuple[tuple[Phrase, Side], ...]
    negations: tuple[Phrase, ...]
    fillers: tuple[Phrase, ...]
    units: tuple[tuple[Phrase, str], ...]
    out_of: tuple[Phrase, ...]


def _with_english(vocabulary: Vocabulary) -> tuple[Vocabulary, ...]:
    english = VOCABULARIES[DEFAULT_LANGUAGE]
    return (vocabulary,) if vocabulary is english else (vocabulary, english)


_T = TypeVar("_T")


def _longest_first(entries: list[tuple[Phrase, _T]]) -> tuple[tuple[Phrase, _T], ...]:
    return tuple(sorted(entries, key=lambda entry: -len(entry[0])))


@cache
def _tables(code: str) -> _Tables:
    """The tables for reading a message in language ``code`` (folded, longest phrase first)."""
    both = _with_english(VOCABULARIES[code])
    return _Tables(
        code=code,
        headache=phrases(text for v in both for text in v.headache),
        not_attack=tuple(re.compile(fold(p)) for v in both for p in v.not_attack),
        since=phrases(text for v in both for text in v.since),
        since_after=phrases(text for v in both for text in v.since_after),
        symptoms=_longest_first(
            [(phrase(t), key) for v in both for key, texts in v.symptoms.items() for t in texts]
        ),
        sides=_longest_first(
            [(phrase(t), key) for v in both for key, texts in v.sides.items() for t in texts]
        ),
        negations=phrases(text for v in both for text in v.negations),
        fillers=phrases(text for v in both for text in v.fillers),
        units=_longest_first([(phrase(t), unit) for v in both for t, unit in v.units.items()]),
        out_of=phrases(text for v in both for text in v.out_of),
    )


@cache
def _over_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(fold(p)) for v in VOCABULARIES.values() for p in v.over)


_ALIASES: tuple[tuple[Phrase, str], ...] = _longest_first(
    [(phrase(alias), key) for alias, key in DRUG_ALIASES.items()]
)


def parse_attack_message(
    text: str,
    *,
    now: datetime,
    tz: str,
    language: str | None = None,
    medications: Sequence[MedicationRecord] = (),
) -> AttackIntent | None:
    """Return the attack ``text`` logs ("bad migraine", "Migräne 7 seit 14 Uhr"), or None.

    None means the text does not report a headache: no headache word in any language, a
    negation ("no migraine today", "keine Migräne"), or an end of attack ("migraine gone").
    ``medications`` are the user's own, matched before the well-known drugs.
    """
    require_aware(now)
    if len(text) > MAX_INPUT_LENGTH:
        return None
    tokens = tokenize(text)
    keys = [token.key for token in tokens]
    tables = next(
        (
            _tables(vocabulary.code)
            for vocabulary in languages_to_try(language)
            if _find_all(keys, _tables(vocabulary.code).headache)
        ),
        None,
    )
    flat = " ".join(keys)
    if tables is None or _is_over(flat) or any(p.search(flat) for p in tables.not_attack):
        return None
    return _Reader(text, tokens, tables, now=now, tz=tz).read(medications)


def is_attack_over_message(text: str) -> bool:
    """Return whether ``text`` says an attack has ended ("attack over", "Migräne vorbei")."""
    if len(text) > MAX_INPUT_LENGTH:
        return False
    return _is_over(" ".join(token.key for token in tokenize(text)))


def _is_over(flat: str) -> bool:
    return any(pattern.fullmatch(flat) for pattern in _over_patterns())


def _find_all(keys: Sequence[str], candidates: tuple[Phrase, ...]) -> list[tuple[int, int]]:
    """Every ``(start, end)`` where one of the phrases occurs, left to right, not overlapping."""
    found = []
    index = 0
    while index < len(keys):
        length = match_at(keys, index, candidates)
        if length:
            found.append((index, index + length))
        index += max(length, 1)
    return found


class _Reader:
    """Reads one message: marks each word understood, a filler, or not understood."""

    def __init__(
        self, text: str, tokens: list[Token], tables: _Tables, *, now: datetime, tz: str
    ) -> None:
        self.text = clean(text)
        self.tokens = tokens
        self.keys = [token.key for token in tokens]
        self.tables = tables
        self.now = now
        self.tz = tz
        self.marks: list[str | None] = [None] * len(tokens)

    def read(self, medications: Sequence[MedicationRecord]) -> AttackIntent:
        for start, end in _find_all(self.keys, self.tables.headache):
            self._mark(start, end)
        scale = self._scale()
        doses = self._doses(medications)
        started_at, start_not_understood = self._start()
        symptoms = self._symptoms()
        red_flags = self._red_flags()
        self._fillers(multiword=True)
        side = self._side()
        intensity, out_of_range = scale if scale is not None else self._intensity()
        self._fillers(multiword=False)
        return AttackIntent(
            intensity=intensity,
            started_at=started_at,
            intensity_out_of_range=out_of_range,
            start_not_understood=start_not_understood,
            doses=doses,
            symptoms=symptoms,
            side=side,
            red_flags=red_flags,
            not_understood=self._leftovers(),
        )

    # -- marking ------------------------------------------------------------------------------

    def _mark(self, start: int, end: int, mark: str = UNDERSTOOD) -> None:
        for index in range(start, end):
            self.marks[index] = mark

    def _free(self, start: int, end: int) -> bool:
        """Whether the words ``[start, end)`` exist, are unread and lie in one clause."""
        if start < 0 or end > len(self.tokens) or start >= end:
            return False
        clause = self.tokens[start].clause
        return all(
            self.marks[index] is None and self.tokens[index].clause == clause
            for index in range(start, end)
        )

    # -- parts --------------------------------------------------------------------------------

    def _scale(self) -> tuple[int | None, bool] | None:
        """An intensity written "7/10", "7 / 10" or "7 out of 10" ("7 von 10", "7 из 10")."""
        for index, key in enumerate(self.keys):
            scale = _SCALE.match(key)
            if scale is not None:
                self._mark(index, index + 1)
                return _intensity(scale["value"])
            if not _NUMBER.match(key) or index + 1 == len(self.keys):
                continue
            between = self.text[self.tokens[index].end : self.tokens[index + 1].start]
            length = (
                0 if between.strip() == "/" else match_at(self.keys, index + 1, self.tables.out_of)
            )
            after = index + 1 + length
            if (length or between.strip() == "/") and self.keys[after : after + 1] == ["10"]:
                self._mark(index, after + 1)
                return _intensity(key)
        return None

    def _doses(self, medications: Sequence[MedicationRecord]) -> tuple[DoseMention, ...]:
        own = _longest_first([(phrase(fold_name(m.name)), m) for m in medications])
        found: list[DoseMention] = []
        for index in range(len(self.keys)):
            if self.marks[index] is not None:
                continue
            mention = self._medication_at(index, own, medications)
            if mention is not None:
                found.append(mention)
        return tuple(found)

    def _medication_at(
        self,
        index: int,
        own: tuple[tuple[Phrase, MedicationRecord], ...],
        medications: Sequence[MedicationRecord],
    ) -> DoseMention | None:
        for words, medication in own:
            if match_at(self.keys, index, (words,)):
                end = index + len(words)
                known = recognise(medication.name)
                usual = medication.usual_dose or (known.usual_dose if known else None)
                dose, end = self._dose(end, usual)
                self._mark(index, end)
                return DoseMention(medication.name, medication.id, None, dose)
        for words, key in _ALIASES:
            if match_at(self.keys, index, (words,)):
                known = KNOWN_MEDICATIONS[key]
                dose, end = self._dose(index + len(words), known.usual_dose)
                self._mark(index, end)
                listed = next((m for m in medications if recognise(m.name) == known), None)
                if listed is not None:
                    return DoseMention(listed.name, listed.id, key, dose)
                return DoseMention(known.name, None, key, dose)
        return None

    def _dose(self, index: int, usual: str | None) -> tuple[str | None, int]:
        """The dose after a medication name ("50 mg", "50mg", "50"), and where it ends."""
        if not self._free(index, index + 1):
            return None, index
        key = self.keys[index]
        joined = _NUMBER_WITH_UNIT.match(key)
        if joined is not None:
            unit = self._unit_word(joined["unit"])
            if unit is None:
                return None, index
            return _dose_text(joined["value"], unit, self.tokens[index].text), index + 1
        if not _NUMBER.match(key):
            return None, index
        length = match_at(self.keys, index + 1, tuple(words for words, _ in self.tables.units))
        if length and self._free(index + 1, index + 1 + length):
            unit = self._unit_word(" ".join(self.keys[index + 1 : index + 1 + length]))
            typed = " ".join(t.text for t in self.tokens[index + 1 : index + 1 + length])
            return _dose_text(key, unit or "", typed), index + 1 + length
        usual_unit = _UNIT_OF_DOSE.match(usual or "")
        return _dose_text(key, usual_unit["unit"] if usual_unit else "", ""), index + 1

    def _unit_word(self, words: str) -> str | None:
        for unit_words, unit in self.tables.units:
            if match_at(words.split(), 0, (unit_words,)) == len(words.split()):
                return unit
        return None

    def _start(self) -> tuple[datetime | None, bool]:
        """The start: "since 2pm", "seit 14 Uhr", "2h ago", "vor 2 Stunden", "14:00'dan beri"."""
        for index, key in enumerate(self.keys):
            if self.marks[index] is not None:
                continue
            word = time_word(self.keys, index, self.tables.code) or time_word(
                self.keys, index, DEFAULT_LANGUAGE
            )
            value = word[1] if word else None
            found = None
            if value == "ago":
                found = self._phrase_before(index, include_end=True)
            elif value == AGO_BEFORE:
                # "vor 2 Stunden", "hace 2 horas": a duration back from now.
                found = self._phrase_after(index, index + 1, durations_only=True)
            elif match_at(self.keys, index, self.tables.since_after):
                found = self._phrase_before(index, include_end=False)
            if found is not None:
                return found
            length = match_at(self.keys, index, self.tables.since)
            if not length and key not in DURATION_WORDS:
                continue
            begin = index + max(length, 1)
            found = self._phrase_after(index, begin, durations_only=not length)
            return found or self._start_unreadable(index, begin, duration_word=not length)
        return None, False

    def _phrase_after(
        self, word: int, begin: int, *, durations_only: bool
    ) -> tuple[datetime | None, bool] | None:
        for end in range(min(len(self.keys), begin + MAX_TIME_PHRASE_WORDS), begin, -1):
            if not self._free(begin, end):
                continue
            instant = self._instant(self.keys[begin:end], durations_only=durations_only)
            if instant is not None:
                self._mark(word, end)
                return (None, True) if self._implausible(instant) else (instant, False)
        return None

    def _phrase_before(
        self, word: int, *, include_end: bool
    ) -> tuple[datetime | None, bool] | None:
        end = word + 1 if include_end else word
        for begin in range(max(0, word - MAX_TIME_PHRASE_WORDS), word):
            if not self._free(begin, word):
                continue
            instant = self._instant(self.keys[begin:end], durations_only=False)
            if instant is not None:
                self._mark(begin, word + 1)
                return (None, True) if self._implausible(instant) else (instant, False)
        return None

    def _implausible(self, instant: datetime) -> bool:
        """A start in the future, or before any attack still going on could have started.

        An attack reported as happening now cannot have started longer ago than the longest
        attack the diary records ("since 1.1.1900 10:00" is a typo, not a start).
        """
        return instant > self.now or self.now - instant > MAX_ATTACK_DURATION

    def _start_unreadable(
        self, word: int, begin: int, *, duration_word: bool
    ) -> tuple[datetime | None, bool]:
        """A start word with no readable time after it.

        "for ages" and a since-word that is also an ordinary word ("с тошнотой": "with
        nausea") are left to the rest of the message; otherwise the start is asked again, and
        the words that tried to say it are taken as that attempt.
        """
        if duration_word or match_at(self.keys, word, self.tables.fillers):
            return None, False
        end = begin
        while self._free(end, end + 1) and not _NUMBER.match(self.keys[end]):
            end += 1
        self._mark(word, end)
        return None, True

    def _instant(self, keys: Sequence[str], *, durations_only: bool) -> datetime | None:
        """The moment a time phrase names, counted back from now for a duration."""
        english = to_english(keys, self.tables.code)
        duration = parse_duration(english)
        # A phrase that also reads as a clock time ("since 21h") is the time, not a duration.
        if duration is not None and (durations_only or parse_clock_time(english) is None):
            return (self.now - duration).astimezone(UTC)
        if durations_only:
            return None
        return parse_past_when(english, now=self.now, tz=self.tz, language=DEFAULT_LANGUAGE)

    def _symptoms(self) -> frozenset[Symptom]:
        found: set[Symptom] = set()
        for index in range(len(self.keys)):
            if self.marks[index] is not None:
                continue
            negation = match_at(self.keys, index, self.tables.negations)
            at = index + negation
            for words, symptom in self.tables.symptoms:
                if self._free(at, at + len(words)) and match_at(self.keys, at, (words,)):
                    self._mark(index, at + len(words))
                    if not negation:
                        found.add(symptom)
                    break
        return frozenset(found)

    def _red_flags(self) -> frozenset[RedFlag]:
        """Warning signs in the message; a clause that names one is understood as that."""
        for clause in sorted({token.clause for token in self.tokens}):
            indexes = [i for i, token in enumerate(self.tokens) if token.clause == clause]
            start, end = self.tokens[indexes[0]].start, self.tokens[indexes[-1]].end
            if detect_red_flag_words(self.text[start:end]):
                for index in indexes:
                    self.marks[index] = self.marks[index] or UNDERSTOOD
        return detect_red_flag_words(self.text)

    def _side(self) -> Side | None:
        for index in range(len(self.keys)):
            for words, side in self.tables.sides:
                if self._free(index, index + len(words)) and match_at(self.keys, index, (words,)):
                    self._mark(index, index + len(words))
                    return side
        return None

    def _intensity(self) -> tuple[int | None, bool]:
        """The first bare number left: 0-10 is the intensity, anything else out of range."""
        for index, key in enumerate(self.keys):
            if self.marks[index] is None and _NUMBER.match(key):
                if match_at(self.keys, index + 1, tuple(w for w, _ in self.tables.units)):
                    continue
                self._mark(index, index + 1)
                return _intensity(key)
        return None, False

    def _fillers(self, *, multiword: bool) -> None:
        for index in range(len(self.keys)):
            for words in self.tables.fillers:
                if (len(words) > 1) != multiword:
                    continue
                if self._free(index, index + len(words)) and match_at(self.keys, index, (words,)):
                    self._mark(index, index + len(words), FILLER)
                    break

    def _leftovers(self) -> tuple[str, ...]:
        """Each clause's words not understood, as typed, with the fillers between them."""
        parts = []
        for clause in sorted({token.clause for token in self.tokens}):
            indexes = [i for i, token in enumerate(self.tokens) if token.clause == clause]
            unread = [i for i in indexes if self.marks[i] is None]
            if not unread:
                continue
            first, last = unread[0], unread[-1]
            while first - 1 in indexes and self.marks[first - 1] == FILLER:
                first -= 1
            parts.append(self.text[self.tokens[first].start : self.tokens[last].end])
        return tuple(parts)


def fold_name(name: str) -> str:
    """A medication name as the words it is matched by ("Imigran 50" -> "imigran 50")."""
    return " ".join(token.key for token in tokenize(name))


def _dose_text(value: str, unit: str, typed_unit: str) -> str:
    """The dose as stored: "50 mg" for a metric unit, "2 таблетки" (as typed) otherwise."""
    shown = unit or typed_unit
    return f"{value} {shown}".strip()


def _intensity(value: str) -> tuple[int | None, bool]:
    """Turn "7" into (7, False) and "11" or "7.5" into (None, True)."""
    number = float(value.replace(",", "."))
    if number.is_integer() and MIN_INTENSITY <= number <= MAX_INTENSITY:
        return int(number), False
    return None, True
