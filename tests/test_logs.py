import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import load_settings
from bot.logs import QUIET_LIBRARIES, REDACTED, RedactingFormatter, configure_logging, redact
from bot.sandbox import BotApiEmulator
from bot.sandbox.harness import SandboxBot
from tests.flows.helpers import onboard

TOKEN = "123456789:AbCdEfGhIjKlMnOpQrStUvWxYz0123-_789"
NOISY = QUIET_LIBRARIES
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Undo configure_logging's changes to the root and library loggers."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in NOISY}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, noisy_level in levels.items():
        logging.getLogger(name).setLevel(noisy_level)


@pytest.fixture
def stream_logger() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger of our own that writes through a RedactingFormatter into a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter([TOKEN], fmt="%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.logs.redacting")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


def test_redact_replaces_every_occurrence() -> None:
    text = f"GET https://api.telegram.org/bot{TOKEN}/getMe and again {TOKEN}"

    assert redact(text, [TOKEN]) == (
        "GET https://api.telegram.org/bot[REDACTED]/getMe and again [REDACTED]"
    )


def test_redact_ignores_empty_secrets() -> None:
    assert redact("nothing to hide", ["", "absent"]) == "nothing to hide"


def test_longer_secret_is_redacted_before_a_shorter_one_inside_it() -> None:
    formatter = RedactingFormatter(["abc", "abcdef"], fmt="%(message)s")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "key=abcdef", None, None)

    assert formatter.format(record) == f"key={REDACTED}"


def test_token_in_the_message(stream_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = stream_logger

    logger.info(f"calling https://api.telegram.org/bot{TOKEN}/getMe")

    assert stream.getvalue() == "INFO calling https://api.telegram.org/bot[REDACTED]/getMe\n"


def test_token_in_the_arguments(stream_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = stream_logger

    logger.warning("request to %s failed (%d)", f"/bot{TOKEN}/sendMessage", 502)

    assert stream.getvalue() == "WARNING request to /bot[REDACTED]/sendMessage failed (502)\n"


def test_token_in_a_traceback(stream_logger: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = stream_logger

    try:
        raise RuntimeError(f"cannot reach /bot{TOKEN}/getUpdates")
    except RuntimeError:
        logger.exception("polling failed")

    output = stream.getvalue()
    assert TOKEN not in output
    assert output.startswith("ERROR polling failed\nTraceback (most recent call last):\n")
    assert output.rstrip("\n").endswith("RuntimeError: cannot reach /bot[REDACTED]/getUpdates")


@pytest.mark.usefixtures("restore_logging")
def test_configure_logging_writes_redacted_lines_to_stderr(
    capsys: pytest.CaptureFixture[str],
) -> None:
    configure_logging("INFO", secrets=[TOKEN, ""])
    logger = logging.getLogger("bot.tests.configured")

    logger.info("token %s", TOKEN)
    logger.debug("not shown at INFO")
    try:
        raise ValueError(TOKEN)
    except ValueError:
        logger.exception("boom %s", TOKEN)

    err = capsys.readouterr().err
    assert TOKEN not in err
    assert "INFO bot.tests.configured: token [REDACTED]\n" in err
    assert "ERROR bot.tests.configured: boom [REDACTED]\n" in err
    assert "ValueError: [REDACTED]" in err
    assert "not shown at INFO" not in err


@pytest.mark.usefixtures("restore_logging")
def test_configure_logging_replaces_root_handlers_and_sets_the_level() -> None:
    configure_logging("DEBUG")

    root = logging.getLogger()
    assert root.level == logging.DEBUG
    assert len(root.handlers) == 1
    assert isinstance(root.handlers[0].formatter, RedactingFormatter)


@pytest.mark.usefixtures("restore_logging")
@pytest.mark.parametrize(("level", "expected"), [("DEBUG", "WARNING"), ("INFO", "WARNING")])
def test_chatty_libraries_stay_at_warning(level: str, expected: str) -> None:
    configure_logging(level)

    assert {
        name: logging.getLevelName(logging.getLogger(name).level) for name in NOISY
    } == dict.fromkeys(NOISY, expected)


@pytest.mark.usefixtures("restore_logging")
def test_chatty_libraries_follow_a_stricter_root_level() -> None:
    configure_logging("ERROR")

    assert logging.getLogger("httpx").level == logging.ERROR


@pytest.mark.usefixtures("restore_logging")
def test_httpx_request_lines_are_dropped_at_info(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", secrets=[TOKEN])

    logging.getLogger("httpx").info("HTTP Request: POST https://api.telegram.org/bot%s", TOKEN)

    assert capsys.readouterr().err == ""


def test_records_are_redacted_as_they_are_made(
    restore_logging: None, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging("DEBUG", secrets=[TOKEN])
    logging.getLogger().addHandler(caplog.handler)  # any handler, not only ours
    library = logging.getLogger("telegram.ext.Updater")

    try:
        raise ValueError(f"The token `{TOKEN}` was rejected by the server.")
    except ValueError:
        library.exception("failed with %s", f"/bot{TOKEN}/getMe")

    [record] = caplog.records
    assert record.getMessage() == "failed with /bot[REDACTED]/getMe"
    assert record.exc_text is not None
    assert "The token `[REDACTED]` was rejected" in record.exc_text
    assert TOKEN not in caplog.text


def test_libraries_stay_above_debug_even_at_debug(restore_logging: None) -> None:
    configure_logging("DEBUG", secrets=[TOKEN])

    assert logging.getLogger("bot").getEffectiveLevel() == logging.DEBUG
    assert logging.getLogger("telegram.Bot").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("telegram.ext.Application").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("tornado.access").getEffectiveLevel() == logging.INFO
    assert logging.getLogger("httpcore.http11").getEffectiveLevel() == logging.WARNING


@pytest.mark.usefixtures("restore_logging")
async def test_a_report_at_info_writes_no_font_subsetting_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """fpdf2 subsets the report's font with fontTools, which logs ~75 INFO lines per PDF."""
    configure_logging("INFO")
    settings = load_settings(None, database_url=f"sqlite:///{tmp_path / 'diary.db'}")
    emulator = BotApiEmulator()
    ann = emulator.user(8101, "Ann")
    async with SandboxBot(settings, emulator=emulator, clock=FixedClock(NOON)) as bot:
        await onboard(bot, ann)
        await bot.say(ann, "migraine 7")
        mark = ann.mark()
        await bot.say(ann, "/report")
        [message] = ann.messages_since(mark)

    assert message.document is not None
    assert message.document.content.startswith(b"%PDF")
    err = capsys.readouterr().err
    assert "fontTools" not in err
    assert "INFO telegram.ext.Application: Application started" in err  # INFO still shows
