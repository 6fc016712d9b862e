"""The languages the bot reads typed text in, and which to try first for a user."""

from __future__ import annotations

from bot.domain.lang import DEFAULT_LANGUAGE, Vocabulary, ar, de, en, es, fr, it, pt, ru, tr, uk

VOCABULARIES: dict[str, Vocabulary] = {
    vocabulary.code: vocabulary
    for vocabulary in (
        en.VOCABULARY,
        ru.VOCABULARY,
        uk.VOCABULARY,
        es.VOCABULARY,
        pt.VOCABULARY,
        de.VOCABULARY,
        fr.VOCABULARY,
        it.VOCABULARY,
        tr.VOCABULARY,
        ar.VOCABULARY,
    )
}
SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(VOCABULARIES)


def language_key(code: str | None) -> str:
    """The table for a Telegram ``language_code`` ("pt-br" -> "pt"); English if there is none."""
    base = (code or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower()
    return base if base in VOCABULARIES else DEFAULT_LANGUAGE


def languages_to_try(code: str | None) -> tuple[Vocabulary, ...]:
    """Every vocabulary: the user's language first, then English, then the others."""
    first = language_key(code)
    order = [first, DEFAULT_LANGUAGE, *SUPPORTED_LANGUAGES]
    return tuple(VOCABULARIES[key] for key in dict.fromkeys(order))
