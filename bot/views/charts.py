"""The summary chart: a calendar of the period (intensity per day, medication days, gaps).

A day is drawn green only when the user said it was headache-free; a day nothing says anything
about is *unknown*: light grey with diagonal hatching, its own legend entry, never a good day.

Rendered with matplotlib's object API on the Agg backend (no pyplot global state, so it is
safe to call from a worker thread; callers run it off the event loop).

Sized for a phone (issue 16): 1080 pixels wide, laid out for a 4-inch width so that shown
about 400 px wide (a phone's chat column) no text is smaller than the message text beside it
(:data:`MIN_TEXT_PX`), drawn on a neutral card (:data:`CARD`) that reads on Telegram's light
and dark themes alike, every text at WCAG AA contrast or better on what it sits on. Seven
days or fewer are one row in date order; longer periods a calendar of weeks (Monday first),
then week columns.

The day squares are drawn as two collections (known days in their colours, unknown days
hatched) and the medication marks as one line of markers: one artist per day made a year's
chart take half a second. The last few charts are kept, keyed by everything they draw, so
asking again for an unchanged period costs no drawing at all.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from arabic_reshaper import reshape
from bidi.algorithm import get_display
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PolyCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

CHART_WIDTH_INCHES = 4.0
CHART_WIDTH_PX = 1080
CHART_DPI = CHART_WIDTH_PX / CHART_WIDTH_INCHES  # 270
# Shown about 400 px wide in a phone's chat, text this many pixels high is as large as the
# message text (Telegram's default 14-16 px); 10.5 pt on a 4-inch-wide figure is 14.6 px there.
PHONE_WIDTH_PX = 400
MIN_TEXT_PX = 14
FONT_PT = 10.5
TITLE_PT = 12.5
# A neutral card: light enough for dark text, muted enough not to glare in the dark theme.
CARD = "#e9e6e1"
INK = "#1c1c1c"
ON_DARK = "#ffffff"
CALENDAR_MAX_DAYS = 42  # up to six weeks: one row per week, day numbers in the cells
TREND_MIN_DAYS = 21  # the headache-days-per-week panel needs three weeks to say anything
DAYS_PER_WEEK = 7
MONTH_LABELS_MAX = 6  # month names shown one by one up to this many, then every other one
UNKNOWN = "#f7f6f4"
UNKNOWN_HATCH = "////"
UNKNOWN_EDGE = "#9a9a9a"
HEADACHE_FREE = "#a9d8a9"
HEADACHE_UNRATED = "#f4a582"
MEDICATION_MARK = "#1f1f1f"
INTENSITY_COLOURS = LinearSegmentedColormap.from_list(
    "intensity", ["#fde0c5", "#f4a582", "#d6604d", "#b2182b", "#67001f"]
)
MAX_INTENSITY = 10
# Intensity from which a cell is dark enough for white text (WCAG AA contrast either way).
DARK_FROM_INTENSITY = 6
ROW_INCHES = 0.56  # one calendar row
WEEKLY_INCHES = 0.9  # the headache-days-per-week panel
FRAME_INCHES = 1.6  # title, weekday labels and the legend (one entry a line: translations)
HEATMAP_INCHES = 2.4  # seven weekday rows of a long period
# Rendered charts kept (about 60 KB each): a user asking again for the same period, unchanged.
CHART_CACHE_SIZE = 64


@dataclass(frozen=True)
class DayCell:
    """One day of the chart."""

    day: date
    headache: bool
    intensity: int | None
    medication: bool
    headache_free: bool


@dataclass(frozen=True)
class ChartLabels:
    """The chart's words, already translated."""

    title: str
    weekdays: tuple[str, str, str, str, str, str, str]
    no_record: str
    headache_free: str
    headache: str
    medication: str
    weekly: str
    months: tuple[str, ...]

    def shaped(self) -> ChartLabels:
        """The labels as matplotlib must draw them (see :func:`visual_order`)."""
        return replace(
            self,
            title=visual_order(self.title),
            weekdays=(
                visual_order(self.weekdays[0]),
                visual_order(self.weekdays[1]),
                visual_order(self.weekdays[2]),
                visual_order(self.weekdays[3]),
                visual_order(self.weekdays[4]),
                visual_order(self.weekdays[5]),
                visual_order(self.weekdays[6]),
            ),
            no_record=visual_order(self.no_record),
            headache_free=visual_order(self.headache_free),
            headache=visual_order(self.headache),
            medication=visual_order(self.medication),
            weekly=visual_order(self.weekly),
            months=tuple(visual_order(month) for month in self.months),
        )


