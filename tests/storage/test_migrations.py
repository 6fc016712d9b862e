"""Alembic migrations: from empty to head, idempotent start-ups, and models that match them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.util import CommandError
from sqlalchemy import Engine, inspect, text

from bot.storage.engine import make_engine
from bot.storage.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    main,
    upgrade_database,
)
from bot.storage.migrations.render import render_item
from bot.storage.models import ALL_TABLES

MODEL_TABLES = set(ALL_TABLES.tables)


def _table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def test_head_revision_is_the_dispatch_queue_migration() -> None:
    assert head_revision() == "0002_i14perf_dispatch_queue"


def test_upgrade_from_empty_reaches_head_and_creates_every_table(engine: Engine) -> None:
    assert current_revision(engine) is None
    assert _table_names(engine) == set()

    upgrade_database(engine)

    assert current_revision(engine) == head_revision()
    assert _table_names(engine) == MODEL_TABLES | {"alembic_version"}
    assert "users" in MODEL_TABLES
    assert len(MODEL_TABLES) == 11


def test_upgrade_twice_is_a_no_op_and_keeps_data(engine: Engine) -> None:
    upgrade_database(engine)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO processed_updates (update_id, processed_at)"
                " VALUES (42, CURRENT_TIMESTAMP)"
            )
        )

    upgrade_database(engine)

    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT update_id FROM processed_updates")).all() == [(42,)]
        assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
            (head_revision(),)
        ]


def test_upgrade_to_an_explicit_revision(engine: Engine) -> None:
    upgrade_database(engine, "0001")

    assert current_revision(engine) == "0001"


def test_models_match_the_migrations(engine: Engine) -> None:
    upgrade_database(engine)

    with engine.connect() as connection:
        options: dict[str, Any] = {"compare_type": True, "render_item": render_item}
        context = MigrationContext.configure(connection, opts=options)
        differences = compare_metadata(context, ALL_TABLES)

    assert differences == []


def test_comparison_notices_a_schema_that_differs_from_the_models(engine: Engine) -> None:
    upgrade_database(engine)
    with engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_reminders_due"))

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, ALL_TABLES)

    assert [(diff[0], diff[1].name) for diff in differences] == [("add_index", "ix_reminders_due")]


def test_downgrade_to_base_and_upgrade_again(engine: Engine) -> None:
    upgrade_database(engine)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")

    assert _table_names(engine) == {"alembic_version"}
    assert current_revision(engine) is None

    upgrade_database(engine)

    assert _table_names(engine) == MODEL_TABLES | {"alembic_version"}


def test_a_database_from_a_newer_version_is_refused(engine: Engine) -> None:
    upgrade_database(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_future'"))

    with pytest.raises(CommandError, match="ffff_from_future"):
        upgrade_database(engine)

    assert current_revision(engine) == "ffff_from_future"


def test_a_failed_migration_leaves_the_database_untouched(engine: Engine) -> None:
    # A table the initial migration also creates makes it fail half-way: everything it did
    # before must be rolled back (DDL inside the transaction, on SQLite too).
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE reminders (id INTEGER PRIMARY KEY)"))

    with pytest.raises(Exception, match="reminders"):
        upgrade_database(engine)

    assert _table_names(engine) == {"reminders"}
    assert current_revision(engine) is None


_UPGRADE_AT = """
import sys, time
from bot.storage.engine import make_engine
from bot.storage.migrate import upgrade_database
engine = make_engine(sys.argv[1])
time.sleep(max(0.0, float(sys.argv[2]) - time.time()))
upgrade_database(engine)
print("ok")
"""


def test_concurrent_sqlite_start_ups_migrate_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    start_at = time.time() + 2.0
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _UPGRADE_AT, url, str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    results = [process.communicate(timeout=300) for process in processes]

    assert [
        (process.returncode, out, err)
        for process, (out, err) in zip(processes, results, strict=True)
    ] == [(0, "ok\n", "")] * len(processes)
    engine = make_engine(url)
    try:
        assert current_revision(engine) == head_revision()
        assert _table_names(engine) == MODEL_TABLES | {"alembic_version"}
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).all() == [("ok",)]
    finally:
        engine.dispose()


def test_command_line_uses_the_packaged_migrations(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade_database(engine)
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))

    main(["current"])

    assert capsys.readouterr().out.strip() == f"{head_revision()} (head)"
