"""Creating the database engine, with the SQLite settings of docs/architecture.md decision 4."""

from __future__ import annotations

import errno
import os
import select
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 5000
# A diary is health data: only the bot's own user may read it. SQLite gives its -wal and -shm
# files the main file's mode (unix VFS, robust_open), so a 0600 database file keeps them 0600.
SQLITE_FOLDER_MODE = 0o700
SQLITE_FILE_MODE = 0o600
# Replace a PostgreSQL connection after this long, before a firewall or the server's
# idle_session_timeout drops it silently.
POSTGRES_POOL_RECYCLE_SECONDS = 1800
# The unprivileged user deploy/Dockerfile runs the bot as (USER 10001:10001).
IMAGE_UID = 10001


class DatabaseUrlError(ValueError):
    """The database URL cannot be used."""


def _enable_wal(cursor: Any) -> None:
    """Switch the database file to WAL, waiting while another connection holds the lock.

    Changing the journal mode needs an exclusive lock, and when several new connections race to
    switch a fresh file SQLite answers "database is locked" at once, without waiting for
    ``busy_timeout`` (seen with six processes starting together). WAL is persistent, so once one
    connection has switched the file the others find it done.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)
        else:
            return


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        _enable_wal(cursor)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Deleted rows are overwritten with zeros, not just unlinked: /delete and retention
        # must not leave health data readable in free pages (see Database.erase_deleted).
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _create_private_sqlite_file(path: Path) -> None:
    """Create missing folders (0700) and the database file (0600), whatever the umask.

    Existing folders and files are left as they are (``migraine-bot check`` warns when they are
    readable by others). SQLite treats an empty file as an empty database.
    """
    missing: list[Path] = []
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for new_folder in reversed(missing):
        try:
            new_folder.mkdir(mode=SQLITE_FOLDER_MODE, exist_ok=True)
            os.chmod(new_folder, SQLITE_FOLDER_MODE)  # the umask may have taken bits away
        except OSError as exc:
            raise DatabaseUrlError(_folder_error(new_folder, exc)) from exc
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, SQLITE_FILE_MODE)
    except FileExistsError:
        return
    except OSError as exc:
        raise DatabaseUrlError(
            f"cannot create the SQLite database {path} ({exc.strerror or exc}); "
            "check DATABASE_URL and the folder's owner and mode"
        ) from exc
    try:
        os.fchmod(descriptor, SQLITE_FILE_MODE)
    finally:
        os.close(descriptor)


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create an engine for ``url``.

    For an SQLite file the parent folder is created, and every connection gets WAL,
    ``synchronous=NORMAL``, a busy timeout and foreign keys. ``sqlite://`` (in memory) shares
    one connection so that every session sees the same database.

    Raises:
        DatabaseUrlError: the URL is malformed or names a driver that is not installed.
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        # The URL is not repeated: it may hold a password.
        raise DatabaseUrlError(
            "cannot parse DATABASE_URL (expected e.g. sqlite:///data/migraine-diary.db or "
            "postgresql://user:password@host:5432/dbname)"
        ) from exc
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship with; plain postgresql:// would ask for psycopg2.
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {"echo": echo}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        kwargs["connect_args"] = {"check_same_thread": False}
        if database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool
        else:
            path = Path(database).expanduser()
            _create_private_sqlite_file(path)
            parsed = parsed.set(database=str(path))
    else:
        # No ping round trip per checkout (pool_pre_ping): a free syscall notices a connection
        # the server closed (_discard_closed_connection); connections are replaced before
        # firewalls or the server's idle timeouts drop them (pool_recycle); the most recently
        # used connection is reused first, so idle ones age out (pool_use_lifo). A connection
        # lost in the middle of a transaction fails that one transaction, and SQLAlchemy then
        # invalidates the pool so the next ones reconnect.
        kwargs["pool_pre_ping"] = False
        kwargs["pool_recycle"] = POSTGRES_POOL_RECYCLE_SECONDS
        kwargs["pool_use_lifo"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseUrlError(f"cannot use DATABASE_URL ({exc})") from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    else:
        event.listen(engine, "checkout", _discard_closed_connection)
    return engine


def _discard_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled connection the server has closed, without a round trip to the server.

    An idle connection has nothing to read; when the server terminates it (a restart,
    ``pg_terminate_backend``, an idle timeout) it sends its last message and closes the socket,
    which makes the socket readable. Raising :class:`DisconnectionError` makes the pool
    reconnect that slot and hand out the fresh connection instead.
    """
    if getattr(dbapi_connection, "closed", False):
        raise DisconnectionError("the connection is closed")
    try:
        descriptor = dbapi_connection.fileno()
        readable, _, _ = select.select([descriptor], [], [], 0)
    except (OSError, ValueError, AttributeError) as exc:
        raise DisconnectionError("the connection's socket is gone") from exc
    if readable:
        raise DisconnectionError("the server closed the connection")


def _folder_error(folder: Path, exc: OSError) -> str:
    """Say why the database's folder cannot be created, and for a permission problem, the fix."""
    message = f"cannot create the folder {folder} for the SQLite database ({exc.strerror or exc})"
    if exc.errno not in (errno.EACCES, errno.EPERM):
        return f"{message}; check DATABASE_URL"
    # The nearest folder that exists is the one this process may not write into.
    existing = folder.absolute()
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    uid, gid = os.geteuid(), os.getegid()
    message += (
        f": {existing} must belong to the user the bot runs as (uid {uid}); "
        f"as root: chown {uid}:{gid} {existing}"
    )
    if uid == IMAGE_UID:
        message += (
            f" (with Docker, run it on the host folder mounted at {existing}, "
            "or use a named volume)"
        )
    return f"{message}. Or check DATABASE_URL"


DatabaseError = SQLAlchemyError
"""Any failure talking to the database (for callers outside storage to catch)."""


def safe_url(url: str) -> str:
    """``url`` with its password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return "<unparseable DATABASE_URL>"
