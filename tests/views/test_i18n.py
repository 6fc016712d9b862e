from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from bot.views import i18n
from bot.views.i18n import (
    DEFAULT_LANGUAGE,
    Translator,
    available_languages,
    resolve_language,
    translator,
)


def test_translate_and_fill_in() -> None:
    assert translator("en")._("Hi {name}!", name="A") == "Hi A!"


def test_text_without_values_is_returned_as_is() -> None:
    assert translator("en")._("Settings") == "Settings"


def test_values_are_filled_in_once_not_reinterpreted() -> None:
    assert translator("en")._("Hi {name}!", name="{name} {0}") == "Hi {name} {0}!"


def test_unknown_language_falls_back_to_english() -> None:
    english = translator("en")
    unknown = translator("xx")

    assert unknown.language == "en"
    assert unknown._("Close") == english._("Close") == "Close"
    assert unknown._("Hi {name}!", name="Zoë") == "Hi Zoë!"


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("de-AT", "de"),
        ("EN-gb", "en"),
        ("pt", "pt_BR"),
        ("pt-br", "pt_BR"),
        ("pt-PT", "pt_BR"),
        ("zh-hans", "en"),
        ("uk", "uk"),
        ("ar", "ar"),
        ("tr", "tr"),
        ("xx", "en"),
        ("pt_BR", "pt_BR"),
        (None, DEFAULT_LANGUAGE),
        ("", "en"),
    ],
)
def test_language_codes_resolve_to_a_catalog(code: str | None, language: str) -> None:
    # Telegram sends IETF tags ("pt-br", "de-AT", "zh-hans"); a stored choice is a catalog name.
    assert resolve_language(code) == language
    assert translator(code).language == language


def test_translators_are_cached() -> None:
    assert translator("de-AT") is translator("de-AT")
    assert translator("en") is translator("en")
    assert translator("en") is not translator("de")


def test_english_has_a_compiled_catalog() -> None:
    assert "en" in available_languages()


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 attacks"), (1, "1 attack"), (2, "2 attacks"), (21, "21 attacks")],
)
def test_plural_without_a_translation_uses_english_rules(count: int, expected: str) -> None:
    assert translator("en").n_("{count} attack", "{count} attacks", count) == expected


def test_plural_fills_in_other_values() -> None:
    assert (
        translator("en").n_("{count} day in {month}", "{count} days in {month}", 3, month="May")
        == "3 days in May"
    )


def write_catalog(locale_dir: Path, catalog: Catalog) -> None:
    folder = locale_dir / str(catalog.locale) / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)


@pytest.fixture
def polish_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A locale folder of its own: Polish (three plural forms) and a marked-up English."""
    polish = Catalog(locale="pl")
    polish.add(
        ("{count} attack", "{count} attacks"),
        ("{count} atak", "{count} ataki", "{count} ataków"),
    )
    polish.add("Close", "Zamknij")
    write_catalog(tmp_path, polish)
    english = Catalog(locale="en")
    english.add("Close", "Close (en)")
    english.add("Settings", "Settings (en)")
    write_catalog(tmp_path, english)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    return tmp_path


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 atak"),
        (2, "2 ataki"),
        (4, "4 ataki"),
        (5, "5 ataków"),
        (12, "12 ataków"),
        (22, "22 ataki"),
    ],
)
def test_plural_forms_follow_the_language(polish_locale: Path, count: int, expected: str) -> None:
    polish = Translator("pl")

    assert polish.n_("{count} attack", "{count} attacks", count) == expected
    assert polish._("Close") == "Zamknij"


def test_a_language_falls_back_to_english_text_by_text(polish_locale: Path) -> None:
    assert Translator("pl")._("Settings") == "Settings (en)"
    assert Translator("xx")._("Close") == "Close (en)"
    assert Translator("xx")._("Not in any catalog") == "Not in any catalog"


def test_available_languages_lists_compiled_catalogs(polish_locale: Path) -> None:
    assert available_languages() == ["en", "pl"]
