"""Throwaway PostgreSQL databases for tests that need a real server (``TEST_POSTGRES_URL``)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, make_url

POSTGRES_URL_VARIABLE = "TEST_POSTGRES_URL"
REQUIRE_POSTGRES_VARIABLE = "REQUIRE_POSTGRES"


def postgres_url_or_skip() -> str:
    """Return ``TEST_POSTGRES_URL``, or skip (fail if ``REQUIRE_POSTGRES=1``) when it is unset."""
    url = os.environ.get(POSTGRES_URL_VARIABLE, "")
    if url:
        return url
    reason = f"{POSTGRES_URL_VARIABLE} is not set (e.g. postgresql://postgres@127.0.0.1:5432/test)"
    if os.environ.get(REQUIRE_POSTGRES_VARIABLE) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES_VARIABLE}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def throwaway_postgres_database(url: str) -> Iterator[str]:
    """Create a database with a random name on the server of ``url``; yield its URL; drop it."""
    server_url = make_url(url)
    if server_url.drivername == "postgresql":
        server_url = server_url.set(drivername="postgresql+psycopg")
    name = f"test_{secrets.token_hex(6)}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        try:
            yield server_url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
