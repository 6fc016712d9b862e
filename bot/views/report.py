"""The PDF report for a doctor (fpdf2, with DejaVu Sans for non-Latin text).

The font ships with matplotlib (a dependency already, for the charts), so nothing is fetched; it
covers Latin, Cyrillic and Arabic. Text goes through fpdf2's shaping engine (HarfBuzz, via
uharfbuzz), so Arabic letters join and right-to-left lines run right to left, right-aligned.
The first page holds the period (with years), on how many days the diary was kept, the outcome
numbers (MHD, MMD, AMD per class), the overuse status, the preventive medication and its
adherence, a month-by-month table for periods over 60 days, and the intensity calendar; then
every attack of the period in a table whose cells wrap (a second dose never disappears) and
continue on further pages with their headings; then triggers, sleep and body symptoms. Every
page ends with the not-medical-advice footer. It is written for the doctor: no line speaks to
the patient.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from bot.domain.adherence import Adherence
from bot.domain.attacks import AttackRecord, Quality, Side
from bot.domain.classify import AttackLabel, Classification
from bot.domain.medications import IntakeRecord
from bot.domain.outcomes import is_month_long, recorded_days_needed
from bot.domain.overuse import OveruseGroup, OveruseLevel
from bot.domain.summary import PeriodSummary
from bot.domain.triggers import TriggerAssociation
from bot.domain.wallclock import local_date_of
from bot.views import labels
from bot.views.charts import render_summary_chart
from bot.views.i18n import Translator, is_rtl
from bot.views.markup import plain_text
from bot.views.summary import (
    band_text,
    chart_cells,
    chart_labels,
    factor_name,
    period_span,
)
from bot.views.timefmt import decimal, duration, local_date, upper_first

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
PAGE_MARGIN_MM = 12
BODY_PT = 8.5
LINE_MM = 4.2
CHART_WIDTH_MM = 102  # the chart is laid out 4 in (101.6 mm) wide: its text prints at 10.5 pt
TABLE_ROW_MM = 4.6
FOOTER_SPACE_MM = 16
DAYS_PER_MONTH = 30
# The month-by-month table is shown for reports longer than two months.
MONTH_TABLE_MIN_DAYS = 61
TABLE_PT = 7.5
TABLE_LINE_MM = 3.6


class _ReportPdf(FPDF):
    """An A4 page with the report's footer on every page."""

    footer_text = ""
    rtl = False

    def footer(self) -> None:
        """The not-medical-advice line and the page number."""
        self.set_y(-PAGE_MARGIN_MM - 2 * LINE_MM)
        self.set_font(FONT, "", 7)
        self.multi_cell(
            0,
            LINE_MM,
            f"{self.footer_text} · {self.page_no()}",
            align="R" if self.rtl else "L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )


def _pdf(footer: str, *, rtl: bool) -> _ReportPdf:
    pdf = _ReportPdf(orientation="P", unit="mm", format="A4")
    pdf.footer_text = footer
    pdf.rtl = rtl
    pdf.set_auto_page_break(auto=True, margin=FOOTER_SPACE_MM)
    pdf.set_margins(PAGE_MARGIN_MM, PAGE_MARGIN_MM, PAGE_MARGIN_MM)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if rtl else "ltr")
    pdf.add_page()
    return pdf


def _line(pdf: _ReportPdf, text: str, *, bold: bool = False, size: float = BODY_PT) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(
        0,
        LINE_MM,
        plain_text(text),
        align="R" if pdf.rtl else "L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _per_month(tr: Translator, days: int, period_days: int) -> str:
    return decimal(tr, days * DAYS_PER_MONTH / period_days)


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
    preventives: Sequence[Adherence] = (),
) -> bytes:
    """Render the report; ``rows`` are the attack table (see :func:`report_rows`)."""
    pdf = _pdf(
        tr._(
            "Recorded by the patient with Migraine Diary Bot. Labels apply ICHD-3 criteria to "
            "self-reported data: not a diagnosis, and not medical advice."
        ),
        rtl=is_rtl(tr),
    )
    period = summary.period
    _line(pdf, tr._("Headache diary report"), bold=True, size=15)
    who = f"{first_name} · " if first_name else ""
    generated = generated_at.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")
    _line(
        pdf,
        who
        + tr.n_(
            "{span} ({count} day) · generated {generated} ({tz})",
            "{span} ({count} days) · generated {generated} ({tz})",
            period.days,
            span=period_span(tr, period),
            generated=generated,
            tz=tz,
        ),
        size=8,
    )
    pdf.ln(2)
    _recorded(pdf, tr, summary)
    _numbers(pdf, tr, summary, aura_attacks=aura_attacks)
    _preventives(pdf, tr, preventives, tz=tz)
    _months(pdf, tr, summary)
    chart = render_summary_chart(chart_cells(summary.days), chart_labels(tr, period))
    pdf.ln(1)
    pdf.image(io.BytesIO(chart), x=(pdf.w - CHART_WIDTH_MM) / 2, w=CHART_WIDTH_MM)
    pdf.ln(1)
    _table(pdf, tr, rows)
    _more(pdf, tr, summary)
    return bytes(pdf.output())


