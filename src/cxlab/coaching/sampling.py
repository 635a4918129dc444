"""How many evaluations per agent: the margin of error on an agent's mean QA score.

With ``n`` evaluations of an agent whose scores vary with standard deviation ``sd``, the mean
score is known to within ``q x sd / sqrt(n)``, where ``q`` is a quantile for the confidence
wanted (95% by default):

* ``distribution="t"`` (the default of :func:`margin_of_error`): Student's t with ``n - 1``
  degrees of freedom. When the spread is itself estimated from the same few scores, as a team
  leader does with an agent's five evaluations of the month, the mean is less certain than the
  normal curve says: with 5 evaluations ``q`` is 2.78, not 1.96, and the margin 42% wider.
  It is the interval the voice-of-the-customer scores use for a mean (``cxlab.voc.ces``);
* ``distribution="normal"``: ``q = z`` = 1.96, right when the spread is known from a large
  sample, and close to t from about 30 evaluations.

So the evaluations needed for a margin ``E`` are ``n = (z x sd / E)^2`` rounded up, the usual
planning formula (:func:`evaluations_needed`), or, with t, the smallest ``n`` whose t margin is
``E`` or less (a few more when ``n`` is small). When an agent handles only ``N`` contacts in the
period, the finite-population correction applies (sampling most of a small population says a
lot): the margin shrinks by ``sqrt((N - n) / (N - 1))``, and the normal ``n`` becomes
``n / (1 + (n - 1) / N)``.
"""

from __future__ import annotations

import math

from scipy import stats

from .._validation import (
    CxlabValueError,
    check_choice,
    check_in_range,
    check_non_negative,
    check_positive,
)

__all__ = ["DISTRIBUTIONS", "evaluations_needed", "margin_of_error"]

#: The distributions the margin of error can use, and when each is right.
DISTRIBUTIONS: dict[str, str] = {
    "t": "Student's t with n - 1 degrees of freedom: the spread is estimated from the same n "
    "scores (small samples)",
    "normal": "the normal curve (z = 1.96 at 95%): the spread is known, or n is large",
}


def _confidence(confidence: float) -> float:
    return check_in_range("confidence", confidence, 0, 1, low_inclusive=False,
                                high_inclusive=False, hint="a fraction: 95% is 0.95", scalar=True)


def _z(confidence: float) -> float:
    return float(stats.norm.ppf(0.5 + _confidence(confidence) / 2))


def _population(population: object, n: int | None = None) -> int | None:
    if population is None:
        return None
    if isinstance(population, bool) or not isinstance(population, int) or population < 1:
        raise CxlabValueError(f"population must be a whole number of at least 1, "
                              f"got {population!r}")
    if n is not None and population < n:
        raise CxlabValueError(f"population must be at least n ({n}), got {population}")
    return population


def margin_of_error(sd: float, n: int, *, confidence: float = 0.95,
                    population: int | None = None, distribution: str = "t") -> float:
    """The margin of error (plus or minus, in the unit of ``sd``) on a mean of ``n`` scores.

    ``q x sd / sqrt(n)``, times ``sqrt((population - n) / (population - 1))`` when the agent
    handled only ``population`` contacts; ``q`` is Student's t with ``n - 1`` degrees of
    freedom (default) or the normal ``z`` (see the module notes and ``DISTRIBUTIONS``).

    Parameters
    ----------
    sd : float
        Standard deviation of single scores, 0 or more (points of a 0-100 score, or
        fractions).
    n : int
        Evaluations the mean is taken over: at least 2 with ``"t"`` (one score says nothing
        about the spread), at least 1 with ``"normal"``.
    confidence : float, default 0.95, keyword-only
        Confidence level, a fraction between 0 and 1.
    population : int, optional, keyword-only
        Contacts the agent handled in the period (at least ``n``).
    distribution : {"t", "normal"}, default "t", keyword-only
        Which quantile to use.

    Returns
    -------
    float

    Raises
    ------
    CxlabValueError
        For a negative ``sd``, an ``n`` too small for the distribution, a ``population``
        below ``n``, a confidence outside (0, 1) or an unknown distribution.

    Examples
    --------
    An agent whose scores vary by 13.3 points, with five evaluations in the month:

    >>> round(margin_of_error(13.3, 5), 1)  # t with 4 degrees of freedom: 2.776 x 13.3 / 2.236
    16.5
    >>> round(margin_of_error(13.3, 5, distribution="normal"), 1)  # 1.96 x 13.3 / 2.236
    11.7
    >>> margin_of_error(13.3, 1)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: n must be a whole number of at least 2 with the t distribution \
(one score says nothing about how scores spread), got 1
    """
    s = check_non_negative("sd", sd, scalar=True)
    distribution = check_choice("distribution", distribution, DISTRIBUTIONS)
    smallest = 2 if distribution == "t" else 1
    if isinstance(n, bool) or not isinstance(n, int) or n < smallest:
        why = (" with the t distribution (one score says nothing about how scores spread)"
               if distribution == "t" else "")
        raise CxlabValueError(f"n must be a whole number of at least {smallest}{why}, got {n!r}")
    c = _confidence(confidence)
    q = float(stats.t.ppf(0.5 + c / 2, n - 1)) if distribution == "t" else _z(c)
    margin = q * s / math.sqrt(n)
    size = _population(population, n)
    if size is not None:
        margin *= math.sqrt((size - n) / (size - 1)) if size > 1 else 0.0
    return margin


