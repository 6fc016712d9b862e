"""A real ``telegram.Bot`` against the emulator, in-process and over loopback HTTP."""

from __future__ import annotations

import pytest
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    MenuButtonCommands,
    MessageEntity,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken

from bot.sandbox import BotApiEmulator
from bot.sandbox.entities import utf16_length
from tests.sandbox.ptb import Mode, make_bot

PNG_2X3 = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x02\x00\x00\x00\x03\x08\x02\x00\x00\x00"
    b"rest-of-the-image"
)


def yes_no_keyboard() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Yes", callback_data="a:1:yes")],
            [InlineKeyboardButton("No", callback_data="a:1:no")],
        ]
    )


async def test_get_me_answers_with_the_bot_user(bot: Bot, emulator: BotApiEmulator) -> None:
    me = await bot.get_me()

    assert (me.id, me.username, me.is_bot) == (123456789, "sandbox_diary_bot", True)
    assert [call.method for call in emulator.calls] == ["getMe", "getMe"]


@pytest.mark.parametrize(
    ("token", "answer"),
    [("987654321:not-the-token", "Unauthorized"), ("no-colon-token", "Not Found")],
)
async def test_wrong_token_is_rejected(
    emulator: BotApiEmulator, mode: Mode, token: str, answer: str
) -> None:
    stranger = make_bot(emulator, mode, token=token)

    try:
        with pytest.raises(InvalidToken, match="was rejected by the server") as raised:
            await stranger.initialize()
    finally:
        await stranger.shutdown()

    assert str(raised.value.__cause__) == answer
    assert [call.method for call in emulator.calls] == ["getMe"]


async def test_send_message_returns_a_realistic_message(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001, "Ann", started=True)

    sent = await bot.send_message(1001, "/summary 30 please", reply_markup=yes_no_keyboard())

    assert sent.message_id == 1
    assert sent.chat.id == 1001
    assert sent.from_user is not None
    assert sent.from_user.id == emulator.bot_id
    assert sent.reply_markup == yes_no_keyboard()
    assert ann.last_message.text == "/summary 30 please"
    assert ann.inline_buttons() == [["Yes"], ["No"]]
    call = emulator.calls_to("sendMessage")[0]
    assert call.chat_id == 1001
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a:1:yes"


async def test_html_text_becomes_plain_text_and_entities(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001, started=True)

    sent = await bot.send_message(1001, "<b>Pain</b> 7 &amp; <i>nausea</i>", parse_mode="HTML")

    assert sent.text == "Pain 7 & nausea"
    assert sent.entities == (
        MessageEntity(MessageEntity.BOLD, 0, 4),
        MessageEntity(MessageEntity.ITALIC, 9, 6),
    )
    assert ann.last_message.text == "Pain 7 & nausea"
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await bot.send_message(1001, "<b>open", parse_mode=ParseMode.HTML)


async def test_edit_message_text_changes_what_the_user_sees(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001, started=True)
    sent = await bot.send_message(1001, "How bad?", reply_markup=yes_no_keyboard())
    marker = ann.mark()

    edited = await bot.edit_message_text("Saved: 7", chat_id=1001, message_id=sent.message_id)

    assert isinstance(edited, type(sent))
    assert edited.text == "Saved: 7"
    assert edited.edit_date is not None
    assert edited.reply_markup is None  # editing without reply_markup drops the keyboard
    assert [(m.text, m.edited) for m in ann.messages_since(marker)] == [("Saved: 7", True)]


async def test_editing_with_the_same_content_is_not_modified(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    emulator.user(1001, started=True)
    sent = await bot.send_message(1001, "How bad?", reply_markup=yes_no_keyboard())

    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text(
            "How bad?", chat_id=1001, message_id=sent.message_id, reply_markup=yes_no_keyboard()
        )
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=1001, message_id=sent.message_id, reply_markup=yes_no_keyboard()
        )
    await bot.edit_message_reply_markup(chat_id=1001, message_id=sent.message_id)
    assert emulator.user(1001).last_message.reply_markup is None


async def test_editing_or_deleting_a_missing_message_fails(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001, started=True)
    sent = await bot.send_message(1001, "soon gone")

    assert await bot.delete_message(1001, sent.message_id) is True

    assert ann.messages == []
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", chat_id=1001, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(1001, sent.message_id)


async def test_unknown_method_fails_loudly_and_is_recorded(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    emulator.user(1001, started=True)

    with pytest.raises(InvalidToken, match="method sendPoll is not emulated"):
        await bot.send_poll(1001, "Pain?", ["yes", "no"])

    assert [call.method for call in emulator.unknown_calls] == ["sendPoll"]
    assert emulator.unknown_calls[0].params["question"] == "Pain?"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Message text is empty"),
        ("   ", "Message text is empty"),
        ("x" * 4097, "Message is too long"),
    ],
)
async def test_message_text_is_validated(
    bot: Bot, emulator: BotApiEmulator, text: str, error: str
) -> None:
    emulator.user(1001, started=True)

    with pytest.raises(BadRequest, match=error):
        await bot.send_message(1001, text)


async def test_longest_allowed_text_is_accepted(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.user(1001, started=True)

    sent = await bot.send_message(1001, "x" * 4096)

    assert sent.text == "x" * 4096


async def test_callback_data_over_64_bytes_is_refused(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.user(1001, started=True)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    just_fits = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="a" * 64)]])

    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(1001, "pick", reply_markup=too_long)
    await bot.send_message(1001, "pick", reply_markup=just_fits)


