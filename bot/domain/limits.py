"""How much of the user's own things the diary keeps, so that every screen fits Telegram.

These are product limits, not clinical numbers: Telegram shows at most 100 inline buttons and
4,096 characters per message, and a list of one's own triggers or medications longer than this
is a sign of a typing accident rather than of a diary.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_CUSTOM_SYMPTOMS = 30  # the user's own symptoms (besides the built-in ones)
MAX_CUSTOM_TRIGGERS = 30  # the user's own triggers (besides the built-in ones)
MAX_MEDICATIONS = 50  # medications on the list at once (archived ones do not count)


@dataclass(frozen=True)
class ListFull:
    """Adding was refused: the user's list already holds ``limit`` items."""

    limit: int
