"""Filling benchmark databases fast: bulk inserts (SQLAlchemy Core ``executemany``).

The rows are what the bot itself stores (the same tables and column types, so datetimes are
written exactly as :class:`~bot.storage.types.UTCDateTime` writes them); going around the
services only saves time, it does not change what the bot later reads.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlmodel import SQLModel

from bot.storage.database import Database
from bot.storage.migrate import upgrade_database

BATCH = 20_000
EVENING = time(21, 0)
RECAP_TIME = time(19, 0)
SUNDAY_ONLY = "0000001"
MEDICATIONS = (
    ("Sumatriptan", "triptan", "50 mg"),
    ("Ibuprofen", "nsaid", "400 mg"),
    ("Paracetamol", "paracetamol", "1000 mg"),
)
SIDES = ("left", "right", "both")
LOCATIONS = ("forehead", "temple", "eye", "back_of_head", "neck")
QUALITIES = ("pulsating", "pressing", "other")
TRIGGERS = ("stress", "poor_sleep", "skipped_meal", "caffeine", "weather", "screens")
EFFECTS = ("none", "partial", "pain_free", None)
# The diary densities of issue 8's ten-year user: ~1,500 attacks, 3,650 check-ins and
# 4,000 intakes in 3,650 days.
ATTACKS_PER_DAY = 1_500 / 3_650
INTAKES_PER_DAY = 4_000 / 3_650


def table(name: str) -> Table:
    """One of the bot's tables."""
    return SQLModel.metadata.tables[name]


def create_database(path: Path) -> Database:
    """A new SQLite database file, migrated to the newest revision."""
    path.parent.mkdir(parents=True, exist_ok=True)
    database = Database.from_url(sqlite_url(path))
    upgrade_database(database.engine)
    return database


def sqlite_url(path: Path) -> str:
    """The ``DATABASE_URL`` of an SQLite file."""
    return f"sqlite:///{path}"


