from zoneinfo import available_timezones

import pytest

from bot.domain.timezones import (
    ALIASES,
    DEFAULT_LIKELY_ZONES,
    DEPRECATED_ZONES,
    FRACTIONAL_OFFSET_ZONES,
    LANGUAGE_ZONES,
    REGION_ZONES,
    SCRIPT_ZONES,
    TimezoneMatch,
    city_label,
    is_valid_timezone,
    likely_timezones,
    resolve_timezone,
)


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        (None, list(DEFAULT_LIKELY_ZONES)),
        ("", list(DEFAULT_LIKELY_ZONES)),
        ("xx", list(DEFAULT_LIKELY_ZONES)),
        (
            "en",
            [
                "Europe/London",
                "America/New_York",
                "America/Chicago",
                "America/Los_Angeles",
                "Australia/Sydney",
                "Asia/Kolkata",
            ],
        ),
        (
            "en-US",
            [
                "America/New_York",
                "America/Chicago",
                "America/Denver",
                "America/Phoenix",
                "America/Los_Angeles",
                "Pacific/Honolulu",
            ],
        ),
        (
            "en-GB",
            [
                "Europe/London",
                "America/New_York",
                "America/Chicago",
                "America/Los_Angeles",
                "Australia/Sydney",
                "Asia/Kolkata",
            ],
        ),
        (
            "en_AU",
            [
                "Australia/Sydney",
                "Australia/Melbourne",
                "Australia/Brisbane",
                "Australia/Adelaide",
                "Australia/Perth",
                "Europe/London",
            ],
        ),
        ("de", ["Europe/Berlin", "Europe/Vienna", "Europe/Zurich"]),
        ("de-CH", ["Europe/Zurich", "Europe/Berlin", "Europe/Vienna"]),
        (
            "pt-br",
            [
                "America/Sao_Paulo",
                "America/Manaus",
                "America/Fortaleza",
                "America/Recife",
                "Europe/Lisbon",
            ],
        ),
        (
            "ru",
            [
                "Europe/Moscow",
                "Europe/Samara",
                "Asia/Yekaterinburg",
                "Asia/Novosibirsk",
                "Asia/Almaty",
                "Europe/Minsk",
            ],
        ),
        ("uk", ["Europe/Kyiv", "Europe/Warsaw", "Europe/Berlin"]),
        (
            "es",
            [
                "Europe/Madrid",
                "America/Mexico_City",
                "America/Bogota",
                "America/Argentina/Buenos_Aires",
                "America/Lima",
                "America/Santiago",
            ],
        ),
        ("fr", ["Europe/Paris", "Europe/Brussels", "Europe/Zurich", "America/Toronto"]),
        ("it", ["Europe/Rome", "Europe/Zurich", "Europe/Berlin"]),
        ("nl", ["Europe/Amsterdam", "Europe/Brussels", "America/Paramaribo"]),
        ("pl", ["Europe/Warsaw", "Europe/London", "Europe/Berlin"]),
        ("tr", ["Europe/Istanbul", "Europe/Berlin", "Asia/Nicosia"]),
        (
            "ja",
            [
                "Asia/Tokyo",
                "Europe/London",
                "America/New_York",
                "Europe/Berlin",
                "Asia/Kolkata",
                "Australia/Sydney",
            ],
        ),
        (
            "zh-hans",
            ["Asia/Shanghai", "Asia/Singapore", "Asia/Taipei", "Asia/Hong_Kong"],
        ),
        (
            "zh-Hant-TW",
            ["Asia/Taipei", "Asia/Hong_Kong", "Asia/Macau", "Asia/Shanghai", "Asia/Singapore"],
        ),
        (
            "sr-latn",
            [
                "Europe/London",
                "America/New_York",
                "Europe/Berlin",
                "Asia/Kolkata",
                "Australia/Sydney",
            ],
        ),
        (
            "ar",
            ["Asia/Riyadh", "Africa/Cairo", "Asia/Dubai", "Africa/Casablanca", "Asia/Baghdad"],
        ),
        (
            "hi",
            [
                "Asia/Kolkata",
                "Europe/London",
                "America/New_York",
                "Europe/Berlin",
                "Australia/Sydney",
            ],
        ),
        # Unknown region falls back to the language; numeric region (UN M.49) is skipped.
        (
            "es-419",
            [
                "Europe/Madrid",
                "America/Mexico_City",
                "America/Bogota",
                "America/Argentina/Buenos_Aires",
                "America/Lima",
                "America/Santiago",
            ],
        ),
        (" DE-at ", ["Europe/Vienna", "Europe/Berlin", "Europe/Zurich"]),
    ],
)
def test_likely_timezones(language_code: str | None, expected: list[str]) -> None:
    assert likely_timezones(language_code) == expected


