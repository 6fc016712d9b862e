"""The words of /summary and the weekly recap, and the chart's labels.

Results are worded as the diary's data: "meets the criteria of", "associated with", never
"you have" or "causes" (docs/architecture.md).
"""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names

from bot.domain.attacks import custom_label, is_custom
from bot.domain.classify import AttackLabel
from bot.domain.days import DayCell as DomainDay
from bot.domain.medications import DrugClass
from bot.domain.outcomes import (
    CHRONIC_MIN_MONTHS,
    TreatmentGoalBand,
    is_month_long,
    recorded_days_needed,
)
from bot.domain.overuse import OveruseGroup, OveruseLevel
from bot.domain.periods import Period, PeriodKind
from bot.domain.summary import PeriodSummary, TimeOfDay
from bot.domain.triggers import TriggerAssociation
from bot.views import labels
from bot.views.charts import ChartLabels, DayCell
from bot.views.i18n import Translator
from bot.views.lists import listing
from bot.views.markup import Html, bold, escape
from bot.views.screens import Screen
from bot.views.timefmt import babel_locale, date_range, decimal, duration, month_name, upper_first

USAGE_ARGUMENTS = ("", " 30", " 90", " 365", " month", " 2026-10")
MAX_EFFECT_LINES = 10  # medications whose effect at 2 h is listed; the rest are counted


def usage(tr: Translator, *, command: str = "summary") -> Screen:
    """A /summary (or /report) argument that names no period."""
    return Screen(
        tr._(
            "I can summarise the last 7, 30, 90 or 365 days, this month, or a past month. "
            "Try: {examples}",
            examples=Html(", ").join(f"/{command}{argument}" for argument in USAGE_ARGUMENTS),
        )
    )


def report_caption(tr: Translator, period: Period) -> str:
    """The caption of the report PDF ("Your report for the last 90 days (…), for your doctor.")."""
    return tr._("Your report for {period}, for your doctor.", period=period_name(tr, period))


def period_span(tr: Translator, period: Period) -> str:
    """The period's first and last dates with their years: ``2 Dec 2025 – 1 Dec 2026``."""
    return date_range(tr, period.first, period.last, "yMMMd")


def period_name(tr: Translator, period: Period) -> str:
    """The period inside a sentence, with years: ``the last 90 days (26 Aug 2026 – …)``."""
    if period.kind is PeriodKind.CALENDAR_MONTH:
        return month_name(tr, period.first)
    if period.kind is PeriodKind.MONTH_TO_DATE:
        return tr._("this month so far ({span})", span=period_span(tr, period))
    return tr.n_(
        "the last day ({span})",
        "the last {count} days ({span})",
        period.days,
        span=period_span(tr, period),
    )


def period_title(tr: Translator, period: Period) -> str:
    """``Your last 7 days (14 Nov – 20 Nov)``, ``This month so far (…)``, ``October 2026``."""
    span = date_range(tr, period.first, period.last)
    if period.kind is PeriodKind.CALENDAR_MONTH:
        return month_name(tr, period.first)
    if period.kind is PeriodKind.MONTH_TO_DATE:
        return tr._("This month so far ({span})", span=span)
    return tr.n_(
        "Your last day ({span})", "Your last {count} days ({span})", period.days, span=span
    )


def empty(tr: Translator, period: Period) -> Screen:
    """Nothing at all recorded in the period."""
    return Screen(
        bold(period_title(tr, period))
        + "\n\n"
        + tr._(
            "Nothing is recorded for these days yet. When an attack starts, tap “🤕 Attack "
            "now”; the evening check-in records headache-free days too, and those count."
        )
    )


def _delta(now: int, before: int) -> str:
    change = now - before
    return f"{change:+d}" if change else "±0"


