"""The words the bot understands when people type, one table per language.

Each language module defines a :class:`Vocabulary`, written in the language's natural spelling;
everything is folded (see :mod:`bot.domain.lexicon`) when it is compared. Tables rather than a
date or NLP library: see the README ("Typed phrases").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.attacks import Side, Symptom

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Vocabulary:
    """The typed words of one language.

    Attributes:
        code: The language code (``pt`` for Portuguese, Brazil included).
        headache: Phrases that report a headache or an attack ("мигрен*", "dolor de cabeza").
        not_attack: Patterns (searched in the folded text) that say there is *no* headache.
        over: Patterns (matched against the whole folded message) that say an attack ended.
        since: Words before a start time ("since", "seit", "desde").
        since_after: Words after a start time (Turkish "14:00'dan beri").
        time_words: Time vocabulary mapped to the English form the time parser reads; "<ago>"
            marks a word that comes *before* a duration ("vor 2 Stunden"); a value "a|b"
            means ``a`` right after a number and ``b`` otherwise (Turkish "saat").
        symptoms: Phrases naming each built-in symptom.
        sides: Phrases naming the side of the pain.
        negations: Words that, just before a symptom, say it is absent ("no nausea").
        fillers: Words that carry nothing to record ("I", "have", "bad", "took").
        units: Dose units mapped to how they are stored ("мг" -> "mg"; "" keeps the word).
        out_of: Words in "7 out of 10".
        yes: Words for yes.
        no: Words for no.
    """

    code: str
    headache: tuple[str, ...]
    not_attack: tuple[str, ...]
    over: tuple[str, ...]
    since: tuple[str, ...]
    time_words: dict[str, str]
    symptoms: dict[Symptom, tuple[str, ...]]
    sides: dict[Side, tuple[str, ...]]
    negations: tuple[str, ...]
    fillers: tuple[str, ...]
    units: dict[str, str]
    out_of: tuple[str, ...]
    yes: tuple[str, ...]
    no: tuple[str, ...]
    since_after: tuple[str, ...] = field(default=())
