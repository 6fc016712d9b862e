"""Golden texts of /summary, and the chart's image."""

from __future__ import annotations

import io
import struct
from dataclasses import replace
from datetime import date, timedelta

from matplotlib.image import imread

from bot.domain.attacks import EndedHow, Quality, Side
from bot.domain.checkins import Factor, SleepQuality
from bot.domain.medications import DrugClass, Effect
from bot.domain.periods import last_days, parse_period
from bot.domain.summary import PeriodSummary, build_summary
from bot.views.charts import HEADACHE_FREE, UNKNOWN, UNKNOWN_EDGE, render_summary_chart
from bot.views.charts import DayCell as ChartDay
from bot.views.i18n import translator
from bot.views.summary import (
    chart_cells,
    chart_labels,
    empty,
    period_title,
    summary_text,
    usage,
)
from tests.domain.diary import BERLIN, at, attack, body_symptom, checkin, daily, intake

EN = translator("en")
FRIDAY = date(2026, 11, 20)


def _week() -> PeriodSummary:
    attacks = [
        attack(
            1,
            at(date(2026, 11, 14), 22),
            at(date(2026, 11, 15), 3),
            peak_intensity=7,
            side=Side.LEFT,
            quality=Quality.PULSATING,
            worse_with_activity=True,
            nausea=True,
            light_sensitivity=True,
            sound_sensitivity=True,
            ended_how=EndedHow.MEDICATION,
            triggers=("stress", "c:Cheese"),
        ),
        attack(
            2,
            at(date(2026, 11, 18), 9),
            at(date(2026, 11, 18), 12),
            peak_intensity=3,
            side=Side.BOTH,
            quality=Quality.PRESSING,
            worse_with_activity=False,
            nausea=False,
            light_sensitivity=True,
        ),
        attack(3, at(date(2026, 11, 10), 15), at(date(2026, 11, 10), 20), peak_intensity=5),
    ]
    intakes = [
        intake(
            1,
            at(date(2026, 11, 14), 22, 30),
            DrugClass.TRIPTAN,
            name="Sumatriptan",
            attack_id=1,
            effect=Effect.PAIN_FREE,
        ),
        intake(
            2,
            at(date(2026, 11, 18), 9, 30),
            DrugClass.NSAID,
            name="Ibuprofen",
            attack_id=2,
            effect=Effect.PARTIAL,
        ),
    ]
    checkins = [
        checkin(
            date(2026, 11, 16), headache=False, sleep_hours=7.5, sleep_quality=SleepQuality.GOOD
        ),
        checkin(date(2026, 11, 17), headache=False, sleep_hours=8, sleep_quality=SleepQuality.OK),
        checkin(
            date(2026, 11, 19),
            headache=False,
            sleep_hours=5,
            sleep_quality=SleepQuality.POOR,
            factors=frozenset({Factor.STRESS}),
        ),
    ]
    twitching = [body_symptom(1, at(date(2026, 11, 14), 22, 10), region="eyelid_face")]
    return build_summary(
        last_days(7, today=FRIDAY),
        attacks=attacks,
        intakes=intakes,
        checkins=checkins,
        body_symptoms=twitching,
        tz=BERLIN,
        now=at(FRIDAY, 18),
    )


def test_week_summary_text() -> None:
    # Hand-checked (issue 12.4): headache on 14, 15 (the attack across midnight) and 18 Nov;
    # "no headache" answered on 16, 17 and 19; nothing about 20 Nov: unknown, not headache-free.
    # The week before holds only the attack of 10 Nov (1 recorded day of 7, under 80 %), so
    # the comparison is left out and the reason is said.
    assert summary_text(EN, _week()) == (
        "<b>Your last 7 days (14\u2009–\u200920 Nov)</b>\n"
        "<b>Recorded on 6 of 7 days</b> (3 with headache, 3 without) · 1 day unknown (not "
        "counted as headache-free)\n"
        "The 7 days before are recorded on only 1 day, too few to compare with. Answer the "
        "evening check-in, or send /noheadache on a day without headache, so that good days "
        "count.\n"
        "\n"
        "2 attacks · headache days: 3 of 7\n"
        "Migraine days: 2 · days with acute medication: 2\n"
        "Intensity: 5.0 on average, 7 at worst\n"
        "Duration: 4 h median, 8 h in all\n"
        "\n"
        "<b>Attacks by ICHD-3 criteria</b>\n"
        "meet the migraine criteria: 1 · tension-type-like: 1\n"
        "\n"
        "<b>Medication</b>\n"
        "Triptan: 1 day · Anti-inflammatory (NSAID): 1 day\n"
        "Ibuprofen at 2 h: pain-free 0, better 1, no effect 0\n"
        "Sumatriptan at 2 h: pain-free 1, better 0, no effect 0\n"
        "Last 30 days, triptans: 1 of 10 days\n"
        "Last 30 days, simple painkillers (paracetamol, aspirin, NSAIDs): 1 of 15 days\n"
        "\n"
        "<b>Symptoms</b>: Light hurts 2, Nausea 1, Noise hurts 1\n"
        "Muscle twitching by body region: Eyelid / face 1\n"
        "<b>Started</b>: night 0 · morning 1 · afternoon 0 · evening 1\n"
        "<b>Sleep</b>: 6.8 h on average\n"
        "\n"
        "<b>Possible triggers</b> (from your check-ins)\n"
        "Not enough data yet for exercise, caffeine, alcohol, stress, poor sleep (each needs 3 "
        "days with it, 3 without, and 3 attacks).\n"
        "Tagged on attacks: Cheese 1, Stress 1\n"
        "\n"
        "<b>Check-ins</b>: answered on 3 of 7 days"
    )


