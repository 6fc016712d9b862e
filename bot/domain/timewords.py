"""Time words of every language rewritten into the English the time parser reads.

"gestern 15 Uhr" becomes "yesterday 15 h", "вчера в 15:00" "yesterday at 15:00", "hace 2 horas"
"2 h ago", "منذ ساعتين" "2 h ago": the per-language tables live in :mod:`bot.domain.lang`, and
:mod:`bot.domain.timephrases` does the arithmetic once, in one place, for every language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from bot.domain.languages import VOCABULARIES, languages_to_try
from bot.domain.lexicon import Phrase, match_at, phrase, tokenize

AGO_BEFORE = "<ago>"
# English units that need a number before them: "vor einer Stunde" is "1 h ago".
UNITS = frozenset({"h", "min", "d"})
_NUMBER = re.compile(r"^\d{1,4}(?:[.,]\d{1,2})?$")


@cache
def _table(code: str) -> tuple[tuple[Phrase, str], ...]:
    """The language's time words, longest phrase (then longest spelling) first."""
    entries = [(phrase(text), value) for text, value in VOCABULARIES[code].time_words.items()]
    return tuple(sorted(entries, key=lambda entry: (-len(entry[0]), -len("".join(entry[0])))))


def time_word(keys: Sequence[str], index: int, code: str) -> tuple[int, str] | None:
    """The time word of language ``code`` at ``index``: how many words, and its value."""
    return next(
        ((len(words), value) for words, value in _table(code) if match_at(keys, index, (words,))),
        None,
    )


def to_english(keys: Sequence[str], code: str) -> str:
    """Rewrite folded words of language ``code`` into an English time phrase."""
    out: list[str] = []
    ago_before = False
    index = 0
    while index < len(keys):
        found = time_word(keys, index, code)
        if found is None:
            out.append(keys[index])
            index += 1
            continue
        length, value = found
        index += length
        after_number = bool(out) and _NUMBER.match(out[-1]) is not None
        if "|" in value:
            value = value.split("|")[0 if after_number else 1]
        if value == AGO_BEFORE:
            ago_before = True
        elif value in UNITS and not after_number:
            out += ["1", value]
        elif value:
            out.append(value)
    if ago_before:
        out.append("ago")
    return " ".join(out)


def english_forms(text: str, language: str | None) -> list[str]:
    """``text`` as typed, then rewritten from each language (the user's first), distinct."""
    keys = [token.key for token in tokenize(text)]
    forms = [text]
    for vocabulary in languages_to_try(language):
        form = to_english(keys, vocabulary.code)
        if form not in forms:
            forms.append(form)
    return forms
