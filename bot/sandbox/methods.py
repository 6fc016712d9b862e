"""The emulated Bot API methods, validating and answering like Telegram.

Each method takes the decoded parameters and uploaded files and returns the ``result`` value, or
raises :class:`~bot.sandbox.api_errors.ApiError`. Method names are case-insensitive, as on
Telegram's servers.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from bot.sandbox.api_errors import ApiError, bad_request, forbidden
from bot.sandbox.chats import Alert, PrivateChat, SentMessage, StoredFile
from bot.sandbox.entities import render_text, utf16_length
from bot.sandbox.messages import message_to_api
from bot.sandbox.params import Params
from bot.sandbox.wire import JsonDict, UploadedFile

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator

Method = Callable[[JsonDict, dict[str, UploadedFile]], Awaitable[Any]]

# Limits from the Bot API documentation.
MAX_TEXT_LENGTH = 4096  # sendMessage: "1-4096 characters after entities parsing"
MAX_CAPTION_LENGTH = 1024  # sendPhoto/sendDocument: "0-1024 characters"
MAX_CALLBACK_DATA_BYTES = 64  # InlineKeyboardButton: "1-64 bytes"
MAX_INLINE_BUTTONS = 100  # Telegram refuses more buttons: "reply markup is too long"
MAX_CALLBACK_ANSWER_LENGTH = 200  # answerCallbackQuery: "0-200 characters"
MAX_COMMANDS = 100  # setMyCommands: "At most 100 commands can be specified."
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
_COMMAND_NAME = re.compile(r"^[a-z0-9_]{1,32}$")
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


class ApiMethods:
    """The Bot API methods the emulator answers, bound to its state."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self.webhook_url = ""
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.default_menu_button: JsonDict = {"type": "commands"}
        self.open_callback_queries: dict[str, int] = {}
        self._table: dict[str, Callable[[Params, dict[str, UploadedFile]], Awaitable[Any]]] = {
            "getme": self.get_me,
            "logout": self.log_out,
            "close": self.log_out,
            "getupdates": self.get_updates,
            "setwebhook": self.set_webhook,
            "deletewebhook": self.delete_webhook,
            "getwebhookinfo": self.get_webhook_info,
            "sendmessage": self.send_message,
            "editmessagetext": self.edit_message_text,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "answercallbackquery": self.answer_callback_query,
            "sendphoto": self.send_photo,
            "senddocument": self.send_document,
            "getfile": self.get_file,
            "sendchataction": self.send_chat_action,
            "setmycommands": self.set_my_commands,
            "getmycommands": self.get_my_commands,
            "deletemycommands": self.delete_my_commands,
            "setchatmenubutton": self.set_chat_menu_button,
            "getchatmenubutton": self.get_chat_menu_button,
            "getchat": self.get_chat,
        }

    def find(self, method: str) -> Method | None:
        """Return the implementation of ``method``, or ``None`` if it is not emulated."""
        implementation = self._table.get(method.lower())
        if implementation is None:
            return None

        async def call(params: JsonDict, files: dict[str, UploadedFile]) -> Any:
            return await implementation(Params(params), files)

        return call

    # -- bot and updates ------------------------------------------------------------------

    async def get_me(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``getMe``."""
        return self.emulator.bot_user()

    async def log_out(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``logOut`` and ``close`` (nothing to do in a sandbox)."""
        return True

    async def get_updates(self, params: Params, files: dict[str, UploadedFile]) -> list[JsonDict]:
        """Answer ``getUpdates`` with offset, limit, long-poll timeout and allowed_updates."""
        if self.webhook_url:
            raise _conflict()
        allowed = params.json("allowed_updates")
        return await self.emulator.updates.fetch(
            offset=params.optional_integer("offset"),
            limit=params.optional_integer("limit") or 100,
            timeout=params.number("timeout", 0.0),
            allowed_updates=[str(kind) for kind in allowed] if isinstance(allowed, list) else None,
        )

    async def set_webhook(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``setWebhook`` (updates are then only served to ``getWebhookInfo``)."""
        url = params.text("url") or ""
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        self._drop_pending(params)
        return True

    async def delete_webhook(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``deleteWebhook`` (optionally dropping pending updates)."""
        self.webhook_url = ""
        self._drop_pending(params)
        return True

    async def get_webhook_info(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``getWebhookInfo``."""
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": self.emulator.pending_updates,
        }

    def _drop_pending(self, params: Params) -> None:
        if params.flag("drop_pending_updates"):
            self.emulator.updates.acknowledge(self.emulator.updates.last_update_id + 1)

    # -- messages -------------------------------------------------------------------------

    async def send_message(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``sendMessage``."""
        chat = self._writable_chat(params)
        text, entities = _message_text(params)
        markup = _reply_markup(params)
        message = self._add_message(chat, text=text, entities=entities, reply_markup=markup)
        return message_to_api(message, self.emulator)

    async def edit_message_text(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``editMessageText`` (omitting ``reply_markup`` removes the inline keyboard)."""
        chat, message = self._editable_message(params)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        text, entities = _message_text(params)
        markup = _reply_markup(params, inline_only=True)
        if (text, entities, markup) == (message.text, message.entities, message.reply_markup):
            raise bad_request(NOT_MODIFIED)
        message.text, message.entities, message.reply_markup = text, entities, markup
        return self._mark_edited(chat, message)

    async def edit_message_reply_markup(
        self, params: Params, files: dict[str, UploadedFile]
    ) -> JsonDict:
        """Answer ``editMessageReplyMarkup``."""
        chat, message = self._editable_message(params)
        markup = _reply_markup(params, inline_only=True)
        if markup == message.reply_markup:
            raise bad_request(NOT_MODIFIED)
        message.reply_markup = markup
        return self._mark_edited(chat, message)

    async def delete_message(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``deleteMessage``."""
        chat = self._writable_chat(params)
        message = chat.visible_message(params.integer("message_id"))
        if message is None:
            raise bad_request("message to delete not found")
        message.deleted = True
        chat.next_revision()
        self.emulator.notify(message)
        return True

    async def answer_callback_query(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``answerCallbackQuery``; each query can be answered once."""
        query_id = params.text("callback_query_id") or ""
        chat_id = self.open_callback_queries.pop(query_id, None)
        if chat_id is None:
            raise bad_request(QUERY_INVALID)
        text = params.text("text")
        if text is not None and utf16_length(text) > MAX_CALLBACK_ANSWER_LENGTH:
            self.open_callback_queries[query_id] = chat_id
            raise bad_request("MESSAGE_TOO_LONG")
        if text:
            self.emulator.chats[chat_id].alerts.append(Alert(text, params.flag("show_alert")))
        return True

    async def send_chat_action(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``sendChatAction``."""
        self._writable_chat(params)
        if params.text("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    # -- files ----------------------------------------------------------------------------

    async def send_photo(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``sendPhoto`` (upload or ``file_id``)."""
        chat = self._writable_chat(params)
        stored = self._input_file(params, files, "photo", "photos", "image/jpeg")
        caption, entities = _caption(params)
        message = self._add_message(
            chat,
            caption=caption,
            entities=entities,
            reply_markup=_reply_markup(params),
            photo=stored,
        )
        return message_to_api(message, self.emulator)

    async def send_document(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``sendDocument`` (upload or ``file_id``)."""
        chat = self._writable_chat(params)
        stored = self._input_file(
            params, files, "document", "documents", "application/octet-stream"
        )
        caption, entities = _caption(params)
        message = self._add_message(
            chat,
            caption=caption,
            entities=entities,
            reply_markup=_reply_markup(params),
            document=stored,
        )
        return message_to_api(message, self.emulator)

    async def get_file(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``getFile``; the bytes are then served under ``base_file_url``."""
        stored = self.emulator.files.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.file_path,
        }

    def _input_file(
        self,
        params: Params,
        files: dict[str, UploadedFile],
        name: str,
        folder: str,
        default_mime: str,
    ) -> StoredFile:
        reference = params.text(name) or ""
        upload = files.get(name)
        if reference.startswith("attach://"):
            upload = files.get(reference.removeprefix("attach://"))
        if upload is None:
            if reference in self.emulator.files:
                return self.emulator.files[reference]
            if not reference:
                raise bad_request(f"there is no {name} in the request")
            raise bad_request("wrong file identifier/HTTP URL specified")
        digest = hashlib.sha256(upload.content).hexdigest()
        number = len(self.emulator.files) + 1
        filename = upload.filename or f"file_{number}"
        stored = StoredFile(
            file_id=f"SBX{folder[:3].upper()}{number:06d}{digest[:16]}",
            file_unique_id=f"U{digest[:15]}",
            filename=filename,
            content=upload.content,
            mime_type=upload.mime_type or default_mime,
            file_path=f"{folder}/file_{number}_{filename}",
        )
        self.emulator.files[stored.file_id] = stored
        return stored

    # -- commands, menu, chats ------------------------------------------------------------

    async def set_my_commands(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``setMyCommands``."""
        commands = params.json("commands")
        if not isinstance(commands, list) or len(commands) > MAX_COMMANDS:
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not isinstance(command, dict) or not _COMMAND_NAME.match(
                str(command.get("command", ""))
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description is empty")
        self.commands[_commands_key(params)] = [
            {"command": command["command"], "description": command["description"]}
            for command in commands
        ]
        return True

    async def get_my_commands(
        self, params: Params, files: dict[str, UploadedFile]
    ) -> list[JsonDict]:
        """Answer ``getMyCommands``."""
        return self.commands.get(_commands_key(params), [])

    async def delete_my_commands(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``deleteMyCommands``."""
        self.commands.pop(_commands_key(params), None)
        return True

    async def set_chat_menu_button(self, params: Params, files: dict[str, UploadedFile]) -> bool:
        """Answer ``setChatMenuButton`` for one chat or, without ``chat_id``, as the default."""
        button = params.json("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in {
            "default",
            "commands",
            "web_app",
        }:
            raise bad_request("can't parse menu button")
        if params.has("chat_id"):
            self._known_chat(params).menu_button = button
        else:
            self.default_menu_button = button
        return True

    async def get_chat_menu_button(
        self, params: Params, files: dict[str, UploadedFile]
    ) -> JsonDict:
        """Answer ``getChatMenuButton``."""
        if params.has("chat_id"):
            return self._known_chat(params).menu_button or self.default_menu_button
        return self.default_menu_button

    async def get_chat(self, params: Params, files: dict[str, UploadedFile]) -> JsonDict:
        """Answer ``getChat`` with a ``ChatFullInfo``."""
        chat = self._known_chat(params)
        info = chat.user.chat_to_api()
        info.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return info

    # -- shared checks --------------------------------------------------------------------

    def _known_chat(self, params: Params) -> PrivateChat:
        chat = self.emulator.chats.get(params.integer("chat_id"))
        if chat is None or not chat.started:
            raise bad_request("chat not found")
        return chat

    def _writable_chat(self, params: Params) -> PrivateChat:
        chat = self.emulator.chats.get(params.integer("chat_id"))
        if chat is None:
            raise bad_request("chat not found")
        if not chat.started:
            # A user the bot knows of (e.g. from an old export) who never pressed Start.
            raise forbidden("bot can't initiate conversation with a user")
        if chat.blocked:
            raise forbidden("bot was blocked by the user")
        return chat

    def _editable_message(self, params: Params) -> tuple[PrivateChat, SentMessage]:
        if params.has("inline_message_id"):
            raise bad_request("inline messages are not emulated")
        chat = self._writable_chat(params)
        message = chat.visible_message(params.integer("message_id"))
        if message is None:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    def _add_message(
        self,
        chat: PrivateChat,
        *,
        text: str | None = None,
        caption: str | None = None,
        entities: list[JsonDict],
        reply_markup: JsonDict | None,
        photo: StoredFile | None = None,
        document: StoredFile | None = None,
    ) -> SentMessage:
        """Store a new bot message, with any file, and tell the observers."""
        message = SentMessage(
            message_id=chat.next_message_id(),
            chat_id=chat.chat_id,
            from_bot=True,
            date=self.emulator.now(),
            revision=chat.next_revision(),
            text=text,
            caption=caption,
            entities=entities,
            reply_markup=reply_markup,
            photo=photo,
            document=document,
        )
        chat.messages[message.message_id] = message
        if reply_markup is not None and "keyboard" in reply_markup:
            chat.reply_keyboard = reply_markup
        elif reply_markup is not None and reply_markup.get("remove_keyboard"):
            chat.reply_keyboard = None
        self.emulator.notify(message)
        return message

    def _mark_edited(self, chat: PrivateChat, message: SentMessage) -> JsonDict:
        message.edited = True
        message.edit_date = self.emulator.now()
        message.revision = chat.next_revision()
        self.emulator.notify(message)
        return message_to_api(message, self.emulator)


def _message_text(params: Params) -> tuple[str, list[JsonDict]]:
    raw = params.text("text") or ""
    text, entities = render_text(raw, params.text("parse_mode"), _entities(params, "entities"))
    if not text.strip():
        raise bad_request("message text is empty")
    if utf16_length(text) > MAX_TEXT_LENGTH:
        raise bad_request("message is too long")
    return text, entities


def _caption(params: Params) -> tuple[str | None, list[JsonDict]]:
    raw = params.text("caption")
    if raw is None:
        return None, []
    caption, entities = render_text(
        raw, params.text("parse_mode"), _entities(params, "caption_entities")
    )
    if utf16_length(caption) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return caption, entities


def _entities(params: Params, name: str) -> list[JsonDict] | None:
    entities = params.json(name)
    if entities is None:
        return None
    if not isinstance(entities, list):
        raise bad_request(f"can't parse {name} JSON object")
    return entities


def _reply_markup(params: Params, *, inline_only: bool = False) -> JsonDict | None:
    markup = params.json("reply_markup")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif inline_only:
        raise bad_request("inline keyboard expected")
    return markup


def _check_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse inline keyboard JSON object")
    if sum(len(row) for row in rows) > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text is empty")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
            if data is None and len(button) == 1:
                raise bad_request(
                    "can't parse inline keyboard button: "
                    "Text buttons are unallowed in the inline keyboard"
                )


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.json("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), params.text("language_code") or ""


def _conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first",
    )