def _group_name(tr: Translator, group: OveruseGroup) -> str:
    return {
        OveruseGroup.ERGOT: tr._("ergots"),
        OveruseGroup.TRIPTAN: tr._("triptans"),
        OveruseGroup.SIMPLE_ANALGESIC: tr._("simple painkillers (paracetamol, aspirin, NSAIDs)"),
        OveruseGroup.OPIOID: tr._("opioids"),
        OveruseGroup.COMBINATION: tr._("combination painkillers"),
        OveruseGroup.MULTIPLE: tr._("several kinds together"),
    }[group]


def _label_name(tr: Translator, label: AttackLabel) -> str:
    return {
        AttackLabel.MIGRAINE_LIKE: tr._("meet the migraine criteria"),
        AttackLabel.PROBABLE_MIGRAINE: tr._("probable migraine"),
        AttackLabel.TENSION_TYPE_LIKE: tr._("tension-type-like"),
        AttackLabel.UNCLASSIFIED: tr._("not enough answers to tell"),
    }[label]


def _time_name(tr: Translator, part: TimeOfDay) -> str:
    return {
        TimeOfDay.NIGHT: tr._("night"),
        TimeOfDay.MORNING: tr._("morning"),
        TimeOfDay.AFTERNOON: tr._("afternoon"),
        TimeOfDay.EVENING: tr._("evening"),
    }[part]


def factor_name(tr: Translator, key: str) -> str:
    """A check-in factor's label (never its stored key such as ``poor_sleep``)."""
    names = {
        "exercise": tr._("exercise"),
        "caffeine": tr._("caffeine"),
        "alcohol": tr._("alcohol"),
        "stress": tr._("stress"),
        "poor_sleep": tr._("poor sleep"),
    }
    return names[key]


def band_text(tr: Translator, band: TreatmentGoalBand, days: int) -> str:
    """The IHS 2025 treatment-goal line for ``days`` with migraine or moderate/severe headache."""
    names = {
        TreatmentGoalBand.FREE: tr._("migraine freedom"),
        TreatmentGoalBand.OPTIMAL: tr._("optimal control (under 4)"),
        TreatmentGoalBand.MODEST: tr._("modest control (4-6)"),
        TreatmentGoalBand.INSUFFICIENT: tr._("insufficient control (more than 6)"),
    }
    return tr.n_(
        "Treatment goal (IHS 2025): {count} day with migraine or moderate/severe headache: "
        "{band}.",
        "Treatment goal (IHS 2025): {count} days with migraine or moderate/severe headache: "
        "{band}.",
        days,
        band=names[band],
    )


def summary_text(tr: Translator, summary: PeriodSummary) -> Html:
    """The summary's text (Telegram HTML)."""
    key = summary.key
    before = summary.comparison.before
    period = summary.period
    lines: list[str] = [bold(period_title(tr, period)), *_recorded_lines(tr, summary), Html("")]
    attacks = tr.n_("{count} attack", "{count} attacks", key.attacks)
    if summary.open_attacks:
        attacks += " " + tr.n_(
            "({count} still going)", "({count} still going)", summary.open_attacks
        )
    lines += [
        tr._(
            "{attacks} · headache days: {headache} of {days}",
            attacks=attacks,
            headache=key.headache_days,
            days=period.days,
        ),
        tr._(
            "Migraine days: {migraine} · days with acute medication: {medication}",
            migraine=key.migraine_days,
            medication=key.acute_medication_days,
        ),
    ]
    if key.mean_intensity is not None and summary.peak_intensity is not None:
        lines.append(
            tr._(
                "Intensity: {mean} on average, {peak} at worst",
                mean=decimal(tr, key.mean_intensity),
                peak=summary.peak_intensity,
            )
        )
    if summary.median_duration is not None:
        lines.append(
            tr._(
                "Duration: {median} median, {total} in all",
                median=duration(tr, summary.median_duration),
                total=duration(tr, summary.total_duration),
            )
        )
    if summary.comparison.previous_has_records and summary.comparable:
        lines.append(
            tr.n_(
                "Compared with the day before: headache days {headache}, migraine days "
                "{migraine}, medication days {medication}",
                "Compared with the {count} days before: headache days {headache}, migraine days "
                "{migraine}, medication days {medication}",
                summary.comparison.previous.days,
                headache=_delta(key.headache_days, before.headache_days),
                migraine=_delta(key.migraine_days, before.migraine_days),
                medication=_delta(key.acute_medication_days, before.acute_medication_days),
            )
        )
    lines += _criteria_lines(tr, summary)
    lines += _medication_lines(tr, summary)
    lines += _detail_lines(tr, summary)
    lines += _trigger_lines(tr, summary)
    lines += _record_lines(tr, summary)
    return Html("\n").join(lines)


