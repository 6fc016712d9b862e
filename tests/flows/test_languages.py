"""Every language end to end: onboarding, an attack, a check-in and /summary; /language; menus."""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import UTC, datetime

import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from pypdf import PdfReader
from sqlmodel import select
from telegram import BotCommandScopeChat

from bot.clock import FixedClock
from bot.domain.medications import KNOWN_MEDICATIONS
from bot.sandbox import BotApiEmulator, SentMessage
from bot.sandbox.harness import SandboxBot
from bot.storage.models import User
from bot.views.charts import visual_order
from bot.views.i18n import LOCALE_DIR, available_languages, language_name, translator
from bot.views.menu import attack_now_label, commands, main_keyboard
from bot.views.report import FONT_DIR
from tests.flows.helpers import attack_rows, db_session, texts

EVENING = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
# The language_code Telegram sends for a user whose app speaks each catalog's language.
TELEGRAM_CODES = {
    "ru": "ru",
    "uk": "uk",
    "ar": "ar",
    "es": "es",
    "pt_BR": "pt-br",
    "it": "it",
    "de": "de",
    "fr": "fr",
    "tr": "tr",
}
OTHER_LANGUAGES = sorted(TELEGRAM_CODES)
# English words that may stand in any language: names, units, classifications, commands, and
# the names of medicines (the medication question offers the common ones by name).
ALLOWED_ENGLISH = {"ICHD-3", "IHS", "UTC", "Europe/Berlin"} | {
    medicine.name for medicine in KNOWN_MEDICATIONS.values()
}
MIN_FRAGMENT = 12


def _shown(messages: list[SentMessage]) -> list[str]:
    """Everything on the screens: texts, captions and the labels of their buttons."""
    shown = []
    for message in messages:
        shown.append(message.text or message.caption or "")
        shown += [label for row in message.inline_buttons() for label in row]
    return shown


def _english_fragments(language: str) -> list[str]:
    """English texts that the language translates differently: none may appear on its screens.

    Whole texts without placeholders are matched as words; texts with placeholders by their
    literal parts of at least MIN_FRAGMENT characters.
    """
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    fragments = []
    for message in catalog:
        if not message.id:
            continue
        english = [message.id] if isinstance(message.id, str) else list(message.id)
        translated = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        for text in english:
            if text in translated:
                continue
            whole = "{" not in text and "<" not in text
            for piece in re.split(r"\{[^}]*\}|<[^>]+>", text):
                part = piece.strip(" .,:;()·")
                if part in ALLOWED_ENGLISH or not re.search(r"[A-Za-z]{4}", part):
                    continue
                if whole or len(part) >= MIN_FRAGMENT:
                    fragments.append(part)
    return fragments


def _leaks(language: str, shown: list[str]) -> list[tuple[str, str]]:
    leaks = []
    for fragment in _english_fragments(language):
        pattern = re.compile(rf"(?<![\w]){re.escape(fragment)}(?![\w])")
        leaks += [(fragment, text) for text in shown if pattern.search(text)]
    return leaks


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
async def test_a_diary_in_every_language_shows_no_english(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock, language: str
) -> None:
    tr = translator(language)
    ann = emulator.user(9100, "Ann", language_code=TELEGRAM_CODES[language])
    await bot.say(ann, "/start")
    await bot.say(ann, "Europe/Berlin")
    await bot.tap(ann, "20:00")
    assert ann.reply_keyboard == [
        [button.text for button in row] for row in main_keyboard(tr).keyboard
    ]

    await bot.tap_reply(ann, attack_now_label(tr))
    await bot.tap(ann, "7")
    [attack] = attack_rows(bot, 9100)
    assert attack.peak_intensity == 7

    clock.set(EVENING)
    assert await bot.tick() == 1
    # The check-in's first answer: "Yes, already logged" (second button of the first row).
    await bot.tap(ann, ann.inline_buttons()[0][1])
    await bot.say(ann, "/summary")

    shown = _shown(ann.messages)
    assert any(tr.n_("{count} attack", "{count} attacks", 1) in text for text in shown)
    assert _leaks(language, shown) == []


async def test_the_leak_check_finds_english(bot: SandboxBot, emulator: BotApiEmulator) -> None:
    # An English-speaking user's screens are English: the check must flag them as German.
    ann = emulator.user(9101, "Ann", language_code="en")
    await bot.say(ann, "/start")
    assert _leaks("de", _shown(ann.messages)) != []


