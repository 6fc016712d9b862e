from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.attacks import (
    CUSTOM_PREFIX,
    LONG_ATTACK_CONFIRM_AFTER,
    MAX_ATTACK_DURATION,
    MAX_TYPED_AGE,
    AttackDetails,
    AttackRecord,
    BodySymptomRecord,
    EndProblem,
    MomentProblem,
    StartProblem,
    Symptom,
    check_end,
    check_moment,
    check_start,
    custom_key,
    custom_label,
    is_custom,
    needs_length_confirmation,
    overlaps,
    with_member,
)
from bot.domain.red_flags import RedFlag

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
NAIVE = datetime(2026, 1, 15, 10, 0)


def utc(day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2026, 1, day, hour, minute, tzinfo=UTC)


def attack(attack_id: int, started_at: datetime, ended_at: datetime | None = None) -> AttackRecord:
    return AttackRecord(id=attack_id, user_id=1, started_at=started_at, ended_at=ended_at)


@pytest.mark.parametrize(
    ("started_at", "ended_at", "expected"),
    [
        # In the future, with or without an end.
        (utc(15, 12, 1), None, StartProblem.IN_FUTURE),
        (utc(15, 12, 1), utc(15, 13), StartProblem.IN_FUTURE),
        # After or at the recorded end.
        (utc(15, 11), utc(15, 10), StartProblem.AFTER_END),
        (utc(15, 10), utc(15, 10), StartProblem.AFTER_END),
        # Fine: exactly now, in the past, before its end.
        (NOW, None, None),
        (utc(14, 22), None, None),
        (utc(14, 22), utc(15, 3), None),
        # Another zone for the same instant as now is not in the future.
        (datetime(2026, 1, 15, 13, 0, tzinfo=BERLIN), None, None),
        (datetime(2026, 1, 15, 13, 1, tzinfo=BERLIN), None, StartProblem.IN_FUTURE),
        # A typo of a year: further back than the diary goes (MAX_TYPED_AGE, 8 years).
        (datetime(1900, 1, 1, 10, 0, tzinfo=UTC), None, StartProblem.TOO_OLD),
        (NOW - MAX_TYPED_AGE - timedelta(minutes=1), None, StartProblem.TOO_OLD),
        (NOW - MAX_TYPED_AGE, None, None),
    ],
)
def test_check_start(
    started_at: datetime, ended_at: datetime | None, expected: StartProblem | None
) -> None:
    assert check_start(started_at=started_at, ended_at=ended_at, now=NOW) == expected


# Product bounds, not clinical ones (see MAX_TYPED_AGE): typed years such as 1900 or 2100.
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (NOW, None),
        (NOW + timedelta(minutes=1), MomentProblem.IN_FUTURE),
        (datetime(2100, 1, 1, tzinfo=UTC), MomentProblem.IN_FUTURE),
        (datetime(1900, 1, 1, tzinfo=UTC), MomentProblem.TOO_OLD),
        (NOW - MAX_TYPED_AGE, None),
        (NOW - MAX_TYPED_AGE - timedelta(seconds=1), MomentProblem.TOO_OLD),
    ],
)
def test_check_moment(moment: datetime, expected: MomentProblem | None) -> None:
    assert check_moment(moment, now=NOW) == expected


@pytest.mark.parametrize(
    ("started_at", "now"),
    [(NAIVE, NOW), (utc(15, 10), NAIVE)],
)
def test_check_start_rejects_naive(started_at: datetime, now: datetime) -> None:
    with pytest.raises(ValueError, match="aware"):
        check_start(started_at=started_at, ended_at=None, now=now)


def test_check_start_rejects_naive_end() -> None:
    with pytest.raises(ValueError, match="aware"):
        check_start(started_at=utc(15, 10), ended_at=NAIVE, now=NOW)


