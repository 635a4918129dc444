"""How many evaluations per agent: the margin of error on an agent's mean QA score.

With ``n`` evaluations of an agent whose scores vary with standard deviation ``sd``, the mean
score is known to within ``z x sd / sqrt(n)`` (``z`` = 1.96 for 95% confidence). So the
evaluations needed for a margin ``E`` are ``n = (z x sd / E)^2``, rounded up. When an agent
handles only ``N`` contacts in the period, the finite-population correction
``n / (1 + (n - 1) / N)`` applies (sampling most of a small population says a lot).
"""

from __future__ import annotations

import math

from scipy import stats

from .._validation import CxlabValueError, check_in_range, check_positive

__all__ = ["evaluations_needed", "margin_of_error"]


def _z(confidence: float) -> float:
    c = float(check_in_range("confidence", confidence, 0, 1, low_inclusive=False,
                             high_inclusive=False, hint="a fraction: 95% is 0.95"))
    return float(stats.norm.ppf(0.5 + c / 2))


def evaluations_needed(sd: float, margin: float, *, confidence: float = 0.95,
                       population: int | None = None) -> int:
    """Evaluations per agent for the mean score to be within ``margin`` of the truth.

    ``sd`` and ``margin`` are in the same unit (points of a 0-100 score, or fractions).

    Examples
    --------
    >>> evaluations_needed(sd=10, margin=5)        # (1.96 x 10 / 5)^2 = 15.4
    16
    >>> evaluations_needed(sd=10, margin=5, population=40)
    12
    """
    s = float(check_positive("sd", sd))
    e = float(check_positive("margin", margin))
    n0 = (_z(confidence) * s / e) ** 2
    if population is not None:
        if isinstance(population, bool) or not isinstance(population, int) or population < 1:
            raise CxlabValueError(f"population must be a whole number of at least 1, "
                                  f"got {population!r}")
        n0 = n0 / (1 + (n0 - 1) / population)
        return min(population, math.ceil(n0 - 1e-9))
    return math.ceil(n0 - 1e-9)


def margin_of_error(sd: float, n: int, *, confidence: float = 0.95,
                    population: int | None = None) -> float:
    """The margin of error on a mean score from ``n`` evaluations.

    >>> round(margin_of_error(sd=10, n=4), 2)  # 1.96 x 10 / 2
    9.8
    """
    s = float(check_positive("sd", sd))
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise CxlabValueError(f"n must be a whole number of at least 1, got {n!r}")
    margin = _z(confidence) * s / math.sqrt(n)
    if population is not None:
        if population < n:
            raise CxlabValueError(f"population must be at least n ({n}), got {population}")
        margin *= math.sqrt((population - n) / (population - 1)) if population > 1 else 0.0
    return margin
