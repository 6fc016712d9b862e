"""Golden texts of /summary, and the chart's image."""

from __future__ import annotations

import struct
from datetime import date

from bot.domain.attacks import EndedHow, Quality, Side
from bot.domain.checkins import Factor, SleepQuality
from bot.domain.medications import DrugClass, Effect
from bot.domain.periods import last_days, parse_period
from bot.domain.summary import PeriodSummary, build_summary
from bot.views.charts import render_summary_chart
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
    assert summary_text(EN, _week()) == (
        "<b>Your last 7 days (14 Nov – 20 Nov)</b>\n"
        "\n"
        "2 attacks · headache days: 3 of 7\n"
        "Migraine days: 2 · days with acute medication: 2\n"
        "Intensity: 5.0 on average, 7 at worst\n"
        "Duration: 4 h median, 8 h in all\n"
        "Compared with the 7 days before: headache days +2, migraine days +2, medication "
        "days +2\n"
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
        "<b>Check-ins</b>: answered on 3 of 7 days · headache-free days: 4 (3 confirmed by a "
        "check-in) · days without any record: 1"
    )


def _triptan_month(days: int) -> PeriodSummary:
    return build_summary(
        last_days(30, today=FRIDAY),
        attacks=[],
        intakes=daily(DrugClass.TRIPTAN, date(2026, 11, 1), days),
        checkins=[],
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


def test_titles_and_empty_and_usage() -> None:
    month = parse_period("2026-10", today=FRIDAY)
    assert month is not None
    assert period_title(EN, month) == "October 2026"
    this_month = parse_period("month", today=FRIDAY)
    assert this_month is not None
    assert period_title(EN, this_month) == "This month so far (1 Nov – 20 Nov)"
    assert empty(EN, last_days(7, today=FRIDAY)).text == (
        "<b>Your last 7 days (14 Nov – 20 Nov)</b>\n\n"
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
    assert _png_size(png) == (1080, 720)
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
    assert _png_size(png) == (1080, 720)
    assert [cell.medication for cell in chart_cells(year.days)].count(True) == 40
