"""Escaping by default: the translator, Html and Screen never let user text through as markup."""

from __future__ import annotations

from datetime import time

import pytest

from bot.sandbox.entities import parse_html
from bot.views.callbacks import Action
from bot.views.i18n import translator
from bot.views.markup import Html, bold, escape, italic, plain_text
from bot.views.screens import Screen, button

# Names a user may type; each must reach Telegram escaped and show exactly as typed.
HOSTILE = ["<b>x</b>", "A < b & c", "&nbsp;", "&lt;3", 'say "hi" > 5', "</i>"]


@pytest.mark.parametrize("name", HOSTILE)
def test_the_translator_escapes_every_value(name: str) -> None:
    text = translator("en")._("Added <b>{name}</b>. Check the details below:", name=name)

    assert isinstance(text, Html)
    assert parse_html(text) == (
        f"Added {name}. Check the details below:",
        [{"type": "bold", "offset": 6, "length": len(name)}],
    )


def test_plural_texts_escape_their_values_too() -> None:
    text = translator("en").n_("{count} day", "{count} days", 2)

    assert (text, type(text)) == ("2 days", Html)


def test_markup_values_and_format_specs_pass_through() -> None:
    text = Html("{a} {b:.1f} {c:%H:%M} {d}").format(a=bold("<x>"), b=2.25, c=time(9, 5), d="<y>")

    assert text == "<b>&lt;x&gt;</b> 2.2 09:05 &lt;y&gt;"


@pytest.mark.parametrize("name", HOSTILE)
def test_a_screen_escapes_plain_text(name: str) -> None:
    assert parse_html(Screen(f"Hi {name}").text) == (f"Hi {name}", [])


def test_concatenation_and_join_escape_the_plain_side() -> None:
    line = "<" + italic("&") + " & " + Html("<u>u</u>")
    joined = Html(", ").join(["<a>", bold("b"), "&"])

    assert line == "&lt;<i>&amp;</i> &amp; <u>u</u>"
    assert joined == "&lt;a&gt;, <b>b</b>, &amp;"
    assert isinstance(line, Html)
    assert isinstance(joined, Html)


def test_escaping_is_done_once() -> None:
    once = escape("a & b")

    assert escape(once) is once
    assert escape(escape(escape("<"))) == "&lt;"
    assert Screen(Screen("<").text).text == "&lt;"


@pytest.mark.parametrize("name", HOSTILE)
def test_buttons_and_plain_places_show_the_text_as_typed(name: str) -> None:
    label = translator("en")._("✕ Remove {name}", name=name)

    assert button(label, Action.MEDS, "x").text == f"✕ Remove {name}"
    assert plain_text(bold(name)) == name
    assert plain_text(name) == name
