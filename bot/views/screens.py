"""A message as the bot shows it: text plus optional buttons."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.views.callbacks import Action, encode
from bot.views.markup import Html, escape, plain_text

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup


@dataclass(frozen=True, init=False)
class Screen:
    """Text in Telegram's HTML parse mode and the keyboard to go with it.

    ``text`` is :class:`~bot.views.markup.Html` as given, or a plain ``str`` that is escaped: a
    screen can never carry unescaped user text.
    """

    text: Html
    markup: Markup | None

    def __init__(self, text: str, markup: Markup | None = None) -> None:
        object.__setattr__(self, "text", escape(text))
        object.__setattr__(self, "markup", markup)


def button(label: str, action: Action, *args: str | int) -> InlineKeyboardButton:
    """An inline button whose press is decoded by :mod:`bot.views.callbacks`.

    Button labels are plain text: a translated (``Html``) label is shown as the user reads it.
    """
    return InlineKeyboardButton(plain_text(label), callback_data=encode(action, *args))


def inline(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """An inline keyboard with the given rows (empty rows are dropped)."""
    return InlineKeyboardMarkup([row for row in rows if row])