def evaluations_needed(sd: float, margin: float, *, confidence: float = 0.95,
                       population: int | None = None, distribution: str = "normal") -> int:
    """Evaluations per agent for the mean score to be within ``margin`` of the truth.

    ``sd`` and ``margin`` are in the same unit (points of a 0-100 score, or fractions).
    With ``distribution="normal"`` (the default) this is the usual planning formula
    ``n = (z x sd / margin)^2``, rounded up, with the finite-population correction
    ``n / (1 + (n - 1) / population)``. With ``"t"`` it is the smallest ``n`` (at least 2)
    whose :func:`margin_of_error` with t is ``margin`` or less: a few more evaluations when
    ``n`` is small, because the spread is estimated from the same scores.

    Parameters
    ----------
    sd : float
        Standard deviation of single scores, above 0.
    margin : float
        The margin of error wanted (plus or minus), above 0, in the unit of ``sd``.
    confidence : float, default 0.95, keyword-only
        Confidence level, a fraction between 0 and 1.
    population : int, optional, keyword-only
        Contacts the agent handled in the period; the answer is never more than this.
    distribution : {"normal", "t"}, default "normal", keyword-only
        The planning formula, or the exact number with Student's t.

    Returns
    -------
    int

    Raises
    ------
    CxlabValueError
        For ``sd`` or ``margin`` of 0 or less, a confidence outside (0, 1), a population
        that is not a whole number of at least 1, or an unknown distribution.

    Examples
    --------
    >>> evaluations_needed(sd=10, margin=5)        # (1.96 x 10 / 5)^2 = 15.4
    16
    >>> evaluations_needed(sd=10, margin=5, population=40)
    12
    >>> evaluations_needed(sd=10, margin=5, distribution="t")  # t with 17 df: 2.110 x 10 / 4.24
    18
    """
    s = check_positive("sd", sd, scalar=True)
    e = check_positive("margin", margin, scalar=True)
    distribution = check_choice("distribution", distribution, DISTRIBUTIONS)
    size = _population(population)
    n0 = (_z(confidence) * s / e) ** 2
    if distribution == "normal":
        if size is not None:
            n0 = n0 / (1 + (n0 - 1) / size)
            return min(size, math.ceil(n0 - 1e-9))
        return math.ceil(n0 - 1e-9)
    # t: start from the normal answer (t needs at least as many) and step up; the t margin
    # falls towards the normal one, so this ends within a few steps (at the latest at the
    # whole population, where the margin is 0).
    n = max(2, math.ceil(n0 - 1e-9) if size is None else
            min(size, math.ceil(n0 / (1 + (n0 - 1) / size) - 1e-9)))
    if size is not None and size < 2:
        return size
    while margin_of_error(s, n, confidence=confidence, population=size,
                          distribution="t") > e * (1 + 1e-12):
        n += 1
    return n
