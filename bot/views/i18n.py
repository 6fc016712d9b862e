"""The translation function every user-facing string goes through.

Texts are written in English in the source, wrapped in ``tr._(...)``; ``pybabel extract`` collects
them into ``bot/views/locale/messages.pot`` and each language is a catalog beside it
(``locale/<lang>/LC_MESSAGES/messages.po`` compiled to ``.mo``). A language without a catalog
falls back to English.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DEFAULT_LANGUAGE = "en"


class Translator:
    """Translates texts into one language and fills in their ``{placeholders}``."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._catalog = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language, DEFAULT_LANGUAGE], fallback=True
        )

    def _(self, message: str, /, **values: object) -> str:
        """Translate ``message`` and format it with ``values``."""
        text = self._catalog.gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """Translate a text whose wording depends on ``count`` (available as ``{count}``)."""
        text = self._catalog.ngettext(singular, plural, count)
        return text.format(count=count, **values)


@lru_cache(maxsize=64)
def translator(language: str | None) -> Translator:
    """Return the (cached) translator for a language code such as ``en`` or ``de``."""
    return Translator((language or DEFAULT_LANGUAGE).split("-")[0].lower())


def available_languages() -> list[str]:
    """Languages that have a compiled catalog."""
    return sorted(
        path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )
