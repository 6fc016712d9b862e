"""Two bot processes behind one webhook URL, on one database: each update and reminder once.

Each :class:`WebhookBot` is a whole application with its own engine and connection pool, its own
webhook server and outbox, as a second replica would be. They share only the database and the
Bot API (the emulator), like two containers behind a load balancer.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.config import Settings, load_settings
from bot.sandbox import BotApiEmulator
from bot.storage.engine import make_engine
from bot.storage.models import Attack, CheckIn, ProcessedUpdate, User
from tests.flows.helpers import texts
from tests.flows.loopback import WebhookBot
from tests.pg import postgres_url_or_skip, throwaway_postgres_database

EVENING_BERLIN = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)  # 21:00 in Berlin (CET)


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def shared_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """One database for both processes: an SQLite file, or a throwaway PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'shared.db'}"
        return
    with throwaway_postgres_database(postgres_url_or_skip()) as url:
        yield url


@pytest.fixture
def replica_settings(shared_database_url: str) -> Settings:
    return load_settings(
        None, database_url=shared_database_url, webhook_secret_token="replica-secret"
    )


@pytest.fixture
async def replicas(
    replica_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[tuple[WebhookBot, WebhookBot]]:
    first = WebhookBot(replica_settings, emulator=emulator, clock=clock)
    second = WebhookBot(replica_settings, emulator=emulator, clock=clock)
    # Both start at once, as replicas do: the migration lock makes one wait for the other.
    await asyncio.gather(first.start(), second.start())
    try:
        yield first, second
    finally:
        await asyncio.gather(first.stop(), second.stop())
    assert emulator.unknown_calls == []


@contextmanager
def read(url: str) -> Iterator[Session]:
    """A session on the shared database, from outside both processes."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


async def test_interleaved_updates_of_one_user_continue_across_processes(
    replicas: tuple[WebhookBot, WebhookBot],
    emulator: BotApiEmulator,
    clock: FixedClock,
    shared_database_url: str,
) -> None:
    a, b = replicas
    ann = emulator.user(8001, "Ann")

    replies = texts(await a.deliver(ann.send_text("/start"), ann))
    assert replies[1].startswith("First, which timezone are you in?")
    replies = texts(await b.deliver(ann.send_text("Berlin"), ann))
    assert replies[0] == "Timezone: Europe/Berlin (it's 14:00 there now)."
    replies = texts(await a.deliver(ann.press("21:00 ✓"), ann))
    assert replies[0] == "Evening check-in: every day at 21:00."

    # Both dispatchers tick at the check-in time together: the reminder is claimed once.
    clock.set(EVENING_BERLIN)
    queued = await asyncio.gather(a.tick(), b.tick())
    assert sorted(queued) == [0, 1]
    assert [m.text for m in ann.messages].count(
        "Evening check-in · Fri 20 Nov\nHeadache today?"
    ) == 1

    # The check-in is answered through both processes in turn.
    await b.deliver(ann.press("No"), ann)
    await a.deliver(ann.press("7"), ann)
    replies = texts(await b.deliver(ann.press("😊 Good"), ann))
    assert replies[0].startswith("Evening check-in · Fri 20 Nov\nSaved ✓")

    with read(shared_database_url) as session:
        user = session.exec(select(User).where(User.telegram_id == 8001)).one()
        assert (user.timezone, user.onboarding_step) == ("Europe/Berlin", None)
        checkin = session.exec(select(CheckIn).where(CheckIn.user_id == user.id)).one()
        assert (checkin.local_date, checkin.status, checkin.headache, checkin.sleep_hours) == (
            date(2026, 11, 20),
            "answered",
            False,
            7.0,
        )
        # Every update of the conversation was recorded exactly once.
        assert len(session.exec(select(ProcessedUpdate)).all()) == 6


async def test_the_same_update_delivered_to_both_processes_is_handled_once(
    replicas: tuple[WebhookBot, WebhookBot],
    emulator: BotApiEmulator,
    shared_database_url: str,
) -> None:
    a, b = replicas
    bob = emulator.user(8002, "Bob")
    await a.deliver(bob.send_text("/start"), bob)
    await b.deliver(bob.send_text("UTC"), bob)
    await a.deliver(bob.press("21:00 ✓"), bob)
    sends_before = len(emulator.calls_to("sendMessage"))
    attack = bob.send_text("migraine")

    # Telegram retries a delivery it got no answer for; the retry reaches the other replica.
    responses = await asyncio.gather(
        a.post(attack.update, secret="replica-secret"),
        b.post(attack.update, secret="replica-secret"),
    )
    await asyncio.gather(a.handled(), b.handled())

    assert [response.status_code for response in responses] == [200, 200]
    with read(shared_database_url) as session:
        user = session.exec(select(User).where(User.telegram_id == 8002)).one()
        assert len(session.exec(select(Attack).where(Attack.user_id == user.id)).all()) == 1
        assert list(
            session.exec(
                select(ProcessedUpdate.update_id).where(
                    col(ProcessedUpdate.update_id) == attack.update_id
                )
            )
        ) == [attack.update_id]
    # One reply (the attack card), sent by whichever process won.
    assert len(emulator.calls_to("sendMessage")) == sends_before + 1
    assert bob.texts_since(attack.marker)[0].startswith("🤕 Attack")