def visual_order(text: str) -> str:
    """Right-to-left text (Arabic) shaped and in display order; other text unchanged.

    matplotlib draws characters one by one, left to right, in their isolated forms, so Arabic
    would come out disconnected and backwards. Reshaping picks each letter's joined form and the
    bidi algorithm puts the line in the order it is seen (mirroring brackets); left-to-right
    text comes back as it was.
    """
    return str(get_display(reshape(text)))


def text_colour(cell: DayCell) -> str:
    """The colour of the text drawn on a day's cell."""
    return ON_DARK if cell.headache and (cell.intensity or 0) >= DARK_FROM_INTENSITY else INK


def cell_colour(cell: DayCell) -> str | tuple[float, float, float, float]:
    """The fill of a day's cell."""
    return _colour(cell)


def _colour(cell: DayCell) -> str | tuple[float, float, float, float]:
    if cell.headache:
        if cell.intensity is None:
            return HEADACHE_UNRATED
        return INTENSITY_COLOURS(max(cell.intensity, 1) / MAX_INTENSITY)
    return HEADACHE_FREE if cell.headache_free else UNKNOWN


def _draw_days(
    axes: Axes, cells: Sequence[DayCell], corners: Sequence[tuple[float, float]], size: float
) -> None:
    """Every day's square: known days in their colours, unknown days hatched grey."""
    known: list[list[tuple[float, float]]] = []
    colours: list[str | tuple[float, float, float, float]] = []
    unknown: list[list[tuple[float, float]]] = []
    for cell, (x, y) in zip(cells, corners, strict=True):
        square = [(x, y), (x + size, y), (x + size, y + size), (x, y + size)]
        if cell.headache or cell.headache_free:
            known.append(square)
            colours.append(_colour(cell))
        else:
            unknown.append(square)
    if known:
        axes.add_collection(PolyCollection(known, facecolors=colours, linewidths=0))
    if unknown:
        axes.add_collection(
            PolyCollection(
                unknown,
                facecolors=UNKNOWN,
                edgecolors=UNKNOWN_EDGE,
                hatch=UNKNOWN_HATCH,
                linewidths=0,
            )
        )


def _draw_medication(
    axes: Axes, points: Sequence[tuple[float, float]], *, marker: str, size: float
) -> None:
    """The acute-medication marks, as one line of markers."""
    if points:
        axes.plot(
            [x for x, _ in points],
            [y for _, y in points],
            linestyle="none",
            marker=marker,
            markersize=size,
            color=MEDICATION_MARK,
        )


def _unknown_patch(xy: tuple[float, float], size: float) -> Rectangle:
    return Rectangle(
        xy, size, size, facecolor=UNKNOWN, edgecolor=UNKNOWN_EDGE, hatch=UNKNOWN_HATCH, linewidth=0
    )


def render_summary_chart(cells: Sequence[DayCell], labels: ChartLabels) -> bytes:
    """A PNG: the period as a calendar (or week columns when long) and headache days per week.

    The same cells and labels give the same chart, from the cache after the first time.
    """
    return _render_cached(tuple(cells), labels)


@lru_cache(maxsize=CHART_CACHE_SIZE)
def _render_cached(cells: tuple[DayCell, ...], labels: ChartLabels) -> bytes:
    return _render(cells, labels)


def _render(cells: Sequence[DayCell], labels: ChartLabels) -> bytes:
    figure = build_summary_figure(cells, labels)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=CHART_DPI, facecolor=CARD)
    return buffer.getvalue()


