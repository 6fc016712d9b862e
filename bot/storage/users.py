"""Repository functions for users."""

from __future__ import annotations

from datetime import datetime, time
from typing import Literal

from sqlmodel import Session, select

from bot.domain.profiles import OnboardingStep, UserProfile
from bot.storage.models import User


def _profile(row: User) -> UserProfile:
    assert row.id is not None
    return UserProfile(
        id=row.id,
        telegram_id=row.telegram_id,
        chat_id=row.chat_id,
        first_name=row.first_name,
        language=row.language,
        timezone=row.timezone,
        onboarding_step=OnboardingStep(row.onboarding_step) if row.onboarding_step else None,
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        reachable=row.reachable,
    )


def _row(session: Session, user_id: int) -> User:
    row = session.get(User, user_id)
    if row is None:
        raise LookupError(f"no user with id {user_id}")
    return row


def get_user_by_telegram_id(*, session: Session, telegram_id: int) -> UserProfile | None:
    """Return the user with this Telegram id, if they have used the bot."""
    row = session.exec(select(User).where(User.telegram_id == telegram_id)).first()
    return _profile(row) if row else None


def get_user(*, session: Session, user_id: int) -> UserProfile:
    """Return the user with this internal id."""
    return _profile(_row(session, user_id))


def add_user(
    *,
    session: Session,
    telegram_id: int,
    chat_id: int,
    first_name: str | None,
    language: str,
    now: datetime,
) -> UserProfile:
    """Create a user at the start of onboarding."""
    row = User(
        telegram_id=telegram_id,
        chat_id=chat_id,
        first_name=first_name,
        language=language,
        onboarding_step=OnboardingStep.TIMEZONE.value,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return _profile(row)


def update_user(
    *,
    session: Session,
    user_id: int,
    now: datetime,
    chat_id: int | None = None,
    first_name: str | None = None,
    timezone: str | None = None,
    onboarding_step: OnboardingStep | Literal[False] | None = False,
    quiet_hours: tuple[time, time] | None = None,
    reachable: bool | None = None,
    language: str | None = None,
) -> UserProfile:
    """Change the given fields of a user (``onboarding_step=False`` leaves the step alone)."""
    row = _row(session, user_id)
    if chat_id is not None:
        row.chat_id = chat_id
    if first_name is not None:
        row.first_name = first_name
    if timezone is not None:
        row.timezone = timezone
    if onboarding_step is not False:
        row.onboarding_step = onboarding_step.value if onboarding_step else None
    if quiet_hours is not None:
        row.quiet_start, row.quiet_end = quiet_hours
    if reachable is not None:
        row.reachable = reachable
    if language is not None:
        row.language = language
    row.updated_at = now
    session.add(row)
    session.flush()
    return _profile(row)
