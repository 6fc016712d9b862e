import gettext
import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.views.catalogs import extract_messages, language_catalog
from bot.views.i18n import DOMAIN, LOCALE_DIR

STALE = (
    "the translation catalogs are out of date with the source: "
    "run `python -m bot.views.catalogs update` and commit the files it changes"
)
MessageId = str | tuple[str, ...]


def singular(message_id: MessageId) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def msgids(catalog: Catalog) -> set[MessageId]:
    return {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
    }


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def test_extraction_finds_the_texts() -> None:
    found = {singular(message_id) for message_id in msgids(extract_messages())}

    assert "Hi {name}!" in found
    assert "⚙️ Settings" in found
    assert "" not in found


def test_template_matches_the_source() -> None:
    template = read_catalog(LOCALE_DIR / f"{DOMAIN}.pot")

    assert msgids(template) == msgids(extract_messages()), STALE


def test_english_catalog_has_every_text_translated() -> None:
    template = read_catalog(LOCALE_DIR / f"{DOMAIN}.pot")
    english = read_catalog(po_path("en"), locale="en")

    assert msgids(english) == msgids(template), STALE
    untranslated = [
        message.id
        for message in english
        if message.id
        and (
            not message.string
            or (not isinstance(message.string, str) and not all(message.string))
            or message.fuzzy
        )
    ]
    assert untranslated == [], STALE


def test_english_translates_every_text_to_itself() -> None:
    english = read_catalog(po_path("en"), locale="en")

    assert [m.id for m in english if m.id and m.string != m.id] == [], STALE


def test_compiled_catalogs_match_their_po_files() -> None:
    languages = sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    assert "en" in languages
    for language in languages:
        source = read_catalog(po_path(language), locale=language)
        with po_path(language).with_suffix(".mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        compiled_ids = {singular(key) for key in compiled._catalog if singular(key)}  # type: ignore[attr-defined]
        expected = {singular(message_id) for message_id in msgids(source)}

        assert len(compiled_ids) == len(expected), f"{language}: {STALE}"
        assert compiled_ids == expected, f"{language}: {STALE}"
        for message in source:
            if message.id and isinstance(message.id, str):
                assert compiled.gettext(message.id) == message.string, f"{language}: {STALE}"


def compiled_messages(data: bytes) -> dict[object, str]:
    """The messages of a compiled catalog, without its header (which names the generator)."""
    compiled = gettext.GNUTranslations(BytesIO(data))
    return {key: value for key, value in compiled._catalog.items() if singular(key)}  # type: ignore[attr-defined]


def test_language_catalog_is_what_update_would_write() -> None:
    template = extract_messages()
    english = language_catalog(template, "en")
    buffer = BytesIO()
    write_mo(buffer, english)

    written = compiled_messages(buffer.getvalue())
    committed = compiled_messages(po_path("en").with_suffix(".mo").read_bytes())
    assert written, "the freshly compiled catalog holds no messages"
    assert committed == written, STALE


def test_the_comparison_ignores_the_generator_header() -> None:
    catalog = Catalog(locale="en", project="p", fuzzy=False)
    catalog.add("Hello", "Hello")
    first, second = BytesIO(), BytesIO()
    write_mo(first, catalog)
    catalog.project = "another generator run"
    write_mo(second, catalog)

    assert first.getvalue() != second.getvalue()
    assert compiled_messages(first.getvalue()) == compiled_messages(second.getvalue())
    catalog.add("Bye", "Tschüss")
    changed = BytesIO()
    write_mo(changed, catalog)
    assert compiled_messages(changed.getvalue()) != compiled_messages(first.getvalue())


# Every language the bot ships, English included; each must translate every text.
LANGUAGES = sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")


def markup(text: str) -> tuple[list[str], list[str]]:
    """A text's placeholders (sorted: word order may change) and its HTML tags (in order)."""
    return sorted(PLACEHOLDER.findall(text)), TAG.findall(text)


def catalog_problems(catalog: Catalog, template: Catalog) -> list[str]:
    """What is missing, fuzzy, empty or broken in a language's catalog."""
    problems = [
        f"missing: {singular(message_id)!r}"
        for message_id in sorted(msgids(template) - msgids(catalog), key=singular)
    ]
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = (
            [message.string] if isinstance(message.string, str) else list(message.string or ())
        )
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if not all(strings):
            problems.append(f"empty: {ids[0]!r}")
            continue
        # Every form must carry the placeholders and tags of the English (singular or plural;
        # a form may leave out {count} only where English does too).
        expected = [markup(text) for text in ids]
        for form in strings:
            if markup(form) not in expected:
                problems.append(f"markup: {ids[0]!r} -> {form!r}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_translates_every_text_with_its_placeholders_and_tags(
    language: str,
) -> None:
    template = read_catalog(LOCALE_DIR / f"{DOMAIN}.pot")
    catalog = read_catalog(po_path(language), locale=language)

    assert catalog_problems(catalog, template) == []


def test_the_catalog_check_finds_each_kind_of_problem() -> None:
    template = Catalog(locale="en")
    for message_id in ("Hi {name}!", "<b>Settings</b>", "Close", "Gone", "Maybe"):
        template.add(message_id)
    template.add(("{count} day", "{count} days"))
    german = Catalog(locale="de")
    german.add("Hi {name}!", "Hallo {nom}!")
    german.add("<b>Settings</b>", "<i>Einstellungen</i>")
    german.add("Close", "")
    german.add("Maybe", "Vielleicht", flags=["fuzzy"])
    german.add(("{count} day", "{count} days"), ("{count} Tag", "Tage"))

    assert catalog_problems(german, template) == [
        "missing: 'Gone'",
        "markup: 'Hi {name}!' -> 'Hallo {nom}!'",
        "markup: '<b>Settings</b>' -> '<i>Einstellungen</i>'",
        "empty: 'Close'",
        "fuzzy: 'Maybe'",
        "markup: '{count} day' -> 'Tage'",
    ]


def test_languages_keep_their_plural_rules() -> None:
    # Russian, Ukrainian and Arabic need more than two forms (CLDR plural rules).
    forms = {
        language: read_catalog(po_path(language), locale=language).num_plurals
        for language in LANGUAGES
    }
    assert forms["ru"] == forms["uk"] == 3
    assert forms["ar"] == 6
    assert forms["en"] == forms["de"] == 2