@pytest.mark.parametrize(
    ("started_at", "ended_at", "expected"),
    [
        # Before or equal to the start.
        (utc(15, 10), utc(15, 9, 59), EndProblem.BEFORE_START),
        (utc(15, 10), utc(15, 10), EndProblem.BEFORE_START),
        # Before the start wins over in the future.
        (utc(15, 13), utc(15, 12, 30), EndProblem.BEFORE_START),
        # In the future.
        (utc(15, 10), utc(15, 12, 1), EndProblem.IN_FUTURE),
        # Longer than 7 days; exactly 7 days is accepted.
        (utc(8, 11, 59), NOW, EndProblem.TOO_LONG),
        (NOW - MAX_ATTACK_DURATION - timedelta(seconds=1), NOW, EndProblem.TOO_LONG),
        (NOW - MAX_ATTACK_DURATION, NOW, None),
        # Fine: across midnight, ending exactly now, one minute long.
        (utc(14, 22), utc(15, 3), None),
        (utc(15, 10), NOW, None),
        (utc(15, 10), utc(15, 10, 1), None),
    ],
)
def test_check_end(started_at: datetime, ended_at: datetime, expected: EndProblem | None) -> None:
    assert check_end(started_at=started_at, ended_at=ended_at, now=NOW) == expected


@pytest.mark.parametrize(
    ("started_at", "ended_at", "now"),
    [
        (NAIVE, utc(15, 11), NOW),
        (utc(15, 9), NAIVE, NOW),
        (utc(15, 9), utc(15, 11), NAIVE),
    ],
)
def test_check_end_rejects_naive(started_at: datetime, ended_at: datetime, now: datetime) -> None:
    with pytest.raises(ValueError, match="aware"):
        check_end(started_at=started_at, ended_at=ended_at, now=now)


@pytest.mark.parametrize(
    ("subject", "others", "expected_ids"),
    [
        # No others.
        (attack(1, utc(15, 8), utc(15, 10)), [], []),
        # Partly overlapping on either side, containing, contained.
        (attack(1, utc(15, 8), utc(15, 10)), [attack(2, utc(15, 9), utc(15, 11))], [2]),
        (attack(1, utc(15, 8), utc(15, 10)), [attack(2, utc(15, 7), utc(15, 9))], [2]),
        (attack(1, utc(15, 8), utc(15, 10)), [attack(2, utc(15, 7), utc(15, 11))], [2]),
        (attack(1, utc(15, 8), utc(15, 10)), [attack(2, utc(15, 8, 30), utc(15, 9))], [2]),
        # Touching (one ends exactly when the other starts) is not overlap, either way round.
        (attack(1, utc(15, 8), utc(15, 10)), [attack(2, utc(15, 10), utc(15, 11))], []),
        (attack(1, utc(15, 8), utc(15, 10)), [attack(2, utc(15, 6), utc(15, 8))], []),
        # Disjoint.
        (attack(1, utc(15, 8), utc(15, 10)), [attack(2, utc(14, 8), utc(14, 10))], []),
        # The same id is the attack itself, never an overlap.
        (attack(1, utc(15, 8), utc(15, 10)), [attack(1, utc(15, 8), utc(15, 10))], []),
        # An open other runs to now: it overlaps a later closed attack.
        (attack(1, utc(15, 10), utc(15, 11)), [attack(2, utc(15, 9))], [2]),
        # An open subject runs to now: it overlaps a later closed attack.
        (attack(1, utc(15, 9)), [attack(2, utc(15, 10), utc(15, 11))], [2]),
        # Both open.
        (attack(1, utc(15, 9)), [attack(2, utc(15, 11))], [2]),
        # An open attack starting at now touches a closed one ending at now: no overlap.
        (attack(1, NOW), [attack(2, utc(15, 10), NOW)], []),
        # Several: only the overlapping ones, in the given order.
        (
            attack(1, utc(15, 8), utc(15, 10)),
            [
                attack(4, utc(15, 9, 30)),
                attack(1, utc(15, 8), utc(15, 10)),
                attack(2, utc(15, 10), utc(15, 11)),
                attack(3, utc(15, 7), utc(15, 8, 30)),
            ],
            [4, 3],
        ),
    ],
)
def test_overlaps(
    subject: AttackRecord, others: list[AttackRecord], expected_ids: list[int]
) -> None:
    assert [other.id for other in overlaps(subject, others, now=NOW)] == expected_ids


