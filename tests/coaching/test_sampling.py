"""Evaluations per agent: the margin-of-error arithmetic, worked by hand."""

from __future__ import annotations

import pytest

from cxlab._validation import CxlabValueError
from cxlab.coaching.sampling import evaluations_needed, margin_of_error


def test_textbook_sample_size() -> None:
    # (1.959964 x 12 / 4)^2 = 34.57 -> 35
    assert evaluations_needed(12, 4) == 35
    # 90% confidence: z = 1.644854 -> (1.644854 x 12 / 4)^2 = 24.35 -> 25
    assert evaluations_needed(12, 4, confidence=0.90) == 25


def test_finite_population_needs_fewer() -> None:
    # n0 = 34.57; 34.57 / (1 + 33.57 / 60) = 22.17 -> 23
    assert evaluations_needed(12, 4, population=60) == 23
    assert evaluations_needed(50, 1, population=30) == 30, "never more than the population"


def test_margin_is_the_inverse() -> None:
    n = evaluations_needed(12, 4)
    assert margin_of_error(12, n) <= 4 < margin_of_error(12, n - 1)
    assert margin_of_error(12, 60, population=60) == 0.0


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: evaluations_needed(0, 5), r"sd must be positive"),
        (lambda: evaluations_needed(10, -1), r"margin must be positive"),
        (lambda: evaluations_needed(10, 5, confidence=95), r"confidence must be in \(0, 1\)"),
        (lambda: evaluations_needed(10, 5, population=0), r"population must be a whole number"),
        (lambda: margin_of_error(10, 0), r"n must be a whole number of at least 1"),
        (lambda: margin_of_error(10, 5, population=3), r"population must be at least n \(5\)"),
    ],
)
def test_errors(call, message) -> None:
    with pytest.raises(CxlabValueError, match=message):
        call()