def _criteria_lines(tr: Translator, summary: PeriodSummary) -> list[str]:
    if not summary.key.attacks:
        return []
    parts = [
        tr._("{label}: {value}", label=_label_name(tr, label), value=count)
        for label, count in summary.labels.items()
        if count
    ]
    return ["", tr._("<b>Attacks by ICHD-3 criteria</b>"), Html(" · ").join(parts)]


def _medication_lines(tr: Translator, summary: PeriodSummary) -> list[str]:
    lines: list[str] = []
    used = {
        c: d for c, d in summary.medication_days.items() if d and c is not DrugClass.PREVENTIVE
    }
    # 8.2.6 (several kinds together) only matters once it nears its threshold.
    counts = [
        g
        for g in summary.overuse.groups
        if g.days and (g.group is not OveruseGroup.MULTIPLE or g.level is not OveruseLevel.BELOW)
    ]
    if not used and not counts:
        return lines
    lines += ["", tr._("<b>Medication</b>")]
    if used:
        lines.append(
            Html(" · ").join(
                tr._(
                    "{label}: {value}",
                    label=labels.drug_class(tr, c),
                    value=tr.n_("{count} day", "{count} days", d),
                )
                for c, d in sorted(used.items(), key=lambda item: -item[1])
            )
        )
    effects = [e for e in summary.effects if e.none + e.partial + e.pain_free]
    for effect in effects[:MAX_EFFECT_LINES]:
        lines.append(
            tr._(
                "{name} at 2 h: pain-free {free}, better {partial}, no effect {none}",
                name=escape(effect.medication_name),
                free=effect.pain_free,
                partial=effect.partial,
                none=effect.none,
            )
        )
    if len(effects) > MAX_EFFECT_LINES:
        more = len(effects) - MAX_EFFECT_LINES
        lines.append(
            tr.n_("… and {count} more medication", "… and {count} more medications", more)
        )
    for count in counts:
        text = tr.n_(
            "Last 30 days, {group}: {days} of {count} day",
            "Last 30 days, {group}: {days} of {count} days",
            count.threshold,
            group=_group_name(tr, count.group),
            days=count.days,
        )
        if count.level is OveruseLevel.OVER:
            text = (
                "⚠️ "
                + text
                + " · "
                + tr._("at the medication-overuse threshold (ICHD-3 8.2). Talk to your doctor.")
            )
        elif count.level is OveruseLevel.WARNING:
            text = "⚠️ " + text + " · " + tr._("close to the medication-overuse threshold.")
        lines.append(text)
    for group in sorted(summary.sustained_overuse):
        lines.append(
            "⚠️ "
            + tr._(
                "{group}: over the threshold for 3 months in a row. Please talk to your doctor.",
                group=upper_first(_group_name(tr, group)),
            )
        )
    return lines


