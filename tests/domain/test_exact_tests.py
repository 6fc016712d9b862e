from fractions import Fraction

import pytest

from bot.domain.exact_tests import holm_adjusted, hypergeometric_weight, mid_p_greater


@pytest.mark.parametrize(
    ("k", "expected"),
    [
        # Fisher's tea tasting (Fisher 1935; Agresti, Categorical Data Analysis, 3.5.1): 8 cups,
        # 4 milk-first, 4 chosen: C(4,k) * C(4,4-k) ways to get k right.
        (-1, 0),
        (0, 1),
        (1, 16),
        (2, 36),
        (3, 16),
        (4, 1),
        (5, 0),
    ],
)
def test_hypergeometric_weight(k: int, expected: int) -> None:
    assert hypergeometric_weight(k, population=8, successes=4, draws=4) == expected


@pytest.mark.parametrize(
    ("k", "population", "successes", "draws"),
    [
        (3, 10, 2, 5),  # more successes drawn than there are
        (1, 10, 8, 0),  # more drawn than draws
        (0, 10, 2, 9),  # the 9 draws cannot all be failures: only 8 are
    ],
)
def test_impossible_draws_weigh_nothing(
    k: int, population: int, successes: int, draws: int
) -> None:
    assert hypergeometric_weight(k, population=population, successes=successes, draws=draws) == 0


@pytest.mark.parametrize(
    ("a", "row", "column", "total", "expected"),
    [
        # Tea tasting, 3 right (Agresti 3.5.7: Fisher's P = 17/70 = 0.243, mid-P = 9/70 = 0.129).
        (3, 4, 4, 8, Fraction(9, 70)),
        (4, 4, 4, 8, Fraction(1, 140)),
        (0, 4, 4, 8, Fraction(139, 140)),
        # No attack at all: nothing to see, mid-p 1/2.
        (0, 10, 0, 40, Fraction(1, 2)),
        # Issue 12's example: attacks on 6 of 11 days after poor sleep vs 4 of 40 otherwise.
        # P(X = 6) and beyond, X ~ Hypergeom(51 days, 10 attack days, 11 drawn), by enumeration.
        (
            6,
            11,
            10,
            51,
            (
                Fraction(
                    sum(
                        hypergeometric_weight(k, population=51, successes=10, draws=11)
                        for k in range(7, 11)
                    )
                )
                + Fraction(hypergeometric_weight(6, population=51, successes=10, draws=11), 2)
            )
            / 47_626_016_970,  # C(51, 11)
        ),
    ],
)
def test_mid_p_greater(a: int, row: int, column: int, total: int, expected: Fraction) -> None:
    assert mid_p_greater(a, row_total=row, column_total=column, grand_total=total) == (
        pytest.approx(float(expected), rel=1e-12)
    )


def test_the_issue_example_is_strong_evidence() -> None:
    # 6/11 vs 4/40: one-sided mid-p about 0.002, under 0.05 / 5 factors (Holm's first step).
    p = mid_p_greater(6, row_total=11, column_total=10, grand_total=51)
    assert 0.001 < p < 0.003


@pytest.mark.parametrize(
    ("p_values", "expected"),
    [
        # Holm 1979: sorted p times (m - rank), made monotone, capped at 1; original order kept.
        ([], []),
        ([0.02], [0.02]),
        ([0.01, 0.04, 0.03], [0.03, 0.06, 0.06]),
        ([0.04, 0.001, 0.2, 0.03], [0.09, 0.004, 0.2, 0.09]),
        ([0.5, 0.6], [1.0, 1.0]),
    ],
)
def test_holm_adjusted(p_values: list[float], expected: list[float]) -> None:
    assert holm_adjusted(p_values) == pytest.approx(expected)
