"""Use cases for a user's profile: registering, onboarding and settings."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from typing import Literal

from bot.domain.profiles import (
    DEFAULT_RECAP_TIME,
    DEFAULT_RECAP_WEEKDAY,
    EVERY_DAY,
    AwaitedInput,
    OnboardingStep,
    ReminderKind,
    ReminderRule,
    UserProfile,
    mask_weekday,
    single_weekday,
)
from bot.domain.schedule import next_fire_time
from bot.services.context import ServiceContext
from bot.storage import dispatch, pending, reminders, users
from bot.storage.database import DbSession

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    """A user's profile together with their daily reminder rules."""

    profile: UserProfile
    checkin: ReminderRule | None
    recap: ReminderRule | None = None


def register_user(
    ctx: ServiceContext,
    *,
    telegram_id: int,
    chat_id: int,
    first_name: str | None,
    language: str,
) -> tuple[UserProfile, bool]:
    """Return the user for this Telegram account, creating them if new (then ``True``).

    ``language`` (the catalog for their Telegram language) is stored for a new user only; after
    that the language is theirs to change with /language.
    """
    with ctx.database.transaction() as session:
        return register_in(
            ctx,
            session,
            telegram_id=telegram_id,
            chat_id=chat_id,
            first_name=first_name,
            language=language,
        )


def register_in(
    ctx: ServiceContext,
    session: DbSession,
    *,
    telegram_id: int,
    chat_id: int,
    first_name: str | None,
    language: str,
) -> tuple[UserProfile, bool]:
    """:func:`register_user` inside the caller's transaction."""
    now = ctx.clock.now()
    profile = users.get_user_by_telegram_id(session=session, telegram_id=telegram_id)
    if profile is None:
        created = users.add_user(
            session=session,
            telegram_id=telegram_id,
            chat_id=chat_id,
            first_name=first_name,
            language=language[:16],
            now=now,
        )
        return created, True
    if profile.chat_id != chat_id or (first_name and profile.first_name != first_name):
        profile = users.update_user(
            session=session,
            user_id=profile.id,
            now=now,
            chat_id=chat_id,
            first_name=first_name,
        )
    if not profile.reachable:
        # They wrote or tapped, so they unblocked the bot, whether or not Telegram sent the
        # my_chat_member update that says so (it does not always).
        profile = resume_reminders(
            session, profile=profile, now=now, tz=user_timezone(ctx, profile)
        )
        logger.info("user %s is back; their reminders are resumed", profile.id)
    return profile, False


def resume_reminders(
    session: DbSession, *, profile: UserProfile, now: datetime, tz: str
) -> UserProfile:
    """Mark the user reachable and move each repeating reminder to its next time after ``now``.

    Nothing missed while the user was away is sent late. Runs inside the caller's transaction.
    """
    profile = users.update_user(session=session, user_id=profile.id, now=now, reachable=True)
    for entry in dispatch.list_entries(session=session, user_id=profile.id):
        if entry.enabled and entry.local_time is not None:
            dispatch.set_entry(
                session=session,
                user_id=profile.id,
                reminder_id=entry.id,
                enabled=True,
                next_fire_at=next_fire_time(
                    local_time=entry.local_time, weekdays=entry.weekdays, tz=tz, after=now
                ),
            )
    return profile


def restart_onboarding(ctx: ServiceContext, *, user_id: int) -> UserProfile:
    """Put the user back at the first onboarding question."""
    with ctx.database.transaction() as session:
        return users.update_user(
            session=session,
            user_id=user_id,
            now=ctx.clock.now(),
            onboarding_step=OnboardingStep.TIMEZONE,
        )


def user_timezone(ctx: ServiceContext, profile: UserProfile) -> str:
    """The timezone to show the user's times in."""
    return profile.timezone or ctx.default_timezone


def set_language(ctx: ServiceContext, *, user_id: int, language: str) -> UserProfile:
    """Change the language the bot speaks to the user in (a catalog name such as ``pt_BR``)."""
    with ctx.database.transaction() as session:
        return users.update_user(
            session=session, user_id=user_id, now=ctx.clock.now(), language=language[:16]
        )


