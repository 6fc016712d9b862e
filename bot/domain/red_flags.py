"""Red-flag symptoms that need urgent care, and spotting them in free text.

The keys follow docs/architecture.md ("Red flags"): a sudden worst-ever headache, new weakness,
numbness, confusion or trouble speaking. Detection is deliberately simple and errs towards
flagging; a negated mention ("no numbness") is not flagged.
"""

from __future__ import annotations

import re
from enum import StrEnum

MAX_INPUT_LENGTH = 1000
# A negation this many words or fewer before a red-flag phrase cancels it ("not really confused").
NEGATION_WINDOW_WORDS = 3
NEGATIONS = frozenset({"no", "not", "without", "never", "nor", "isnt", "wasnt", "arent"})


class RedFlag(StrEnum):
    """A red-flag symptom; the value is the stable key stored and used by the views."""

    WORST_EVER = "worst_ever"
    WEAKNESS = "weakness"
    NUMBNESS = "numbness"
    CONFUSION = "confusion"
    SPEECH = "speech"


ALL_RED_FLAGS: frozenset[RedFlag] = frozenset(RedFlag)

_PAIN = r"(?:headache|head ache|migraine|pain)"
_BODY_PART = r"(?:arm|arms|leg|legs|hand|hands|face|side|foot|feet)"
_PATTERNS: dict[RedFlag, re.Pattern[str]] = {
    RedFlag.WORST_EVER: re.compile(
        rf"\bworst(?: {_PAIN})? (?:of my life|ever|i(?:ve| have)? ever had)\b"
        rf"|\bworst {_PAIN} (?:in|of) my life\b"
        r"|\bthunderclap\b"
        rf"|\bsudden(?:ly)? (?:severe|excruciating|explosive|extreme|worst)\b"
        rf"|\bexplosive {_PAIN}\b"
    ),
    RedFlag.WEAKNESS: re.compile(
        rf"\bweakness\b|\bweak {_BODY_PART}\b|\b{_BODY_PART} (?:is |feels |feel |are )?weak\b"
        rf"|\bparaly[sz]\w*\b|\bdroop\w*\b|\bcant (?:move|lift|feel) (?:my )?{_BODY_PART}\b"
    ),
    RedFlag.NUMBNESS: re.compile(r"\bnumb\w*\b"),
    RedFlag.CONFUSION: re.compile(
        r"\bconfus\w*\b|\bdisorient\w*\b|\bcant think (?:straight|clearly)\b"
    ),
    RedFlag.SPEECH: re.compile(
        r"\b(?:cant|cannot|can not|couldnt|could not|unable to) (?:speak|talk)\b"
        r"|\b(?:trouble|difficulty|problems?|struggling) (?:speaking|talking)\b"
        r"|\bslurr\w*\b|\baphasia\b|\bspeech\b"
        r"|\b(?:cant|cannot|can not) (?:find|get out) (?:the |my )?words\b"
    ),
}


def detect_red_flag_words(text: str) -> frozenset[RedFlag]:
    """Return the red flags ``text`` mentions ("worst headache of my life", "numb arm")."""
    key = _normalise(text[:MAX_INPUT_LENGTH])
    return frozenset(
        flag
        for flag, pattern in _PATTERNS.items()
        if any(not _negated(key, match.start()) for match in pattern.finditer(key))
    )


def _negated(key: str, position: int) -> bool:
    """Return whether a negation word shortly precedes ``position``."""
    sentence = key[:position].rsplit("|", 1)[-1]
    before = sentence.split()[-NEGATION_WINDOW_WORDS:]
    return any(word in NEGATIONS for word in before)


def _normalise(text: str) -> str:
    """Lower-case, drop apostrophes, turn punctuation into sentence breaks and spaces."""
    plain = text.lower().replace("'", "").replace("’", "")
    # A sentence break ends the reach of a negation: "no nausea. numb arm".
    plain = re.sub(r"[.!?;,\n]+", " | ", plain)
    return " ".join(re.sub(r"[^a-z|\s]+", " ", plain).split())
