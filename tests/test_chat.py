import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.chat import ButtonChoice, TerminalView
from bot.sandbox import SentMessage, StoredFile

# Guards against a hung process only, never a measure of speed.
HANG_GUARD_SECONDS = 300
BANNER = "Migraine Diary Bot: terminal chat"
FIRST_WELCOME = "Hi Ann! I'm your headache diary."
TIMEZONE_QUESTION = "First, which timezone are you in?"


def run_chat(tmp_path: Path, stdin: str, *options: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "LC_ALL"}
    # getpass.getuser() reads LOGNAME first: the chat greets the person by it.
    environment.update(LANG="en_US.UTF-8", LOGNAME="ann", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", "--data-dir", str(tmp_path / "chat"), *options],
        cwd=tmp_path,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=HANG_GUARD_SECONDS,
        check=False,
    )


def stored_user(tmp_path: Path) -> tuple[str | None, str | None]:
    with sqlite3.connect(tmp_path / "chat" / "diary.db") as connection:
        rows = connection.execute("SELECT timezone, onboarding_step FROM users").fetchall()
    assert len(rows) == 1
    timezone, step = rows[0]
    return timezone, step


def test_onboarding_then_welcome_back_then_fresh(tmp_path: Path) -> None:
    first = run_chat(tmp_path, "1\n3\n/quit\n")

    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    out = first.stdout
    assert out.splitlines()[0].startswith(BANNER)
    assert FIRST_WELCOME in out
    assert TIMEZONE_QUESTION in out
    assert "      [1] New York · " in out
    assert "Timezone: America/New_York (it's " in out
    assert "[1] 19:00   [2] 20:00   [3] 21:00 ✓   [4] 22:00" in out
    assert "Evening check-in: every day at 21:00." in out
    assert "You're all set." in out
    assert "keys › [1] 🤕 Attack now   [2] ✅ Attack over   [3] 📝 Past attack" in out
    assert out.rstrip().endswith(
        f"Bye. Your test diary stays in {tmp_path / 'chat'}/ for next time."
    )
    assert stored_user(tmp_path) == ("America/New_York", None)

    again = run_chat(tmp_path, "/start\n/quit\n")

    assert again.returncode == 0, again.stderr
    assert "Welcome back, Ann! Your diary is ready." in again.stdout
    assert FIRST_WELCOME not in again.stdout
    assert TIMEZONE_QUESTION not in again.stdout
    assert "Bye." in again.stdout

    fresh = run_chat(tmp_path, "/quit\n", "--fresh")

    assert fresh.returncode == 0, fresh.stderr
    assert FIRST_WELCOME in fresh.stdout
    assert TIMEZONE_QUESTION in fresh.stdout
    assert "Welcome back" not in fresh.stdout
    assert stored_user(tmp_path) == (None, "timezone")


def test_end_of_input_and_a_missing_button_are_handled(tmp_path: Path) -> None:
    result = run_chat(tmp_path, "99\n")

    assert result.returncode == 0, result.stderr
    assert "(there is no button 99 here: pick one of the keys shown, or type text)" in (
        result.stdout
    )
    assert "Bye." in result.stdout


def bot_message(
    message_id: int,
    text: str | None,
    rows: list[list[str]] | None = None,
    *,
    edited: bool = False,
    from_bot: bool = True,
    deleted: bool = False,
    photo: StoredFile | None = None,
) -> SentMessage:
    markup = (
        {
            "inline_keyboard": [
                [{"text": label, "callback_data": label} for label in row] for row in rows
            ]
        }
        if rows is not None
        else None
    )
    return SentMessage(
        message_id=message_id,
        chat_id=1,
        from_bot=from_bot,
        date=0,
        revision=message_id,
        text=text,
        reply_markup=markup,
        edited=edited,
        deleted=deleted,
        photo=photo,
    )


@pytest.fixture
def view(tmp_path: Path) -> TerminalView:
    return TerminalView(tmp_path / "files", io.StringIO())


def printed(view: TerminalView) -> str:
    assert isinstance(view.out, io.StringIO)
    text = view.out.getvalue()
    view.out.seek(0)
    view.out.truncate()
    return text


