"""Request decoding and entity parsing, without PTB."""

from __future__ import annotations

import httpx
import pytest

from bot.sandbox import BotApiEmulator
from bot.sandbox.api_errors import ApiError
from bot.sandbox.entities import command_entities, parse_html, utf16_length
from bot.sandbox.wire import decode_request


def test_form_values_are_json_decoded_except_string_parameters() -> None:
    body = b"chat_id=1001&text=123&reply_markup=%7B%22inline_keyboard%22%3A%5B%5D%7D&x=true"

    params, files = decode_request("application/x-www-form-urlencoded", body)

    assert params == {
        "chat_id": 1001,
        "text": "123",
        "reply_markup": {"inline_keyboard": []},
        "x": True,
    }
    assert files == {}


def test_multipart_keeps_file_bytes_and_name() -> None:
    request = httpx.Request(
        "POST",
        "https://x/bot1:t/sendDocument",
        data={"chat_id": "5", "caption": "true"},
        files={"document": ("a.pdf", b"%PDF", "application/pdf")},
    )

    params, files = decode_request(request.headers["content-type"], request.read())

    assert params == {"chat_id": 5, "caption": "true"}
    assert (files["document"].filename, files["document"].content) == ("a.pdf", b"%PDF")


@pytest.mark.parametrize(
    ("text", "length"),
    [("/start", 6), ("/summary 30", 8), ("/start@sandbox_diary_bot x", 24), ("hi /start", None)],
)
def test_command_entities(text: str, length: int | None) -> None:
    expected = [] if length is None else [{"type": "bot_command", "offset": 0, "length": length}]

    assert command_entities(text) == expected


def test_html_offsets_count_utf16_code_units() -> None:
    text, entities = parse_html('🤕 <b>7</b> <a href="https://e.x">doc</a>')

    assert text == "🤕 7 doc"
    assert utf16_length("🤕") == 2
    assert entities == [
        {"type": "bold", "offset": 3, "length": 1},
        {"type": "text_link", "offset": 5, "length": 3, "url": "https://e.x"},
    ]


@pytest.mark.parametrize("markup", ["<b>x", "<b>x</i>", "<blink>x</blink>"])
def test_bad_html_is_a_bad_request(markup: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities") as raised:
        parse_html(markup)

    assert raised.value.status == 400


async def test_json_bodies_and_get_requests_are_understood() -> None:
    emulator = BotApiEmulator()
    emulator.user(1001, started=True)
    async with httpx.AsyncClient(transport=emulator.transport()) as client:
        base = f"https://api.telegram.org/bot{emulator.token}"
        sent = await client.post(f"{base}/sendMessage", json={"chat_id": 1001, "text": "hi"})
        me = await client.get(f"{base}/getMe")
        nowhere = await client.get("https://api.telegram.org/elsewhere")

    assert sent.json()["result"]["text"] == "hi"
    assert me.json()["result"]["username"] == "sandbox_diary_bot"
    assert nowhere.status_code == 404
    assert [call.method for call in emulator.calls] == ["sendMessage", "getMe"]


async def test_handle_answers_in_telegram_shape() -> None:
    emulator = BotApiEmulator()

    status, body = await emulator.handle("sendMessage", {"chat_id": 42, "text": "hi"})
    unknown = await emulator.handle("getStarTransactions", {})

    assert (status, body) == (
        400,
        {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"},
    )
    assert unknown == (
        404,
        {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method getStarTransactions is not emulated",
        },
    )
    assert emulator.calls[0].chat_id == 42