def _calendar_rows(cells: Sequence[DayCell]) -> int:
    if len(cells) <= DAYS_PER_WEEK:
        return 1
    first = cells[0].day - timedelta(days=cells[0].day.weekday())
    return (cells[-1].day - first).days // DAYS_PER_WEEK + 1


def build_summary_figure(cells: Sequence[DayCell], labels: ChartLabels) -> Figure:
    """The chart as a matplotlib figure (for rendering, and for tests that measure it)."""
    labels = labels.shaped()
    with_trend = len(cells) >= TREND_MIN_DAYS
    if len(cells) <= CALENDAR_MAX_DAYS:
        body = _calendar_rows(cells) * ROW_INCHES
    else:
        body = HEATMAP_INCHES
    height = FRAME_INCHES + body + (WEEKLY_INCHES if with_trend else 0)
    figure = Figure(
        figsize=(CHART_WIDTH_INCHES, height),
        dpi=CHART_DPI,
        facecolor=CARD,
        layout="constrained",
    )
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(
        2 if with_trend else 1,
        1,
        height_ratios=(body, WEEKLY_INCHES)[: 2 if with_trend else 1],
    )
    calendar = figure.add_subplot(grid[0])
    if len(cells) <= DAYS_PER_WEEK:
        _draw_row(calendar, cells, labels)
    elif len(cells) <= CALENDAR_MAX_DAYS:
        _draw_calendar(calendar, cells, labels)
    else:
        _draw_heatmap(calendar, cells, labels)
    if with_trend:
        _draw_weekly(figure.add_subplot(grid[1]), cells, labels)
    for axes in figure.axes:
        axes.set_facecolor(CARD)
    figure.suptitle(labels.title, fontsize=TITLE_PT, fontweight="bold", color=INK)
    _legend(figure, labels)
    return figure


def _draw_day_texts(axes: Axes, cell: DayCell, column: float, y: float) -> None:
    """A day's day of month and intensity, in the colour that reads on its square."""
    colour = text_colour(cell)
    axes.text(column + 0.06, y + 0.86, str(cell.day.day), fontsize=FONT_PT, color=colour, va="top")
    if cell.intensity is not None:
        axes.text(
            column + 0.5,
            y + 0.08,
            str(cell.intensity),
            fontsize=FONT_PT,
            fontweight="bold",
            ha="left",
            va="bottom",
            color=colour,
        )


def _draw_row(axes: Axes, cells: Sequence[DayCell], labels: ChartLabels) -> None:
    """Seven days or fewer: one row in date order, each under its own weekday (issue 16)."""
    corners: list[tuple[float, float]] = []
    marks: list[tuple[float, float]] = []
    for column, cell in enumerate(cells):
        corners.append((column, 0))
        _draw_day_texts(axes, cell, column, 0)
        if cell.medication:
            marks.append((column + 0.22, 0.2))
    _draw_days(axes, cells, corners, 0.92)
    _draw_medication(axes, marks, marker="o", size=5)
    axes.set_xlim(-0.1, DAYS_PER_WEEK)
    axes.set_ylim(-0.1, 1)
    axes.set_aspect("equal")
    axes.set_xticks(
        [c + 0.46 for c in range(len(cells))],
        [labels.weekdays[cell.day.weekday()] for cell in cells],
        fontsize=FONT_PT,
        color=INK,
    )
    axes.xaxis.tick_top()
    axes.set_yticks([])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)


def _draw_calendar(axes: Axes, cells: Sequence[DayCell], labels: ChartLabels) -> None:
    """Rows are weeks (Monday first), columns weekdays, the day of month in each cell."""
    first = cells[0].day - timedelta(days=cells[0].day.weekday())
    weeks = (cells[-1].day - first).days // 7 + 1
    corners: list[tuple[float, float]] = []
    marks: list[tuple[float, float]] = []
    for cell in cells:
        offset = (cell.day - first).days
        row, column = offset // 7, offset % 7
        y = weeks - 1 - row
        corners.append((column, y))
        _draw_day_texts(axes, cell, column, y)
        if cell.medication:
            marks.append((column + 0.22, y + 0.2))
    _draw_days(axes, cells, corners, 0.92)
    _draw_medication(axes, marks, marker="o", size=5)
    axes.set_xlim(-0.1, 7)
    axes.set_ylim(-0.1, weeks)
    axes.set_aspect("equal")
    axes.set_xticks([c + 0.46 for c in range(7)], labels.weekdays, fontsize=FONT_PT, color=INK)
    axes.xaxis.tick_top()
    axes.set_yticks([])
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)