def _detail_lines(tr: Translator, summary: PeriodSummary) -> list[str]:
    lines: list[str] = []
    symptoms = [
        labels.symptom(tr, key) + f" {count}"
        for key, count in sorted(summary.symptoms.items(), key=lambda item: (-item[1], item[0]))
        if count
    ]
    if symptoms:
        lines += ["", tr._("<b>Symptoms</b>: {list}", list=listing(tr, symptoms))]
    for symptom, regions in summary.body_symptoms.items():
        where = Html(", ").join(
            labels.body_region(tr, region) + f" {count}"
            for region, count in sorted(regions.items())
        )
        lines.append(
            tr._(
                "{symptom} by body region: {where}",
                symptom=escape(labels.symptom(tr, symptom)),
                where=where,
            )
        )
    if summary.key.attacks:
        parts = Html(" · ").join(
            f"{_time_name(tr, part)} {count}" for part, count in summary.by_time_of_day.items()
        )
        lines.append(tr._("<b>Started</b>: {parts}", parts=parts))
    sleep = summary.sleep
    if sleep.mean_hours is not None:
        text = tr._("<b>Sleep</b>: {hours} h on average", hours=decimal(tr, sleep.mean_hours))
        if sleep.mean_before_attack_days is not None and sleep.mean_before_other_days is not None:
            text += "; " + tr._(
                "{attack} h before attack days, {other} h before other days",
                attack=decimal(tr, sleep.mean_before_attack_days),
                other=decimal(tr, sleep.mean_before_other_days),
            )
        lines.append(text)
    return lines


def _trigger_lines(tr: Translator, summary: PeriodSummary) -> list[str]:
    lines: list[str] = []
    known = [a for a in summary.triggers if a.enough_data]
    waiting = [
        a for a in summary.triggers if not a.enough_data and (a.days_with or a.days_without)
    ]
    if known or waiting:
        lines += ["", tr._("<b>Possible triggers</b> (from your check-ins)")]
        lines += [_association(tr, a, len(known)) for a in known]
    if waiting:
        lines.append(
            tr._(
                "Not enough data yet for {factors} (each needs 3 days with it, 3 without, and "
                "3 attacks).",
                factors=Html(", ").join(factor_name(tr, a.factor) for a in waiting),
            )
        )
    tagged = [
        escape(custom_label(k) if is_custom(k) else labels.trigger(tr, k)) + f" {n}"
        for k, n in sorted(summary.tagged_triggers.items(), key=lambda item: (-item[1], item[0]))
    ]
    if tagged:
        lines.append(tr._("Tagged on attacks: {list}", list=listing(tr, tagged)))
    return lines


def _association(tr: Translator, item: TriggerAssociation, tested: int) -> str:
    verdict = (
        tr.n_(
            "associated with more attacks (exact test, corrected for {count} factor; not proof "
            "of a cause)",
            "associated with more attacks (exact test, corrected for {count} factors; not proof "
            "of a cause)",
            tested,
        )
        if item.associated
        else tr._("no clear association")
    )
    with_it = tr.n_(
        "attacks on {attacks} of {count} day with it (that day or the day before)",
        "attacks on {attacks} of {count} days with it (that day or the day before)",
        item.days_with,
        attacks=item.attack_days_with,
    )
    without_it = tr.n_(
        "{attacks} of {count} day otherwise",
        "{attacks} of {count} days otherwise",
        item.days_without,
        attacks=item.attack_days_without,
    )
    return tr._(
        "{factor}: {with_it} vs {without_it}: {verdict}",
        factor=upper_first(factor_name(tr, item.factor)),
        with_it=with_it,
        without_it=without_it,
        verdict=verdict,
    )


