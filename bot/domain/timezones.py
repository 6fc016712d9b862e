"""Helping a user pick an IANA timezone: likely zones, typed names, cities and UTC offsets."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from zoneinfo import available_timezones

MAX_INPUT_LENGTH = 64
MIN_LIKELY_ZONES = 3
MAX_LIKELY_ZONES = 6
MAX_SUGGESTIONS = 5
FUZZY_CUTOFF = 0.6
MINUTES_PER_HOUR = 60
# The Etc/GMT zones cover UTC-12 .. UTC+14 (IANA "etcetera" file).
MIN_WHOLE_HOUR_OFFSET = -12
MAX_WHOLE_HOUR_OFFSET = 14
UTC_ZONE = "UTC"
# Names zoneinfo may list that are not places: the server's own zone and the "-00" placeholder.
NOT_A_PLACE = frozenset({"localtime", "posixrules", "Factory"})

# Areas whose "Area/City" names are the modern, recommended spelling.
CITY_AREAS = frozenset(
    {
        "Africa",
        "America",
        "Antarctica",
        "Arctic",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    }
)

# Deprecated names from the IANA "backward" file that look like "Area/City", and the zone that
# replaced each. They stay valid, but we never suggest them and resolve them to the new name.
DEPRECATED_ZONES: dict[str, str] = {
    "Africa/Asmera": "Africa/Asmara",
    "Africa/Timbuktu": "Africa/Bamako",
    "America/Argentina/ComodRivadavia": "America/Argentina/Catamarca",
    "America/Atka": "America/Adak",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Catamarca": "America/Argentina/Catamarca",
    "America/Coral_Harbour": "America/Atikokan",
    "America/Cordoba": "America/Argentina/Cordoba",
    "America/Ensenada": "America/Tijuana",
    "America/Fort_Wayne": "America/Indiana/Indianapolis",
    "America/Godthab": "America/Nuuk",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "America/Jujuy": "America/Argentina/Jujuy",
    "America/Knox_IN": "America/Indiana/Knox",
    "America/Louisville": "America/Kentucky/Louisville",
    "America/Mendoza": "America/Argentina/Mendoza",
    "America/Montreal": "America/Toronto",
    "America/Nipigon": "America/Toronto",
    "America/Pangnirtung": "America/Iqaluit",
    "America/Porto_Acre": "America/Rio_Branco",
    "America/Rainy_River": "America/Winnipeg",
    "America/Rosario": "America/Argentina/Cordoba",
    "America/Santa_Isabel": "America/Tijuana",
    "America/Shiprock": "America/Denver",
    "America/Thunder_Bay": "America/Toronto",
    "America/Virgin": "America/St_Thomas",
    "America/Yellowknife": "America/Edmonton",
    "Antarctica/South_Pole": "Antarctica/McMurdo",
    "Asia/Ashkhabad": "Asia/Ashgabat",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Choibalsan": "Asia/Ulaanbaatar",
    "Asia/Chongqing": "Asia/Shanghai",
    "Asia/Chungking": "Asia/Shanghai",
    "Asia/Dacca": "Asia/Dhaka",
    "Asia/Harbin": "Asia/Shanghai",
    "Asia/Istanbul": "Europe/Istanbul",
    "Asia/Kashgar": "Asia/Urumqi",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Macao": "Asia/Macau",
    "Asia/Rangoon": "Asia/Yangon",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Tel_Aviv": "Asia/Jerusalem",
    "Asia/Thimbu": "Asia/Thimphu",
    "Asia/Ujung_Pandang": "Asia/Makassar",
    "Asia/Ulan_Bator": "Asia/Ulaanbaatar",
    "Atlantic/Faeroe": "Atlantic/Faroe",
    "Atlantic/Jan_Mayen": "Arctic/Longyearbyen",
    "Australia/ACT": "Australia/Sydney",
    "Australia/Canberra": "Australia/Sydney",
    "Australia/Currie": "Australia/Hobart",
    "Australia/LHI": "Australia/Lord_Howe",
    "Australia/NSW": "Australia/Sydney",
    "Australia/North": "Australia/Darwin",
    "Australia/Queensland": "Australia/Brisbane",
    "Australia/South": "Australia/Adelaide",
    "Australia/Tasmania": "Australia/Hobart",
    "Australia/Victoria": "Australia/Melbourne",
    "Australia/West": "Australia/Perth",
    "Australia/Yancowinna": "Australia/Broken_Hill",
    "Europe/Belfast": "Europe/London",
    "Europe/Kiev": "Europe/Kyiv",
    "Europe/Tiraspol": "Europe/Chisinau",
    "Europe/Uzhgorod": "Europe/Kyiv",
    "Europe/Zaporozhye": "Europe/Kyiv",
    "Pacific/Enderbury": "Pacific/Kanton",
    "Pacific/Johnston": "Pacific/Honolulu",
    "Pacific/Ponape": "Pacific/Pohnpei",
    "Pacific/Samoa": "Pacific/Pago_Pago",
    "Pacific/Truk": "Pacific/Chuuk",
    "Pacific/Yap": "Pacific/Chuuk",
}

# Typed names (normalised: lower case, no accents, single spaces) that are not IANA city names.
# Abbreviations come first so that "est" means New York, not the DST-less legacy "EST" zone.
ALIASES: dict[str, str] = {
    "utc": UTC_ZONE,
    "gmt": UTC_ZONE,
    "z": UTC_ZONE,
    "zulu": UTC_ZONE,
    "est": "America/New_York",
    "edt": "America/New_York",
    "eastern": "America/New_York",
    "cst": "America/Chicago",
    "cdt": "America/Chicago",
    "central": "America/Chicago",
    "mst": "America/Denver",
    "mdt": "America/Denver",
    "mountain": "America/Denver",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "bst": "Europe/London",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "ist": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "aest": "Australia/Sydney",
    "kiev": "Europe/Kyiv",
    "calcutta": "Asia/Kolkata",
    "saigon": "Asia/Ho_Chi_Minh",
    "rangoon": "Asia/Yangon",
    "nicosia": "Asia/Nicosia",
    "san francisco": "America/Los_Angeles",
    "seattle": "America/Los_Angeles",
    "san diego": "America/Los_Angeles",
    "las vegas": "America/Los_Angeles",
    "boston": "America/New_York",
    "washington": "America/New_York",
    "miami": "America/New_York",
    "atlanta": "America/New_York",
    "philadelphia": "America/New_York",
    "houston": "America/Chicago",
    "dallas": "America/Chicago",
    "austin": "America/Chicago",
    "montreal": "America/Toronto",
    "munich": "Europe/Berlin",
    "munchen": "Europe/Berlin",
    "hamburg": "Europe/Berlin",
    "frankfurt": "Europe/Berlin",
    "cologne": "Europe/Berlin",
    "milan": "Europe/Rome",
    "barcelona": "Europe/Madrid",
    "geneva": "Europe/Zurich",
    "st petersburg": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow",
    "mumbai": "Asia/Kolkata",
    "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata",
    "bangalore": "Asia/Kolkata",
    "bengaluru": "Asia/Kolkata",
    "beijing": "Asia/Shanghai",
    "hong kong": "Asia/Hong_Kong",
    "osaka": "Asia/Tokyo",
    "abu dhabi": "Asia/Dubai",
    "tel aviv": "Asia/Jerusalem",
    "rio": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "canberra": "Australia/Sydney",
}

# Offsets that are not whole hours: no Etc/GMT zone exists, so suggest the places that use them.
FRACTIONAL_OFFSET_ZONES: dict[int, tuple[str, ...]] = {
    -(9 * MINUTES_PER_HOUR + 30): ("Pacific/Marquesas",),
    -(3 * MINUTES_PER_HOUR + 30): ("America/St_Johns",),
    -(2 * MINUTES_PER_HOUR + 30): ("America/St_Johns",),
    3 * MINUTES_PER_HOUR + 30: ("Asia/Tehran",),
    4 * MINUTES_PER_HOUR + 30: ("Asia/Kabul",),
    5 * MINUTES_PER_HOUR + 30: ("Asia/Kolkata", "Asia/Colombo"),
    5 * MINUTES_PER_HOUR + 45: ("Asia/Kathmandu",),
    6 * MINUTES_PER_HOUR + 30: ("Asia/Yangon", "Indian/Cocos"),
    8 * MINUTES_PER_HOUR + 45: ("Australia/Eucla",),
    9 * MINUTES_PER_HOUR + 30: ("Australia/Adelaide", "Australia/Darwin"),
    10 * MINUTES_PER_HOUR + 30: ("Australia/Adelaide", "Australia/Lord_Howe"),
    12 * MINUTES_PER_HOUR + 45: ("Pacific/Chatham",),
    13 * MINUTES_PER_HOUR + 45: ("Pacific/Chatham",),
}

DEFAULT_LIKELY_ZONES: tuple[str, ...] = (
    "Europe/London",
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Sydney",
)

# Region subtags (ISO 3166-1) of Telegram language codes, e.g. the "BR" of "pt-br".
REGION_ZONES: dict[str, tuple[str, ...]] = {
    "US": (
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "Pacific/Honolulu",
    ),
    "CA": (
        "America/Toronto",
        "America/Vancouver",
        "America/Edmonton",
        "America/Winnipeg",
        "America/Halifax",
    ),
    "MX": ("America/Mexico_City", "America/Tijuana", "America/Cancun", "America/Monterrey"),
    "BR": ("America/Sao_Paulo", "America/Manaus", "America/Fortaleza", "America/Recife"),
    "AR": ("America/Argentina/Buenos_Aires",),
    "CO": ("America/Bogota",),
    "CL": ("America/Santiago",),
    "PE": ("America/Lima",),
    "VE": ("America/Caracas",),
    "GB": ("Europe/London",),
    "IE": ("Europe/Dublin",),
    "DE": ("Europe/Berlin",),
    "AT": ("Europe/Vienna",),
    "CH": ("Europe/Zurich",),
    "FR": ("Europe/Paris",),
    "BE": ("Europe/Brussels",),
    "NL": ("Europe/Amsterdam",),
    "ES": ("Europe/Madrid", "Atlantic/Canary"),
    "PT": ("Europe/Lisbon", "Atlantic/Azores"),
    "IT": ("Europe/Rome",),
    "PL": ("Europe/Warsaw",),
    "CZ": ("Europe/Prague",),
    "SE": ("Europe/Stockholm",),
    "NO": ("Europe/Oslo",),
    "DK": ("Europe/Copenhagen",),
    "FI": ("Europe/Helsinki",),
    "GR": ("Europe/Athens",),
    "RO": ("Europe/Bucharest",),
    "HU": ("Europe/Budapest",),
    "UA": ("Europe/Kyiv",),
    "BY": ("Europe/Minsk",),
    "RU": (
        "Europe/Moscow",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Novosibirsk",
        "Asia/Krasnoyarsk",
        "Asia/Vladivostok",
    ),
    "KZ": ("Asia/Almaty",),
    "TR": ("Europe/Istanbul",),
    "IL": ("Asia/Jerusalem",),
    "EG": ("Africa/Cairo",),
    "SA": ("Asia/Riyadh",),
    "AE": ("Asia/Dubai",),
    "IR": ("Asia/Tehran",),
    "IN": ("Asia/Kolkata",),
    "PK": ("Asia/Karachi",),
    "BD": ("Asia/Dhaka",),
    "CN": ("Asia/Shanghai",),
    "TW": ("Asia/Taipei",),
    "HK": ("Asia/Hong_Kong",),
    "JP": ("Asia/Tokyo",),
    "KR": ("Asia/Seoul",),
    "SG": ("Asia/Singapore",),
    "ID": ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
    "PH": ("Asia/Manila",),
    "VN": ("Asia/Ho_Chi_Minh",),
    "TH": ("Asia/Bangkok",),
    "AU": (
        "Australia/Sydney",
        "Australia/Melbourne",
        "Australia/Brisbane",
        "Australia/Adelaide",
        "Australia/Perth",
    ),
    "NZ": ("Pacific/Auckland",),
    "ZA": ("Africa/Johannesburg",),
    "NG": ("Africa/Lagos",),
    "KE": ("Africa/Nairobi",),
}

# Primary language subtags (ISO 639-1) and where most of their speakers live.
LANGUAGE_ZONES: dict[str, tuple[str, ...]] = {
    "en": (
        "Europe/London",
        "America/New_York",
        "America/Chicago",
        "America/Los_Angeles",
        "Australia/Sydney",
        "Asia/Kolkata",
    ),
    "de": ("Europe/Berlin", "Europe/Vienna", "Europe/Zurich"),
    "fr": ("Europe/Paris", "Europe/Brussels", "Europe/Zurich", "America/Toronto"),
    "es": (
        "Europe/Madrid",
        "America/Mexico_City",
        "America/Bogota",
        "America/Argentina/Buenos_Aires",
        "America/Lima",
        "America/Santiago",
    ),
    "pt": ("Europe/Lisbon", "America/Sao_Paulo", "America/Fortaleza", "America/Manaus"),
    "it": ("Europe/Rome", "Europe/Zurich", "Europe/Berlin"),
    "nl": ("Europe/Amsterdam", "Europe/Brussels", "America/Paramaribo"),
    "pl": ("Europe/Warsaw", "Europe/London", "Europe/Berlin"),
    "ru": (
        "Europe/Moscow",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Novosibirsk",
        "Asia/Almaty",
        "Europe/Minsk",
    ),
    "uk": ("Europe/Kyiv", "Europe/Warsaw", "Europe/Berlin"),
    "be": ("Europe/Minsk", "Europe/Warsaw", "Europe/Vilnius"),
    "kk": ("Asia/Almaty", "Asia/Aqtobe", "Europe/Moscow"),
    "tr": ("Europe/Istanbul", "Europe/Berlin", "Asia/Nicosia"),
    "ja": ("Asia/Tokyo",),
    "ko": ("Asia/Seoul",),
    "zh": ("Asia/Shanghai", "Asia/Taipei", "Asia/Hong_Kong", "Asia/Singapore"),
    "ar": ("Asia/Riyadh", "Africa/Cairo", "Asia/Dubai", "Africa/Casablanca", "Asia/Baghdad"),
    "he": ("Asia/Jerusalem",),
    "fa": ("Asia/Tehran", "Asia/Kabul"),
    "hi": ("Asia/Kolkata",),
    "bn": ("Asia/Dhaka", "Asia/Kolkata"),
    "ur": ("Asia/Karachi", "Asia/Kolkata"),
    "id": ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"),
    "ms": ("Asia/Kuala_Lumpur", "Asia/Singapore"),
    "vi": ("Asia/Ho_Chi_Minh",),
    "th": ("Asia/Bangkok",),
    "sv": ("Europe/Stockholm", "Europe/Helsinki"),
    "no": ("Europe/Oslo",),
    "nb": ("Europe/Oslo",),
    "da": ("Europe/Copenhagen",),
    "fi": ("Europe/Helsinki",),
    "cs": ("Europe/Prague",),
    "sk": ("Europe/Bratislava",),
    "el": ("Europe/Athens", "Asia/Nicosia"),
    "ro": ("Europe/Bucharest", "Europe/Chisinau"),
    "hu": ("Europe/Budapest",),
}

# Script subtags that tell us more than the language does ("zh-hant": Taiwan and Hong Kong).
SCRIPT_ZONES: dict[str, tuple[str, ...]] = {
    "zh-hant": ("Asia/Taipei", "Asia/Hong_Kong", "Asia/Macau"),
    "zh-hans": ("Asia/Shanghai", "Asia/Singapore"),
}

_OFFSET_PATTERN = re.compile(
    r"^(?:utc|gmt)?\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?$"
)
_ETC_OFFSET_PATTERN = re.compile(r"^Etc/GMT(?P<hours>[+-]\d{1,2})$")
_REGION_PATTERN = re.compile(r"^(?:[a-z]{2}|\d{3})$")


@dataclass(frozen=True)
class TimezoneMatch:
    """What a typed timezone resolved to: one zone, or suggestions to pick from."""

    zone: str | None
    suggestions: list[str] = field(default_factory=list)


def is_valid_timezone(name: str) -> bool:
    """Return whether ``name`` is an IANA timezone known to this system (case-sensitive)."""
    return name in _available()


def city_label(zone: str) -> str:
    """Return a short human label for a zone: "America/New_York" gives "New York"."""
    etc_offset = _ETC_OFFSET_PATTERN.match(zone)
    if etc_offset is not None:
        # Etc/GMT signs are inverted (POSIX style): "Etc/GMT-2" is UTC+2.
        return f"UTC{-int(etc_offset['hours']):+d}"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def likely_timezones(language_code: str | None) -> list[str]:
    """Return 3-6 zones a user with this Telegram ``language_code`` probably lives in."""
    code = (language_code or "").strip().lower().replace("_", "-")
    subtags = code.split("-")
    language = subtags[0]
    candidates: list[str] = []
    region = next((tag for tag in subtags[1:] if _REGION_PATTERN.match(tag)), None)
    if region is not None:
        candidates.extend(REGION_ZONES.get(region.upper(), ()))
    script = next((tag for tag in subtags[1:] if len(tag) == 4), None)
    if script is not None:
        candidates.extend(SCRIPT_ZONES.get(f"{language}-{script}", ()))
    candidates.extend(LANGUAGE_ZONES.get(language, ()))
    if len(_unique_existing(candidates)) < MIN_LIKELY_ZONES:
        candidates.extend(DEFAULT_LIKELY_ZONES)
    return _unique_existing(candidates)[:MAX_LIKELY_ZONES]


def resolve_timezone(text: str) -> TimezoneMatch:
    """Resolve what the user typed (IANA name, city, alias or UTC offset) to a timezone."""
    if len(text) > MAX_INPUT_LENGTH:
        return TimezoneMatch(zone=None)
    key = _normalise(text)
    if not key:
        return TimezoneMatch(zone=None)
    offset_match = _resolve_offset(key)
    if offset_match is not None:
        return offset_match
    exact = _exact(key)
    if exact is not None:
        return TimezoneMatch(zone=exact)
    if "," in text:
        before_comma = _exact(_normalise(text.split(",", 1)[0]))
        if before_comma is not None:
            return TimezoneMatch(zone=before_comma)
    return TimezoneMatch(zone=None, suggestions=_suggest(key))


def _exact(key: str) -> str | None:
    """Return the one zone an already-normalised key names, if any."""
    if key in ALIASES:
        return ALIASES[key]
    by_name = _index().by_name.get(key)
    if by_name is not None:
        return by_name
    zones = _index().by_city.get(key, ())
    if len(zones) == 1:
        return zones[0]
    return None


def _resolve_offset(key: str) -> TimezoneMatch | None:
    """Resolve "utc+2", "+05:30", "gmt-5" to an Etc/GMT zone or suggestions; else None."""
    match = _OFFSET_PATTERN.match(key.replace(" ", ""))
    if match is None:
        return None
    sign = -1 if match["sign"] == "-" else 1
    hours = int(match["hours"])
    minutes = int(match["minutes"] or 0)
    total_minutes = sign * (hours * MINUTES_PER_HOUR + minutes)
    if minutes:
        suggestions = list(FRACTIONAL_OFFSET_ZONES.get(total_minutes, ()))
        return TimezoneMatch(zone=None, suggestions=_unique_existing(suggestions))
    whole_hours = sign * hours
    if not MIN_WHOLE_HOUR_OFFSET <= whole_hours <= MAX_WHOLE_HOUR_OFFSET:
        return TimezoneMatch(zone=None)
    if whole_hours == 0:
        return TimezoneMatch(zone=UTC_ZONE)
    # Etc/GMT signs are inverted (POSIX style): UTC+2 is "Etc/GMT-2".
    return TimezoneMatch(zone=f"Etc/GMT{-whole_hours:+d}")


def _suggest(key: str) -> list[str]:
    """Return up to five zones whose name or city is close to ``key``."""
    index = _index()
    if "/" in key:
        names = difflib.get_close_matches(key, index.modern_names, MAX_SUGGESTIONS, FUZZY_CUTOFF)
        return _unique_existing([index.by_name[name] for name in names])
    cities = list(index.by_city) + list(ALIASES)
    close = difflib.get_close_matches(key, cities, MAX_SUGGESTIONS, FUZZY_CUTOFF)
    zones: list[str] = []
    for city in close:
        zones.extend((ALIASES[city],) if city in ALIASES else index.by_city[city])
    return _unique_existing(zones)[:MAX_SUGGESTIONS]


def _normalise(text: str) -> str:
    """Lower-case, drop accents and punctuation except "/+-:", and collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("'", "").replace("_", " ")
    spaced = re.sub(r"[^a-z0-9/+:\-]+", " ", plain)
    spaced = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", spaced)
    return " ".join(spaced.split())