async def test_chat_not_started_and_blocked_chats(bot: Bot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(1001)

    with pytest.raises(Forbidden, match="bot can't initiate conversation with a user"):
        await bot.send_message(1001, "hello?")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(4242, "anyone?")
    ann.send_text("/start")
    await bot.send_message(1001, "hello!")
    ann.block()
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(1001, "still there?")
    ann.unblock()
    await bot.send_message(1001, "welcome back")

    assert [m.text for m in ann.messages] == ["hello!", "welcome back"]
    updates = await bot.get_updates()
    statuses = [u.my_chat_member.new_chat_member.status for u in updates if u.my_chat_member]
    assert statuses == ["kicked", "member"]


async def test_photo_and_document_bytes_round_trip(bot: Bot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(1001, started=True)

    photo_message = await bot.send_photo(1001, PNG_2X3, caption="chart")
    document_message = await bot.send_document(
        1001, b"%PDF-1.7 summary", filename="summary.pdf", caption="For your doctor"
    )

    biggest = photo_message.photo[-1]
    assert (biggest.width, biggest.height, biggest.file_size) == (2, 3, len(PNG_2X3))
    assert document_message.document is not None
    assert document_message.document.file_name == "summary.pdf"
    assert ann.messages[0].photo is not None
    assert ann.messages[0].photo.content == PNG_2X3
    assert ann.messages[1].document is not None
    assert ann.messages[1].document.content == b"%PDF-1.7 summary"
    assert ann.messages[1].document.filename == "summary.pdf"
    assert ann.messages[1].caption == "For your doctor"
    downloaded = await (
        await bot.get_file(document_message.document.file_id)
    ).download_as_bytearray()
    assert bytes(downloaded) == b"%PDF-1.7 summary"
    resent = await bot.send_document(1001, document_message.document.file_id)
    assert resent.document is not None
    assert resent.document.file_id == document_message.document.file_id


async def test_reply_keyboard_is_tracked_until_removed(bot: Bot, emulator: BotApiEmulator) -> None:
    ann = emulator.user(1001, started=True)

    await bot.send_message(
        1001, "menu", reply_markup=ReplyKeyboardMarkup([[KeyboardButton("Log attack"), "Summary"]])
    )
    assert ann.reply_keyboard == [["Log attack", "Summary"]]
    action = ann.tap_reply_button("Summary")
    assert action.update["message"]["text"] == "Summary"
    with pytest.raises(AssertionError, match="no reply button 'Settings'"):
        ann.tap_reply_button("Settings")

    await bot.send_message(1001, "bye", reply_markup=ReplyKeyboardRemove())
    assert ann.reply_keyboard is None


async def test_commands_menu_chat_and_actions(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.user(1001, "Ann", username="ann_m", started=True)
    commands = [BotCommand("start", "Start"), BotCommand("summary", "Your summary")]

    assert await bot.set_my_commands(commands)
    assert await bot.set_my_commands([BotCommand("start", "Starten")], language_code="de")

    assert await bot.get_my_commands() == tuple(commands)
    assert await bot.get_my_commands(language_code="de") == (BotCommand("start", "Starten"),)
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Bad-Name", "x")])
    assert await bot.set_chat_menu_button(1001, MenuButtonCommands())
    assert await bot.send_chat_action(1001, ChatAction.TYPING)
    chat = await bot.get_chat(1001)
    assert (chat.id, chat.type, chat.first_name, chat.username) == (
        1001,
        "private",
        "Ann",
        "ann_m",
    )
    assert await bot.delete_webhook(drop_pending_updates=True)


async def test_text_limit_counts_utf16_after_entities(bot: Bot, emulator: BotApiEmulator) -> None:
    # Bot API sendMessage: "1-4096 characters after entities parsing"; 🤕 is 2 UTF-16 units.
    ann = emulator.user(1001, started=True)

    await bot.send_message(1001, "<b>" + "&lt;" * 4096 + "</b>", parse_mode=ParseMode.HTML)
    await bot.send_message(1001, "🤕" * 2048)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(1001, "🤕" * 2048 + "x")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(1001, "<i>" + "&amp;" * 4097 + "</i>", parse_mode=ParseMode.HTML)

    assert [utf16_length(m.text or "") for m in ann.messages] == [4096, 4096]


async def test_caption_limit_is_1024_utf16_units(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.user(1001, started=True)

    await bot.send_document(
        1001, b"%PDF", filename="a.pdf", caption="<b>x</b>" + "y" * 1023, parse_mode=ParseMode.HTML
    )
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(1001, PNG_2X3, caption="🤕" * 512 + "x")


async def test_at_most_100_inline_buttons(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.user(1001, started=True)

    def keyboard(count: int) -> InlineKeyboardMarkup:
        buttons = [InlineKeyboardButton(str(n), callback_data=str(n)) for n in range(count)]
        return InlineKeyboardMarkup([buttons[i : i + 4] for i in range(0, count, 4)])

    sent = await bot.send_message(1001, "pick", reply_markup=keyboard(100))
    with pytest.raises(BadRequest, match="Reply markup is too long"):
        await bot.send_message(1001, "pick", reply_markup=keyboard(101))
    with pytest.raises(BadRequest, match="Reply markup is too long"):
        await bot.edit_message_reply_markup(1001, sent.message_id, reply_markup=keyboard(101))


async def test_empty_callback_data_is_refused(bot: Bot, emulator: BotApiEmulator) -> None:
    emulator.user(1001, started=True)
    empty = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="")]])

    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(1001, "pick", reply_markup=empty)


async def test_callback_answer_is_at_most_200_characters(
    bot: Bot, emulator: BotApiEmulator
) -> None:
    ann = emulator.user(1001, started=True)
    query = emulator.open_callback_query(1001)

    with pytest.raises(BadRequest, match="Message_too_long"):
        await bot.answer_callback_query(query, "x" * 201, show_alert=True)
    await bot.answer_callback_query(query, "x" * 200, show_alert=True)

    assert [alert.text for alert in ann.alerts] == ["x" * 200]
