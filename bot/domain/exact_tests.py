"""Exact tests for small 2x2 tables, and the correction for testing several at once.

Pure standard library (:func:`math.comb`): the diary's tables are small (a few months of days),
where exact tests are the right tool and large-sample approximations are not.

* :func:`mid_p_greater`: the one-sided mid-p value of Fisher's exact test (Lancaster 1961;
  Agresti, *Categorical Data Analysis*, 3rd ed., 1.4.5 and 3.5.7). Given the margins of the
  table, the count ``a`` in the top-left cell follows the hypergeometric distribution; the
  mid-p value is ``P(X > a) + P(X = a) / 2``. It is less conservative than Fisher's
  ``P(X >= a)`` and close to nominal size; the simulation in the tests measures the
  false-alarm rate of the whole rule.
* :func:`holm_adjusted`: Holm's step-down adjustment (Holm 1979, Scand J Statist 6:65-70),
  which keeps the chance of any false alarm among all the tests at or under the level,
  whatever the dependence between them.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import comb


def hypergeometric_weight(k: int, *, population: int, successes: int, draws: int) -> int:
    """The number of ways to draw exactly ``k`` successes (0 where ``k`` is impossible)."""
    if k < 0 or k > successes or draws - k < 0 or draws - k > population - successes:
        return 0
    return comb(successes, k) * comb(population - successes, draws - k)


def mid_p_greater(a: int, *, row_total: int, column_total: int, grand_total: int) -> float:
    """One-sided mid-p that the top-left cell ``a`` is this large or larger by chance.

    The table has ``row_total`` units in its first row (e.g. days with a factor),
    ``column_total`` in its first column (e.g. attack days) and ``grand_total`` in all.
    """

    def weight(k: int) -> int:
        return hypergeometric_weight(
            k, population=grand_total, successes=column_total, draws=row_total
        )

    above = sum(weight(k) for k in range(a + 1, min(row_total, column_total) + 1))
    return (2 * above + weight(a)) / (2 * comb(grand_total, row_total))


def holm_adjusted(p_values: Sequence[float]) -> list[float]:
    """Holm-adjusted p-values, in the order given (compare each with the level directly)."""
    order = sorted(range(len(p_values)), key=lambda i: p_values[i])
    adjusted = [0.0] * len(p_values)
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (len(p_values) - rank) * p_values[index]))
        adjusted[index] = running
    return adjusted
