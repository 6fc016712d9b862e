"""Fixtures for every test: no setting from the developer's shell, and logging left as found."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest

from bot.config import setting_variables
from bot.logs import LIBRARY_FLOORS, RedactingFormatter


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


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Undo what a test's ``configure_logging`` changed (its handler, levels, record factory)."""
    root = logging.getLogger()
    level = root.level
    levels = {name: logging.getLogger(name).level for name in LIBRARY_FLOORS}
    factory = logging.getLogRecordFactory()
    yield
    for handler in root.handlers[:]:
        if isinstance(handler.formatter, RedactingFormatter):
            root.removeHandler(handler)
    root.setLevel(level)
    for name, library_level in levels.items():
        logging.getLogger(name).setLevel(library_level)
    logging.setLogRecordFactory(factory)
