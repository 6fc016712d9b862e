"""Rendering stored messages as Bot API ``Message`` objects."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.sandbox.chats import SentMessage, StoredFile
from bot.sandbox.wire import JsonDict

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def message_to_api(message: SentMessage, emulator: BotApiEmulator) -> JsonDict:
    """Return the Bot API ``Message`` object for ``message`` as it is now."""
    chat = emulator.chats[message.chat_id]
    sender = emulator.bot_user() if message.from_bot else chat.user.to_api()
    result: JsonDict = {
        "message_id": message.message_id,
        "from": sender,
        "chat": chat.user.chat_to_api(),
        "date": message.date,
    }
    if message.edit_date is not None:
        result["edit_date"] = message.edit_date
    if message.text is not None:
        result["text"] = message.text
        if message.entities:
            result["entities"] = message.entities
    if message.caption is not None:
        result["caption"] = message.caption
        if message.entities:
            result["caption_entities"] = message.entities
    if message.photo is not None:
        result["photo"] = photo_sizes(message.photo)
    if message.document is not None:
        result["document"] = {
            "file_id": message.document.file_id,
            "file_unique_id": message.document.file_unique_id,
            "file_name": message.document.filename,
            "mime_type": message.document.mime_type,
            "file_size": message.document.size,
        }
    if message.reply_markup is not None and "inline_keyboard" in message.reply_markup:
        # Telegram echoes only inline keyboards; reply keyboards live on the client.
        result["reply_markup"] = {"inline_keyboard": message.reply_markup["inline_keyboard"]}
    return result


def photo_sizes(photo: StoredFile) -> list[JsonDict]:
    """Return the ``PhotoSize`` array Telegram lists for a photo (one size: the original)."""
    width, height = image_size(photo.content)
    return [
        {
            "file_id": photo.file_id,
            "file_unique_id": photo.file_unique_id,
            "width": width,
            "height": height,
            "file_size": photo.size,
        }
    ]


def image_size(content: bytes) -> tuple[int, int]:
    """Return a PNG's width and height from its header, or ``(0, 0)`` for other formats."""
    if content.startswith(PNG_SIGNATURE) and len(content) >= 24:
        return int.from_bytes(content[16:20], "big"), int.from_bytes(content[20:24], "big")
    return 0, 0
