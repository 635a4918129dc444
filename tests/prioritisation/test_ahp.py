"""AHP against Saaty's published cases (values as in REFERENCES.md and AHPy's tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxlab import CxlabValueError
from cxlab.prioritisation import RANDOM_INDEX, ahp, ahp_matrix, combine_ahp

# Saaty (2005), Theory and Applications of the Analytic Network Process: choosing a city.
# (a, b): v means a is v times as important / preferred as b.
CRITERIA = {("Culture", "Housing"): 3, ("Culture", "Transportation"): 5,
            ("Family", "Culture"): 5, ("Family", "Housing"): 7, ("Family", "Transportation"): 7,
            ("Housing", "Transportation"): 3,
            ("Jobs", "Culture"): 2, ("Jobs", "Housing"): 4, ("Jobs", "Transportation"): 7,
            ("Family", "Jobs"): 1}
CITIES = {
    "Culture": {("Bethesda", "Pittsburgh"): 1, ("Boston", "Bethesda"): 2,
                ("Boston", "Pittsburgh"): 2.5, ("Boston", "Santa Fe"): 1,
                ("Santa Fe", "Bethesda"): 2, ("Santa Fe", "Pittsburgh"): 2.5},
    "Family": {("Bethesda", "Boston"): 2, ("Bethesda", "Santa Fe"): 4, ("Boston", "Santa Fe"): 2,
               ("Pittsburgh", "Bethesda"): 3, ("Pittsburgh", "Boston"): 8,
               ("Pittsburgh", "Santa Fe"): 9},
    "Housing": {("Bethesda", "Boston"): 5, ("Bethesda", "Santa Fe"): 2.5,
                ("Pittsburgh", "Bethesda"): 2, ("Pittsburgh", "Boston"): 9,
                ("Pittsburgh", "Santa Fe"): 7, ("Santa Fe", "Boston"): 4},
    "Jobs": {("Bethesda", "Pittsburgh"): 3, ("Bethesda", "Santa Fe"): 4,
             ("Boston", "Bethesda"): 2, ("Boston", "Pittsburgh"): 6, ("Boston", "Santa Fe"): 8,
             ("Pittsburgh", "Santa Fe"): 1},
    "Transportation": {("Bethesda", "Boston"): 1.5, ("Bethesda", "Santa Fe"): 4,
                       ("Boston", "Santa Fe"): 2.5, ("Pittsburgh", "Bethesda"): 2,
                       ("Pittsburgh", "Boston"): 3.5, ("Pittsburgh", "Santa Fe"): 9},
}

# Saaty (2008), Int. J. Services Sciences 1(1): relative consumption of drinks in the US.
DRINKS = {("coffee", "wine"): 9, ("coffee", "tea"): 5, ("coffee", "beer"): 2,
          ("coffee", "soda"): 1, ("coffee", "milk"): 1,
          ("water", "coffee"): 2, ("water", "wine"): 9, ("water", "tea"): 9,
          ("water", "beer"): 3, ("water", "soda"): 2, ("water", "milk"): 3,
          ("tea", "wine"): 3, ("beer", "wine"): 9, ("beer", "tea"): 3, ("beer", "milk"): 1,
          ("soda", "wine"): 9, ("soda", "tea"): 4, ("soda", "beer"): 2, ("soda", "milk"): 2,
          ("milk", "wine"): 9, ("milk", "tea"): 3}


def test_cities_hierarchy_reproduces_saaty():
    goal = ahp(CRITERIA)
    by_criterion = {name: ahp(pairs) for name, pairs in CITIES.items()}
    overall = combine_ahp(goal, by_criterion)
    expected = {"Bethesda": 0.229, "Boston": 0.275, "Pittsburgh": 0.385, "Santa Fe": 0.111}
    assert overall.round(3).to_dict() == expected
    assert overall.sum() == pytest.approx(1.0)


def test_drinks_weights_and_consistency_ratio():
    result = ahp(DRINKS)
    expected = {"beer": 0.116, "coffee": 0.177, "milk": 0.129, "soda": 0.190,
                "tea": 0.042, "water": 0.327, "wine": 0.019}
    assert result.weights.round(3).to_dict() == expected
    assert result.random_index == 1.32  # Saaty, n = 7
    assert result.consistency_ratio == pytest.approx(0.022, abs=5e-4)
    assert result.consistent


def test_random_index_is_saatys_table():
    assert [RANDOM_INDEX[n] for n in range(3, 11)] == [
        0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49]


def test_perfectly_consistent_matrix_gives_ratio_weights_and_zero_cr():
    # Weights 4:2:1 -> every comparison is the ratio of two weights.
    w = np.array([4.0, 2.0, 1.0])
    result = ahp(w[:, None] / w[None, :], labels=["A", "B", "C"])
    assert result.weights.to_numpy() == pytest.approx(w / w.sum())
    assert result.lambda_max == pytest.approx(3.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)


def test_inconsistent_matrix_is_flagged():
    # A > B (9), B > C (9) but C > A (9): a circular judgement.
    matrix = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    result = ahp(matrix)
    assert result.consistency_ratio > 0.10
    assert not result.consistent
    assert "inconsistent" in result.summary().lower()


def test_consistency_index_formula():
    result = ahp(DRINKS)
    n = 7
    assert result.consistency_index == pytest.approx((result.lambda_max - n) / (n - 1))
    assert result.consistency_ratio == pytest.approx(result.consistency_index / 1.32)
    # lambda_max is the principal eigenvalue: A w = lambda_max w
    a = result.matrix.to_numpy()
    w = result.weights.to_numpy()
    assert a @ w == pytest.approx(result.lambda_max * w, rel=1e-9)


def test_two_items_have_zero_cr():
    result = ahp({("A", "B"): 3})
    assert result.weights.to_dict() == pytest.approx({"A": 0.75, "B": 0.25})
    assert result.consistency_ratio == 0.0


def test_non_reciprocal_matrix_is_rejected_naming_the_cells():
    matrix = [[1, 3, 5], [3, 1, 2], [1 / 5, 1 / 2, 1]]
    with pytest.raises(CxlabValueError, match=r"row 1, column 2.*row 2, column 1.*1/3"):
        ahp(matrix)


def test_one_third_typed_as_decimal_is_accepted():
    matrix = [[1, 3, 5], [0.33, 1, 2], [0.2, 0.5, 1]]
    assert ahp(matrix).weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 2], [0.5, 1], [1, 1]], "square"),
        ([[2, 2], [0.5, 2]], "diagonal"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[1, 20], [0.05, 1]], r"1/9 to 9"),
        ([[1]], "at least 2"),
    ],
)
def test_bad_matrices_get_clear_errors(matrix, message):
    with pytest.raises(CxlabValueError, match=message):
        ahp(matrix)


def test_too_many_items_for_the_random_index():
    labels = [f"I{i}" for i in range(11)]
    with pytest.raises(CxlabValueError, match="at most 10"):
        ahp(np.ones((11, 11)), labels=labels)


def test_pairs_contradicting_each_other_are_rejected():
    with pytest.raises(CxlabValueError, match="contradict each other.*'B' over 'A' is 3"):
        ahp({("A", "B"): 3, ("B", "A"): 3})


def test_missing_pair_is_named():
    with pytest.raises(CxlabValueError, match="'B' with 'C'"):
        ahp({("A", "B"): 3, ("A", "C"): 2})


def test_matrix_from_pairs_is_reciprocal():
    m = ahp_matrix({("A", "B"): 3, ("A", "C"): 5, ("C", "B"): 0.5})
    assert isinstance(m, pd.DataFrame)
    assert m.loc["B", "A"] == pytest.approx(1 / 3)
    assert m.loc["B", "C"] == pytest.approx(2)
    assert (np.diag(m.to_numpy()) == 1).all()


def test_combine_needs_every_criterion():
    goal = ahp(CRITERIA)
    partial = {name: ahp(pairs) for name, pairs in CITIES.items() if name != "Jobs"}
    with pytest.raises(CxlabValueError, match="Jobs"):
        combine_ahp(goal, partial)


def test_combine_refuses_wrong_objects():
    with pytest.raises(CxlabValueError, match="criteria must be the ahp"):
        combine_ahp(None, {})
    with pytest.raises(CxlabValueError, match="alternatives must be a dict"):
        combine_ahp(ahp(CRITERIA), {"Culture": CITIES["Culture"]})
