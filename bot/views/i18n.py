"""The translation function every user-facing string goes through.

Texts are written in English in the source, wrapped in ``tr._(...)``; ``pybabel extract`` collects
them into ``bot/views/locale/messages.pot`` and each language is a catalog beside it
(``locale/<lang>/LC_MESSAGES/messages.po`` compiled to ``.mo``). A Telegram ``language_code``
("pt-br", "de-AT", "zh-hans") is resolved to one of those catalogs by :func:`resolve_language`;
anything without a catalog falls back to English.

A translated text is Telegram HTML (it may hold ``<b>`` and friends), so the translator returns
:class:`~bot.views.markup.Html` and escapes every value it fills in, unless that value is itself
``Html``: a user's medication name, trigger or first name always shows literally.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

from babel.core import Locale

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
    """The (cached) translator for a language code such as ``en``, ``de-AT`` or ``pt_BR``."""
    return Translator(resolve_language(language))


def available_languages() -> list[str]:
    """Languages that have a compiled catalog (``en``, ``pt_BR``, ...)."""
    return sorted(
        path.parent.parent.name for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
    )


def resolve_language(code: str | None) -> str:
    """The catalog for a Telegram ``language_code`` (an IETF tag) or a stored catalog name.

    The region is used where a catalog is made for it ("pt-br" is ``pt_BR``); otherwise the
    primary subtag decides ("de-AT" is ``de``), and a language whose only catalog is regional
    takes that one ("pt" is ``pt_BR``). Anything else is English.
    """
    subtags = (code or "").strip().replace("_", "-").lower().split("-")
    primary = subtags[0]
    if not primary:
        return DEFAULT_LANGUAGE
    available = available_languages()
    candidates = [f"{primary}_{subtags[1].upper()}"] if len(subtags) > 1 else []
    candidates.append(primary)
    candidates.extend(name for name in available if name.split("_")[0] == primary)
    return next((name for name in candidates if name in available), DEFAULT_LANGUAGE)


def telegram_language_code(language: str) -> str:
    """The code Telegram's ``setMyCommands`` takes for a catalog: its primary subtag."""
    return language.split("_", maxsplit=1)[0].lower()


def language_name(language: str) -> str:
    """A language's name in that language ("Deutsch", "Português (Brasil)", "العربية")."""
    name = Locale.parse(language).get_display_name(language) or language
    return name[:1].upper() + name[1:]


def is_rtl(tr: Translator) -> bool:
    """Whether the translator's language is written right to left (Arabic)."""
    return Locale.parse(tr.language).character_order == "right-to-left"