def insert_rows(connection: Connection, name: str, rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` into table ``name`` in batches; return how many."""
    count = 0
    batch: list[dict[str, Any]] = []
    target = table(name)
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            connection.execute(insert(target), batch)
            count += len(batch)
            batch = []
    if batch:
        connection.execute(insert(target), batch)
        count += len(batch)
    return count


@dataclass(frozen=True)
class UserBlock:
    """A range of onboarded users: internal ids ``first_id..`` and Telegram ids alongside."""

    first_id: int
    count: int
    telegram_base: int

    def ids(self) -> range:
        """The internal user ids."""
        return range(self.first_id, self.first_id + self.count)

    def telegram_id(self, user_id: int) -> int:
        """The Telegram id (also the private chat id) of internal user ``user_id``."""
        return self.telegram_base + user_id


def user_rows(block: UserBlock, *, now: datetime, tz: str) -> Iterator[dict[str, Any]]:
    """Onboarded users (timezone chosen, check-in time set)."""
    for user_id in block.ids():
        telegram_id = block.telegram_id(user_id)
        yield {
            "id": user_id,
            "telegram_id": telegram_id,
            "chat_id": telegram_id,
            "first_name": f"User{user_id}",
            "language": "en",
            "timezone": tz,
            "onboarding_step": None,
            "quiet_start": time(22, 30),
            "quiet_end": time(7, 30),
            "reachable": True,
            "created_at": now,
            "updated_at": now,
        }


def reminder_rows(
    block: UserBlock,
    *,
    now: datetime,
    checkin_at: Iterable[datetime],
    recap_at: datetime | None,
) -> Iterator[dict[str, Any]]:
    """Each user's evening check-in (next fire from ``checkin_at``) and weekly recap."""
    for user_id, fire_at in zip(block.ids(), checkin_at, strict=False):
        yield _reminder(user_id, "checkin", EVENING, "1111111", fire_at, now)
        if recap_at is not None:
            yield _reminder(user_id, "recap", RECAP_TIME, SUNDAY_ONLY, recap_at, now)


def _reminder(
    user_id: int, kind: str, at: time, weekdays: str, fire_at: datetime, now: datetime
) -> dict[str, Any]:
    return {
        "user_id": user_id,
        "kind": kind,
        "enabled": True,
        "local_time": at,
        "weekdays": weekdays,
        "medication_id": None,
        "attack_id": None,
        "intake_id": None,
        "next_fire_at": fire_at,
        "last_fired_at": None,
        "fire_count": 0,
        "created_at": now,
    }


def add_users(
    database: Database,
    block: UserBlock,
    *,
    now: datetime,
    tz: str = "UTC",
    checkin_at: Iterable[datetime] | None = None,
    recap_at: datetime | None = None,
) -> None:
    """Insert the users of ``block`` with a check-in reminder each (and a recap, if given)."""
    if checkin_at is None:
        tomorrow = now + timedelta(days=1)
        checkin_at = (tomorrow for _ in block.ids())
    with database.engine.begin() as connection:
        insert_rows(connection, "users", user_rows(block, now=now, tz=tz))
        insert_rows(
            connection,
            "reminders",
            reminder_rows(block, now=now, checkin_at=checkin_at, recap_at=recap_at),
        )


def spread_over_a_day(now: datetime, count: int, seed: int = 1) -> Iterator[datetime]:
    """``count`` fire times in the coming 24 hours (none due yet)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield now + timedelta(seconds=rng.uniform(60, 86_400))


@dataclass(frozen=True)
class Diary:
    """One user's generated history, ready for :func:`insert_rows`."""

    attacks: list[dict[str, Any]]
    checkins: list[dict[str, Any]]
    intakes: list[dict[str, Any]]


def medication_rows(user_id: int, *, first_id: int, now: datetime) -> list[dict[str, Any]]:
    """The user's three acute medications, with ids ``first_id..first_id+2``."""
    return [
        {
            "id": first_id + index,
            "user_id": user_id,
            "name": name,
            "drug_class": drug_class,
            "is_preventive": False,
            "usual_dose": dose,
            "archived": False,
            "created_at": now,
        }
        for index, (name, drug_class, dose) in enumerate(MEDICATIONS)
    ]


def diary(
    user_id: int, *, days: int, today: date, medication_ids: list[int], tz_now: datetime
) -> Diary:
    """``days`` days of history ending ``today`` (UTC), at issue 8's ten-year densities.

    Each day's records come from a generator seeded by the day's distance from today, so two
    users share exactly the same most recent days: B3 compares users whose requested period
    holds the same records and whose histories differ only in length.
    """
    attacks: list[dict[str, Any]] = []
    checkins: list[dict[str, Any]] = []
    intakes: list[dict[str, Any]] = []
    for back in range(days):
        day = today - timedelta(days=back)
        rng = random.Random(back)
        midnight = datetime.combine(day, time(0, 0), tzinfo=UTC)
        created = min(midnight + timedelta(hours=23), tz_now)
        if rng.random() < ATTACKS_PER_DAY:
            start = midnight + timedelta(minutes=rng.randrange(0, 18 * 60))
            end = start + timedelta(hours=rng.uniform(3, 30))
            attacks.append(
                {
                    "user_id": user_id,
                    "started_at": start,
                    "ended_at": end if end < tz_now else None,
                    "logged_via": "now",
                    "peak_intensity": rng.randrange(3, 10),
                    "side": rng.choice(SIDES),
                    "locations": rng.sample(LOCATIONS, 2),
                    "quality": rng.choice(QUALITIES),
                    "worse_with_activity": rng.random() < 0.6,
                    "aura": rng.random() < 0.2,
                    "aura_types": [],
                    "nausea": rng.random() < 0.5,
                    "vomiting": rng.random() < 0.1,
                    "light_sensitivity": rng.random() < 0.7,
                    "sound_sensitivity": rng.random() < 0.6,
                    "other_symptoms": [],
                    "triggers": rng.sample(TRIGGERS, rng.randrange(0, 3)),
                    "red_flags": [],
                    "created_at": created,
                    "updated_at": created,
                }
            )
        intakes_today = int(INTAKES_PER_DAY) + (rng.random() < INTAKES_PER_DAY % 1)
        for _ in range(intakes_today):
            index = rng.randrange(len(medication_ids))
            taken = midnight + timedelta(minutes=rng.randrange(6 * 60, 22 * 60))
            if taken > tz_now:
                continue
            intakes.append(
                {
                    "user_id": user_id,
                    "medication_id": medication_ids[index],
                    "attack_id": None,
                    "drug_class": MEDICATIONS[index][1],
                    "dose": MEDICATIONS[index][2],
                    "taken_at": taken,
                    "status": "taken",
                    "effect_2h": rng.choice(EFFECTS),
                    "created_at": created,
                }
            )
        if back > 0:
            checkins.append(
                {
                    "user_id": user_id,
                    "local_date": day,
                    "status": "answered",
                    "headache": rng.random() < 0.4,
                    "sleep_hours": rng.choice((5.0, 6.0, 7.0, 7.5, 8.0)),
                    "sleep_quality": rng.choice(("poor", "ok", "good")),
                    "exercise": rng.random() < 0.3,
                    "caffeine": rng.random() < 0.7,
                    "alcohol": rng.random() < 0.1,
                    "stress": rng.random() < 0.4,
                    "created_at": created,
                    "updated_at": created,
                }
            )
    return Diary(attacks, checkins, intakes)


def add_diaries(database: Database, users: dict[int, int], *, now: datetime) -> dict[str, int]:
    """Give each user ``users[id]`` days of history (with three medications); count the rows."""
    counts = {"medications": 0, "attacks": 0, "checkins": 0, "medication_intakes": 0}
    today = now.date()
    with database.engine.begin() as connection:
        next_medication = 1 + int(
            connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM medications").scalar()
            or 0
        )
        meds: list[dict[str, Any]] = []
        attacks: list[dict[str, Any]] = []
        checkins: list[dict[str, Any]] = []
        intakes: list[dict[str, Any]] = []
        for user_id, days in users.items():
            rows = medication_rows(user_id, first_id=next_medication, now=now)
            next_medication += len(rows)
            meds += rows
            history = diary(
                user_id,
                days=days,
                today=today,
                medication_ids=[row["id"] for row in rows],
                tz_now=now,
            )
            attacks += history.attacks
            checkins += history.checkins
            intakes += history.intakes
        counts["medications"] = insert_rows(connection, "medications", meds)
        counts["attacks"] = insert_rows(connection, "attacks", attacks)
        counts["checkins"] = insert_rows(connection, "checkins", checkins)
        counts["medication_intakes"] = insert_rows(connection, "medication_intakes", intakes)
    return counts


# B1's users are like real ones: onboarded, three medications, their own symptom and trigger,
# and this many earlier attacks (one every few days, all ended).
EARLIER_ATTACKS = 20
CUSTOM_ITEMS = (("symptom", "Jaw pain"), ("trigger", "Bright screens"))


def add_realistic_users(database: Database, block: UserBlock, *, now: datetime) -> None:
    """Users of ``block`` as B1 meets them: each with medications, own items and past attacks."""
    add_users(database, block, now=now)
    with database.engine.begin() as connection:
        next_medication = 1 + int(
            connection.exec_driver_sql("SELECT coalesce(max(id), 0) FROM medications").scalar()
            or 0
        )
        meds: list[dict[str, Any]] = []
        items: list[dict[str, Any]] = []
        attacks: list[dict[str, Any]] = []
        for user_id in block.ids():
            meds += medication_rows(user_id, first_id=next_medication, now=now)
            next_medication += len(MEDICATIONS)
            items += [
                {
                    "user_id": user_id,
                    "kind": kind,
                    "label": label,
                    "archived": False,
                    "created_at": now,
                }
                for kind, label in CUSTOM_ITEMS
            ]
            for number in range(EARLIER_ATTACKS):
                start = now - timedelta(days=3 * (number + 1), hours=5)
                attacks.append(_earlier_attack(user_id, start, random.Random(number)))
        insert_rows(connection, "medications", meds)
        insert_rows(connection, "custom_items", items)
        insert_rows(connection, "attacks", attacks)


def _earlier_attack(user_id: int, start: datetime, rng: random.Random) -> dict[str, Any]:
    end = start + timedelta(hours=rng.uniform(4, 20))
    return {
        "user_id": user_id,
        "started_at": start,
        "ended_at": end,
        "logged_via": "now",
        "peak_intensity": rng.randrange(3, 10),
        "side": rng.choice(SIDES),
        "locations": rng.sample(LOCATIONS, 2),
        "quality": rng.choice(QUALITIES),
        "worse_with_activity": rng.random() < 0.6,
        "aura": False,
        "aura_types": [],
        "nausea": rng.random() < 0.5,
        "vomiting": False,
        "light_sensitivity": rng.random() < 0.7,
        "sound_sensitivity": rng.random() < 0.6,
        "other_symptoms": [],
        "triggers": rng.sample(TRIGGERS, 1),
        "red_flags": [],
        "created_at": end,
        "updated_at": end,
    }
