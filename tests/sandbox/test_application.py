"""A real polling ``Application`` driven by simulated users."""

from __future__ import annotations

import asyncio

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.sandbox import Alert, BotApiEmulator
from tests.sandbox.ptb import AnyApplication, Mode, make_application, polling

Context = ContextTypes.DEFAULT_TYPE


async def start_command(update: Update, context: Context) -> None:
    """Offer an intensity choice."""
    assert update.effective_chat is not None
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(str(n), callback_data=f"int:{n}") for n in (3, 5, 7)]]
    )
    await context.bot.send_message(
        update.effective_chat.id, "How bad is it?", reply_markup=keyboard
    )


async def on_intensity_chosen(update: Update, context: Context) -> None:
    """Record the intensity and replace the keyboard with a confirmation."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    await query.answer(f"Saved {query.data}", show_alert=query.data == "int:7")
    await query.edit_message_text(f"Intensity {query.data.removeprefix('int:')} saved")


async def echo_command(update: Update, context: Context) -> None:
    """Reply after a pause, so a racy test would look before the reply exists."""
    assert update.effective_chat is not None
    assert update.effective_user is not None
    await asyncio.sleep(0.01)
    await context.bot.send_message(
        update.effective_chat.id,
        f"{update.effective_user.first_name}: {' '.join(context.args or [])}",
    )


@pytest.fixture
def application(emulator: BotApiEmulator, mode: Mode) -> AnyApplication:
    app = make_application(emulator, mode)
    app.add_handler(CommandHandler("start", start_command))
    app.add_handler(CommandHandler("echo", echo_command))
    app.add_handler(CallbackQueryHandler(on_intensity_chosen, pattern=r"^int:"))
    return app


async def test_pressing_a_button_reaches_the_callback_handler(
    emulator: BotApiEmulator, application: AnyApplication
) -> None:
    ann = emulator.user(1001, "Ann")
    async with polling(application) as app:
        start = ann.send_text("/start")
        await emulator.wait_handled(start, app.update_queue)
        assert ann.texts_since(start.marker) == ["How bad is it?"]
        assert ann.inline_buttons() == [["3", "5", "7"]]

        press = ann.press("7")
        await emulator.wait_handled(press, app.update_queue)

    assert press.update["callback_query"]["data"] == "int:7"
    assert [m.text for m in ann.messages_since(press.marker)] == ["Intensity 7 saved"]
    assert ann.last_message.edited
    assert ann.last_message.reply_markup is None
    assert ann.alerts == [Alert("Saved int:7", show_alert=True)]
    assert emulator.unknown_calls == []
    assert emulator.pending_updates == 0


async def test_missing_button_lists_the_available_ones(
    emulator: BotApiEmulator, application: AnyApplication
) -> None:
    ann = emulator.user(1001)
    async with polling(application) as app:
        await emulator.wait_handled(ann.send_text("/start"), app.update_queue)

    with pytest.raises(AssertionError, match=r"no callback button '9'.*\[\['3', '5', '7'\]\]"):
        ann.press("9")


async def test_a_query_can_be_answered_only_once(
    emulator: BotApiEmulator, application: AnyApplication
) -> None:
    ann = emulator.user(1001)
    async with polling(application) as app:
        await emulator.wait_handled(ann.send_text("/start"), app.update_queue)
        press = ann.press_data(ann.last_message.message_id, "int:5")
        await emulator.wait_handled(press, app.update_queue)
        query_id = press.update["callback_query"]["id"]
        status, body = await emulator.handle(
            "answerCallbackQuery", {"callback_query_id": query_id}
        )

    assert (status, body["description"]) == (
        400,
        "Bad Request: query is too old and response timeout expired or query ID is invalid",
    )


async def test_many_users_get_their_own_replies_deterministically(
    emulator: BotApiEmulator, application: AnyApplication
) -> None:
    users = [emulator.user(2000 + n, f"User{n}") for n in range(5)]
    async with polling(application) as app:
        for round_number in range(3):
            actions = [user.send_text(f"/echo {round_number}") for user in users]
            await emulator.wait_handled(actions[-1], app.update_queue)
            for user, action in zip(users, actions, strict=True):
                expected = f"{user.chat.user.first_name}: {round_number}"
                assert user.texts_since(action.marker) == [expected]

    update_ids = [u["update_id"] for u in (a.update for a in actions)]
    assert update_ids == sorted(update_ids)
    assert len(emulator.calls_to("sendMessage")) == 15
    assert emulator.unknown_calls == []