def _draw_heatmap(axes: Axes, cells: Sequence[DayCell], labels: ChartLabels) -> None:
    """Columns are weeks, rows weekdays (Monday on top): a long period at a glance."""
    first = cells[0].day - timedelta(days=cells[0].day.weekday())
    weeks = (cells[-1].day - first).days // 7 + 1
    corners: list[tuple[float, float]] = []
    marks: list[tuple[float, float]] = []
    for cell in cells:
        offset = (cell.day - first).days
        column, row = offset // 7, offset % 7
        corners.append((column, 6 - row))
        if cell.medication:
            marks.append((column + 0.45, 6 - row + 0.45))
    _draw_days(axes, cells, corners, 0.9)
    _draw_medication(axes, marks, marker=".", size=3)
    axes.set_xlim(-0.1, weeks)
    axes.set_ylim(-0.1, 7)
    axes.set_yticks(
        [6 - r + 0.45 for r in (0, 2, 4, 6)],
        [labels.weekdays[r] for r in (0, 2, 4, 6)],
        fontsize=FONT_PT,
        color=INK,
    )
    month_starts = [
        ((cell.day - first).days // 7, labels.months[cell.day.month - 1])
        for cell in cells
        if cell.day.day == 1
    ]
    # Every month's name fits up to half a year; beyond that every other one (at phone size).
    step = 1 if len(month_starts) <= MONTH_LABELS_MAX else 2
    shown = month_starts[::step]
    axes.set_xticks(
        [m + 0.45 for m, _ in shown], [name for _, name in shown], fontsize=FONT_PT, color=INK
    )
    axes.tick_params(length=0)
    for spine in axes.spines.values():
        spine.set_visible(False)


def _draw_weekly(axes: Axes, cells: Sequence[DayCell], labels: ChartLabels) -> None:
    """Headache days per week, with the weeks' trend."""
    first = cells[0].day - timedelta(days=cells[0].day.weekday())
    counts: dict[int, int] = {}
    for cell in cells:
        week = (cell.day - first).days // 7
        counts[week] = counts.get(week, 0) + int(cell.headache)
    # One collection of bars (axes.bar makes an artist per week).
    bars = [
        [(week - 0.35, 0.0), (week + 0.35, 0.0), (week + 0.35, count), (week - 0.35, count)]
        for week, count in sorted(counts.items())
    ]
    axes.add_collection(PolyCollection(bars, facecolors="#b2182b", linewidths=0))
    axes.autoscale_view(scaley=False)
    axes.set_ylim(0, 7)
    axes.set_yticks([0, 7], ["0", "7"], fontsize=FONT_PT, color=INK)
    axes.set_xticks([])
    axes.set_title(labels.weekly, fontsize=FONT_PT, loc="left", color=INK)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def _legend(figure: Figure, labels: ChartLabels) -> None:
    handles: list[Artist] = [
        _unknown_patch((0, 0), 1),
        Rectangle((0, 0), 1, 1, color=HEADACHE_FREE),
        Rectangle((0, 0), 1, 1, color=INTENSITY_COLOURS(0.7)),
    ]
    handles.append(
        Line2D([], [], marker="o", color="white", markerfacecolor=MEDICATION_MARK, markersize=6)
    )
    figure.legend(
        handles,
        [labels.no_record, labels.headache_free, labels.headache, labels.medication],
        loc="outside lower center",
        ncol=1,
        fontsize=FONT_PT,
        frameon=False,
        labelcolor=INK,
        handlelength=1.2,
        columnspacing=1.0,
    )
