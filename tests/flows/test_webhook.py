"""Webhook mode: the real application's webhook server on a loopback port, we play Telegram."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from sqlmodel import select

from bot.clock import FixedClock
from bot.config import Settings, load_settings
from bot.ops.webhook import WEBHOOK_SERVER_KEY, WebhookServer
from bot.sandbox import BotApiEmulator
from bot.storage.models import Attack, ProcessedUpdate, User
from tests.flows.helpers import texts
from tests.flows.loopback import PUBLIC_URL, WebhookBot

SECRET = "s3cret_Token-for-the-webhook"


@pytest.fixture
def webhook_settings(database_url: str) -> Settings:
    return load_settings(
        None,
        database_url=database_url,
        webhook_url=PUBLIC_URL,
        webhook_secret_token=SECRET,
        webhook_path="telegram-hook",
    )


@pytest.fixture
async def hooked(
    webhook_settings: Settings, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[WebhookBot]:
    async with WebhookBot(webhook_settings, emulator=emulator, clock=clock) as running:
        yield running
    assert emulator.unknown_calls == []


def user_rows(bot: WebhookBot) -> list[User]:
    with bot.application.bot_data["services"].database.transaction() as session:
        return list(session.exec(select(User)))


def recorded_ids(bot: WebhookBot) -> list[int]:
    with bot.application.bot_data["services"].database.transaction() as session:
        return sorted(session.exec(select(ProcessedUpdate.update_id)))


async def test_start_registers_the_webhook_with_its_secret(
    hooked: WebhookBot, emulator: BotApiEmulator
) -> None:
    [call] = emulator.calls_to("setWebhook")
    assert call.params["url"] == f"{PUBLIC_URL}/telegram-hook"
    assert call.params["secret_token"] == SECRET
    info = await hooked.application.bot.get_webhook_info()
    assert info.url == f"{PUBLIC_URL}/telegram-hook"


async def test_an_update_with_the_secret_is_handled(
    hooked: WebhookBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(7001, "Ann")

    replies = texts(await hooked.deliver(ann.send_text("/start"), ann))

    assert replies[0].startswith("Hi Ann! I'm your headache diary.")
    assert [row.telegram_id for row in user_rows(hooked)] == [7001]


@pytest.mark.parametrize("secret", [None, "wrong-secret", SECRET.lower()])
async def test_an_update_without_the_right_secret_is_refused_with_403(
    hooked: WebhookBot, emulator: BotApiEmulator, secret: str | None
) -> None:
    mallory = emulator.user(7002, "Mallory")
    forged = mallory.send_text("/start")

    response = await hooked.post(forged.update, secret=secret)

    assert response.status_code == 403
    # Updates are handled in the order they were accepted: once a genuine one sent afterwards
    # is handled, the refused one would have been too, had it been accepted.
    ann = emulator.user(7003, "Ann")
    await hooked.deliver(ann.send_text("/start"), ann)
    assert [row.telegram_id for row in user_rows(hooked)] == [7003]
    assert mallory.messages == []
    assert forged.update_id not in recorded_ids(hooked)


async def test_a_redelivered_update_is_handled_once(
    hooked: WebhookBot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(7004, "Ann")
    start = ann.send_text("/start")
    first = await hooked.deliver(start, ann)
    marker = ann.mark()

    await hooked.deliver(start, ann)

    assert len(first) == 2  # the welcome and the timezone question
    assert ann.messages_since(marker) == []
    assert recorded_ids(hooked) == [start.update_id]
    assert len(emulator.calls_to("sendMessage")) == 2


async def test_the_health_endpoint_follows_the_application(hooked: WebhookBot) -> None:
    response = await hooked.health()
    assert (response.status_code, response.json()) == (200, {"status": "ok", "database": "ok"})
    assert response.headers["Content-Type"] == "application/json"

    webhook = hooked.application.bot_data[WEBHOOK_SERVER_KEY]
    assert isinstance(webhook, WebhookServer)
    await webhook.stop()
    response = await hooked.health()

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "database": "ok",
        "problems": ["the updater is not receiving updates"],
    }


@pytest.fixture
async def hooked_without_secret(
    database_url: str, emulator: BotApiEmulator, clock: FixedClock
) -> AsyncIterator[WebhookBot]:
    settings = load_settings(None, database_url=database_url, webhook_url=PUBLIC_URL)
    assert settings.webhook_secret_token is None
    async with WebhookBot(settings, emulator=emulator, clock=clock) as running:
        yield running


async def test_without_a_configured_secret_a_strong_one_is_generated_at_each_start(
    hooked_without_secret: WebhookBot, emulator: BotApiEmulator, clock: FixedClock
) -> None:
    first = hooked_without_secret.registered_secret
    assert re.fullmatch(r"[A-Za-z0-9_-]{64,256}", first)
    ann = emulator.user(7011, "Ann")
    replies = texts(await hooked_without_secret.deliver(ann.send_text("/start"), ann))
    assert replies[0].startswith("Hi Ann! I'm your headache diary.")

    again = WebhookBot(hooked_without_secret.settings, emulator=emulator, clock=clock)
    async with again:
        assert again.registered_secret != first


@pytest.mark.parametrize(
    "secret", [None, "", "wrong", "registered-but-last-character-changed", "non-ascii-é"]
)
async def test_a_forged_delete_without_the_generated_secret_changes_nothing(
    hooked_without_secret: WebhookBot, emulator: BotApiEmulator, secret: str | None
) -> None:
    bot = hooked_without_secret
    victim = emulator.user(7012, "Vic")
    await bot.deliver(victim.send_text("/start"), victim)
    await bot.deliver(victim.send_text("Europe/Berlin"), victim)
    await bot.deliver(victim.send_text("migraine 6"), victim)
    if secret == "registered-but-last-character-changed":
        real = bot.registered_secret
        secret = real[:-1] + ("A" if real[-1] != "A" else "B")
    forged = victim.press_data(victim.last_message.message_id, "data:del:yes")

    response = await bot.post(forged.update, secret=secret)

    assert response.status_code == 403
    await bot.deliver(victim.send_text("/history"), victim)  # handled after anything accepted
    assert [row.telegram_id for row in user_rows(bot)] == [7012]
    with bot.application.bot_data["services"].database.transaction() as session:
        assert len(session.exec(select(Attack)).all()) == 1
    assert forged.update_id not in recorded_ids(bot)
