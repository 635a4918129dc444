"""Evaluations per agent: the margin-of-error arithmetic, worked by hand and against scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from cxlab import voc
from cxlab._validation import CxlabValueError
from cxlab.coaching.sampling import DISTRIBUTIONS, evaluations_needed, margin_of_error


def test_textbook_sample_size() -> None:
    # (1.959964 x 12 / 4)^2 = 34.57 -> 35
    assert evaluations_needed(12, 4) == 35
    # 90% confidence: z = 1.644854 -> (1.644854 x 12 / 4)^2 = 24.35 -> 25
    assert evaluations_needed(12, 4, confidence=0.90) == 25


def test_finite_population_needs_fewer() -> None:
    # n0 = 34.57; 34.57 / (1 + 33.57 / 60) = 22.17 -> 23
    assert evaluations_needed(12, 4, population=60) == 23
    assert evaluations_needed(50, 1, population=30) == 30, "never more than the population"


def test_normal_margin_is_the_inverse_of_the_planning_formula() -> None:
    n = evaluations_needed(12, 4)
    assert margin_of_error(12, n, distribution="normal") <= 4 < margin_of_error(
        12, n - 1, distribution="normal")
    assert margin_of_error(12, 60, population=60) == 0.0


@pytest.mark.parametrize("n", [2, 3, 5, 10, 15, 30, 100])
@pytest.mark.parametrize("confidence", [0.90, 0.95, 0.99])
def test_t_margin_against_scipy(n: int, confidence: float) -> None:
    """The t margin is the half-width of scipy's t interval for a mean."""
    sd = 13.3
    low, high = stats.t.interval(confidence, n - 1, loc=0, scale=sd / math.sqrt(n))
    assert margin_of_error(sd, n, confidence=confidence) == pytest.approx(high, rel=1e-12)
    assert low == pytest.approx(-high)
    z_low, z_high = stats.norm.interval(confidence, loc=0, scale=sd / math.sqrt(n))
    assert margin_of_error(sd, n, confidence=confidence, distribution="normal") == (
        pytest.approx(z_high, rel=1e-12))


def test_five_evaluations_the_numbers_of_issue_19() -> None:
    # 03.02: sd about 13.3 points, about five evaluations a month
    t_margin = margin_of_error(13.3, 5)
    z_margin = margin_of_error(13.3, 5, distribution="normal")
    assert round(z_margin) == 12  # 1.96 x 13.3 / sqrt(5) = 11.66
    assert round(t_margin, 1) == 16.5  # 2.776 x 13.3 / sqrt(5) = 16.51
    assert t_margin / z_margin == pytest.approx(stats.t.ppf(0.975, 4) / stats.norm.ppf(0.975))


def test_t_converges_to_normal_for_many_evaluations() -> None:
    ratio = margin_of_error(10, 10_000) / margin_of_error(10, 10_000, distribution="normal")
    assert ratio == pytest.approx(1, abs=1e-3)


def test_t_sample_size_is_the_smallest_n_whose_t_margin_fits() -> None:
    for sd, margin in [(13.3, 5), (10, 5), (12, 4), (10, 20), (15, 2)]:
        n = evaluations_needed(sd, margin, distribution="t")
        # by brute force over scipy's t quantile, independent of the search in the code
        brute = next(k for k in range(2, 10_000)
                     if stats.t.ppf(0.975, k - 1) * sd / math.sqrt(k) <= margin)
        assert n == brute, (sd, margin)
        assert n >= evaluations_needed(sd, margin)
    assert evaluations_needed(13.3, 5, distribution="t") == 30  # normal formula: 28
    assert evaluations_needed(50, 1, population=30, distribution="t") == 30
    assert evaluations_needed(10, 20, distribution="t") == 4  # t(2) 4.30 x 10 / 1.73 = 24.8


def test_ces_uses_the_same_t_margin() -> None:
    """One implementation: the CES interval of module 05 is this margin around the mean."""
    answers = np.array([7, 6, 6, 5, 7, 2, 4, 6])
    result = voc.ces(answers)
    half = margin_of_error(float(answers.std(ddof=1)), len(answers))
    assert result.ci_high - result.value == pytest.approx(half, rel=1e-12)
    assert result.value - result.ci_low == pytest.approx(half, rel=1e-12)


def test_zero_spread_has_no_margin() -> None:
    assert margin_of_error(0, 5) == 0.0
    assert set(DISTRIBUTIONS) == {"t", "normal"}


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: evaluations_needed(0, 5), r"sd must be positive"),
        (lambda: evaluations_needed(10, -1), r"margin must be positive"),
        (lambda: evaluations_needed(10, 5, confidence=95), r"confidence must be in \(0, 1\)"),
        (lambda: evaluations_needed(10, 5, population=0), r"population must be a whole number"),
        (lambda: evaluations_needed(10, 5, distribution="z"),
         r"distribution must be one of 't', 'normal'; got 'z'"),
        (lambda: margin_of_error(10, 0, distribution="normal"),
         r"n must be a whole number of at least 1, got 0"),
        (lambda: margin_of_error(10, 1),
         r"n must be a whole number of at least 2 with the t distribution \(one score says"),
        (lambda: margin_of_error(-1, 5), r"sd must be 0 or more"),
        (lambda: margin_of_error(10, 5, population=3), r"population must be at least n \(5\)"),
    ],
)
def test_errors(call, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        call()
