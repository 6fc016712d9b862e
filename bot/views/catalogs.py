"""Keeping the translation catalogs in step with the source: ``python -m bot.views.catalogs``.

``extract_messages()`` collects every ``tr._("...")`` / ``tr.n_("...", "...", n)`` text from
the ``bot`` package; ``update`` rewrites ``messages.pot``, refreshes each language's
``.po`` (English is the source language, so its catalog translates every text to itself) and
compiles ``.mo``. Header dates are fixed so that an unchanged source gives unchanged files.
"""

from __future__ import annotations

import copy
import sys
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.views.i18n import DEFAULT_LANGUAGE, DOMAIN, LOCALE_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "n_": (1, 2)}
PROJECT = "migraine-diary-bot"
HEADER_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def extract_messages() -> Catalog:
    """Return a template catalog of every translatable text in the package."""
    catalog = Catalog(
        project=PROJECT, fuzzy=False, creation_date=HEADER_DATE, revision_date=HEADER_DATE
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE_DIR), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(
            message,
            locations=[(f"bot/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog


def _po_bytes(catalog: Catalog) -> bytes:
    buffer = BytesIO()
    write_po(buffer, catalog, omit_header=False, no_location=True, sort_output=True)
    return buffer.getvalue()


def language_catalog(template: Catalog, language: str) -> Catalog:
    """Refresh ``language``'s catalog from ``template``, keeping its translations.

    ``template`` is left as it was: Babel's ``update`` puts the template's own message objects
    into the catalog for texts that are new, so each language works on a copy of them (English
    filling in its texts must not hand them to the next language as "translations").
    """
    template = copy.deepcopy(template)
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        catalog.update(template, update_header_comment=False)
    else:
        catalog = Catalog(
            locale=language,
            project=PROJECT,
            fuzzy=False,
            creation_date=HEADER_DATE,
            revision_date=HEADER_DATE,
        )
        catalog.update(template)
    if language == DEFAULT_LANGUAGE:
        for message in catalog:
            if message.id:
                message.string = message.id
                message.flags.discard("fuzzy")
    catalog.obsolete.clear()
    return catalog


def update() -> None:
    """Rewrite the template, every language's catalog and its compiled form."""
    template = extract_messages()
    (LOCALE_DIR / f"{DOMAIN}.pot").write_bytes(_po_bytes(template))
    languages = {DEFAULT_LANGUAGE, *(p.name for p in LOCALE_DIR.iterdir() if p.is_dir())}
    for language in sorted(languages):
        catalog = language_catalog(template, language)
        folder = LOCALE_DIR / language / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{DOMAIN}.po").write_bytes(_po_bytes(catalog))
        with (folder / f"{DOMAIN}.mo").open("wb") as handle:
            write_mo(handle, catalog)


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        print("usage: python -m bot.views.catalogs update", file=sys.stderr)
        sys.exit(2)
    update()