def _triptan_month(days: int, *, answered: bool = True) -> PeriodSummary:
    period = last_days(30, today=FRIDAY)
    intakes = daily(DrugClass.TRIPTAN, date(2026, 11, 1), days)
    triptan_days = {date(2026, 11, 1) + timedelta(days=n) for n in range(days)}
    checkins = [checkin(day, headache=day in triptan_days) for day in period.dates()]
    return build_summary(
        period,
        attacks=[],
        intakes=intakes,
        checkins=checkins if answered else [],
        body_symptoms=[],
        tz=BERLIN,
        now=at(FRIDAY, 18),
    )


def test_nine_triptan_days_warn_before_the_threshold() -> None:
    text = summary_text(EN, _triptan_month(9))
    assert (
        "⚠️ Last 30 days, triptans: 9 of 10 days · close to the medication-overuse threshold."
        in text
    )
    assert "at the medication-overuse threshold" not in text


def test_ten_triptan_days_reach_the_threshold() -> None:
    text = summary_text(EN, _triptan_month(10))
    assert (
        "⚠️ Last 30 days, triptans: 10 of 10 days · at the medication-overuse threshold "
        "(ICHD-3 8.2). Talk to your doctor."
    ) in text
    # A 30-day period gets the IHS treatment-goal band: triptan days are migraine days.
    assert (
        "Treatment goal (IHS 2025): 10 days with migraine or moderate/severe headache: "
        "insufficient control (more than 6)."
    ) in text


def test_an_unrecorded_month_gets_no_treatment_goal_and_says_why() -> None:
    # Issue 12.4: only the triptan days are known; the other 20 days are unknown, so the band
    # (docs/architecture.md: needs 80 % of the days recorded) is left out, with the reason.
    text = summary_text(EN, _triptan_month(10, answered=False))
    assert "Treatment goal" not in text
    assert "optimal control" not in text
    assert (
        "<b>Recorded on 0 of 30 days</b> (0 with headache, 0 without) · 30 days unknown (not "
        "counted as headache-free)\n"
        "Left out until at least 24 of the 30 days are recorded: the treatment-goal band, the "
        "chronic-pattern check."
    ) in text


def test_titles_and_empty_and_usage() -> None:
    month = parse_period("2026-10", today=FRIDAY)
    assert month is not None
    assert period_title(EN, month) == "October 2026"
    this_month = parse_period("month", today=FRIDAY)
    assert this_month is not None
    assert period_title(EN, this_month) == "This month so far (1\u2009–\u200920 Nov)"
    assert empty(EN, last_days(7, today=FRIDAY)).text == (
        "<b>Your last 7 days (14\u2009–\u200920 Nov)</b>\n\n"
        "Nothing is recorded for these days yet. When an attack starts, tap “🤕 Attack now”; "
        "the evening check-in records headache-free days too, and those count."
    )
    assert usage(EN).text.endswith(
        "Try: /summary, /summary 30, /summary 90, /summary 365, /summary month, /summary 2026-10"
    )


def _png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_chart_is_a_phone_sized_png_for_short_and_long_periods() -> None:
    week = _week()
    png = render_summary_chart(chart_cells(week.days), chart_labels(EN, week.period))
    width, height = _png_size(png)
    assert width == 1080
    assert 400 < height < 1000  # one row of days: a short image
    year = build_summary(
        last_days(365, today=FRIDAY),
        attacks=[],
        intakes=daily(DrugClass.NSAID, date(2026, 1, 1), 40),
        checkins=[],
        body_symptoms=[],
        tz=BERLIN,
        now=at(FRIDAY, 18),
    )
    png = render_summary_chart(chart_cells(year.days), chart_labels(EN, year.period))
    width, height = _png_size(png)
    assert width == 1080
    assert height < 1600
    assert [cell.medication for cell in chart_cells(year.days)].count(True) == 40


