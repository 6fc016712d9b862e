"""Minimal valid rows for storage tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from bot.storage.models import User

NOW = datetime(2026, 3, 10, 8, 15, 30, 123456, tzinfo=UTC)


def make_user(**overrides: Any) -> User:
    """Return an unsaved user with every required field set."""
    fields: dict[str, Any] = {
        "telegram_id": 1001,
        "chat_id": 1001,
        "created_at": NOW,
        "updated_at": NOW,
    }
    fields.update(overrides)
    return User(**fields)


def add_user(session: Session, **overrides: Any) -> int:
    """Store a user (flushed, not committed) and return its id."""
    user = make_user(**overrides)
    session.add(user)
    session.flush()
    assert user.id is not None
    return user.id
