"""What every use case needs: the database, the clock and a few settings."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.storage.database import Database


@dataclass(frozen=True)
class ServiceContext:
    """The dependencies of the use cases, built once by :func:`bot.app.build_application`."""

    database: Database
    clock: Clock
    default_timezone: str