@pytest.mark.parametrize(
    ("values", "key", "present", "expected"),
    [
        ((), "nausea", True, ("nausea",)),
        (("aura", "light"), "nausea", True, ("aura", "light", "nausea")),
        # Ticking what is ticked (a repeated press) changes nothing: never a flip.
        (("aura", "nausea"), "nausea", True, ("aura", "nausea")),
        (("aura", "nausea", "light"), "nausea", False, ("aura", "light")),
        (("nausea",), "nausea", False, ()),
        # Unticking what is not ticked changes nothing either.
        (("aura",), "nausea", False, ("aura",)),
        (("c:jaw", "aura"), "c:jaw", False, ("aura",)),
    ],
)
def test_with_member(
    values: tuple[str, ...], key: str, present: bool, expected: tuple[str, ...]
) -> None:
    assert with_member(values, key, present=present) == expected


@pytest.mark.parametrize("label", ["Jaw pain", "aura", "", "c:nested", "Übelkeit"])
def test_custom_key_round_trip(label: str) -> None:
    key = custom_key(label)
    assert key == CUSTOM_PREFIX + label
    assert is_custom(key) is True
    assert custom_label(key) == label


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("c:Jaw pain", True),
        ("c:", True),
        ("nausea", False),
        (Symptom.AURA.value, False),
        ("C:Jaw", False),
        ("xc:Jaw", False),
        ("", False),
    ],
)
def test_is_custom(key: str, expected: bool) -> None:
    assert is_custom(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("c:Jaw pain", "Jaw pain"),
        ("c:c:twice", "c:twice"),
        ("nausea", "nausea"),
    ],
)
def test_custom_label(key: str, expected: str) -> None:
    assert custom_label(key) == expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (attack(1, utc(15, 8)), frozenset()),
        (
            AttackRecord(
                id=1,
                user_id=1,
                started_at=utc(15, 8),
                ended_at=None,
                aura=True,
                nausea=True,
                vomiting=True,
                light_sensitivity=True,
                sound_sensitivity=True,
            ),
            frozenset({"aura", "nausea", "vomiting", "light", "sound"}),
        ),
        # False and None flags are not ticked.
        (
            AttackRecord(
                id=1,
                user_id=1,
                started_at=utc(15, 8),
                ended_at=None,
                aura=False,
                nausea=None,
                vomiting=False,
                light_sensitivity=True,
                sound_sensitivity=None,
            ),
            frozenset({"light"}),
        ),
        # Other symptoms, built-in and custom, join the column flags.
        (
            AttackRecord(
                id=1,
                user_id=1,
                started_at=utc(15, 8),
                ended_at=None,
                nausea=True,
                other_symptoms=(Symptom.DIZZINESS.value, "c:jaw pain"),
            ),
            frozenset({"nausea", "dizziness", "c:jaw pain"}),
        ),
        (
            AttackRecord(
                id=1,
                user_id=1,
                started_at=utc(15, 8),
                ended_at=None,
                other_symptoms=("twitching",),
            ),
            frozenset({"twitching"}),
        ),
    ],
)
def test_symptoms(record: AttackRecord, expected: frozenset[str]) -> None:
    assert record.symptoms == expected


@pytest.mark.parametrize(
    ("ended_at", "expected"),
    [(None, True), (utc(15, 10), False)],
)
def test_is_open(ended_at: datetime | None, expected: bool) -> None:
    assert attack(1, utc(15, 8), ended_at).is_open == expected


