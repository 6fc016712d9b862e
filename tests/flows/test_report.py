"""/report: the PDF for a doctor, end to end."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pypdf import PdfReader
from sqlmodel import select

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from bot.storage.models import Attack, CheckIn, Medication, MedicationIntake, Reminder, User
from tests.flows.helpers import attack_rows, db_session, onboard, texts


async def test_report_is_one_page_with_the_key_numbers(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(8001, "Anna")
    await onboard(bot, ann)
    for day in range(3):
        if day:
            clock.advance(timedelta(days=1))
        await bot.say(ann, "migraine 8")
        [attack, *_] = sorted(attack_rows(bot, 8001), key=lambda a: a.started_at, reverse=True)
        await bot.tap(ann, "Skip ›")  # the medication, added below
        await bot.tap(ann, "Left")
        await bot.tap(ann, "Done ›")
        await bot.tap(ann, "Throbbing / pulsating")
        await bot.press_data(ann, ann.last_message.message_id, f"a:{attack.id}:f:med:open")
        if day == 0:
            await bot.tap(ann, "Something else: I'll type it")
            await bot.say(ann, "Суматриптан")
            await bot.tap(ann, "Triptan")
        else:
            await bot.tap(ann, "Суматриптан")
        await bot.tap(ann, "Just now")
        clock.advance(timedelta(hours=5))
        await bot.say(ann, "it's over")
        await bot.tap(ann, "Just now")
    mark = ann.mark()
    await bot.say(ann, "/report")
    [message] = ann.messages_since(mark)
    assert message.document is not None
    assert message.document.filename == "headache-report-2026-08-26-2026-11-23.pdf"
    # Issue 12.8: not "Your report for Your last 90 days".
    assert message.caption == (
        "Your report for the last 90 days (26 Aug\u2009–\u200923 Nov 2026), for your doctor."
    )
    reader = PdfReader(io.BytesIO(message.document.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Headache diary report" in text
    assert "Headache days (MHD): 3 (1.0 per 30 days)" in text
    assert "Acute-medication days (AMD): 3" in text
    assert "Суматриптан" in text
    assert "triptans 3/10" in text
    assert "not a diagnosis, and not medical advice" in text


async def test_report_with_a_bad_period_gets_the_usage(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(8002, "Ann")
    await onboard(bot, ann)
    replies = texts(await bot.say(ann, "/report forever"))
    assert replies[0].endswith(
        "Try: /report, /report 30, /report 90, /report 365, /report month, /report 2026-10"
    )


def _seed_poor_sleep_month(bot: SandboxBot, telegram_id: int, today: date) -> None:
    """30 days of answered check-ins: poor sleep every 5th day with an attack the day after,
    exercise every 3rd day, and 2 more attacks (stored directly, as the check-ins would)."""
    first = today - timedelta(days=29)
    poor = {first + timedelta(days=n) for n in range(0, 30, 5)}
    starts = {day + timedelta(days=1) for day in poor} | {
        first + timedelta(days=3),
        first + timedelta(days=13),
    }
    now = datetime(2026, 11, 20, 12, tzinfo=UTC)
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == telegram_id)).one()
        assert user.id is not None
        for n in range(-1, 30):
            day = first + timedelta(days=n)
            session.add(
                CheckIn(
                    user_id=user.id,
                    local_date=day,
                    status="answered",
                    headache=day in starts,
                    sleep_hours=7,
                    sleep_quality="poor" if day in poor else "good",
                    exercise=n % 3 == 0,
                    created_at=now,
                    updated_at=now,
                )
            )
        for day in sorted(starts):
            start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
            session.add(
                Attack(
                    user_id=user.id,
                    started_at=start,
                    ended_at=start + timedelta(hours=6),
                    logged_via="backfill",
                    peak_intensity=5,
                    created_at=now,
                    updated_at=now,
                )
            )
        session.commit()


async def test_trigger_associations_come_from_an_exact_test_and_show_labels(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    # Issue 12.5: only a corrected exact test with a large effect says "associated"; the PDF
    # shows the factors' labels and counts, never stored keys such as poor_sleep.
    ann = emulator.user(8003, "Ann")
    await onboard(bot, ann)
    _seed_poor_sleep_month(bot, 8003, date(2026, 11, 20))
    [_, summary] = await bot.say(ann, "/summary 30")
    assert summary.text is not None
    assert (
        "Poor sleep: attacks on 6 of 12 days with it (that day or the day before) vs 2 of 18 "
        "days otherwise: associated with more attacks (exact test, corrected for 2 factors; not "
        "proof of a cause)"
    ) in summary.text
    # The old rule called any ratio above 1 "associated": 6/20 vs 2/10 is 1.5, mid-p 0.30.
    assert (
        "Exercise: attacks on 6 of 20 days with it (that day or the day before) vs 2 of 10 "
        "days otherwise: no clear association"
    ) in summary.text
    mark = ann.mark()
    await bot.say(ann, "/report 30")
    [message] = ann.messages_since(mark)
    assert message.document is not None
    text = PdfReader(io.BytesIO(message.document.content)).pages[0].extract_text()
    assert "poor_sleep" not in text
    assert "Poor sleep: attack on 6/12 days with vs 2/18 without" in text
    assert "Holm-corrected over 2 factors" in text


def _seed_preventive_and_attacks(bot: SandboxBot, telegram_id: int) -> None:
    """Propranolol 40 mg since 24 May 2026 with a daily 08:00 reminder, taken every day but
    every tenth; an attack every other day of the last 90 with two doses each."""
    berlin = ZoneInfo("Europe/Berlin")
    today = date(2026, 11, 20)
    added = datetime(2026, 5, 24, 6, tzinfo=UTC)
    with db_session(bot) as session:
        user = session.exec(select(User).where(User.telegram_id == telegram_id)).one()
        assert user.id is not None
        meds = {
            name: Medication(
                user_id=user.id,
                name=name,
                drug_class=drug_class,
                is_preventive=drug_class == "preventive",
                usual_dose=dose,
                created_at=added,
            )
            for name, drug_class, dose in (
                ("Propranolol", "preventive", "40 mg"),
                ("Sumatriptan nasal spray", "triptan", "20 mg"),
                ("Ibuprofen", "nsaid", "400 mg"),
            )
        }
        session.add_all(meds.values())
        session.flush()
        propranolol = meds["Propranolol"]
        session.add(
            Reminder(
                user_id=user.id,
                kind="medication",
                local_time=time(8, 0),
                medication_id=propranolol.id,
                created_at=added,
            )
        )
        for n in range(180):
            day = today - timedelta(days=n)
            session.add(
                MedicationIntake(
                    user_id=user.id,
                    medication_id=propranolol.id,  # type: ignore[arg-type]
                    drug_class="preventive",
                    dose="40 mg",
                    taken_at=datetime.combine(day, time(8), berlin).astimezone(UTC),
                    status="skipped" if n % 10 == 5 else "taken",
                    created_at=added,
                )
            )
        for n in range(1, 90, 2):
            start = datetime.combine(today - timedelta(days=n), time(9), berlin).astimezone(UTC)
            attack = Attack(
                user_id=user.id,
                started_at=start,
                ended_at=start + timedelta(hours=6),
                logged_via="backfill",
                peak_intensity=7,
                created_at=added,
                updated_at=added,
            )
            session.add(attack)
            session.flush()
            for minutes, name in ((15, "Sumatriptan nasal spray"), (150, "Ibuprofen")):
                session.add(
                    MedicationIntake(
                        user_id=user.id,
                        medication_id=meds[name].id,  # type: ignore[arg-type]
                        attack_id=attack.id,
                        drug_class=meds[name].drug_class,
                        dose=meds[name].usual_dose,
                        taken_at=start + timedelta(minutes=minutes),
                        effect_2h="partial",
                        created_at=added,
                    )
                )
        session.commit()


async def test_report_for_the_doctor_has_the_preventive_the_months_and_every_dose(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    # Issue 12.7: a preventive section with adherence, a month-by-month table over 60 days,
    # years in the period, cells that wrap instead of cutting the second dose, no line to the
    # patient.
    ann = emulator.user(8004, "Ann")
    await onboard(bot, ann)
    _seed_preventive_and_attacks(bot, 8004)
    mark = ann.mark()
    await bot.say(ann, "/report")
    [message] = ann.messages_since(mark)
    assert message.document is not None
    reader = PdfReader(io.BytesIO(message.document.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "23 Aug – 20 Nov 2026 (90 days)" in text
    assert "Diary kept on 45 of 90 days (45 with headache, 0 reported headache-free)" in text
    # 90 daily 08:00 doses scheduled in the period; every tenth was skipped.
    assert (
        "Propranolol 40 mg, in the diary since 24 May 2026: doses taken 81 of 90 scheduled "
        "(skipped 9)"
    ) in text
    assert "Month by month (30-day months)" in text
    for span in (
        "23 Aug – 21 Sept 2026 (30) 15 15 15 15/30",
        "22 Sept – 21 Oct 2026 (30) 15 15 15 15/30",
        "22 Oct – 20 Nov 2026 (30) 15 15 15 15/30",
    ):
        assert span in text
    # All 45 attacks, each with both doses in full (the table continues on the next page).
    assert len(reader.pages) > 1
    assert text.count("Ibuprofen 400 mg (better at 2 h)") == 45
    assert text.count("Sumatriptan nasal spray 20 mg (better at 2 h)") == 45
    assert "…" not in text
    assert "/export" not in text
