"""Telegram HTML that cannot be built by accident: every interpolated value is escaped.

Messages go out in Telegram's HTML parse mode, where a user's medication called ``<b>x</b>``,
``A < b & c`` or ``&nbsp;`` must be sent as ``&lt;b&gt;x&lt;/b&gt;``, ``A &lt; b &amp; c`` and
``&amp;nbsp;``, or Telegram refuses the message (or shows something else). :class:`Html` is text
that is already markup. Everything else is plain text, and it is escaped wherever it meets
markup: in the translator's ``{placeholders}``, in ``Html + str``, in ``Html(...).join``, in
:meth:`Html.format`, and when a :class:`~bot.views.screens.Screen` is made from a plain ``str``.
Forgetting to escape therefore over-escapes (visible, harmless) instead of breaking the send.
Only literal markup written in this package is wrapped in ``Html(...)``, e.g. ``Html("<b>")``.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable
from typing import Any, SupportsIndex

_TAG = re.compile(r"<[^>]*>")


class Html(str):
    """Text in Telegram's HTML parse mode: sent as it is, never escaped again."""

    __slots__ = ()

    def __add__(self, other: str) -> Html:
        return Html(str.__add__(self, escape(other)))

    def __radd__(self, other: str) -> Html:
        return Html(str.__add__(escape(other), self))

    def __mul__(self, count: SupportsIndex) -> Html:
        return Html(str.__mul__(self, count))

    def join(self, parts: Iterable[str]) -> Html:
        """Join ``parts`` with this separator, escaping those that are plain text."""
        return Html(str.join(self, (escape(part) for part in parts)))

    def format(self, *args: object, **kwargs: object) -> Html:
        """Fill in ``{placeholders}``, escaping every value that is not :class:`Html`."""
        return Html(_FORMATTER.vformat(self, args, kwargs))

    def plain(self) -> str:
        """Return the text a user sees (no tags, entities decoded), for plain-text places."""
        return html.unescape(_TAG.sub("", self))


class _EscapingFormatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        formatted = format(value, format_spec)
        return formatted if isinstance(value, Html) else html.escape(formatted, quote=False)


_FORMATTER = _EscapingFormatter()


def escape(value: object) -> Html:
    """Return ``value`` as markup: :class:`Html` unchanged, anything else escaped."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=False))


def plain_text(text: str) -> str:
    """Return what ``text`` shows as plain text (buttons, alerts, files): markup is rendered."""
    return text.plain() if isinstance(text, Html) else text


def bold(value: object) -> Html:
    """Return ``value`` (escaped unless it is markup) in bold."""
    return Html("<b>") + escape(value) + Html("</b>")


def italic(value: object) -> Html:
    """Return ``value`` (escaped unless it is markup) in italics."""
    return Html("<i>") + escape(value) + Html("</i>")


ECHO_LENGTH = 40  # characters of the user's own text quoted back in a reply


def echo(typed: str, limit: int = ECHO_LENGTH) -> str:
    """The user's text as a reply quotes it: one line, at most ``limit`` characters, then "…"."""
    cleaned = " ".join(typed.split())
    return cleaned if len(cleaned) <= limit else cleaned[: limit - 1].rstrip() + "…"