async def test_language_follows_telegram_at_start_and_language_changes_it(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(9102, "Ann", language_code="de-AT")
    replies = texts(await bot.say(ann, "/start"))
    assert replies[0].startswith("Hallo Ann!")
    await bot.say(ann, "Europe/Berlin")
    await bot.tap(ann, "20:00")

    replies = texts(await bot.say(ann, "/language"))
    assert replies == ["In welcher Sprache soll ich schreiben?"]
    labels = [label for row in ann.inline_buttons() for label in row]
    assert labels == [
        ("✓ " if language == "de" else "") + language_name(language)
        for language in available_languages()
    ]
    assert {"العربية", "Deutsch", "English", "Português (Brasil)", "Русский"} <= {
        label.removeprefix("✓ ") for label in labels
    }

    replies = texts(await bot.tap(ann, "Português (Brasil)"))
    assert replies == [
        "Idioma: Português (Brasil)",
        "Idioma escolhido: Português (Brasil). Você pode mudá-lo com /language.",
    ]
    portuguese = translator("pt_BR")
    assert ann.reply_keyboard == [
        [button.text for button in row] for row in main_keyboard(portuguese).keyboard
    ]
    with db_session(bot) as session:
        row = session.exec(select(User).where(User.telegram_id == 9102)).one()
        assert row.language == "pt_BR"
    # The chat's own command menu is now Portuguese, whatever Telegram's language is.
    menu = await bot.application.bot.get_my_commands(scope=BotCommandScopeChat(ann.chat_id))
    assert [(c.command, c.description) for c in menu] == [
        (c.name, c.description) for c in commands(portuguese)
    ]
    # Everything after that speaks Portuguese; /start does not undo the choice.
    assert texts(await bot.say(ann, "/start"))[0].startswith("Que bom ter você de volta, Ann!")

    replies = texts(await bot.say(ann, "/settings"))
    assert replies[0].startswith("Configurações\nIdioma: Português (Brasil)\n")
    await bot.tap(ann, "Idioma")
    await bot.tap(ann, "English")
    assert ann.reply_keyboard == [
        [button.text for button in row] for row in main_keyboard(translator("en")).keyboard
    ]


async def test_a_forged_language_button_changes_nothing(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(9103, "Ann", language_code="fr")
    await bot.say(ann, "/language")
    await bot.press_data(ann, ann.last_message.message_id, "lang:xx")
    assert (ann.alerts[-1].text or "").startswith("Ce bouton")
    with db_session(bot) as session:
        row = session.exec(select(User).where(User.telegram_id == 9103)).one()
        assert row.language == "fr"


@pytest.mark.parametrize("language", ["en", *OTHER_LANGUAGES])
async def test_the_command_menu_is_registered_in_every_language(
    bot: SandboxBot, language: str
) -> None:
    tr = translator(language)
    code = "" if language == "en" else TELEGRAM_CODES[language].split("-")[0]
    menu = await bot.application.bot.get_my_commands(language_code=code or None)
    assert [(c.command, c.description) for c in menu] == [
        (c.name, c.description) for c in commands(tr)
    ]
    assert "language" in [c.command for c in menu]


def test_a_user_of_an_unknown_language_gets_english(emulator: BotApiEmulator) -> None:
    assert translator("zh-hans").language == "en"


def _font_characters() -> set[str]:
    """Every character the report's fonts (DejaVu Sans, regular and bold) have a glyph for."""
    characters: set[str] = set()
    for face in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        cmap = TTFont(FONT_DIR / face).getBestCmap()
        characters |= {chr(code) for code in cmap}
    return characters


@pytest.mark.parametrize("language", ["ar", "ru", "uk", "tr"])
async def test_the_report_prints_every_letter_of_its_language(
    bot: SandboxBot, emulator: BotApiEmulator, language: str, caplog: pytest.LogCaptureFixture
) -> None:
    tr = translator(language)
    ann = emulator.user(9200, "Ann", language_code=TELEGRAM_CODES[language])
    await bot.say(ann, "/start")
    await bot.say(ann, "Europe/Berlin")
    await bot.tap(ann, "20:00")
    await bot.tap_reply(ann, attack_now_label(tr))
    await bot.tap(ann, "7")
    mark = ann.mark()
    await bot.say(ann, "/report")
    [message] = ann.messages_since(mark)
    assert message.document is not None
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(message.document.content)).pages
    )

    # The font has a glyph for every character the catalog can put in the report...
    with (LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    letters = {
        character
        for entry in catalog
        for string in ([entry.string] if isinstance(entry.string, str) else entry.string or ())
        for character in string
        if character.isalpha()
    }
    assert letters - _font_characters() == set()
    assert not [r for r in caplog.records if "missing" in r.getMessage().lower()]
    # ...and the text comes back out of the PDF: the title, shaped (Arabic letters take their
    # joined forms, which text extraction folds back with NFKC).
    title = tr._("Headache diary report")
    assert title in unicodedata.normalize("NFKC", text)


def test_arabic_chart_labels_are_shaped_right_to_left() -> None:
    # "صداع" (headache) drawn by matplotlib: joined forms, last letter first.
    assert visual_order("صداع") == "\ufec9\ufe8d\ufeaa\ufebb"
    assert visual_order("Headache days per week") == "Headache days per week"
