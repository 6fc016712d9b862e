"""Matching typed words in any language: folding, tokens and phrase tables.

Everything typed is compared in a *folded* form, so that the tables can be written once in
their natural spelling and still match what people type on any keyboard:

* Unicode compatibility normalisation (NFKD) and case folding; accents and other combining
  marks are dropped ("Migräne" and "migrane", "náuseas" and "nauseas" match).
* Turkish dotted and dotless i (İ, I, ı, i) are all "i"; Cyrillic ё is е (and й is и).
* Arabic: diacritics (harakat) and the tatweel are dropped, the hamza forms of alif (أ إ آ) are
  alif, alif maksura is ya, ta marbuta is ha; Arabic-Indic digits (٠-٩, ۰-۹) are ASCII digits.

A phrase in a table is a string of words; a word ending in ``*`` matches any word starting with
it ("мигрен*" matches "мигрень", "мигрени", "мигренью"), which covers inflection cheaply.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Characters folded to another before matching (after marks are dropped and case is folded).
_FOLD_MAP = str.maketrans(
    {
        "ı": "i",
        "ى": "ي",
        "ة": "ه",
        "ـ": None,  # Arabic tatweel (kashida), a stretching stroke with no meaning
        "’": "'",
        "ʼ": "'",
        "`": "'",
        "،": ",",
        "؛": ";",
        "؟": "?",
        **{chr(0x0660 + digit): str(digit) for digit in range(10)},
        **{chr(0x06F0 + digit): str(digit) for digit in range(10)},
    }
)
# Arabic prefixes (clitics) written joined to the next word: "and", "with", "the" and their
# combinations. A word is also tried without one, if what is left is long enough to be a word.
ARABIC_CLITICS = ("وال", "بال", "فال", "لل", "ال", "و", "ب", "ف", "ل")
MIN_STEM_LETTERS = 3
# In "l'aura" or "dall'una" (French, Italian) the part before the apostrophe is a separate
# word when it is this short and the rest this long; otherwise ("it's", "can't") the apostrophe
# is dropped. After a number ("14:00'dan", Turkish) the suffix is dropped.
MAX_ELIDED_LETTERS = 4
MIN_ELIDED_REST = 3

# A sign before a number stays with it, so "-5h ago" is never read as "5h ago".
_TOKEN = re.compile(r"(?:(?<!\w)[-+](?=\d))?\w+(?:(?:[:.,/](?=\d)|['’ʼ](?=\w))\w+)*")
# A clause ends at sentence punctuation, but not at a decimal point or comma ("2,5 mg"), nor
# at the point after a date that a time follows ("19.11. 10:00").
_CLAUSE_BREAK = re.compile(r"(?<!\d)[.,]|,(?!\d)|(?<=\d)\.(?!\s*\d)|[;!?\n،؛؟]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC_MARKS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


def fold(text: str) -> str:
    """Return ``text`` in the form used for matching (see the module docstring)."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.casefold().translate(_FOLD_MAP)


def clean(text: str) -> str:
    """Return ``text`` composed (NFC) without Arabic diacritics or tatweel, for showing back."""
    return _ARABIC_MARKS.sub("", unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Token:
    """A word of a message: as typed, folded, where it is, and which clause it belongs to."""

    text: str
    key: str
    start: int
    end: int
    clause: int


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words (times like "14:00", "7/10" and "2,5" stay whole)."""
    cleaned = clean(text)
    breaks = [match.start() for match in _CLAUSE_BREAK.finditer(cleaned)]
    tokens: list[Token] = []
    for match in _TOKEN.finditer(cleaned):
        clause = sum(1 for position in breaks if position < match.start())
        for start, end, key in _split_apostrophe(match.group(), match.start()):
            tokens.append(Token(cleaned[start:end], key, start, end, clause))
    return tokens


def _split_apostrophe(word: str, offset: int) -> list[tuple[int, int, str]]:
    """Handle an apostrophe inside ``word`` (see :data:`MAX_ELIDED_LETTERS`)."""
    key = fold(word)
    if "'" not in key:
        return [(offset, offset + len(word), key)]
    before, after = key.split("'", 1)
    cut = offset + len(re.split(r"['’ʼ]", word, maxsplit=1)[0])
    if before[:1].isdigit():
        return [(offset, cut, before)]
    # In Ukrainian the apostrophe is inside a word ("п'ятниця"), never an elision.
    if (
        not _CYRILLIC.search(key)
        and len(before) <= MAX_ELIDED_LETTERS
        and len(after.replace("'", "")) >= MIN_ELIDED_REST
    ):
        return [(offset, cut, before), (cut + 1, offset + len(word), after.replace("'", ""))]
    return [(offset, offset + len(word), key.replace("'", ""))]


def variants(key: str) -> tuple[str, ...]:
    """``key`` and, for an Arabic word, the word without a joined prefix ("والصداع")."""
    stems = [
        key[len(prefix) :]
        for prefix in ARABIC_CLITICS
        if key.startswith(prefix) and len(key) - len(prefix) >= MIN_STEM_LETTERS
    ]
    return (key, *stems)


Phrase = tuple[str, ...]


def phrase(text: str) -> Phrase:
    """A table phrase in folded words ("Dor de cabeça" -> ("dor", "de", "cabeca"))."""
    return tuple(fold(word) for word in text.split())


def phrases(texts: Iterable[str]) -> tuple[Phrase, ...]:
    """Fold several table phrases, longest first (so "dor de cabeça" beats "dor")."""
    return tuple(sorted({phrase(text) for text in texts}, key=len, reverse=True))


def word_matches(pattern: str, key: str) -> bool:
    """Whether a table word (``*`` = any ending) matches a folded word or its stem."""
    for candidate in variants(key):
        if pattern.endswith("*"):
            if candidate.startswith(pattern[:-1]):
                return True
        elif candidate == pattern:
            return True
    return False


def match_at(keys: Sequence[str], index: int, candidates: Iterable[Phrase]) -> int:
    """Return how many words from ``index`` the first matching phrase covers (0 if none)."""
    for words in candidates:
        end = index + len(words)
        if end <= len(keys) and all(
            word_matches(pattern, key) for pattern, key in zip(words, keys[index:end], strict=True)
        ):
            return len(words)
    return 0


def find_phrase(keys: Sequence[str], candidates: Iterable[Phrase]) -> tuple[int, int] | None:
    """Return the first ``(start, end)`` where one of the phrases occurs in ``keys``."""
    listed = tuple(candidates)
    for index in range(len(keys)):
        length = match_at(keys, index, listed)
        if length:
            return index, index + length
    return None
