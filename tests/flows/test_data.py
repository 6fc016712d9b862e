"""/export, /import, /privacy and /delete, end to end."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, SQLModel, select

from bot.clock import FixedClock
from bot.config import Settings
from bot.handlers.data import purge_expired
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SandboxBot
from bot.storage.models import CheckIn, User
from bot.storage.portability import dump_user
from tests.flows.helpers import attack_rows, db_session, onboard, texts


async def _record_a_diary(bot: SandboxBot, user: SimUser, clock: FixedClock) -> None:
    await onboard(bot, user)
    await bot.say(user, "migraine 7")
    await bot.tap(user, "Skip ›")  # the medication, added below
    await bot.tap(user, "Left")
    await bot.tap(user, "Done ›")
    [attack] = attack_rows(bot, user.user_id)
    await bot.press_data(user, user.last_message.message_id, f"a:{attack.id}:f:sym:open")
    await bot.tap(user, "Muscle twitching")
    await bot.tap(user, "+ Add my own")
    await bot.say(user, "jaw pain")
    await bot.press_data(user, user.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(user, "Ibuprofen")
    await bot.tap(user, "30 min ago")
    clock.advance(timedelta(hours=3))
    await bot.say(user, "it's over")
    await bot.tap(user, "Just now")
    with db_session(bot) as session:
        owner = session.exec(select(User).where(User.telegram_id == user.user_id)).one()
        session.add(
            CheckIn(
                user_id=owner.id or 0,
                local_date=date(2026, 11, 19),
                status="answered",
                headache=False,
                sleep_hours=7.5,
                sleep_quality="good",
                created_at=clock.now(),
                updated_at=clock.now(),
            )
        )
        session.commit()


def _documents(user: SimUser, since: int) -> dict[str, bytes]:
    return {
        message.document.filename: message.document.content
        for message in user.messages_since(since)
        if message.document is not None
    }


def _without_ids(dump: dict[str, Any]) -> dict[str, Any]:
    def strip(row: dict[str, Any]) -> dict[str, Any]:
        return {
            k: v
            for k, v in row.items()
            if k not in ("id", "medication_id", "attack_id", "intake_id", "next_fire_at")
        }

    return {
        key: [strip(row) for row in value] if isinstance(value, list) else value
        for key, value in dump.items()
    }


def _dump(bot: SandboxBot, telegram_id: int) -> dict[str, Any]:
    with db_session(bot) as session:
        owner = session.exec(select(User).where(User.telegram_id == telegram_id)).one()
        return dump_user(session=session, user_id=owner.id or 0)


async def test_export_then_import_elsewhere_round_trips(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock, tmp_path: Path
) -> None:
    ann = emulator.user(6001, "Ann")
    await _record_a_diary(bot, ann, clock)
    mark = ann.mark()
    await bot.say(ann, "/export")
    files = _documents(ann, mark)
    assert sorted(files) == [
        "attacks.csv",
        "checkins.csv",
        "diary.json",
        "medication_intakes.csv",
        "symptoms.csv",
    ]
    [attack_row] = list(csv.DictReader(io.StringIO(files["attacks.csv"].decode())))
    assert attack_row["start"] == "2026-11-20T14:00+01:00"
    assert attack_row["end"] == "2026-11-20T17:00+01:00"
    assert attack_row["duration_min"] == "180"
    assert (attack_row["peak_intensity"], attack_row["side"]) == ("7", "left")
    assert attack_row["other_symptoms"] == "twitching; Jaw pain"
    [dose] = list(csv.DictReader(io.StringIO(files["medication_intakes.csv"].decode())))
    assert (dose["taken"], dose["medication"], dose["drug_class"]) == (
        "2026-11-20T13:30+01:00",
        "Ibuprofen",
        "nsaid",
    )
    assert dose["dose"] == "400 mg"
    [day] = list(csv.DictReader(io.StringIO(files["checkins.csv"].decode())))
    assert (day["date"], day["headache"], day["sleep_hours"]) == ("2026-11-19", "no", "7.5")
    [twitch] = list(csv.DictReader(io.StringIO(files["symptoms.csv"].decode())))
    assert twitch["symptom"] == "twitching"

    # Another installation: a fresh database and Bot API, the same Telegram account.
    other_settings = Settings(database_url=f"sqlite:///{tmp_path / 'other.db'}")
    elsewhere = BotApiEmulator()
    ann_there = elsewhere.user(6001, "Ann")
    async with SandboxBot(other_settings, emulator=elsewhere, clock=clock) as other:
        await other.say(ann_there, "/import")
        replies = texts(await other.send_document(ann_there, "diary.json", files["diary.json"]))
        assert replies == [
            "Imported: 1 attack, 1 dose and 1 check-in. Your reminders are set to your "
            "timezone here."
        ]
        assert _without_ids(_dump(other, 6001)) == _without_ids(_dump(bot, 6001))
        # A second import into the now non-empty diary is refused, changing nothing.
        await other.say(ann_there, "/import")
        replies = texts(await other.send_document(ann_there, "diary.json", files["diary.json"]))
        assert replies[0].startswith("Your diary here already has records.")
        assert len(attack_rows(other, 6001)) == 1


async def test_import_refuses_malformed_and_foreign_files_without_writing(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(6002, "Ann")
    bob = emulator.user(6003, "Bob")
    await _record_a_diary(bot, ann, clock)
    mark = ann.mark()
    await bot.say(ann, "/export")
    export = _documents(ann, mark)["diary.json"]
    await onboard(bot, bob)
    await bot.say(bob, "/import")
    document = json.loads(export)
    broken = dict(document, attacks=[dict(document["attacks"][0], peak_intensity=42)])
    cases = [
        (b"\xff\xfe not json", "That file isn't a diary export (it isn't JSON)."),
        (b'{"hello": "world"}', "That file isn't a diary export from this bot."),
        (json.dumps(dict(document, version=9)).encode(), "That export comes from a newer"),
        (json.dumps(broken).encode(), "That export is damaged or was edited"),
        (export, "That export belongs to another Telegram account."),
    ]
    for content, expected in cases:
        replies = texts(await bot.send_document(bob, "diary.json", content))
        assert replies[0].startswith(expected)
        assert replies[0].endswith("Nothing was changed.")
    assert attack_rows(bot, 6003) == []
    # A file sent without /import is not taken for one.
    carl = emulator.user(6007, "Carl")
    await onboard(bot, carl)
    replies = texts(await bot.send_document(carl, "diary.json", export))
    assert replies == [
        "I didn't catch that. Use the buttons below, or /help to see what I can do."
    ]


async def test_delete_erases_every_row_of_the_user_and_only_theirs(
    bot: SandboxBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    ann = emulator.user(6004, "Ann")
    bob = emulator.user(6005, "Bob")
    await _record_a_diary(bot, ann, clock)
    await _record_a_diary(bot, bob, clock)
    replies = texts(await bot.say(ann, "/delete"))
    assert replies[0].startswith("This erases your whole diary")
    assert texts(await bot.tap(ann, "No, keep my diary")) == ["Nothing was deleted."]
    with db_session(bot) as session:
        ann_id = session.exec(select(User.id).where(User.telegram_id == 6004)).one()
        bob_id = session.exec(select(User.id).where(User.telegram_id == 6005)).one()
    await bot.say(ann, "/delete")
    assert texts(await bot.tap(ann, "Yes, delete everything")) == [
        "Done: everything about you is deleted. /start begins a new diary."
    ]
    with db_session(bot) as session:
        remaining = _rows_per_table(session, ann_id or 0)
        bob_rows = _rows_per_table(session, bob_id or 0)
    assert remaining == dict.fromkeys(remaining, 0)
    assert bob_rows["attacks"] == 1
    assert bob_rows["users"] == 1


def _rows_per_table(session: Session, user_id: int) -> dict[str, int]:
    """Rows mentioning the user in every table (by user_id, or id for users)."""
    counts = {}
    for name, table in SQLModel.metadata.tables.items():
        column = "id" if name == "users" else "user_id"
        if column not in table.columns:
            continue
        query = text(f"SELECT COUNT(*) FROM {name} WHERE {column} = :user_id")
        counts[name] = int(session.execute(query, {"user_id": user_id}).scalar_one())
    return counts


async def test_privacy_says_what_is_stored(bot: SandboxBot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(6006, "Ann")
    replies = texts(await bot.say(ann, "/privacy"))
    assert replies[0].startswith("What I store\n• Your Telegram user id and chat id")
    assert "/delete erases all of it for real" in replies[0]
    assert "keeps records for" not in replies[0]


async def test_retention_purges_only_old_records(
    settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    kept = settings.model_copy(update={"retention_days": 30})
    ann = emulator.user(6008, "Ann")
    async with SandboxBot(kept, emulator=emulator, clock=clock) as bot:
        await _record_a_diary(bot, ann, clock)
        assert (await purge_expired(bot.application)) == 0
        clock.advance(timedelta(days=31))
        await bot.say(ann, "migraine")
        assert (await purge_expired(bot.application)) == 4  # attack, dose, symptom, check-in
        [recent] = attack_rows(bot, 6008)
        assert recent.started_at == clock.now()
        replies = texts(await bot.say(ann, "/privacy"))
        assert "This server keeps records for 30 days" in replies[0]