def test_every_listed_zone_exists() -> None:
    available = available_timezones()
    tables = [*REGION_ZONES.values(), *LANGUAGE_ZONES.values(), *SCRIPT_ZONES.values()]
    listed = {zone for zones in tables for zone in zones}
    listed |= set(DEFAULT_LIKELY_ZONES) | set(ALIASES.values()) | set(DEPRECATED_ZONES.values())
    listed |= {zone for zones in FRACTIONAL_OFFSET_ZONES.values() for zone in zones}
    assert sorted(listed - available) == []


def test_every_deprecated_name_is_a_known_zone() -> None:
    assert sorted(set(DEPRECATED_ZONES) - available_timezones()) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Exact IANA names in any case, with or without underscores.
        ("Europe/Berlin", TimezoneMatch(zone="Europe/Berlin")),
        ("europe/berlin", TimezoneMatch(zone="Europe/Berlin")),
        ("  AMERICA/NEW_YORK ", TimezoneMatch(zone="America/New_York")),
        ("america/new york", TimezoneMatch(zone="America/New_York")),
        ("america/argentina/buenos_aires", TimezoneMatch(zone="America/Argentina/Buenos_Aires")),
        ("America/Port-au-Prince", TimezoneMatch(zone="America/Port-au-Prince")),
        ("Etc/GMT-3", TimezoneMatch(zone="Etc/GMT-3")),
        # Deprecated names resolve to the modern zone.
        ("Asia/Calcutta", TimezoneMatch(zone="Asia/Kolkata")),
        ("europe/kiev", TimezoneMatch(zone="Europe/Kyiv")),
        ("US/Pacific", TimezoneMatch(zone="US/Pacific")),
        # Cities, accents and case ignored.
        ("new york", TimezoneMatch(zone="America/New_York")),
        ("New York", TimezoneMatch(zone="America/New_York")),
        ("new_york", TimezoneMatch(zone="America/New_York")),
        ("São Paulo", TimezoneMatch(zone="America/Sao_Paulo")),
        ("sao paulo", TimezoneMatch(zone="America/Sao_Paulo")),
        ("Kyiv", TimezoneMatch(zone="Europe/Kyiv")),
        ("Kiev", TimezoneMatch(zone="Europe/Kyiv")),
        ("Zürich", TimezoneMatch(zone="Europe/Zurich")),
        ("buenos aires", TimezoneMatch(zone="America/Argentina/Buenos_Aires")),
        ("Indianapolis", TimezoneMatch(zone="America/Indiana/Indianapolis")),
        ("port au prince", TimezoneMatch(zone="America/Port-au-Prince")),
        ("St. John's", TimezoneMatch(zone="America/St_Johns")),
        ("Nicosia", TimezoneMatch(zone="Asia/Nicosia")),
        ("Berlin, Germany", TimezoneMatch(zone="Europe/Berlin")),
        ("berlin!", TimezoneMatch(zone="Europe/Berlin")),
        # Aliases and abbreviations.
        ("UTC", TimezoneMatch(zone="UTC")),
        ("gmt", TimezoneMatch(zone="UTC")),
        ("EST", TimezoneMatch(zone="America/New_York")),
        ("san francisco", TimezoneMatch(zone="America/Los_Angeles")),
        ("Boston", TimezoneMatch(zone="America/New_York")),
        ("München", TimezoneMatch(zone="Europe/Berlin")),
        ("Calcutta", TimezoneMatch(zone="Asia/Kolkata")),
        ("munich", TimezoneMatch(zone="Europe/Berlin")),
        ("Mumbai", TimezoneMatch(zone="Asia/Kolkata")),
        ("delhi", TimezoneMatch(zone="Asia/Kolkata")),
        ("Beijing", TimezoneMatch(zone="Asia/Shanghai")),
        ("Hong Kong", TimezoneMatch(zone="Asia/Hong_Kong")),
        # UTC offsets: whole hours map to Etc/GMT with the inverted sign.
        ("UTC+2", TimezoneMatch(zone="Etc/GMT-2")),
        ("utc + 2", TimezoneMatch(zone="Etc/GMT-2")),
        ("GMT-5", TimezoneMatch(zone="Etc/GMT+5")),
        ("+03:00", TimezoneMatch(zone="Etc/GMT-3")),
        ("+0300", TimezoneMatch(zone="Etc/GMT-3")),
        ("-12", TimezoneMatch(zone="Etc/GMT+12")),
        ("UTC+14", TimezoneMatch(zone="Etc/GMT-14")),
        ("UTC+0", TimezoneMatch(zone="UTC")),
        ("-00:00", TimezoneMatch(zone="UTC")),
        ("UTC+15", TimezoneMatch(zone=None)),
        ("UTC-13", TimezoneMatch(zone=None)),
        # Offsets that are not whole hours: suggestions only.
        ("+05:30", TimezoneMatch(zone=None, suggestions=["Asia/Kolkata", "Asia/Colombo"])),
        ("UTC+0530", TimezoneMatch(zone=None, suggestions=["Asia/Kolkata", "Asia/Colombo"])),
        ("+05:45", TimezoneMatch(zone=None, suggestions=["Asia/Kathmandu"])),
        ("-03:30", TimezoneMatch(zone=None, suggestions=["America/St_Johns"])),
        ("+01:15", TimezoneMatch(zone=None)),
        # Typos: fuzzy suggestions, modern names only.
        ("berln", TimezoneMatch(zone=None, suggestions=["Europe/Berlin", "America/Belem"])),
        (
            "europe/berln",
            TimezoneMatch(
                zone=None,
                suggestions=[
                    "Europe/Berlin",
                    "Europe/Dublin",
                    "Europe/London",
                    "Europe/Helsinki",
                    "Europe/Guernsey",
                ],
            ),
        ),
        ("us/pacfic", TimezoneMatch(zone=None, suggestions=["Pacific/Chuuk"])),
        ("new yrok", TimezoneMatch(zone=None, suggestions=["America/New_York"])),
        (
            "calcuta",
            TimezoneMatch(
                zone=None,
                suggestions=[
                    "Asia/Kolkata",
                    "America/Argentina/Salta",
                    "Europe/Malta",
                    "Africa/Ceuta",
                    "America/Cancun",
                ],
            ),
        ),
        ("Atlantis, Berln", TimezoneMatch(zone=None)),
        # Nothing sensible.
        ("", TimezoneMatch(zone=None)),
        ("   ", TimezoneMatch(zone=None)),
        ("!!!", TimezoneMatch(zone=None)),
        ("qwertyuiop", TimezoneMatch(zone=None)),
        ("x" * 65, TimezoneMatch(zone=None)),
        ("Europe/Berlin" + " " * 60, TimezoneMatch(zone=None)),
    ],
)
def test_resolve_timezone(text: str, expected: TimezoneMatch) -> None:
    assert resolve_timezone(text) == expected


