"""/report: the one-page PDF for a doctor, end to end."""

from __future__ import annotations

import io
from datetime import timedelta

from pypdf import PdfReader

from bot.clock import FixedClock
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from tests.flows.helpers import attack_rows, onboard, texts


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
        "Your report for the last 90 days (26 Aug 2026 – 23 Nov 2026), for your doctor."
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