def set_timezone(ctx: ServiceContext, *, user_id: int, timezone: str) -> UserProfile:
    """Change the user's timezone and move every daily reminder to the new local time.

    During onboarding this also moves the user on to the check-in question.
    """
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        step: OnboardingStep | Literal[False] = False
        if profile.onboarding_step is OnboardingStep.TIMEZONE:
            step = OnboardingStep.CHECKIN
        profile = users.update_user(
            session=session, user_id=user_id, now=now, timezone=timezone, onboarding_step=step
        )
        for rule in reminders.list_reminders(session=session, user_id=user_id):
            if rule.enabled and rule.local_time is not None:
                reminders.reschedule_reminder(
                    session=session,
                    reminder_id=rule.id,
                    next_fire_at=next_fire_time(
                        local_time=rule.local_time, weekdays=rule.weekdays, tz=timezone, after=now
                    ),
                )
        pending.clear_awaited_input(session=session, user_id=user_id)
        return profile


def set_checkin_time(ctx: ServiceContext, *, user_id: int, local_time: time | None) -> Settings:
    """Set the evening check-in time (``None`` turns check-ins off); finishes onboarding."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        tz = user_timezone(ctx, profile)
        rule = reminders.upsert_daily_reminder(
            session=session,
            user_id=user_id,
            kind=ReminderKind.CHECKIN,
            local_time=local_time,
            weekdays=EVERY_DAY,
            next_fire_at=(
                next_fire_time(local_time=local_time, weekdays=EVERY_DAY, tz=tz, after=now)
                if local_time is not None
                else None
            ),
            now=now,
        )
        if profile.onboarding_step is not None:
            profile = users.update_user(
                session=session, user_id=user_id, now=now, onboarding_step=None
            )
        if not reminders.list_reminders(session=session, user_id=user_id, kind=ReminderKind.RECAP):
            weekdays = single_weekday(DEFAULT_RECAP_WEEKDAY)
            reminders.upsert_daily_reminder(
                session=session,
                user_id=user_id,
                kind=ReminderKind.RECAP,
                local_time=DEFAULT_RECAP_TIME,
                weekdays=weekdays,
                next_fire_at=next_fire_time(
                    local_time=DEFAULT_RECAP_TIME, weekdays=weekdays, tz=tz, after=now
                ),
                now=now,
            )
        pending.clear_awaited_input(session=session, user_id=user_id)
        return Settings(profile=profile, checkin=rule)


def get_settings(ctx: ServiceContext, *, user_id: int) -> Settings:
    """Return the user's profile and daily reminders."""
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        checkins = reminders.list_reminders(
            session=session, user_id=user_id, kind=ReminderKind.CHECKIN
        )
        recaps = reminders.list_reminders(
            session=session, user_id=user_id, kind=ReminderKind.RECAP
        )
        return Settings(
            profile=profile,
            checkin=checkins[0] if checkins else None,
            recap=recaps[0] if recaps else None,
        )


def set_recap(
    ctx: ServiceContext,
    *,
    user_id: int,
    weekday: int | None = None,
    local_time: time | None = None,
    off: bool = False,
) -> Settings:
    """Change the weekly recap's day or time (keeping the other), or turn it off."""
    now = ctx.clock.now()
    with ctx.database.transaction() as session:
        profile = users.get_user(session=session, user_id=user_id)
        existing = reminders.list_reminders(
            session=session, user_id=user_id, kind=ReminderKind.RECAP
        )
        current = existing[0] if existing else None
        day = weekday
        if day is None and current is not None:
            day = mask_weekday(current.weekdays)
        weekdays = single_weekday(DEFAULT_RECAP_WEEKDAY if day is None else day)
        clock = local_time or (current.local_time if current else None) or DEFAULT_RECAP_TIME
        reminders.upsert_daily_reminder(
            session=session,
            user_id=user_id,
            kind=ReminderKind.RECAP,
            local_time=None if off else clock,
            weekdays=weekdays,
            next_fire_at=None
            if off
            else next_fire_time(
                local_time=clock, weekdays=weekdays, tz=user_timezone(ctx, profile), after=now
            ),
            now=now,
        )
    return get_settings(ctx, user_id=user_id)


def await_text(ctx: ServiceContext, *, user_id: int, kind: str, ref_id: int | None = None) -> None:
    """Remember that the user's next typed message answers ``kind``."""
    with ctx.database.transaction() as session:
        pending.await_input(
            session=session, user_id=user_id, kind=kind, ref_id=ref_id, now=ctx.clock.now()
        )


def awaited_text(ctx: ServiceContext, *, user_id: int) -> AwaitedInput | None:
    """Return what the user's next typed message answers, if anything."""
    with ctx.database.transaction() as session:
        return pending.get_awaited_input(session=session, user_id=user_id)


def stop_awaiting_text(ctx: ServiceContext, *, user_id: int) -> None:
    """Forget any awaited typed input."""
    with ctx.database.transaction() as session:
        pending.clear_awaited_input(session=session, user_id=user_id)
