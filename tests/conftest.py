"""Fixtures for every test: no setting leaks in from the developer's shell."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from bot.config import setting_variables
from bot.logs import QUIET_LIBRARIES

# Loggers whose level the CLI's logging set-up changes.
LIBRARY_LOGGERS = (*QUIET_LIBRARIES, "telegram")


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove every bot setting from the environment, whatever case the shell used.

    The names come from the ``Settings`` model itself, so a new setting is covered the day it is
    added. Subprocesses started from ``os.environ`` inherit the clean environment too.
    """
    names = setting_variables()
    for key in list(os.environ):
        if key.upper() in names:
            monkeypatch.delenv(key)


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Undo what a test's CLI run did to logging (root handlers and level, library levels)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    libraries = {name: logging.getLogger(name).level for name in LIBRARY_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, library_level in libraries.items():
        logging.getLogger(name).setLevel(library_level)
