"""A test seam: kill the process at the Nth database step while it handles updates.

With ``MIGRAINE_BOT_CRASH_AT=N`` in the environment the bot sends itself ``SIGKILL`` just before
its Nth SQL statement or commit made while handling an update (counted from its start), after
writing one line to stderr naming the step. The kill-sweep test
(``tests/flows/test_kill_sweep.py``) restarts the bot on the same database at many such points
and checks that every tap is applied exactly once. Unset, nothing is installed.
"""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from sqlalchemy import Engine, event

CRASH_AT_VARIABLE = "MIGRAINE_BOT_CRASH_AT"


def crash_point_from_environment() -> int | None:
    """The step to die at, if the environment asks for one."""
    raw = os.environ.get(CRASH_AT_VARIABLE, "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def install_crash_point(engine: Engine, at: int, *, handling: Any) -> None:
    """Kill the process at step ``at`` of the steps taken while ``handling()`` is true."""
    steps = 0

    def step(what: str) -> None:
        nonlocal steps
        if not handling():
            return
        steps += 1
        if steps == at:
            sys.stderr.write(f"crash point {at}: {what}\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        step(" ".join(statement.split()[:3]))

    def on_commit(_conn: Any) -> None:
        step("COMMIT")

    event.listen(engine, "before_cursor_execute", on_statement)
    event.listen(engine, "commit", on_commit)