def test_suggestions_never_name_deprecated_zones() -> None:
    suggested = {
        zone
        for text in ["kiev", "calcuta", "asia/calcuta", "america/buenos", "saigon", "rangoon"]
        for zone in resolve_timezone(text).suggestions
    }
    assert sorted(suggested & set(DEPRECATED_ZONES)) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Europe/Berlin", True),
        ("America/Argentina/Buenos_Aires", True),
        ("UTC", True),
        ("Etc/GMT-2", True),
        ("Asia/Calcutta", True),
        ("europe/berlin", False),
        ("Europe/Atlantis", False),
        ("", False),
        ("../../etc/passwd", False),
        ("localtime", False),
        ("Factory", False),
    ],
)
def test_is_valid_timezone(name: str, expected: bool) -> None:
    assert is_valid_timezone(name) == expected


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", "New York"),
        ("Europe/Berlin", "Berlin"),
        ("America/Argentina/Buenos_Aires", "Buenos Aires"),
        ("America/Port-au-Prince", "Port-au-Prince"),
        ("UTC", "UTC"),
        ("Etc/GMT-2", "UTC+2"),
        ("Etc/GMT+5", "UTC-5"),
        ("Etc/GMT-14", "UTC+14"),
        ("Etc/GMT", "GMT"),
    ],
)
def test_city_label(zone: str, expected: str) -> None:
    assert city_label(zone) == expected
