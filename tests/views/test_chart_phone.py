"""The summary chart on a phone (issue 16): rendered 400 px wide, measured, and kept for people.

Every chart drawn here is saved under ``test-artifacts/charts/`` at the repository root (git
ignores it; CI keeps it), so a person can look at what users see. The assertions measure what
font hinting cannot change: each text's size in pixels at phone width, that it lies inside the
image, its contrast with what it sits on, and that seven days are one row.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text

from bot.domain.periods import last_days
from bot.views.charts import (
    CARD,
    CHART_WIDTH_INCHES,
    INK,
    MAX_INTENSITY,
    MIN_TEXT_PX,
    PHONE_WIDTH_PX,
    DayCell,
    build_summary_figure,
    cell_colour,
    text_colour,
)
from bot.views.i18n import translator
from bot.views.summary import chart_labels

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "charts"
FRIDAY = date(2026, 11, 20)
# WCAG 2.1 AA: 4.5:1 for normal text.
MIN_CONTRAST = 4.5


def _cells(days: list[date], seed: int) -> list[DayCell]:
    rng = random.Random(seed)
    cells = []
    for day in days:
        roll = rng.random()
        if roll < 0.3:
            cells.append(DayCell(day, True, rng.randint(1, 10), rng.random() < 0.5, False))
        elif roll < 0.75:
            cells.append(DayCell(day, False, None, False, True))
        else:
            cells.append(DayCell(day, False, None, False, False))
    return cells


Colour = str | tuple[float, float, float, float]


def _luminance(colour: Colour) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in to_rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: Colour, second: Colour) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("language", "days"), [("en", 7), ("en", 30), ("en", 90), ("en", 365)])
def test_every_text_is_as_large_as_message_text_and_inside_the_image(
    language: str, days: int
) -> None:
    period = last_days(days, today=FRIDAY)
    figure = build_summary_figure(
        _cells(list(period.dates()), days), chart_labels(translator(language), period)
    )
    dpi = PHONE_WIDTH_PX / CHART_WIDTH_INCHES
    figure.set_dpi(dpi)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figure.savefig(ARTIFACTS / f"summary-{days}d-{language}-400px.png", dpi=dpi)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    width, height = figure.canvas.get_width_height()
    assert width == PHONE_WIDTH_PX
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert len(texts) > 10
    for text in texts:
        pixels = float(text.get_fontsize()) * dpi / 72
        assert pixels >= MIN_TEXT_PX, (text.get_text(), pixels)
        box = text.get_window_extent(renderer)
        assert box.x0 >= 0, (text.get_text(), box)
        assert box.x1 <= width, (text.get_text(), box)
        assert box.y0 >= 0, (text.get_text(), box)
        assert box.y1 <= height, (text.get_text(), box)


def test_text_contrast_on_the_card_and_on_every_cell() -> None:
    assert contrast(INK, CARD) >= MIN_CONTRAST
    day = FRIDAY
    cells = [DayCell(day, True, n, False, False) for n in range(1, MAX_INTENSITY + 1)]
    cells += [
        DayCell(day, True, None, False, False),  # a headache without an intensity
        DayCell(day, False, None, False, True),  # headache-free
        DayCell(day, False, None, False, False),  # unknown
    ]
    for cell in cells:
        assert contrast(text_colour(cell), cell_colour(cell)) >= MIN_CONTRAST, cell


@pytest.mark.parametrize("first", [FRIDAY - timedelta(days=n) for n in range(7)])
def test_seven_days_are_one_row_in_date_order(first: date) -> None:
    days = [first + timedelta(days=n) for n in range(7)]
    figure = build_summary_figure(
        _cells(days, 7), chart_labels(translator("en"), last_days(7, today=days[-1]))
    )
    figure.canvas.draw()
    numbers = {str(day.day) for day in days}
    placed = [
        (text.get_position(), text.get_text())
        for text in figure.axes[0].texts
        if text.get_text() in numbers and text.get_verticalalignment() == "top"
    ]
    assert len({y for (_x, y), _ in placed}) == 1  # one row: no "30, 1" under "25"
    assert [label for _, label in sorted(placed)] == [str(day.day) for day in days]
