"""English."""

from bot.domain.attacks import Side, Symptom
from bot.domain.lang import Vocabulary

_HEADACHE = r"(?:migraines?|migrane|migrain|headaches?|head\s?aches?|attack)"
_OVER_SUBJECT = (
    r"(?:(?:the|my|this)\s+)?(?:attack|migraines?|headaches?|head\s?aches?|pain|it|its)"
)
_OVER_STATE = r"(?:over|gone|gone away|went away|ended|finished|stopped|done|passed)"

VOCABULARY = Vocabulary(
    code="en",
    headache=("migraine*", "migrane", "migrain", "headache*", "head ache*", "attack"),
    not_attack=(
        rf"\b(?:no|not|without|never|any)\s+(?:(?:a|an|any|more|real|bad)\s+)*{_HEADACHE}\b",
        rf"\b{_HEADACHE}\s*free\b",
    ),
    over=(
        rf"(?:(?:finally|ok|okay|yay)\s+)?"
        rf"(?:{_OVER_SUBJECT}\s+(?:(?:is|has|s)\s+)?(?:(?:now|finally)\s+)?{_OVER_STATE}"
        rf"|no more {_HEADACHE}|end(?:ed)? (?:the |my |this )?{_HEADACHE}|all over)"
        rf"(?:\s+(?:now|finally|at last))?",
    ),
    since=("since", "from", "started", "starting", "began", "begun", "start"),
    time_words={"ago": "ago"},
    symptoms={
        Symptom.NAUSEA: ("nausea*", "nauseous", "nauseated", "queasy", "feel sick"),
        Symptom.VOMITING: ("vomit*", "threw up", "throwing up", "thrown up", "puked", "puking"),
        Symptom.LIGHT: (
            "light sensitivity",
            "light sensitive",
            "sensitive to light",
            "photophobia",
        ),
        Symptom.SOUND: (
            "noise sensitivity",
            "sound sensitivity",
            "noise sensitive",
            "sensitive to noise",
            "sensitive to sound",
            "phonophobia",
        ),
        Symptom.AURA: ("aura*",),
        Symptom.DIZZINESS: ("dizz*", "vertigo", "lightheaded", "light headed"),
        Symptom.NECK_PAIN: ("neck pain", "neck ache", "sore neck", "neck hurts"),
        Symptom.TWITCHING: ("twitch*",),
    },
    sides={
        Side.LEFT: ("left side", "left sided", "left hand side", "left"),
        Side.RIGHT: ("right side", "right sided", "right hand side", "right"),
        Side.BOTH: ("both sides", "both", "bilateral", "whole head"),
    },
    negations=("no", "not", "without", "never"),
    fillers=(
        "i",
        "im",
        "ive",
        "me",
        "my",
        "have",
        "has",
        "had",
        "got",
        "a",
        "an",
        "the",
        "it",
        "its",
        "is",
        "was",
        "and",
        "with",
        "also",
        "plus",
        "some",
        "of",
        "on",
        "at",
        "in",
        "to",
        "took",
        "take",
        "taken",
        "taking",
        "bad",
        "terrible",
        "awful",
        "severe",
        "strong",
        "mild",
        "moderate",
        "very",
        "really",
        "again",
        "now",
        "just",
        "pain",
        "right now",
        "right away",
    ),
    units={
        "mg": "mg",
        "milligram*": "mg",
        "g": "g",
        "gram*": "g",
        "mcg": "mcg",
        "µg": "mcg",
        "ml": "ml",
        "tablet*": "",
        "tab*": "",
        "pill*": "",
        "capsule*": "",
    },
    out_of=("out of", "of"),
    yes=("yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay"),
    no=("no", "n", "nope", "nah"),
)
