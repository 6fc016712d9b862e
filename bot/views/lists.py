"""Long lists made to fit one Telegram message: shortened with "… and N more", or paged.

Telegram shows at most 4,096 characters of text and 100 inline buttons per message. A user's
lists are capped when they are added to (:mod:`bot.domain.limits`), but older or imported diaries
may hold more, so every screen that lists them shortens or pages them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from bot.views.i18n import Translator
from bot.views.markup import Html

MAX_LISTED = 20  # items of a list shown inline on one line of a screen
T = TypeVar("T")


def listing(
    tr: Translator, items: Sequence[str], *, limit: int = MAX_LISTED, separator: str = ", "
) -> Html:
    """``items`` joined (escaped unless markup), the first ``limit`` of them and how many more."""
    shown = Html(separator).join(items[:limit])
    if len(items) > limit:
        hidden = len(items) - limit
        shown += " " + tr.n_("… and {count} more", "… and {count} more", hidden)
    return shown


def page_of(items: Sequence[T], page: int, per_page: int) -> tuple[Sequence[T], int, int]:
    """The items on ``page`` (clamped to the pages there are), that page and the page count."""
    pages = max(1, -(-len(items) // per_page))
    page = min(max(page, 0), pages - 1)
    return items[page * per_page : (page + 1) * per_page], page, pages
