"""The emulator's model of private chats: who is in them and which messages they hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class StoredFile:
    """A file the bot uploaded (or re-sent by ``file_id``), with its bytes."""

    file_id: str
    file_unique_id: str
    filename: str
    content: bytes
    mime_type: str
    file_path: str

    @property
    def size(self) -> int:
        """Return the size in bytes."""
        return len(self.content)


@dataclass
class SentMessage:
    """One message in a chat as the user sees it now (after any edits)."""

    message_id: int
    chat_id: int
    from_bot: bool
    date: int
    revision: int
    text: str | None = None
    entities: list[JsonDict] = field(default_factory=list)
    caption: str | None = None
    reply_markup: JsonDict | None = None
    photo: StoredFile | None = None
    document: StoredFile | None = None
    edited: bool = False
    edit_date: int | None = None
    deleted: bool = False

    @property
    def inline_keyboard(self) -> list[list[JsonDict]]:
        """Return the rows of inline buttons, or ``[]``."""
        rows = (self.reply_markup or {}).get("inline_keyboard")
        return rows if isinstance(rows, list) else []

    def inline_buttons(self) -> list[list[str]]:
        """Return the rows of inline button texts, or ``[]``."""
        return [[str(button.get("text", "")) for button in row] for row in self.inline_keyboard]


@dataclass(frozen=True)
class UserProfile:
    """A simulated Telegram user."""

    user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    def to_api(self) -> JsonDict:
        """Return the Bot API ``User`` object."""
        user: JsonDict = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def chat_to_api(self) -> JsonDict:
        """Return the Bot API ``Chat`` object of the private chat with this user."""
        chat: JsonDict = {"id": self.user_id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


@dataclass(frozen=True)
class Alert:
    """An ``answerCallbackQuery`` answer shown to the user (a toast, or an alert box)."""

    text: str | None
    show_alert: bool


@dataclass
class PrivateChat:
    """The private chat between the bot and one user."""

    user: UserProfile
    started: bool = False
    blocked: bool = False
    messages: dict[int, SentMessage] = field(default_factory=dict)
    reply_keyboard: JsonDict | None = None
    alerts: list[Alert] = field(default_factory=list)
    menu_button: JsonDict | None = None
    revision: int = 0
    _last_message_id: int = 0

    @property
    def chat_id(self) -> int:
        """Return the chat id, which for a private chat is the user id."""
        return self.user.user_id

    def next_message_id(self) -> int:
        """Allocate the next message id (private chats number messages one by one)."""
        self._last_message_id += 1
        return self._last_message_id

    def next_revision(self) -> int:
        """Advance the chat's change counter, which stamps every new or edited message."""
        self.revision += 1
        return self.revision

    def visible_message(self, message_id: int) -> SentMessage | None:
        """Return the message with this id unless it does not exist or was deleted."""
        message = self.messages.get(message_id)
        if message is None or message.deleted:
            return None
        return message
