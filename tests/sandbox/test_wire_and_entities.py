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


# Telegram's parser's own wording; byte offsets count UTF-8 bytes of the markup.
@pytest.mark.parametrize(
    ("markup", "detail"),
    [
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<blink>x</blink>", 'Unsupported start tag "blink" at byte offset 0'),
        ("a<br>b", 'Unsupported start tag "br" at byte offset 1'),
        ("A < b & c", 'Unsupported start tag "" at byte offset 2'),
        ("é <3", "Unclosed start tag at byte offset 3"),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ('<span class="big">x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href=x/y>z</a>", "Unexpected end of name token at byte offset 8"),
        ("<b bold>x</b>", 'Expected equal sign in declaration of an attribute of the tag "b"'),
        ('<a href="https://e.x>y</a>', "Unclosed start tag at byte offset 0"),
        ("A & b", 'Unsupported HTML entity "&" at byte offset 2'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;" at byte offset 0'),
        ("&#0;", 'Unsupported HTML entity "&" at byte offset 0'),
        ("&#xD800;", 'Unsupported HTML entity "&" at byte offset 0'),
        ('<tg-emoji emoji-id="x">🙂</tg-emoji>', "Invalid custom emoji identifier specified"),
    ],
)
def test_bad_html_is_a_bad_request(markup: str, detail: str) -> None:
    with pytest.raises(ApiError) as raised:
        parse_html(markup)

    assert raised.value.status == 400
    assert raised.value.description.startswith(f"Bad Request: can't parse entities: {detail}")


@pytest.mark.parametrize(
    ("markup", "text", "entities"),
    [
        ("&lt;b&gt;x&lt;/b&gt; &amp;nbsp; &quot;", '<b>x</b> &nbsp; "', []),
        ("&#60;&#x3C;&#X3c;&#128529;", "<<<😑", []),
        ("&lt &amp", "< &", []),  # Telegram takes the ; as optional
        ("<B>x</b>", "x", [{"type": "bold", "offset": 0, "length": 1}]),
        ("<strong>x</strong>", "x", [{"type": "bold", "offset": 0, "length": 1}]),
        (
            "<em>x</em><ins>y</ins>",
            "xy",
            [
                {"type": "italic", "offset": 0, "length": 1},
                {"type": "underline", "offset": 1, "length": 1},
            ],
        ),
        (
            "<s>a</s><strike>b</strike><del>c</del>",
            "abc",
            [
                {"type": "strikethrough", "offset": 0, "length": 1},
                {"type": "strikethrough", "offset": 1, "length": 1},
                {"type": "strikethrough", "offset": 2, "length": 1},
            ],
        ),
        (
            '<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>',
            "st",
            [
                {"type": "spoiler", "offset": 0, "length": 1},
                {"type": "spoiler", "offset": 1, "length": 1},
            ],
        ),
        ("<code>c</code>", "c", [{"type": "code", "offset": 0, "length": 1}]),
        (
            '<pre><code class="language-python">p</code></pre>',
            "p",
            [
                {"type": "pre", "offset": 0, "length": 1, "language": "python"},
            ],
        ),
        (
            "<blockquote expandable>q</blockquote>",
            "q",
            [
                {"type": "expandable_blockquote", "offset": 0, "length": 1},
            ],
        ),
        (
            "<a href='https://e.x/?a=1&amp;b=2'>l</a>",
            "l",
            [
                {"type": "text_link", "offset": 0, "length": 1, "url": "https://e.x/?a=1&b=2"},
            ],
        ),
        (
            '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
            "👍",
            [
                {
                    "type": "custom_emoji",
                    "offset": 0,
                    "length": 2,
                    "custom_emoji_id": "5368324170671202286",
                },
            ],
        ),
        (
            "<b>a<i>b</i></b>",
            "ab",
            [
                {"type": "bold", "offset": 0, "length": 2},
                {"type": "italic", "offset": 1, "length": 1},
            ],
        ),
        ("<b>x</>", "x", [{"type": "bold", "offset": 0, "length": 1}]),
    ],
)
def test_telegram_html_is_parsed(
    markup: str, text: str, entities: list[dict[str, object]]
) -> None:
    assert parse_html(markup) == (text, entities)


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