def _pixels_of(png: bytes, colour: str) -> int:
    """How many pixels of the PNG have exactly ``colour`` (``#rrggbb``)."""
    image = imread(io.BytesIO(png), format="png")
    target = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    matches = (abs(image[:, :, :3] - target) < 1 / 255).all(axis=2)
    return int(matches.sum())


def test_unrecorded_days_are_never_drawn_as_good_days() -> None:
    # Issue 12.4: a week with nothing recorded is drawn unknown (hatched grey, with its legend
    # entry); only days the user said were headache-free are green.
    week = last_days(7, today=FRIDAY)
    cells = [
        ChartDay(day=day, headache=False, intensity=None, medication=False, headache_free=False)
        for day in week.dates()
    ]
    unknown = render_summary_chart(cells, chart_labels(EN, week))
    good = render_summary_chart(
        [replace(cell, headache_free=True) for cell in cells], chart_labels(EN, week)
    )
    legend_only = _pixels_of(unknown, HEADACHE_FREE)
    assert legend_only < _pixels_of(good, HEADACHE_FREE) / 20
    assert _pixels_of(unknown, UNKNOWN) > 20 * _pixels_of(good, UNKNOWN)
    assert chart_labels(EN, week).no_record == "not recorded (unknown)"


def test_unknown_days_are_hatched_and_an_unchanged_chart_is_not_drawn_again() -> None:
    week = last_days(7, today=FRIDAY)
    cells = [
        ChartDay(day=day, headache=False, intensity=None, medication=False, headache_free=False)
        for day in week.dates()
    ]
    unknown = render_summary_chart(cells, chart_labels(EN, week))
    good = render_summary_chart(
        [replace(cell, headache_free=True) for cell in cells], chart_labels(EN, week)
    )
    # The hatching's lines are drawn in the edge colour, over the unknown days only.
    assert _pixels_of(unknown, UNKNOWN_EDGE) > 20 * max(_pixels_of(good, UNKNOWN_EDGE), 1)
    # Equal cells and labels: the very same image, from the cache; any change draws anew.
    assert render_summary_chart(list(cells), chart_labels(EN, week)) is unknown
    changed = [replace(cells[0], medication=True), *cells[1:]]
    assert render_summary_chart(changed, chart_labels(EN, week)) != unknown


def _poor_sleep_month() -> PeriodSummary:
    # 30 days, every check-in answered "no headache" unless an attack started that day. Poor
    # sleep on days 0, 5, ..., 25, so 12 days count "with" it (that day or the day after);
    # attacks on the day after each (6 of 12) and on 2 of the other 18 days.
    period = last_days(30, today=FRIDAY)
    poor = {period.first + timedelta(days=n) for n in range(0, 30, 5)}
    starts = {day + timedelta(days=1) for day in poor} | {
        period.first + timedelta(days=3),
        period.first + timedelta(days=13),
    }
    attacks = [
        attack(n, at(day, 9), at(day, 15), peak_intensity=5)
        for n, day in enumerate(sorted(starts), start=1)
    ]
    checkins = [
        checkin(
            day,
            headache=day in starts,
            sleep_hours=7,
            sleep_quality=SleepQuality.POOR if day in poor else SleepQuality.GOOD,
        )
        for day in [period.first - timedelta(days=1), *period.dates()]
    ]
    return build_summary(
        period,
        attacks=attacks,
        intakes=[],
        checkins=checkins,
        body_symptoms=[],
        tz=BERLIN,
        now=at(FRIDAY, 18),
    )


def test_a_trigger_association_shows_the_counts_behind_it() -> None:
    # docs/architecture.md "Triggers": 6 of 12 vs 2 of 18, one-sided mid-p 0.015 (one factor
    # tested),
    # rate ratio 4.5: associated, with the counts; the others have no days with them yet.
    text = summary_text(EN, _poor_sleep_month())
    assert (
        "<b>Possible triggers</b> (from your check-ins)\n"
        "Poor sleep: attacks on 6 of 12 days with it (that day or the day before) vs 2 of 18 "
        "days otherwise: associated with more attacks (exact test, corrected for 1 factor; not "
        "proof of a cause)\n"
        "Not enough data yet for exercise, caffeine, alcohol, stress (each needs 3 days with "
        "it, 3 without, and 3 attacks)."
    ) in text