@dataclass(frozen=True)
class _Index:
    """Normalised lookup keys for the modern zone names."""

    by_name: dict[str, str]
    modern_names: tuple[str, ...]
    by_city: dict[str, tuple[str, ...]]


@cache
def _available() -> frozenset[str]:
    """Return every zone name zoneinfo knows (except ``NOT_A_PLACE``), cached."""
    return frozenset(available_timezones()) - NOT_A_PLACE


@cache
def _index() -> _Index:
    """Build the name and city lookups once."""
    by_name: dict[str, str] = {}
    by_city: dict[str, list[str]] = {}
    for name in sorted(_available()):
        by_name[_normalise(name)] = name
        area = name.split("/", 1)[0]
        if area not in CITY_AREAS or name in DEPRECATED_ZONES:
            continue
        by_city.setdefault(_normalise(city_label(name)), []).append(name)
    by_name.update(
        {_normalise(old): new for old, new in DEPRECATED_ZONES.items() if new in _available()}
    )
    modern_names = tuple(
        key for key, name in by_name.items() if name.split("/", 1)[0] in CITY_AREAS
    )
    return _Index(
        by_name=by_name,
        modern_names=modern_names,
        by_city={city: tuple(zones) for city, zones in by_city.items()},
    )


def _unique_existing(zones: list[str]) -> list[str]:
    """Return ``zones`` without duplicates or names unknown to this system, order kept."""
    return [zone for zone in dict.fromkeys(zones) if zone in _available()]