def _recorded(pdf: _ReportPdf, tr: Translator, summary: PeriodSummary) -> None:
    """On how many days the diary was kept, and what that leaves out."""
    _line(
        pdf,
        tr.n_(
            "Diary kept on {recorded} of {count} day ({headache} with headache, {free} "
            "reported headache-free); {unknown} unknown, not counted as headache-free.",
            "Diary kept on {recorded} of {count} days ({headache} with headache, {free} "
            "reported headache-free); {unknown} unknown, not counted as headache-free.",
            summary.period.days,
            recorded=summary.recorded_days,
            headache=summary.key.headache_days,
            free=summary.headache_free_days,
            unknown=summary.unknown_days,
        ),
        bold=True,
        size=9,
    )
    if summary.treatment_goal is not None:
        _line(pdf, band_text(tr, summary.treatment_goal, summary.moderate_or_migraine_days))
    elif is_month_long(summary.period.days):
        _line(
            pdf,
            tr.n_(
                "Treatment-goal band (IHS 2025) and chronic pattern not assessed: fewer than "
                "{needed} of {count} day recorded.",
                "Treatment-goal band (IHS 2025) and chronic pattern not assessed: fewer than "
                "{needed} of {count} days recorded.",
                summary.period.days,
                needed=recorded_days_needed(summary.period.days),
            ),
        )
    if summary.chronic_months:
        _line(
            pdf,
            tr.n_(
                "Headache on >= 15 days with >= 8 migraine days in {count} consecutive 30-day "
                "month (ICHD-3 1.3 pattern).",
                "Headache on >= 15 days with >= 8 migraine days in {count} consecutive 30-day "
                "months (ICHD-3 1.3 pattern).",
                summary.chronic_months,
            ),
            bold=True,
        )
    elif summary.chronic_pattern:
        _line(
            pdf,
            tr._(
                "This month: headache on >= 15 days with >= 8 migraine days (ICHD-3 1.3 needs "
                "more than 3 months)."
            ),
            bold=True,
        )


def _preventives(
    pdf: _ReportPdf, tr: Translator, preventives: Sequence[Adherence], *, tz: str
) -> None:
    """Each preventive: name, dose, since when, doses taken / scheduled in the period."""
    if not preventives:
        return
    _line(pdf, tr._("Preventive medication"), bold=True, size=10)
    for item in preventives:
        medication = item.plan.medication
        since = local_date(tr, local_date_of(item.plan.since, tz), "yMMMd")
        name = medication.name + (f" {medication.usual_dose}" if medication.usual_dose else "")
        doses = (
            tr._(
                "doses taken {taken} of {scheduled} scheduled (skipped {skipped})",
                taken=item.taken,
                scheduled=item.scheduled,
                skipped=item.skipped,
            )
            if item.scheduled is not None
            else tr._(
                "doses taken {taken}, skipped {skipped} (no dose reminder, so none scheduled)",
                taken=item.taken,
                skipped=item.skipped,
            )
        )
        _line(
            pdf,
            tr._(
                "{name}, in the diary since {since}: {doses}", name=name, since=since, doses=doses
            ),
        )


def _months(pdf: _ReportPdf, tr: Translator, summary: PeriodSummary) -> None:
    """Headache, migraine and acute-medication days per 30-day month (periods over 60 days)."""
    if summary.period.days < MONTH_TABLE_MIN_DAYS:
        return
    _line(pdf, tr._("Month by month (30-day months)"), bold=True, size=10)
    _grid(
        pdf,
        (60, 28, 28, 34, 30),
        (
            tr._("Days"),
            tr._("Headache days"),
            tr._("Migraine days"),
            tr._("Acute-medication days"),
            tr._("Days recorded"),
        ),
        [
            (
                f"{period_span(tr, month.period)} ({month.period.days})",
                str(month.headache_days),
                str(month.migraine_days),
                str(month.acute_medication_days),
                f"{month.recorded_days}/{month.period.days}",
            )
            for month in summary.months
        ],
    )
    pdf.ln(1)


