"""Texts of the terminal chat (``migraine-bot chat``), which is for developers and newcomers."""

from __future__ import annotations

from pathlib import Path


def chat_banner(database: Path, files_dir: Path) -> str:
    """What the terminal chat says when it starts."""
    return (
        "Migraine Diary Bot: terminal chat (no Telegram, no network)\n"
        f"  diary: {database}   files the bot sends: {files_dir}/\n"
        "  Type a message and press Enter; type a button's key ([1], [a] ...) to press it;\n"
        "  /quit (or Ctrl-D) leaves. Use --fresh to start with an empty diary."
    )


def chat_no_such_button(typed: str) -> str:
    """A number that names no button."""
    return f"(there is no button {typed} here: pick one of the keys shown, or type text)"


def chat_goodbye(data_dir: Path) -> str:
    """What the terminal chat says when it ends."""
    return f"\nBye. Your test diary stays in {data_dir}/ for next time."
