"""/import against hostile and careless files: each refused with a clear answer, no traceback.

And a large import runs beside other users: it is checked off the event loop and written in
chunks, and another user's /help is answered between two of its chunks.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from bot.clock import FixedClock
from bot.handlers.data import IMPORT_PAUSE_KEY, running_imports
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SandboxBot
from bot.services.portability import IMPORT_CHUNK_ROWS
from tests.flows.helpers import attack_rows, onboard, texts

ANN = 6101
NOTHING_CHANGED = "Nothing was changed."
OUT_OF_RANGE = "That export has dates or values a diary can't hold"
DUPLICATE = "That export lists the same medication or one of your own items twice."
INVALID = "That export is damaged or was edited"


async def _export(bot: SandboxBot, user: SimUser) -> dict[str, Any]:
    """Ann's diary with one attack, one dose and her own symptom, as /export writes it."""
    await onboard(bot, user)
    await bot.say(user, "migraine 7")
    [attack] = attack_rows(bot, user.user_id)
    await bot.press_data(user, user.last_message.message_id, f"a:{attack.id}:f:sym:open")
    await bot.tap(user, "+ Add my own")
    await bot.say(user, "jaw pain")
    await bot.press_data(user, user.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(user, "Ibuprofen")
    await bot.tap(user, "30 min ago")
    mark = user.mark()
    await bot.say(user, "/export")
    [content] = [
        m.document.content
        for m in user.messages_since(mark)
        if m.document is not None and m.document.filename == "diary.json"
    ]
    document = json.loads(content)
    assert isinstance(document, dict)
    return document


async def _fresh_diary(bot: SandboxBot, user: SimUser) -> None:
    await bot.say(user, "/delete")
    await bot.tap(user, "Yes, delete everything")
    await onboard(bot, user)
    await bot.say(user, "/import")


def _edit(document: dict[str, Any], table: str, **changes: Any) -> dict[str, Any]:
    return dict(document, **{table: [dict(document[table][0], **changes)]})


def _twice(document: dict[str, Any], table: str, **changes: Any) -> dict[str, Any]:
    first = document[table][0]
    second = dict(first, **{"id": first["id"] + 1000, **changes})
    return dict(document, **{table: [first, second]})


Case = Callable[[dict[str, Any]], bytes]


def _json(change: Callable[[dict[str, Any]], dict[str, Any]]) -> Case:
    return lambda document: json.dumps(change(document)).encode()


CASES: list[tuple[str, Case, str]] = [
    ("nested 100,000 deep", lambda _: b"[" * 100_000 + b"]" * 100_000, "it is nested far too"),
    (
        "an export nested 9 deep in its notes",
        _json(lambda d: _edit(d, "attacks", notes=[[[[[[[["x"]]]]]]]])),
        "it is nested far too",
    ),
    (
        "attack in 1900",
        _json(lambda d: _edit(d, "attacks", started_at="1900-01-01T10:00:00+00:00")),
        OUT_OF_RANGE,
    ),
    (
        "attack in 2100",
        _json(
            lambda d: _edit(
                d,
                "attacks",
                started_at="2100-01-01T10:00:00+00:00",
                ended_at="2100-01-01T12:00:00+00:00",
            )
        ),
        OUT_OF_RANGE,
    ),
    (
        "attack lasting 30 days",
        _json(
            lambda d: _edit(
                d,
                "attacks",
                started_at="2026-10-20T10:00:00+00:00",
                ended_at="2026-11-19T10:00:00+00:00",
            )
        ),
        OUT_OF_RANGE,
    ),
    (
        "dose in 1900",
        _json(lambda d: _edit(d, "medication_intakes", taken_at="1900-01-01T10:00:00+00:00")),
        OUT_OF_RANGE,
    ),
    (
        "check-in in 2100",
        _json(lambda d: dict(d, checkins=[_checkin("2100-01-01")])),
        OUT_OF_RANGE,
    ),
    ("intensity 11", _json(lambda d: _edit(d, "attacks", peak_intensity=11)), INVALID),
    ("intensity -1", _json(lambda d: _edit(d, "attacks", peak_intensity=-1)), INVALID),
    ("a huge number", _json(lambda d: _edit(d, "reminders", fire_count=10**30)), INVALID),
    (
        "aura of 10**30 min",
        _json(lambda d: _edit(d, "attacks", aura_duration_min=10**30)),
        INVALID,
    ),
    ("the same medication twice", _json(lambda d: _twice(d, "medications")), DUPLICATE),
    (
        "the same medication in other case",
        _json(lambda d: _twice(d, "medications", name=d["medications"][0]["name"].upper())),
        DUPLICATE,
    ),
    ("the same own symptom twice", _json(lambda d: _twice(d, "custom_items")), DUPLICATE),
    (
        "the same own symptom in other case",
        _json(lambda d: _twice(d, "custom_items", label="JAW PAIN")),
        DUPLICATE,
    ),
    (
        "two attacks with one id",
        _json(lambda d: _twice(d, "attacks", id=d["attacks"][0]["id"])),
        DUPLICATE,
    ),
]


def _checkin(day: str) -> dict[str, Any]:
    return {
        "id": 1,
        "local_date": day,
        "status": "answered",
        "headache": False,
        "sleep_hours": 7.0,
        "sleep_quality": "good",
        "preventive_taken": None,
        "exercise": None,
        "caffeine": None,
        "alcohol": None,
        "stress": None,
        "menstruation": None,
        "created_at": "2026-11-20T13:00:00+00:00",
        "updated_at": "2026-11-20T13:00:00+00:00",
    }


@pytest.mark.parametrize(("name", "make", "expected"), CASES, ids=[c[0] for c in CASES])
async def test_a_bad_file_is_refused_with_a_reason_and_nothing_written(
    bot: SandboxBot,
    emulator: BotApiEmulator,
    caplog: pytest.LogCaptureFixture,
    name: str,
    make: Case,
    expected: str,
) -> None:
    ann = emulator.user(ANN, "Ann")
    document = await _export(bot, ann)
    await _fresh_diary(bot, ann)
    with caplog.at_level(logging.ERROR):
        replies = texts(await bot.send_document(ann, "diary.json", make(document)))
    assert len(replies) == 1
    assert expected in replies[0]
    assert replies[0].endswith(NOTHING_CHANGED)
    assert attack_rows(bot, ANN) == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []  # no traceback
    # The import is still awaited: the good file goes in.
    replies = texts(await bot.send_document(ann, "diary.json", json.dumps(document).encode()))
    assert replies[0].startswith("Imported: 1 attack, 1 dose")


async def test_an_edited_file_that_passes_every_check_is_imported(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    """Nothing proves a file was not edited (the README says so): it is the user's own data."""
    ann = emulator.user(ANN, "Ann")
    document = await _export(bot, ann)
    await _fresh_diary(bot, ann)
    edited = _edit(document, "attacks", peak_intensity=3)
    replies = texts(await bot.send_document(ann, "diary.json", json.dumps(edited).encode()))
    assert replies[0].startswith("Imported: 1 attack,")
    assert attack_rows(bot, ANN)[0].peak_intensity == 3


async def test_another_users_help_is_answered_between_the_chunks_of_a_large_import(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(ANN, "Ann")
    bob = emulator.user(6102, "Bob")
    document = await _export(bot, ann)
    [attack] = document["attacks"]
    many = [
        dict(
            attack,
            id=attack["id"] + number,
            started_at=(clock.now() - timedelta(hours=3 * number)).isoformat(),
            ended_at=(clock.now() - timedelta(hours=3 * number - 1)).isoformat(),
        )
        for number in range(1, 3 * IMPORT_CHUNK_ROWS + 1)
    ]
    big = json.dumps(dict(document, attacks=[attack, *many])).encode()
    await _fresh_diary(bot, ann)

    mid_import = asyncio.Event()
    help_answered = asyncio.Event()
    pauses = 0

    async def between_chunks() -> None:
        nonlocal pauses
        pauses += 1
        # Before each chunk: the medication, the own symptom, the first attacks, then here.
        if pauses == 4:
            mid_import.set()
            await asyncio.wait_for(help_answered.wait(), 30)  # a hang guard only

    bot.application.bot_data[IMPORT_PAUSE_KEY] = between_chunks
    action = ann.send_document("diary.json", big)
    await bot.handled(action)  # the file is taken; the import goes on in the background
    await asyncio.wait_for(mid_import.wait(), 30)
    try:
        replies = texts(await bot.say(bob, "/help"))
        assert replies[0].startswith("I'm a headache diary.")
        # Bob was answered while Ann's import was half-way, not after it.
        assert running_imports(bot.application)
        assert len(attack_rows(bot, ANN)) == IMPORT_CHUNK_ROWS
    finally:
        help_answered.set()
    await bot.imports_done()
    assert texts(ann.messages_since(action.marker))[-1].startswith(
        f"Imported: {len(many) + 1} attacks"
    )
    assert len(attack_rows(bot, ANN)) == len(many) + 1
