from datetime import time

import pytest

from bot.domain.clocktime import bare_hour_readings, parse_clock_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("21:00", time(21, 0)),
        ("9pm", time(21, 0)),
        ("9 pm", time(21, 0)),
        ("9 PM", time(21, 0)),
        ("9p", time(21, 0)),
        ("9 p.m.", time(21, 0)),
        ("9:30 p.m.", time(21, 30)),
        ("9:30pm", time(21, 30)),
        ("11:59PM", time(23, 59)),
        ("9 a.m", time(9, 0)),
        ("9am", time(9, 0)),
        ("12am", time(0, 0)),
        ("12:30am", time(0, 30)),
        ("12pm", time(12, 0)),
        ("1230am", time(0, 30)),
        ("21", time(21, 0)),
        ("0", time(0, 0)),
        ("21.30", time(21, 30)),
        ("21h30", time(21, 30)),
        ("21h", time(21, 0)),
        ("21 : 30", time(21, 30)),
        ("0930", time(9, 30)),
        ("2130", time(21, 30)),
        ("9 o clock", time(9, 0)),
        ("9 oclock", time(9, 0)),
        (" 7:05 ", time(7, 5)),
        ("noon", time(12, 0)),
        ("Midday", time(12, 0)),
        ("midnight", time(0, 0)),
        ("  MIDNIGHT ", time(0, 0)),
        # Out of range or not a time at all.
        ("25:00", None),
        ("24:00", None),
        ("24", None),
        ("9:60", None),
        ("2460", None),
        ("13pm", None),
        ("0am", None),
        ("930", None),
        ("9:5", None),
        ("pm", None),
        ("a", None),
        ("", None),
        ("tomorrow", None),
        ("9" * 30, None),
    ],
)
def test_parse_clock_time(text: str, expected: time | None) -> None:
    assert parse_clock_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A bare hour from 1 to 12 could be morning or evening: ask (issue 16: "9" for the
        # evening check-in was saved as 09:00 without a question).
        ("9", (time(9, 0), time(21, 0))),
        (" 9 ", (time(9, 0), time(21, 0))),
        ("9h", (time(9, 0), time(21, 0))),
        ("1", (time(1, 0), time(13, 0))),
        ("12", (time(0, 0), time(12, 0))),
        # Anything that says which it is: not ambiguous.
        ("09", None),
        ("0", None),
        ("13", None),
        ("21", None),
        ("9:00", None),
        ("9pm", None),
        ("9am", None),
        ("noon", None),
        ("nine", None),
        ("", None),
    ],
)
def test_bare_hour_readings(text: str, expected: tuple[time, time] | None) -> None:
    assert bare_hour_readings(text) == expected
