"""Logging set-up, with secrets (the bot token) redacted from every line.

Two formats (``LOG_FORMAT``): ``text`` for people (``time LEVEL logger: message key=value``,
a traceback on the lines after it) and ``json`` for log collectors (exactly one JSON object
per line: ``time``, ``level``, ``logger``, ``message``, the ``extra`` fields, and
``exception``). Both redact every secret from the finished line.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Literal

REDACTED = "[REDACTED]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LogFormat = Literal["text", "json"]
# What every LogRecord carries; anything else on a record came from ``extra=``.
_RECORD_FIELDS = frozenset(
    [*logging.LogRecord("", 0, "", 0, "", None, None).__dict__, "message", "asctime", "taskName"]
)


class RedactingFormatter(logging.Formatter):
    """A formatter that replaces every secret in the finished line, tracebacks included."""

    def __init__(self, secrets: Iterable[str], fmt: str = LOG_FORMAT) -> None:
        super().__init__(fmt)
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        """Format the record, then blank out the secrets."""
        return redact(super().format(record), self._secrets)

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 (logging's name)
        """The line before any traceback, with the ``extra`` fields as ``key=value``."""
        line = super().formatMessage(record)
        extras = " ".join(f"{key}={value!r}" for key, value in extra_fields(record).items())
        return f"{line} {extras}" if extras else line


class JsonFormatter(RedactingFormatter):
    """One JSON object per line: time, level, logger, message, extra fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        """Serialise the record as one line of JSON, then blank out the secrets."""
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            entry.setdefault(key, value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # JSON escapes newlines, so the entry stays on one line; a token's characters (digits,
        # letters, ":", "_", "-") are never escaped, so redacting the serialised text is safe.
        return redact(json.dumps(entry, ensure_ascii=False, default=str), self._secrets)


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The fields a caller attached with ``extra=``, in the order given."""
    return {
        key: value
        for key, value in record.__dict__.items()
        if key not in _RECORD_FIELDS and not key.startswith("_")
    }


def redact(text: str, secrets: Iterable[str]) -> str:
    """Return ``text`` with every secret replaced by ``[REDACTED]``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def configure_logging(
    level: str, *, secrets: Iterable[str] = (), log_format: LogFormat = "text"
) -> None:
    """Log to stderr at ``level`` as text or JSON lines.

    Secrets are redacted twice: in every record as it is made (so no handler, not even one
    added later, sees them) and in every finished line. Libraries are held at their
    :data:`LIBRARY_FLOORS` even at ``DEBUG``, because below that they log users' words.
    """
    secrets = list(secrets)
    _redact_records(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(secrets) if log_format == "json" else RedactingFormatter(secrets)
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name, floor in LIBRARY_FLOORS.items():
        logging.getLogger(name).setLevel(max(floor, root.level))


# The lowest level each library may log at. Below these they log what users wrote: PTB's DEBUG
# lines hold every Bot API call's parameters and answer (each getUpdates payload with the
# messages and names users sent, each reply with their diary values) and every update it
# processes; httpx logs request URLs (which contain the token) at INFO and httpcore traces
# connections at DEBUG; tornado logs request lines. Their INFO and above are events and errors.
LIBRARY_FLOORS: dict[str, int] = {
    "telegram": logging.INFO,
    "tornado": logging.INFO,
    "httpx": logging.WARNING,
    "httpcore": logging.WARNING,
    "hpack": logging.WARNING,
    "apscheduler": logging.WARNING,
    "alembic": logging.WARNING,
    # Their INFO lines say nothing an operator needs: fontTools logs about 75 lines each time
    # fpdf2 subsets the report's font; matplotlib and Pillow chatter about fonts and plugins.
    "fontTools": logging.WARNING,
    "matplotlib": logging.WARNING,
    "PIL": logging.WARNING,
}
# The libraries kept at WARNING (or the root's level, if stricter).
QUIET_LIBRARIES = tuple(name for name, floor in LIBRARY_FLOORS.items() if floor >= logging.WARNING)
_BASE_RECORD_FACTORY = logging.getLogRecordFactory()


def _redact_records(secrets: list[str]) -> None:
    """Make every new LogRecord carry its message and traceback with the secrets replaced."""
    wanted = sorted({s for s in secrets if s}, key=len, reverse=True)
    if not wanted:
        logging.setLogRecordFactory(_BASE_RECORD_FACTORY)
        return

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = _BASE_RECORD_FACTORY(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: logging itself reports it when emitting
            return record
        if any(secret in message for secret in wanted):
            record.msg, record.args = redact(message, wanted), None
        if record.exc_info and record.exc_info[1] is not None:
            trace = logging.Formatter().formatException(record.exc_info)
            if any(secret in trace for secret in wanted):
                record.exc_text = redact(trace, wanted)
        return record

    logging.setLogRecordFactory(make_record)
