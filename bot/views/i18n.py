"""The translation function every user-facing string goes through.

Texts are written in English in the source, wrapped in ``tr._(...)``; ``pybabel extract`` collects
them into ``bot/views/locale/messages.pot`` and each language is a catalog beside it
(``locale/<lang>/LC_MESSAGES/messages.po`` compiled to ``.mo``). A language without a catalog
falls back to English.

A translated text is Telegram HTML (it may hold ``<b>`` and friends), so the translator returns
:class:`~bot.views.markup.Html` and escapes every value it fills in, unless that value is itself
``Html``: a user's medication name, trigger or first name always shows literally.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from bot.views.markup import Html

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

    def _(self, message: str, /, **values: object) -> Html:
        """Translate ``message`` and fill in ``values``, escaping those that are not ``Html``."""
        text = Html(self._catalog.gettext(message))
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, count: int, /, **values: object) -> Html:
        """Translate a text whose wording depends on ``count`` (available as ``{count}``)."""
        text = Html(self._catalog.ngettext(singular, plural, count))
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
