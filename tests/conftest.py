"""Fixtures for every test."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from bot.logs import LIBRARY_FLOORS, RedactingFormatter


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
