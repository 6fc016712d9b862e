"""How big each benchmark is: the full run (on purpose) and the smoke run (CI)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """Every knob of the five benchmarks."""

    # B1: users tapping through the attack flow, and how many act at once.
    b1_users: int
    b1_concurrency: int
    b1_rounds: int
    # B1's realistic mode (every Bot API answer 30 ms away): users per round.
    b1_delayed_users: int
    # B2: check-ins due at once, the outbox rate (None: the bot's default), the attack loggers.
    b2_reminders: int
    b2_rate: float | None
    b2_loggers: int
    b2_baseline_seconds: float
    b2_think_seconds: tuple[float, float]
    # B3: users in the database, and repetitions of each /summary.
    b3_users: int
    b3_repeats: int
    b3_years: int
    # B4: reminder owners at the small and the large size; due rows per tick; repetitions.
    b4_small: int
    b4_large: int
    b4_due: int
    b4_repeats: int
    b4_rounds: int
    # B5: users in the large database; process starts per size.
    b5_users: int
    b5_repeats: int
    b5_warm_up: bool


FULL = Sizes(
    b1_users=200,
    b1_concurrency=50,
    b1_rounds=3,
    b1_delayed_users=60,
    b2_reminders=10_000,
    b2_rate=None,
    b2_loggers=20,
    b2_baseline_seconds=30.0,
    b2_think_seconds=(0.3, 1.0),
    b3_users=10_000,
    b3_repeats=9,
    b3_years=10,
    b4_small=1_000,
    b4_large=100_000,
    b4_due=500,
    b4_repeats=15,
    b4_rounds=2,
    b5_users=100_000,
    b5_repeats=5,
    b5_warm_up=True,
)

SMOKE = Sizes(
    b1_users=6,
    b1_concurrency=3,
    b1_rounds=1,
    b1_delayed_users=3,
    b2_reminders=200,
    b2_rate=400.0,
    b2_loggers=3,
    b2_baseline_seconds=0.2,
    b2_think_seconds=(0.05, 0.1),
    b3_users=50,
    b3_repeats=1,
    b3_years=1,
    b4_small=100,
    b4_large=400,
    b4_due=20,
    b4_repeats=2,
    b4_rounds=1,
    b5_users=300,
    b5_repeats=1,
    b5_warm_up=False,
)