def test_terminal_view_numbers_inline_buttons_then_the_keyboard(view: TerminalView) -> None:
    view.on_message(bot_message(5, "Pick one\nor two", [["a", "b"], ["c"]]))
    view.show_keyboard([["⚙️ Settings", "❓ Help"]])

    assert printed(view) == (
        "\nbot › Pick one\n"
        "      or two\n"
        "      [1] a   [2] b\n"
        "      [3] c\n"
        "keys › [4] ⚙️ Settings   [5] ❓ Help\n"
    )
    assert view.choices == [
        ButtonChoice("a", 5, "1"),
        ButtonChoice("b", 5, "2"),
        ButtonChoice("c", 5, "3"),
        ButtonChoice("⚙️ Settings", None, "4"),
        ButtonChoice("❓ Help", None, "5"),
    ]


def test_a_new_message_without_buttons_retires_the_old_ones(view: TerminalView) -> None:
    view.on_message(bot_message(5, "Pick", [["a"]]))
    view.on_message(bot_message(6, "Done."))
    view.show_keyboard([["K"]])

    assert printed(view) == "\nbot › Pick\n      [1] a\n\nbot › Done.\nkeys › [1] K\n"
    assert view.choices == [ButtonChoice("K", None, "1")]


def test_editing_another_message_keeps_the_buttons(view: TerminalView) -> None:
    view.on_message(bot_message(5, "Pick", [["a"]]))
    view.on_message(bot_message(4, "Older text, edited", edited=True))

    assert printed(view).endswith("\nbot (edited) › Older text, edited\n")
    assert view.choices == [ButtonChoice("a", 5, "1")]


def test_editing_the_buttons_away_retires_them(view: TerminalView) -> None:
    view.on_message(bot_message(5, "Pick", [["a"]]))
    view.on_message(bot_message(5, "Picked a.", edited=True))

    assert view.choices == []


def test_no_keyboard_prints_nothing(view: TerminalView) -> None:
    view.show_keyboard(None)
    view.show_keyboard([])

    assert printed(view) == ""
    assert view.choices == []


def test_user_and_deleted_messages_are_not_printed(view: TerminalView) -> None:
    view.on_message(bot_message(5, "Pick", [["a"]]))
    printed(view)

    view.on_message(bot_message(6, "/start", from_bot=False))
    view.on_message(bot_message(7, "gone", deleted=True))

    assert printed(view) == ""
    assert view.choices == [ButtonChoice("a", 5, "1")]


def test_files_the_bot_sends_are_saved(view: TerminalView) -> None:
    photo = StoredFile(
        file_id="f1",
        file_unique_id="u1",
        filename="chart.png",
        content=b"\x89PNG",
        mime_type="image/png",
        file_path="photos/chart.png",
    )

    view.on_message(bot_message(9, None, photo=photo))

    saved = view.files_dir / "9-chart.png"
    assert saved.read_bytes() == b"\x89PNG"
    assert printed(view) == f"\nbot › \n      [photo saved to {saved}]\n"


def test_on_a_scale_of_numbers_a_typed_number_is_that_value(view: TerminalView) -> None:
    view.on_message(bot_message(5, "How bad?", [["0", "1", "✓ 7"], ["Skip", "Finish later"]]))
    view.show_keyboard([["🤕 Attack now"]])

    assert printed(view) == (
        "\nbot › How bad?\n"
        "      [0]   [1]   [✓ 7]\n"
        "      [a] Skip   [b] Finish later\n"
        "keys › [c] 🤕 Attack now\n"
    )
    assert view.pick("7") == ButtonChoice("✓ 7", 5, "7")
    assert view.pick("1") == ButtonChoice("1", 5, "1")
    assert view.pick("B") == ButtonChoice("Finish later", 5, "b")
    assert view.pick("c") == ButtonChoice("🤕 Attack now", None, "c")
    assert view.pick("2") is None


def test_typing_seven_on_the_intensity_screen_records_seven(tmp_path: Path) -> None:
    # Onboard (New York, 21:00), log an attack, then type 7 on the 0-10 scale.
    result = run_chat(tmp_path, "1\n3\n/log\n7\n/quit\n")

    assert result.returncode == 0, result.stderr
    assert "[a] " in result.stdout
    with sqlite3.connect(tmp_path / "chat" / "diary.db") as connection:
        assert connection.execute("SELECT peak_intensity FROM attacks").fetchall() == [(7,)]
