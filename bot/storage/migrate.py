"""Bringing the database schema up to date with Alembic, at every start-up.

No ``alembic.ini`` is needed: the configuration is built in code and points at the
``bot/storage/migrations`` folder shipped inside the package. For developers,
``python -m bot.storage.migrate`` is the ``alembic`` command line with that configuration
(``DATABASE_URL`` names the database), e.g.
``python -m bot.storage.migrate revision --autogenerate --rev-id 0002 -m "add x"``.

Concurrent start-ups are safe: the migration runs in one transaction that first takes a
database-wide lock (``BEGIN IMMEDIATE`` on SQLite, a transaction-level advisory lock on
PostgreSQL), and Alembic reads the current revision only once that lock is held. A second
process waits for the first and then finds the schema at head. On SQLite that wait is
:data:`MIGRATION_LOCK_TIMEOUT_MS`, far longer than the engine's everyday ``busy_timeout``: a
start-up can afford to wait, and on a busy machine a migration may well take seconds.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import CommandLine, Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from bot.storage.engine import SQLITE_BUSY_TIMEOUT_MS

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# How long a starting process waits for another one's migration on SQLite (milliseconds).
MIGRATION_LOCK_TIMEOUT_MS = 300_000
# Any fixed 64-bit number works; it only has to be the same in every process of this app.
_POSTGRES_MIGRATION_LOCK_ID = 0x6D6967_7261696E  # "migrain"


def alembic_config(connection: Connection | None = None) -> Config:
    """Build the Alembic configuration in code, optionally bound to an open connection."""
    config = Config()
    # ConfigParser interpolates "%": escape it in the path.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def head_revision() -> str:
    """Return the newest revision id among the shipped migrations."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or ``None`` for an unversioned database."""
    with engine.connect() as connection:
        return _current_revision(connection)


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to ``revision`` in one locked transaction; a no-op when already there.

    Raises:
        alembic.util.CommandError: the database is at a revision these migrations do not know
            (for example it was migrated by a newer version of the bot).
    """
    with engine.connect() as connection:
        target = head_revision() if revision == "head" else revision
        if _current_revision(connection) == target:
            # The fast path on every start-up: one read, no lock, no Alembic environment.
            connection.rollback()
            return
        connection.rollback()
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            connection.exec_driver_sql(f"PRAGMA busy_timeout={MIGRATION_LOCK_TIMEOUT_MS}")
        try:
            _begin_locked(connection)
            command.upgrade(alembic_config(connection), revision)
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _begin_locked(connection: Connection) -> None:
    """Start a transaction holding the database-wide migration lock."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        # pysqlite only emits BEGIN before DML, so DDL would otherwise run outside any
        # transaction; IMMEDIATE takes the write lock now (waiting up to busy_timeout).
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif dialect == "postgresql":
        connection.execute(
            text("SELECT pg_advisory_xact_lock(:lock_id)"),
            {"lock_id": _POSTGRES_MIGRATION_LOCK_ID},
        )
    else:
        connection.begin()


def main(argv: Sequence[str] | None = None) -> None:
    """Run an ``alembic`` command with the package's configuration."""
    cli = CommandLine(prog="python -m bot.storage.migrate")
    options = cli.parser.parse_args(argv)
    if not hasattr(options, "cmd"):
        cli.parser.error("too few arguments")
    config = alembic_config()
    config.stdout = sys.stdout
    config.cmd_opts = options
    cli.run_cmd(config, options)


if __name__ == "__main__":
    main(sys.argv[1:])
