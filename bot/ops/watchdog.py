"""Exit when the database stays unreachable, so that the supervisor restarts the bot.

Docker does not restart a container whose HEALTHCHECK fails, and a process whose pool or DNS
went stale may never reconnect by itself. So ``migraine-bot run`` pings the database every few
seconds; once it has been unreachable for ``DATABASE_UNREACHABLE_EXIT_SECONDS`` the bot logs
one line saying so and stops with :data:`EXIT_DATABASE_UNREACHABLE`. Docker's
``restart: unless-stopped`` and systemd's ``Restart=on-failure`` then start it afresh (and a
start-up that still finds no database exits with 2, which both retry too).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from telegram.ext import Application, ContextTypes

from bot.jobs import services_of
from bot.storage.maintenance import ping

logger = logging.getLogger(__name__)

# EX_TEMPFAIL (sysexits.h): a temporary failure; running again may succeed.
EXIT_DATABASE_UNREACHABLE = 75
WATCHDOG_JOB_NAME = "database-watchdog"
LONGEST_CHECK_INTERVAL_SECONDS = 15.0
# The least time a ping is given before it counts as unanswered.
MIN_PING_WAIT_SECONDS = 5.0

AnyApplication = Application[Any, Any, Any, Any, Any, Any]


class DatabaseWatchdog:
    """Pings the database on the job queue; calls ``stop`` past the limit."""

    def __init__(
        self,
        application: AnyApplication,
        *,
        limit_seconds: float,
        stop: Callable[[], None] | None = None,
    ) -> None:
        self.application = application
        self.stop = stop or application.stop_running
        self.limit_seconds = limit_seconds
        # Several checks fit in the limit, so it is overrun by at most one interval.
        self.interval = min(LONGEST_CHECK_INTERVAL_SECONDS, limit_seconds / 4)
        self.exit_code: int | None = None
        self._failing_since: float | None = None
        self._ping: asyncio.Task[None] | None = None

    async def check(self, _context: ContextTypes.DEFAULT_TYPE | None = None) -> None:
        """One check: a ping answered within the interval, or one more failure."""
        problem = await self._problem()
        now = time.monotonic()
        if problem is None:
            if self._failing_since is not None:
                logger.info("the database answers again")
            self._failing_since = None
            return
        if self._failing_since is None:
            self._failing_since = now
            logger.warning(
                "the database is unreachable (%s); the bot exits if it stays so for %g s",
                problem,
                self.limit_seconds,
            )
        down = now - self._failing_since
        if down >= self.limit_seconds and self.exit_code is None:
            self.exit_code = EXIT_DATABASE_UNREACHABLE
            logger.critical(
                "the database has been unreachable for %.0f s (%s); exiting with code %d so "
                "that the supervisor restarts the bot (DATABASE_UNREACHABLE_EXIT_SECONDS=%g)",
                down,
                problem,
                EXIT_DATABASE_UNREACHABLE,
                self.limit_seconds,
                extra={"exit_code": EXIT_DATABASE_UNREACHABLE},
            )
            self.stop()

    async def _problem(self) -> str | None:
        """Why the database does not answer, or ``None`` when it does."""
        if self._ping is None or self._ping.done():
            database = services_of(self.application).database
            self._ping = asyncio.ensure_future(asyncio.to_thread(ping, database))
        # A ping that hangs is left to finish in its thread, never started twice. Half the
        # interval (the check is over before the next one is due), but never so little that a
        # slow answer on a busy machine counts as no answer.
        wait = max(self.interval / 2, MIN_PING_WAIT_SECONDS)
        done, _ = await asyncio.wait({self._ping}, timeout=wait)
        if not done:
            return f"no answer within {wait:g} s"
        exception = self._ping.exception()
        if exception is None:
            return None
        reason = str(getattr(exception, "orig", None) or exception).strip().splitlines()
        return f"{type(exception).__name__}: {reason[0]}" if reason else type(exception).__name__


def attach_database_watchdog(
    application: AnyApplication, *, limit_seconds: float, stop: Callable[[], None] | None = None
) -> DatabaseWatchdog:
    """Check the database on ``application``'s job queue while it runs; ``stop`` ends the run."""
    watchdog = DatabaseWatchdog(application, limit_seconds=limit_seconds, stop=stop)
    job_queue = application.job_queue
    if job_queue is None:  # pragma: no cover - the job-queue extra is a dependency
        raise RuntimeError("the database watchdog needs the job queue")
    job_queue.run_repeating(
        watchdog.check, interval=watchdog.interval, first=watchdog.interval, name=WATCHDOG_JOB_NAME
    )
    return watchdog
