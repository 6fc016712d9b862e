"""A message as the bot shows it: text plus optional buttons."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup

from bot.views.callbacks import Action, encode

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup


@dataclass(frozen=True)
class Screen:
    """Text in Telegram's HTML parse mode and the keyboard to go with it."""

    text: str
    markup: Markup | None = None


def button(label: str, action: Action, *args: str | int) -> InlineKeyboardButton:
    """An inline button whose press is decoded by :mod:`bot.views.callbacks`."""
    return InlineKeyboardButton(label, callback_data=encode(action, *args))


def inline(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    """An inline keyboard with the given rows (empty rows are dropped)."""
    return InlineKeyboardMarkup([row for row in rows if row])