@pytest.mark.parametrize(
    ("started_at", "ended_at", "expected"),
    [
        # Closed: end minus start, whatever now is.
        (utc(15, 8), utc(15, 10, 30), timedelta(hours=2, minutes=30)),
        # Across midnight: 22:00-03:00 is 5 h.
        (utc(14, 22), utc(15, 3), timedelta(hours=5)),
        (
            datetime(2026, 1, 14, 22, 0, tzinfo=BERLIN),
            datetime(2026, 1, 15, 3, 0, tzinfo=BERLIN),
            timedelta(hours=5),
        ),
        # Open: so far, up to now.
        (utc(15, 8), None, timedelta(hours=4)),
        (utc(14, 22), None, timedelta(hours=14)),
        (NOW, None, timedelta(0)),
    ],
)
def test_duration(started_at: datetime, ended_at: datetime | None, expected: timedelta) -> None:
    assert attack(1, started_at, ended_at).duration(NOW) == expected


@pytest.mark.parametrize(
    ("red_flags", "expected"),
    [
        ((), frozenset()),
        (("worst_ever",), frozenset({RedFlag.WORST_EVER})),
        (
            ("numbness", "speech", "numbness"),
            frozenset({RedFlag.NUMBNESS, RedFlag.SPEECH}),
        ),
        # Unknown keys (say, from an older version) are ignored.
        (("dizzy", "weakness", "WEAKNESS", ""), frozenset({RedFlag.WEAKNESS})),
        (("dizzy",), frozenset()),
        (tuple(flag.value for flag in RedFlag), frozenset(RedFlag)),
    ],
)
def test_red_flag_set(red_flags: tuple[str, ...], expected: frozenset[RedFlag]) -> None:
    record = AttackRecord(
        id=1, user_id=1, started_at=utc(15, 8), ended_at=None, red_flags=red_flags
    )
    assert record.red_flag_set == expected


def body_symptom(symptom_id: int, symptom: str) -> BodySymptomRecord:
    return BodySymptomRecord(
        id=symptom_id, user_id=1, attack_id=1, symptom=symptom, occurred_at=utc(15, 8)
    )


@pytest.mark.parametrize(
    ("body_symptoms", "expected_id"),
    [
        ([], None),
        ([body_symptom(1, "c:shoulder pain")], None),
        ([body_symptom(1, Symptom.TWITCHING.value)], 1),
        # The first twitching recorded, after other body symptoms.
        (
            [
                body_symptom(1, "c:shoulder pain"),
                body_symptom(2, Symptom.TWITCHING.value),
                body_symptom(3, Symptom.TWITCHING.value),
            ],
            2,
        ),
    ],
)
def test_attack_details_twitching(
    body_symptoms: list[BodySymptomRecord], expected_id: int | None
) -> None:
    details = AttackDetails(
        attack=attack(1, utc(15, 8)), timezone="Europe/Berlin", body_symptoms=body_symptoms
    )
    twitching = details.twitching
    assert (None if twitching is None else twitching.id) == expected_id


T0 = datetime(2026, 11, 22, 21, 0, tzinfo=UTC)


# Product rule: an attack over 24 h is confirmed before it is saved (ICHD-3 1.1 B: 4-72 h; a
# time read on the wrong day turns hours into days).
@pytest.mark.parametrize(
    ("length", "expected"),
    [
        (timedelta(hours=5), False),
        (LONG_ATTACK_CONFIRM_AFTER, False),
        (LONG_ATTACK_CONFIRM_AFTER + timedelta(minutes=1), True),
        (timedelta(days=2, hours=5), True),
    ],
)
def test_needs_length_confirmation(length: timedelta, expected: bool) -> None:
    assert needs_length_confirmation(started_at=T0, ended_at=T0 + length) is expected


def test_needs_length_confirmation_rejects_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        needs_length_confirmation(started_at=datetime(2026, 11, 22), ended_at=T0)
