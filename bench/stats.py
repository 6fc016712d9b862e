"""Medians and percentiles: the only statistics the results quote (never single timings)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def median(values: Sequence[float]) -> float:
    """The median (``nan`` for no values)."""
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile, e.g. ``fraction=0.99`` for p99 (``nan`` for no values)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def ratio(numerator: float, denominator: float) -> float:
    """``numerator / denominator`` (``nan`` when the denominator is zero or missing)."""
    if not denominator or math.isnan(denominator):
        return math.nan
    return numerator / denominator