def _recorded_lines(tr: Translator, summary: PeriodSummary) -> list[Html]:
    """How many days the diary was kept, and which judgements that leaves out (if any)."""
    days = summary.period.days
    text = (
        tr.n_(
            "<b>Recorded on {recorded} of {count} day</b>",
            "<b>Recorded on {recorded} of {count} days</b>",
            days,
            recorded=summary.recorded_days,
        )
        + " "
        + tr._(
            "({headache} with headache, {free} without)",
            headache=summary.key.headache_days,
            free=summary.headache_free_days,
        )
    )
    if summary.unknown_days:
        text += " · " + tr.n_(
            "{count} day unknown (not counted as headache-free)",
            "{count} days unknown (not counted as headache-free)",
            summary.unknown_days,
        )
    lines: list[Html] = [text]
    withheld = []
    if summary.comparison.previous_has_records and not summary.comparable:
        withheld.append(tr._("the comparison with the days before"))
    if is_month_long(days) and not summary.enough_recorded:
        withheld.append(tr._("the treatment-goal band"))
    if (is_month_long(days) or len(summary.months) >= CHRONIC_MIN_MONTHS) and not (
        summary.enough_recorded
    ):
        withheld.append(tr._("the chronic-pattern check"))
    if not withheld:
        return lines
    if summary.enough_recorded:
        reason = tr.n_(
            "The {days} days before are recorded on only {count} day, too few to compare with.",
            "The {days} days before are recorded on only {count} days, too few to compare with.",
            summary.comparison.previous_recorded_days,
            days=summary.comparison.previous.days,
        )
    else:
        reason = tr.n_(
            "Left out until at least {needed} of the {count} day are recorded: {list}.",
            "Left out until at least {needed} of the {count} days are recorded: {list}.",
            days,
            needed=recorded_days_needed(days),
            list=Html(", ").join(withheld),
        )
    return [
        *lines,
        reason
        + " "
        + tr._(
            "Answer the evening check-in, or send /noheadache on a day without headache, so "
            "that good days count."
        ),
    ]


def _record_lines(tr: Translator, summary: PeriodSummary) -> list[str]:
    days = summary.period.days
    lines = [
        "",
        tr.n_(
            "<b>Check-ins</b>: answered on {answered} of {count} day",
            "<b>Check-ins</b>: answered on {answered} of {count} days",
            days,
            answered=summary.checkins_answered,
        ),
    ]
    if summary.treatment_goal is not None:
        lines.append(band_text(tr, summary.treatment_goal, summary.moderate_or_migraine_days))
    if summary.chronic_months:
        lines.append(
            "⚠️ "
            + tr.n_(
                "Headache on 15 or more days with 8 or more migraine days in each of "
                "{count} consecutive 30-day month: the pattern ICHD-3 calls chronic migraine "
                "(1.3, more than 3 months). Worth discussing with your doctor.",
                "Headache on 15 or more days with 8 or more migraine days in each of "
                "{count} consecutive 30-day months: the pattern ICHD-3 calls chronic migraine "
                "(1.3, more than 3 months). Worth discussing with your doctor.",
                summary.chronic_months,
            )
        )
    elif summary.chronic_pattern:
        lines.append(
            "⚠️ "
            + tr._(
                "This month: headache on 15 or more days with 8 or more migraine days. ICHD-3 "
                "looks for this over more than 3 months; worth discussing with your doctor if "
                "it goes on."
            )
        )
    return lines


def chart_labels(tr: Translator, period: Period) -> ChartLabels:
    """The chart's words in the user's language."""
    locale = babel_locale(tr)
    days = get_day_names("abbreviated", locale=locale)
    months = get_month_names("abbreviated", locale=locale)
    return ChartLabels(
        title=period_title(tr, period),
        weekdays=(days[0], days[1], days[2], days[3], days[4], days[5], days[6]),
        no_record=tr._("not recorded (unknown)"),
        headache_free=tr._("no headache"),
        headache=tr._("headache (darker = worse)"),
        medication=tr._("acute medication"),
        weekly=tr._("Headache days per week"),
        months=tuple(months[m] for m in range(1, 13)),
    )


def chart_cells(days: tuple[DomainDay, ...]) -> list[DayCell]:
    """The summary's days as the chart draws them."""
    return [
        DayCell(
            day=cell.day,
            headache=cell.headache,
            intensity=cell.max_intensity,
            medication=cell.acute_medication,
            headache_free=cell.headache_free,
        )
        for cell in days
    ]
