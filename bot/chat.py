"""``migraine-bot chat``: try the real bot in a terminal, with no token and no network.

The bot runs exactly as it would on Telegram, but against the in-process Bot API emulator and a
local SQLite file. Its messages are printed with their buttons numbered; type text to answer,
or a number to press a button. Photos and documents it sends are saved to a folder.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
import os
import string
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.sandbox import BotApiEmulator, SentMessage, SimUser, UserAction
from bot.sandbox.harness import SandboxBot
from bot.views.attack_steps import TICK
from bot.views.chat import chat_banner, chat_goodbye, chat_no_such_button

CHAT_USER_ID = 100_001
QUIT_WORDS = frozenset({"/quit", "/exit", "quit", "exit"})


@dataclass(frozen=True)
class ButtonChoice:
    """What typing a key picks: an inline button on a message, or a reply-keyboard button."""

    label: str
    message_id: int | None
    key: str = ""


def _number_label(label: str) -> str | None:
    """The number a button shows (``"7"``, or ``"✅ 7"`` when ticked), if that is all it shows."""
    bare = label.removeprefix(TICK).strip()
    return bare if bare.isascii() and bare.isdigit() else None


class TerminalView:
    """Prints what the bot sends and gives every button the person can pick a key.

    Keys are numbers (``[1]``, ``[2]`` ...). When buttons on screen are numbers themselves (the
    0-10 intensity scale), typing a number means that value, so the other buttons get letters
    instead (``[a]``, ``[b]`` ...) and nothing typed is ambiguous.
    """

    def __init__(self, files_dir: Path, out: TextIO) -> None:
        self.files_dir = files_dir
        self.out = out
        self.inline: list[ButtonChoice] = []
        self.keyboard: list[ButtonChoice] = []

    @property
    def choices(self) -> list[ButtonChoice]:
        """Every pickable button, in the order they are shown."""
        return [*self.inline, *self.keyboard]

    def pick(self, typed: str) -> ButtonChoice | None:
        """The button ``typed`` names, if any."""
        wanted = typed.strip().lower()
        return next((choice for choice in self.choices if choice.key == wanted), None)

    def _keyed(self, inline: list[ButtonChoice], keyboard: list[ButtonChoice]) -> None:
        """Give every button its key (see the class docstring)."""
        numbers = {_number_label(c.label) for c in inline} - {None}
        others = [c for c in [*inline, *keyboard] if _number_label(c.label) is None or not numbers]
        keys = iter(string.ascii_lowercase if numbers else map(str, range(1, 1000)))
        assigned = {id(c): next(keys) for c in others}

        def key_of(choice: ButtonChoice) -> str:
            return assigned.get(id(choice)) or _number_label(choice.label) or ""

        self.inline = [ButtonChoice(c.label, c.message_id, key_of(c)) for c in inline]
        self.keyboard = [ButtonChoice(c.label, c.message_id, key_of(c)) for c in keyboard]

    @staticmethod
    def _cell(choice: ButtonChoice) -> str:
        if choice.key == _number_label(choice.label):
            return f"[{choice.label}]"
        return f"[{choice.key}] {choice.label}"

    def on_message(self, message: SentMessage) -> None:
        """Print a message the bot sent or edited."""
        if message.deleted or not message.from_bot:
            return
        prefix = "bot (edited)" if message.edited else "bot"
        body = message.text or message.caption or ""
        lines = [f"\n{prefix} › " + body.replace("\n", "\n      ")]
        for stored, kind in ((message.photo, "photo"), (message.document, "document")):
            if stored is not None:
                self.files_dir.mkdir(parents=True, exist_ok=True)
                path = self.files_dir / f"{message.message_id}-{stored.filename}"
                path.write_bytes(stored.content)
                lines.append(f"      [{kind} saved to {path}]")
        rows = message.inline_buttons()
        if rows:
            inline = [ButtonChoice(label, message.message_id) for row in rows for label in row]
            self._keyed(inline, self.keyboard)
            shown = iter(self.inline)
            for row in rows:
                lines.append("      " + "   ".join(self._cell(next(shown)) for _ in row))
        elif not message.edited or any(c.message_id == message.message_id for c in self.inline):
            self._keyed([], self.keyboard)
        print("\n".join(lines), file=self.out, flush=True)

    def show_keyboard(self, rows: list[list[str]] | None) -> None:
        """Print the persistent keyboard under the conversation, keyed after inline buttons."""
        keyboard = [ButtonChoice(label, None) for row in rows or [] for label in row]
        self._keyed(self.inline, keyboard)
        if self.keyboard:
            cells = [self._cell(c) for c in self.keyboard]
            print("keys › " + "   ".join(cells), file=self.out, flush=True)


def _language() -> str:
    raw = os.environ.get("LC_ALL") or os.environ.get("LANG") or "en"
    language = raw.split(".")[0].replace("_", "-")
    return "en" if language in ("C", "POSIX", "") else language


def _first_name() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        return "Friend"
    return "Friend" if name in ("root", "") else name.capitalize()


def _prepare_database(database: Path, *, fresh: bool) -> bool:
    """Delete the chat's diary if asked to; return whether the diary starts out empty."""
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    return not database.exists()


def _act(user: SimUser, view: TerminalView, line: str) -> UserAction | None:
    choice = view.pick(line)
    if choice is None:
        return None if line.isdigit() else user.send_text(line)
    if choice.message_id is None:
        return user.tap_reply_button(choice.label)
    message = next((m for m in user.messages if m.message_id == choice.message_id), None)
    if message is None:
        return None
    return user.press(choice.label, message=message)


async def _converse(settings: Settings, data_dir: Path, fresh: bool, out: TextIO) -> None:
    database = data_dir / "diary.db"
    first_time = _prepare_database(database, fresh=fresh)
    settings = settings.model_copy(
        update={"database_url": f"sqlite:///{database}", "allowed_user_ids": frozenset()}
    )
    emulator = BotApiEmulator()
    view = TerminalView(data_dir / "files", out)
    emulator.observers.append(view.on_message)
    user = emulator.user(CHAT_USER_ID, _first_name(), language_code=_language())
    print(chat_banner(database, data_dir / "files"), file=out, flush=True)
    if settings.log_level == "INFO":
        # The library's start/stop notices would interleave with the conversation.
        logging.getLogger("telegram").setLevel(logging.WARNING)
    async with SandboxBot(settings, emulator=emulator, background_jobs=True) as bot:
        pending: UserAction | None = user.send_text("/start") if first_time else None
        while True:
            if pending is not None:
                alerts_before = len(user.alerts)
                await bot.handled(pending)
                for alert in user.alerts[alerts_before:]:
                    print(f"\n(popup) {alert.text}", file=out, flush=True)
            view.show_keyboard(user.reply_keyboard)
            try:
                line = (await asyncio.to_thread(input, "\nyou › ")).strip()
            except (EOFError, KeyboardInterrupt):
                break
            if line.lower() in QUIT_WORDS:
                break
            if not line:
                pending = None
                continue
            try:
                pending = _act(user, view, line)
            except AssertionError:
                pending = None
            if pending is None:
                print(chat_no_such_button(line), file=out, flush=True)
    print(chat_goodbye(data_dir), file=out, flush=True)


def run_chat(settings: Settings, *, data_dir: Path, fresh: bool, out: TextIO = sys.stdout) -> int:
    """Run the terminal chat until the person quits; returns the exit code."""
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        asyncio.run(_converse(settings, data_dir, fresh, out))
    except KeyboardInterrupt:
        print(chat_goodbye(data_dir), file=out, flush=True)
    return 0
