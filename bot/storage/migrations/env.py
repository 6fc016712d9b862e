"""Alembic environment for the bot's database.

At start-up :func:`bot.storage.migrate.upgrade_database` hands over an open connection, already
inside a locked transaction, through ``config.attributes["connection"]``. From the command line
(``python -m bot.storage.migrate ...``) the database comes from the ``sqlalchemy.url`` option or
the ``DATABASE_URL`` environment variable.
"""

from __future__ import annotations

import os
from typing import Any

from alembic import context
from sqlalchemy import Connection

from bot.storage.engine import make_engine
from bot.storage.migrations.render import render_item
from bot.storage.models import ALL_TABLES

config = context.config
target_metadata = ALL_TABLES


def _configure_options(connection: Connection) -> dict[str, Any]:
    return {
        "connection": connection,
        "target_metadata": target_metadata,
        "render_as_batch": True,
        "compare_type": True,
        "render_item": render_item,
    }


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url") or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("set DATABASE_URL (or sqlalchemy.url) to name the database")
    return url


def run_migrations_offline() -> None:
    """Emit the migration SQL for ``--sql`` without connecting to a database."""
    url = _database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the given connection, or on a new engine for ``DATABASE_URL``."""
    connection = config.attributes.get("connection")
    if isinstance(connection, Connection):
        context.configure(**_configure_options(connection))
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(_database_url())
    try:
        with engine.connect() as new_connection:
            context.configure(**_configure_options(new_connection))
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
