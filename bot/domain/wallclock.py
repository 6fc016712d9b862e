"""Turning a local wall-clock reading in an IANA timezone into an instant, DST-safely.

A wall-clock reading can be missing (the spring-forward gap) or happen twice (the fall-back
overlap). The rules used everywhere in the domain:

* a reading inside a gap resolves to the first valid minute after the gap;
* an ambiguous reading resolves to its first occurrence (``fold=0``) unless asked otherwise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

ONE_MINUTE = timedelta(minutes=1)


def zone(tz: str) -> ZoneInfo:
    """Return the ``ZoneInfo`` for an IANA name (raises ``ZoneInfoNotFoundError`` if unknown)."""
    return ZoneInfo(tz)


def require_aware(instant: datetime) -> None:
    """Raise ``ValueError`` if ``instant`` is a naive datetime."""
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an aware datetime is required")


def local_date_of(instant: datetime, tz: str) -> date:
    """Return the calendar date the aware ``instant`` falls on in ``tz``."""
    require_aware(instant)
    return instant.astimezone(zone(tz)).date()


def exists_locally(naive: datetime, tzinfo: ZoneInfo) -> bool:
    """Return whether the naive wall-clock reading occurs at all in ``tzinfo``."""
    round_trip = naive.replace(tzinfo=tzinfo).astimezone(UTC).astimezone(tzinfo)
    return round_trip.replace(tzinfo=None) == naive


def to_utc(day: date, local_time: time, tz: str, *, fold: int = 0) -> datetime:
    """Return the aware UTC instant at which the wall clock in ``tz`` shows ``local_time``.

    Args:
        day: The local calendar date.
        local_time: The wall-clock reading (any tzinfo on it is ignored).
        tz: IANA timezone name.
        fold: 0 for the first occurrence of an ambiguous reading, 1 for the second.

    Returns:
        An aware datetime in UTC. A reading inside a DST gap moves forward to the first valid
        minute after the gap.
    """
    tzinfo = zone(tz)
    naive = datetime.combine(day, local_time.replace(tzinfo=None))
    if not exists_locally(naive, tzinfo):
        naive = naive.replace(second=0, microsecond=0) + ONE_MINUTE
        while not exists_locally(naive, tzinfo):
            naive += ONE_MINUTE
    return naive.replace(tzinfo=tzinfo, fold=fold).astimezone(UTC)
