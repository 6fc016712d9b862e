"""Typed yes and no ("ja", "нет", "sí", "evet", "نعم"), in the user's language or English."""

from __future__ import annotations

from bot.domain.lang import DEFAULT_LANGUAGE
from bot.domain.languages import VOCABULARIES, language_key
from bot.domain.lexicon import phrase, tokenize


def parse_yes_no(text: str, *, language: str | None = None) -> bool | None:
    """Return True for a typed yes, False for a no, None for anything else.

    Only the user's language and English are read: "da" is yes in Russian transliteration but
    "from" in Italian, so a word is never taken from an unrelated language.
    """
    words = tuple(token.key for token in tokenize(text))
    for code in dict.fromkeys((language_key(language), DEFAULT_LANGUAGE)):
        vocabulary = VOCABULARIES[code]
        if words in {phrase(word) for word in vocabulary.yes}:
            return True
        if words in {phrase(word) for word in vocabulary.no}:
            return False
    return None
