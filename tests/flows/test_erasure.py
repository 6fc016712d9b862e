"""Erasure is real: after /delete (and retention) the user's strings are in no database file."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import Settings, load_settings
from bot.handlers.data import purge_expired
from bot.sandbox import BotApiEmulator, SimUser
from bot.sandbox.harness import SandboxBot
from tests.flows.helpers import attack_rows, onboard, texts
from tests.pg import postgres_url_or_skip, throwaway_postgres_database

NAME = "Quetzalinda"
SYMPTOM = "Wobblewhisker ache"
TRIGGER = "Xylophonic clatter"
MEDICATION = "Zorbatriptanol"
TWITCHING = "Flickerfrobnicating eyelid"
EVERYTHING_TYPED = (NAME, SYMPTOM, TRIGGER, MEDICATION, TWITCHING)


def database_bytes(database: Path) -> dict[str, bytes]:
    """The database file and its -wal and -shm files, as they are on disk right now."""
    files = [database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))]
    return {file.name: file.read_bytes() for file in files if file.exists()}


def found(database: Path, strings: tuple[str, ...]) -> dict[str, list[str]]:
    """Which of ``strings`` (any case) each file still holds."""
    return {
        name: hits
        for name, content in database_bytes(database).items()
        if (hits := [s for s in strings if s.lower().encode() in content.lower()])
    }


async def record_everything(bot: SandboxBot, user: SimUser) -> None:
    """Onboard, then log an attack with every typed answer the diary keeps."""
    await onboard(bot, user)
    await bot.say(user, "/log")
    [attack] = attack_rows(bot, user.user_id)
    await bot.press_data(user, user.last_message.message_id, f"a:{attack.id}:f:sym:open")
    await bot.tap(user, "Muscle twitching")
    await bot.tap(user, "+ Add my own")
    await bot.say(user, SYMPTOM)
    screen = texts(await bot.tap(user, "Done ›"))[0]
    assert "About the muscle twitching" in screen
    await bot.tap(user, "Eyelid / face")
    await bot.tap(user, "✎ Describe it")
    await bot.say(user, TWITCHING)
    await bot.press_data(user, user.last_message.message_id, f"a:{attack.id}:f:trg:open")
    await bot.tap(user, "+ Add my own")
    await bot.say(user, TRIGGER)
    await bot.press_data(user, user.last_message.message_id, f"a:{attack.id}:f:med:open")
    await bot.tap(user, "Something else: I'll type it")
    await bot.say(user, MEDICATION)
    await bot.tap(user, "Triptan")
    await bot.tap(user, "Add the dose")
    await bot.say(user, "5mg")


async def test_delete_leaves_none_of_the_users_strings_in_the_files(
    bot: SandboxBot, emulator: BotApiEmulator, database_url: str
) -> None:
    database = Path(database_url.removeprefix("sqlite:///"))
    ann = emulator.user(6101, NAME)
    await record_everything(bot, ann)
    # The test can see them before the delete (else it could not fail).
    assert sorted({s for hits in found(database, EVERYTHING_TYPED).values() for s in hits}) == (
        sorted(EVERYTHING_TYPED)
    )

    await bot.say(ann, "/delete")
    assert texts(await bot.tap(ann, "Yes, delete everything")) == [
        "Done: everything about you is deleted. /start begins a new diary."
    ]

    # While the bot still runs (its connections open), and after it stopped.
    assert found(database, EVERYTHING_TYPED) == {}
    await bot.stop()
    assert found(database, EVERYTHING_TYPED) == {}


@pytest.mark.parametrize("restart", [False, True], ids=["running", "after-restart"])
async def test_retention_leaves_no_trace_of_what_it_deleted(
    settings: Settings,
    emulator: BotApiEmulator,
    clock: FixedClock,
    database_url: str,
    restart: bool,
) -> None:
    database = Path(database_url.removeprefix("sqlite:///"))
    kept = settings.model_copy(update={"retention_days": 30})
    ann = emulator.user(6102, NAME)
    async with SandboxBot(kept, emulator=emulator, clock=clock) as bot:
        await record_everything(bot, ann)
    assert found(database, (TWITCHING,)) != {}
    clock.advance(timedelta(days=31))
    async with SandboxBot(kept, emulator=emulator, clock=clock) as bot:
        assert await purge_expired(bot.application) == 2  # the dose and the twitching
        if not restart:
            assert found(database, (TWITCHING,)) == {}
    assert found(database, (TWITCHING,)) == {}


VACUUM_NOTE = (
    "The bot forgets it at once. This server's database (PostgreSQL) can keep deleted records "
    "in its files until it reuses the space (VACUUM), and in its logs until they are recycled."
)
BACKUP_NOTE = "Backups the server's operator made before keep it until they expire."


async def test_privacy_on_sqlite_promises_erasure_at_once(
    bot: SandboxBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(6103, NAME)
    [reply] = texts(await bot.say(ann, "/privacy"))
    assert "/delete erases all of it for real, at once, after one confirmation." in reply
    assert reply.endswith(BACKUP_NOTE)
    assert "VACUUM" not in reply


@pytest.mark.postgres
async def test_privacy_on_postgresql_says_what_remains_until_vacuum(
    emulator: BotApiEmulator, clock: FixedClock
) -> None:
    with throwaway_postgres_database(postgres_url_or_skip()) as url:
        settings = load_settings(None, database_url=url)
        async with SandboxBot(settings, emulator=emulator, clock=clock) as bot:
            ann = emulator.user(6104, NAME)
            [reply] = texts(await bot.say(ann, "/privacy"))
    assert reply.endswith(VACUUM_NOTE + "\n" + BACKUP_NOTE)