def _numbers(
    pdf: _ReportPdf, tr: Translator, summary: PeriodSummary, *, aura_attacks: int
) -> None:
    key, days = summary.key, summary.period.days
    _line(pdf, tr._("Outcome measures"), bold=True, size=10)
    _line(
        pdf,
        tr._(
            "Headache days (MHD): {count} ({per} per 30 days) · Migraine days (MMD): {mmd} "
            "({mmd_per} per 30 days) · Acute-medication days (AMD): {amd} ({amd_per} per 30 days)",
            count=key.headache_days,
            per=_per_month(tr, key.headache_days, days),
            mmd=key.migraine_days,
            mmd_per=_per_month(tr, key.migraine_days, days),
            amd=key.acute_medication_days,
            amd_per=_per_month(tr, key.acute_medication_days, days),
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
                "Intensity (0-10): mean {mean}, peak {peak} · median duration {median}",
                mean=decimal(tr, key.mean_intensity),
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


def _table(pdf: _ReportPdf, tr: Translator, rows: list[tuple[str, str, str, str, str]]) -> None:
    """Every attack of the period; long cells wrap, and the table continues on new pages."""
    _line(pdf, tr._("Attacks"), bold=True, size=10)
    if not rows:
        _line(pdf, tr._("No attacks recorded in this period."), size=TABLE_PT)
        return
    _grid(
        pdf,
        (30, 20, 12, 62, 62),
        (
            tr._("Start"),
            tr._("Duration"),
            tr._("Peak"),
            tr._("Features"),
            tr._("Medication (effect at 2 h)"),
        ),
        rows,
    )


def _grid(
    pdf: _ReportPdf,
    widths: tuple[float, ...],
    headings: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
) -> None:
    """A table as wide as its columns: headings repeated on each page, cells wrapped, never cut."""
    pdf.set_font(FONT, "", TABLE_PT)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        align="LEFT",
        text_align="RIGHT" if pdf.rtl else "LEFT",
        line_height=TABLE_LINE_MM,
        borders_layout="HORIZONTAL_LINES",
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for text in headings:
            heading.cell(plain_text(text))
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(plain_text(value))


def _more(pdf: _ReportPdf, tr: Translator, summary: PeriodSummary) -> None:
    pdf.ln(1)
    tested = [a for a in summary.triggers if a.p_value is not None]
    sleep = summary.sleep
    parts = [
        tr.n_(
            "Check-ins answered on {answered} of {count} day.",
            "Check-ins answered on {answered} of {count} days.",
            summary.period.days,
            answered=summary.checkins_answered,
        )
    ]
    if sleep.mean_hours is not None:
        parts.append(tr._("Sleep: {hours} h on average.", hours=decimal(tr, sleep.mean_hours)))
    parts.append(
        tr.n_(
            "Factors from the check-ins (same day or day before; one-sided mid-p exact test, "
            "Holm-corrected over {count} factor; associated only if p <= 0.05 and attack rate "
            "ratio >= 1.5): {list}.",
            "Factors from the check-ins (same day or day before; one-sided mid-p exact test, "
            "Holm-corrected over {count} factors; associated only if p <= 0.05 and attack rate "
            "ratio >= 1.5): {list}.",
            len(tested),
            list="; ".join(_trigger(tr, a) for a in tested),
        )
        if tested
        else tr._("Factors from the check-ins: not enough data to test any.")
    )
    body = "; ".join(
        tr._(
            "{label}: {value}",
            label=labels.symptom(tr, symptom),
            value=", ".join(
                f"{labels.body_region(tr, r)} {n}" for r, n in sorted(regions.items())
            ),
        )
        for symptom, regions in summary.body_symptoms.items()
    )
    if body:
        parts.append(tr._("Body symptoms (recorded, not interpreted): {list}.", list=body))
    _line(pdf, " ".join(parts), size=8)


def _trigger(tr: Translator, item: TriggerAssociation) -> str:
    """``Poor sleep: attack on 6/11 days with vs 4/40 without, adjusted p 0.010, associated``."""
    assert item.adjusted_p is not None
    return tr._(
        "{factor}: attack on {with_attacks}/{with_days} days with vs {without_attacks}/"
        "{without_days} without, adjusted p {p}, {verdict}",
        factor=upper_first(factor_name(tr, item.factor)),
        with_attacks=item.attack_days_with,
        with_days=item.days_with,
        without_attacks=item.attack_days_without,
        without_days=item.days_without,
        p=decimal(tr, item.adjusted_p, 3),
        verdict=tr._("associated") if item.associated else tr._("not associated"),
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
