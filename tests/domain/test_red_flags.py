import pytest

from bot.domain.red_flags import ALL_RED_FLAGS, RedFlag, detect_red_flag_words

WORST = RedFlag.WORST_EVER
WEAK = RedFlag.WEAKNESS
NUMB = RedFlag.NUMBNESS
CONFUSED = RedFlag.CONFUSION
SPEECH = RedFlag.SPEECH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Sudden worst-ever headache.
        ("worst headache of my life", {WORST}),
        ("Worst headache in my life!!", {WORST}),
        ("worst ever", {WORST}),
        ("worst pain I've ever had", {WORST}),
        ("worst migraine i have ever had", {WORST}),
        ("thunderclap", {WORST}),
        ("Thunderclap headache", {WORST}),
        ("sudden severe headache", {WORST}),
        ("it came on suddenly, explosive", set()),
        ("suddenly explosive", {WORST}),
        ("explosive headache", {WORST}),
        ("worst migraine this month", set()),
        # Weakness.
        ("weakness on one side", {WEAK}),
        ("weak arm", {WEAK}),
        ("my arm feels weak", {WEAK}),
        ("legs are weak", {WEAK}),
        ("face drooping", {WEAK}),
        ("left side paralysed", {WEAK}),
        ("I can't move my arm", {WEAK}),
        ("I feel weak", set()),
        # Numbness.
        ("numb arm", {NUMB}),
        ("Hand is numb", {NUMB}),
        ("numbness in my face", {NUMB}),
        # Confusion.
        ("confused", {CONFUSED}),
        ("a bit disoriented", {CONFUSED}),
        ("I can't think straight", {CONFUSED}),
        # Speech.
        ("can't speak", {SPEECH}),
        ("I cannot talk properly", {SPEECH}),
        ("trouble speaking", {SPEECH}),
        ("slurred words", {SPEECH}),
        ("can not find the words", {SPEECH}),
        ("speech is weird", {SPEECH}),
        # Several at once.
        ("numb arm, slurred speech and confused", {NUMB, SPEECH, CONFUSED}),
        ("worst headache of my life and weakness on one side", {WORST, WEAK}),
        # Negated mentions are not flags, but a sentence break ends the negation.
        ("no numbness", set()),
        ("no weakness or numbness", set()),
        ("not confused, but numb", {NUMB}),
        ("no nausea. numb arm", {NUMB}),
        ("No nausea, numb lips", {NUMB}),
        ("I wasn't confused", set()),
        ("not the worst headache ever", set()),
        # Ordinary diary text.
        ("", set()),
        ("headache", set()),
        ("migraine 7 since 2pm, nausea and light sensitivity", set()),
        ("eyelid twitching", set()),
    ],
)
def test_detect_red_flag_words(text: str, expected: set[RedFlag]) -> None:
    assert detect_red_flag_words(text) == frozenset(expected)


def test_red_flag_keys_are_stable() -> None:
    assert sorted(ALL_RED_FLAGS) == ["confusion", "numbness", "speech", "weakness", "worst_ever"]


def test_very_long_text_is_only_read_up_to_the_limit() -> None:
    assert detect_red_flag_words("x " * 600 + "numb") == frozenset()
