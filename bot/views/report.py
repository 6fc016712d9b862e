"""The one-page PDF report for a doctor (fpdf2, with DejaVu Sans for non-Latin names).

The font ships with matplotlib (a dependency already, for the charts), so nothing is fetched.
The page holds the period, the outcome numbers (MHD, MMD, AMD per class), the overuse status,
the intensity calendar, a table of attacks, aura, triggers, sleep, adherence and body
symptoms, and a not-medical-advice footer. A table too long for the page ends with how many
attacks are left out (the CSV export has them all).
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.domain.attacks import AttackRecord, Quality, Side
from bot.domain.classify import AttackLabel, Classification
from bot.domain.medications import IntakeRecord
from bot.domain.overuse import OveruseGroup, OveruseLevel
from bot.domain.summary import PeriodSummary
from bot.views import labels
from bot.views.charts import render_summary_chart
from bot.views.i18n import Translator
from bot.views.markup import plain_text
from bot.views.summary import chart_cells, chart_labels, period_title
from bot.views.timefmt import duration

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
PAGE_MARGIN_MM = 12
BODY_PT = 8.5
LINE_MM = 4.2
CHART_WIDTH_MM = 118
TABLE_ROW_MM = 4.6
FOOTER_SPACE_MM = 34
DAYS_PER_MONTH = 30


def _pdf() -> FPDF:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    return pdf


def _line(pdf: FPDF, text: str, *, bold: bool = False, size: float = BODY_PT) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, LINE_MM, plain_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _per_month(days: int, period_days: int) -> str:
    return f"{days * DAYS_PER_MONTH / period_days:.1f}"


def _group(tr: Translator, group: OveruseGroup) -> str:
    return {
        OveruseGroup.ERGOT: tr._("ergots"),
        OveruseGroup.TRIPTAN: tr._("triptans"),
        OveruseGroup.SIMPLE_ANALGESIC: tr._("simple analgesics"),
        OveruseGroup.OPIOID: tr._("opioids"),
        OveruseGroup.COMBINATION: tr._("combination analgesics"),
        OveruseGroup.MULTIPLE: tr._("multiple classes"),
    }[group]


def _label(tr: Translator, label: AttackLabel) -> str:
    return {
        AttackLabel.MIGRAINE_LIKE: tr._("migraine-like"),
        AttackLabel.PROBABLE_MIGRAINE: tr._("probable migraine"),
        AttackLabel.TENSION_TYPE_LIKE: tr._("tension-type-like"),
        AttackLabel.UNCLASSIFIED: tr._("unclassified"),
    }[label]


def report_pdf(
    tr: Translator,
    summary: PeriodSummary,
    rows: list[tuple[str, str, str, str, str]],
    *,
    tz: str,
    generated_at: datetime,
    first_name: str | None,
    aura_attacks: int,
) -> bytes:
    """Render the report; ``rows`` are the attack table (see :func:`report_rows`)."""
    pdf = _pdf()
    period = summary.period
    _line(pdf, tr._("Headache diary report"), bold=True, size=15)
    who = f"{first_name} · " if first_name else ""
    generated = generated_at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
    _line(
        pdf,
        who
        + tr._(
            "{period} · generated {generated} ({tz})",
            period=period_title(tr, period),
            generated=generated,
            tz=tz,
        ),
        size=8,
    )
    pdf.ln(2)
    _numbers(pdf, tr, summary, aura_attacks=aura_attacks)
    chart = render_summary_chart(chart_cells(summary.days), chart_labels(tr, period))
    pdf.ln(1)
    pdf.image(io.BytesIO(chart), x=(pdf.w - CHART_WIDTH_MM) / 2, w=CHART_WIDTH_MM)
    pdf.ln(1)
    _table(pdf, tr, rows)
    _more(pdf, tr, summary)
    _footer(pdf, tr)
    return bytes(pdf.output())


def _numbers(pdf: FPDF, tr: Translator, summary: PeriodSummary, *, aura_attacks: int) -> None:
    key, days = summary.key, summary.period.days
    _line(pdf, tr._("Outcome measures"), bold=True, size=10)
    _line(
        pdf,
        tr._(
            "Headache days (MHD): {count} ({per} per 30 days) · Migraine days (MMD): {mmd} "
            "({mmd_per} per 30 days) · Acute-medication days (AMD): {amd} ({amd_per} per 30 days)",
            count=key.headache_days,
            per=_per_month(key.headache_days, days),
            mmd=key.migraine_days,
            mmd_per=_per_month(key.migraine_days, days),
            amd=key.acute_medication_days,
            amd_per=_per_month(key.acute_medication_days, days),
        ),
    )
    by_class = ", ".join(
        f"{labels.drug_class(tr, c)} {n}" for c, n in sorted(summary.medication_days.items()) if n
    )
    if by_class:
        _line(pdf, tr._("Medication days by class: {list}", list=by_class))
    counts = " · ".join(f"{_label(tr, label)} {n}" for label, n in summary.labels.items() if n)
    _line(
        pdf,
        tr._(
            "Attacks: {count} ({labels}); ICHD-3 criteria applied to self-reported data · "
            "aura reported in {aura}",
            count=key.attacks,
            labels=counts or "-",
            aura=aura_attacks,
        ),
    )
    if key.mean_intensity is not None and summary.peak_intensity is not None:
        median = duration(tr, summary.median_duration) if summary.median_duration else "-"
        _line(
            pdf,
            tr._(
                "Intensity (0-10): mean {mean:.1f}, peak {peak} · median duration {median}",
                mean=key.mean_intensity,
                peak=summary.peak_intensity,
                median=median,
            ),
        )
    window = summary.overuse.window
    groups = []
    for count in summary.overuse.groups:
        if not count.days and count.group is not OveruseGroup.TRIPTAN:
            continue
        mark = {
            OveruseLevel.BELOW: "",
            OveruseLevel.WARNING: " (" + tr._("approaching") + ")",
            OveruseLevel.OVER: " (" + tr._("at or over threshold") + ")",
        }[count.level]
        groups.append(f"{_group(tr, count.group)} {count.days}/{count.threshold}{mark}")
    _line(
        pdf,
        tr._(
            "Medication overuse, days with intake in the 30 days to {end} (ICHD-3 8.2): {groups}",
            end=window.last.isoformat(),
            groups="; ".join(groups),
        ),
    )
    for group in sorted(summary.sustained_overuse):
        _line(
            pdf,
            tr._(
                "Over the threshold for 3 consecutive 30-day periods: {group}",
                group=_group(tr, group),
            ),
            bold=True,
        )


def _table(pdf: FPDF, tr: Translator, rows: list[tuple[str, str, str, str, str]]) -> None:
    _line(pdf, tr._("Attacks"), bold=True, size=10)
    widths = (30, 20, 12, 66, 58)
    headings = (
        tr._("Start"),
        tr._("Duration"),
        tr._("Peak"),
        tr._("Features"),
        tr._("Medication (effect at 2 h)"),
    )
    room = pdf.h - pdf.get_y() - FOOTER_SPACE_MM - 2 * TABLE_ROW_MM
    fits = max(0, int(room // TABLE_ROW_MM))
    shown = rows[-fits:] if fits else []
    pdf.set_font(FONT, "B", 7.5)
    for width, heading in zip(widths, headings, strict=True):
        pdf.cell(width, TABLE_ROW_MM, plain_text(heading), border="B")
    pdf.ln(TABLE_ROW_MM)
    pdf.set_font(FONT, "", 7.5)
    for row in shown:
        for width, value in zip(widths, row, strict=True):
            pdf.cell(width, TABLE_ROW_MM, _fit(pdf, value, width))
        pdf.ln(TABLE_ROW_MM)
    if not rows:
        _line(pdf, tr._("No attacks recorded in this period."), size=7.5)
    elif len(shown) < len(rows):
        _line(
            pdf,
            tr._(
                "The {shown} most recent of {total} attacks; /export has them all.",
                shown=len(shown),
                total=len(rows),
            ),
            size=7.5,
        )


def _fit(pdf: FPDF, text: str, width: float) -> str:
    text = plain_text(text)
    if pdf.get_string_width(text) <= width - 1:
        return text
    while text and pdf.get_string_width(text + "…") > width - 1:
        text = text[:-1]
    return text + "…"


def _more(pdf: FPDF, tr: Translator, summary: PeriodSummary) -> None:
    pdf.ln(1)
    associated = [
        a.factor for a in summary.triggers if a.enough_data and (a.relative_rate or 0) > 1
    ]
    sleep = summary.sleep
    parts = [
        tr._(
            "Check-ins answered on {answered} of {days} days; headache-free days {free}.",
            answered=summary.checkins_answered,
            days=summary.period.days,
            free=summary.headache_free_days,
        )
    ]
    if sleep.mean_hours is not None:
        parts.append(tr._("Sleep: {hours:.1f} h on average.", hours=sleep.mean_hours))
    parts.append(
        tr._("Factors associated with more attacks: {list}.", list=", ".join(associated))
        if associated
        else tr._("No factor associated with attacks (or not enough data).")
    )
    body = "; ".join(
        f"{labels.symptom(tr, symptom)}: "
        + ", ".join(f"{labels.body_region(tr, r)} {n}" for r, n in sorted(regions.items()))
        for symptom, regions in summary.body_symptoms.items()
    )
    if body:
        parts.append(tr._("Body symptoms (recorded, not interpreted): {list}.", list=body))
    _line(pdf, " ".join(parts), size=8)


def _footer(pdf: FPDF, tr: Translator) -> None:
    pdf.set_y(pdf.h - PAGE_MARGIN_MM - 2 * LINE_MM)
    _line(
        pdf,
        tr._(
            "Recorded by the patient with Migraine Diary Bot. Labels apply ICHD-3 criteria to "
            "self-reported data: not a diagnosis, and not medical advice."
        ),
        size=7,
    )


def report_rows(
    tr: Translator,
    attacks: list[tuple[AttackRecord, Classification, list[IntakeRecord]]],
    *,
    tz: str,
    now: datetime,
) -> list[tuple[str, str, str, str, str]]:
    """The attack table: start, duration, peak, ICHD-3 label with features, medication."""
    zone = ZoneInfo(tz)
    rows = []
    for attack, classification, doses in attacks:
        features = [_label(tr, classification.label)]
        if attack.side in (Side.LEFT, Side.RIGHT):
            features.append(tr._("unilateral"))
        if attack.quality is Quality.PULSATING:
            features.append(tr._("pulsating"))
        if attack.worse_with_activity:
            features.append(tr._("activity"))
        if attack.nausea or attack.vomiting:
            features.append(tr._("nausea"))
        if attack.light_sensitivity and attack.sound_sensitivity:
            features.append(tr._("photo+phono"))
        if attack.aura:
            features.append(tr._("aura"))
        medication = "; ".join(
            dose.medication_name
            + (f" {dose.dose}" if dose.dose else "")
            + (f" ({labels.effect(tr, dose.effect_2h)})" if dose.effect_2h else "")
            for dose in doses
        )
        rows.append(
            (
                attack.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                duration(tr, attack.duration(now)) + ("" if attack.ended_at else " +"),
                "" if attack.peak_intensity is None else str(attack.peak_intensity),
                ", ".join(features),
                medication,
            )
        )
    return rows
