"""Simulated users: act in a private chat with the bot and look at what it shows.

Every action enqueues an update and returns a :class:`UserAction` carrying its ``update_id`` and
a ``marker``. To see what the bot answered::

    action = user.send_text("/start")
    await emulator.wait_handled(action, application.update_queue)
    replies = user.messages_since(action.marker)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.sandbox.chats import Alert, PrivateChat, SentMessage, StoredFile
from bot.sandbox.entities import command_entities
from bot.sandbox.messages import message_to_api
from bot.sandbox.wire import JsonDict

if TYPE_CHECKING:
    from bot.sandbox.emulator import BotApiEmulator


@dataclass(frozen=True)
class UserAction:
    """What one user action enqueued: the update and the chat's change marker before it."""

    update_id: int
    update: JsonDict
    marker: int


class SimUser:
    """A simulated user in a private chat with the bot (``chat_id == user_id``)."""

    def __init__(self, emulator: BotApiEmulator, chat: PrivateChat) -> None:
        self.emulator = emulator
        self.chat = chat

    @property
    def user_id(self) -> int:
        """Return the user's id (also the chat id)."""
        return self.chat.user.user_id

    @property
    def chat_id(self) -> int:
        """Return the private chat's id."""
        return self.chat.chat_id

    def __repr__(self) -> str:
        return f"SimUser({self.user_id}, {self.chat.user.first_name!r})"

    # -- acting ---------------------------------------------------------------------------

    def send_text(self, text: str) -> UserAction:
        """Send a text message (a leading ``/command`` gets its ``bot_command`` entity)."""
        if self.chat.blocked:
            raise AssertionError(f"{self!r} has blocked the bot; call unblock() first")
        marker = self.chat.revision
        self.chat.started = True
        message = SentMessage(
            message_id=self.chat.next_message_id(),
            chat_id=self.chat_id,
            from_bot=False,
            date=self.emulator.now(),
            revision=self.chat.next_revision(),
            text=text,
            entities=command_entities(text),
        )
        self.chat.messages[message.message_id] = message
        payload = message_to_api(message, self.emulator)
        return self._push("message", payload, marker)

    def send_document(
        self, filename: str, content: bytes, *, mime_type: str = "application/octet-stream"
    ) -> UserAction:
        """Send a file as a document; the bot can fetch it with ``getFile``."""
        if self.chat.blocked:
            raise AssertionError(f"{self!r} has blocked the bot; call unblock() first")
        marker = self.chat.revision
        self.chat.started = True
        number = len(self.emulator.files) + 1
        digest = hashlib.sha256(content).hexdigest()
        stored = StoredFile(
            file_id=f"SBXUSR{number:06d}{digest[:16]}",
            file_unique_id=f"U{digest[:15]}",
            filename=filename,
            content=content,
            mime_type=mime_type,
            file_path=f"documents/user_{number}_{filename}",
        )
        self.emulator.files[stored.file_id] = stored
        message = SentMessage(
            message_id=self.chat.next_message_id(),
            chat_id=self.chat_id,
            from_bot=False,
            date=self.emulator.now(),
            revision=self.chat.next_revision(),
            document=stored,
        )
        self.chat.messages[message.message_id] = message
        return self._push("message", message_to_api(message, self.emulator), marker)

    def press(self, button_text: str, *, message: SentMessage | None = None) -> UserAction:
        """Press the inline button ``button_text`` on the newest keyboard (or on ``message``).

        Raises:
            AssertionError: No such callback button; the message lists the buttons there are.
        """
        target = message or self._latest_inline_keyboard()
        buttons = [button for row in target.inline_keyboard for button in row]
        for button in buttons:
            if button.get("text") == button_text and "callback_data" in button:
                return self.press_data(target.message_id, str(button["callback_data"]))
        raise AssertionError(
            f"no callback button {button_text!r} on message {target.message_id}; "
            f"buttons: {target.inline_buttons()}"
        )

    def press_data(self, message_id: int, data: str) -> UserAction:
        """Send a callback query with raw ``data`` from a message (e.g. forged or stale data)."""
        target = self.chat.visible_message(message_id)
        if target is None:
            raise AssertionError(f"message {message_id} is not in {self!r}'s chat")
        query_id = self.emulator.open_callback_query(self.chat_id)
        payload = {
            "id": query_id,
            "from": self.chat.user.to_api(),
            "message": message_to_api(target, self.emulator),
            "chat_instance": str(self.chat_id * 7919 + self.emulator.bot_id),
            "data": data,
        }
        return self._push("callback_query", payload, self.chat.revision)

    def tap_reply_button(self, text: str) -> UserAction:
        """Tap a button of the persistent reply keyboard, which sends its text."""
        keyboard = self.reply_keyboard
        if keyboard is None:
            raise AssertionError(f"{self!r} has no reply keyboard; cannot tap {text!r}")
        if not any(text in row for row in keyboard):
            raise AssertionError(f"no reply button {text!r}; buttons: {keyboard}")
        return self.send_text(text)

    def block(self) -> UserAction:
        """Block the bot; Telegram then sends a ``my_chat_member`` update (``kicked``)."""
        self.chat.blocked = True
        return self._push_membership(old="member", new="kicked")

    def unblock(self) -> UserAction:
        """Unblock the bot; Telegram then sends a ``my_chat_member`` update (``member``)."""
        self.chat.blocked = False
        self.chat.started = True
        return self._push_membership(old="kicked", new="member")

    # -- looking --------------------------------------------------------------------------

    @property
    def messages(self) -> list[SentMessage]:
        """Return the bot's messages the user can see now, oldest first (deleted ones omitted)."""
        return [m for m in self.chat.messages.values() if m.from_bot and not m.deleted]

    @property
    def last_message(self) -> SentMessage:
        """Return the bot's newest visible message (``AssertionError`` if there is none)."""
        if not self.messages:
            raise AssertionError(f"the bot has not sent {self!r} anything")
        return self.messages[-1]

    def mark(self) -> int:
        """Return a marker for :meth:`messages_since` (the chat's change counter)."""
        return self.chat.revision

    def messages_since(self, marker: int) -> list[SentMessage]:
        """Return the bot's visible messages sent or edited after ``marker``, oldest first."""
        return [message for message in self.messages if message.revision > marker]

    def texts_since(self, marker: int) -> list[str]:
        """Return the text (or caption) of each message from :meth:`messages_since`."""
        return [m.text or m.caption or "" for m in self.messages_since(marker)]

    def inline_buttons(self, message: SentMessage | None = None) -> list[list[str]]:
        """Return the rows of inline button texts of ``message`` or the newest keyboard."""
        return (message or self._latest_inline_keyboard()).inline_buttons()

    @property
    def reply_keyboard(self) -> list[list[str]] | None:
        """Return the rows of the persistent reply keyboard's texts, or ``None``."""
        markup = self.chat.reply_keyboard
        if markup is None:
            return None
        return [[_button_text(button) for button in row] for row in markup["keyboard"]]

    @property
    def alerts(self) -> list[Alert]:
        """Return the ``answerCallbackQuery`` texts shown to this user, oldest first."""
        return list(self.chat.alerts)

    @property
    def blocked(self) -> bool:
        """Return whether the user has blocked the bot."""
        return self.chat.blocked

    # -- internals ------------------------------------------------------------------------

    def _latest_inline_keyboard(self) -> SentMessage:
        for message in reversed(self.messages):
            if message.inline_keyboard:
                return message
        raise AssertionError(f"no message with inline buttons in {self!r}'s chat")

    def _push(self, kind: str, payload: JsonDict, marker: int) -> UserAction:
        update = self.emulator.updates.push(kind, payload)
        return UserAction(update["update_id"], update, marker)

    def _push_membership(self, *, old: str, new: str) -> UserAction:
        bot = self.emulator.bot_user()
        new_member: JsonDict = {"status": new, "user": bot}
        if new == "kicked":
            new_member["until_date"] = 0
        payload = {
            "chat": self.chat.user.chat_to_api(),
            "from": self.chat.user.to_api(),
            "date": self.emulator.now(),
            "old_chat_member": {"status": old, "user": bot}
            | ({"until_date": 0} if old == "kicked" else {}),
            "new_chat_member": new_member,
        }
        return self._push("my_chat_member", payload, self.chat.revision)


def _button_text(button: Any) -> str:
    return str(button.get("text", "")) if isinstance(button, dict) else str(button)
