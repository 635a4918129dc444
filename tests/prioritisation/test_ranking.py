"""Stakeholder rankings: Borda, mean rank, Kendall's W (REFERENCES.md properties) and ties."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlab import CxlabValueError
from cxlab.prioritisation import (
    borda,
    contested,
    kendalls_w,
    mean_rank,
    rank_table,
    ranking_summary,
)


def _random_rankings(rng, m, n, ties=False):
    scores = rng.integers(0, 4 if ties else 10_000, size=(m, n))
    return pd.DataFrame([stats.rankdata(row) for row in scores],
                        index=[f"S{i}" for i in range(m)], columns=[f"I{j}" for j in range(n)])


def test_perfect_agreement_gives_one():
    same = {s: ["a", "b", "c", "d"] for s in ("Ops", "IT", "Finance")}
    assert kendalls_w(same).w == pytest.approx(1.0)


def test_two_opposite_rankings_give_zero():
    assert kendalls_w({"X": ["a", "b", "c"], "Y": ["c", "b", "a"]}).w == pytest.approx(0.0)


@pytest.mark.parametrize(("m", "n", "seed"), [(3, 5, 1), (6, 12, 2), (10, 4, 3)])
def test_mean_spearman_identity_without_ties(m, n, seed):
    table = _random_rankings(np.random.default_rng(seed), m, n)
    result = kendalls_w(table)
    rhos = [stats.spearmanr(table.iloc[i], table.iloc[j]).statistic
            for i, j in itertools.combinations(range(m), 2)]
    assert result.mean_spearman == pytest.approx(np.mean(rhos))
    assert result.w == pytest.approx((np.mean(rhos) * (m - 1) + 1) / m)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_tie_corrected_w_matches_friedman_test(seed):
    # scipy's Friedman chi-square carries the tie correction; W = chi2 / (m (n - 1)).
    table = _random_rankings(np.random.default_rng(seed), 7, 6, ties=True)
    assert any(len(set(row)) < 6 for row in table.to_numpy())  # ties are really present
    friedman = stats.friedmanchisquare(*table.to_numpy().T)
    result = kendalls_w(table)
    assert result.chi2 == pytest.approx(friedman.statistic)
    assert result.p_value == pytest.approx(friedman.pvalue)
    assert result.w == pytest.approx(friedman.statistic / (7 * 5))


def test_hand_computed_example():
    # 3 raters, 4 items; rank sums 4, 7, 8, 11 -> mean 7.5, S = 12.25+0.25+0.25+12.25 = 25;
    # W = 12 * 25 / (9 * 60) = 0.5556
    table = pd.DataFrame({"a": [1, 2, 1], "b": [2, 1, 4], "c": [3, 3, 2], "d": [4, 4, 3]},
                         index=["X", "Y", "Z"])
    assert kendalls_w(table).w == pytest.approx(300 / 540)


def test_ties_in_mapping_share_places():
    table = rank_table({"Ops": ["A", ("B", "C"), "D"], "IT": ["D", "C", "B", "A"]})
    assert table.loc["Ops"].to_dict() == {"A": 1.0, "B": 2.5, "C": 2.5, "D": 4.0}
    # "1, 2, 2, 4" typed in a table means the same tie
    typed = rank_table(pd.DataFrame({"A": [1], "B": [2], "C": [2], "D": [4]}, index=["Ops"]))
    assert typed.loc["Ops"].to_dict() == table.loc["Ops"].to_dict()


def test_ties_reduce_the_denominator():
    tied = {"X": ["a", ("b", "c")], "Y": ["a", ("b", "c")]}
    # both raters agree completely, including the tie: W must still be 1
    assert kendalls_w(tied).w == pytest.approx(1.0)
    assert kendalls_w(tied).tie_correction == pytest.approx(2 * (8 - 2))


def test_borda_and_mean_rank():
    votes = {"Ops": ["A", "B", "C"], "Finance": ["A", "C", "B"], "IT": ["B", "A", "C"]}
    # points n - rank: A 2+2+1, B 1+0+2, C 0+1+0
    assert borda(votes).to_dict() == {"A": 5.0, "B": 3.0, "C": 1.0}
    assert mean_rank(votes).to_dict() == pytest.approx({"A": 4 / 3, "B": 2.0, "C": 8 / 3})


def test_summary_and_contested():
    votes = {"Ops": ["A", "B", "C", "D"], "Finance": ["A", "D", "C", "B"],
             "IT": ["A", "B", "D", "C"], "Marketing": ["A", "C", "D", "B"]}
    summary = ranking_summary(votes)
    assert summary.index[0] == "A" and summary.loc["A", "spread"] == 0
    assert summary.loc["A", "place"] == 1
    top = contested(votes, top=2)
    assert "A" not in top.index
    # B: ranks 2, 4, 2, 4 -> spread 1.0, the most contested
    assert top.index[0] == "B"
    # ties: everyone who gave the best (or worst) place is named
    assert top.loc["B", "champion"] == "Ops and IT"
    assert top.loc["B", "sceptic"] == "Finance and Marketing"


@pytest.mark.parametrize(
    ("rankings", "message"),
    [
        ({}, "empty"),
        ({"Ops": ["A", "B"], "IT": ["A"]}, "'IT' did not rank 'B'"),
        ({"Ops": ["A", "A", "B"]}, "lists 'A' twice"),
        ({"Ops": "A, B"}, "must be a list"),
        (pd.DataFrame({"A": [1, 0], "B": [2, 1]}, index=["Ops", "IT"]),
         r"from 1 \(first choice\) to 2; 'IT' gave 'A': 0"),
        (pd.DataFrame({"A": [1, None], "B": [2, 1]}, index=["Ops", "IT"]), "not ranked"),
        ("A > B", "must be a table"),
        (pd.DataFrame({"A": [1]}, index=["Ops"]), "at least 2 initiatives"),
    ],
)
def test_bad_rankings_get_clear_errors(rankings, message):
    with pytest.raises(CxlabValueError, match=message):
        kendalls_w(rankings) if not isinstance(rankings, dict) or len(rankings) != 1 \
            else rank_table(rankings)


def test_one_stakeholder_is_not_enough_for_w():
    with pytest.raises(CxlabValueError, match="at least 2 stakeholders"):
        kendalls_w({"Ops": ["A", "B"]})


def test_contested_top_must_be_positive():
    with pytest.raises(CxlabValueError, match="top"):
        contested({"X": ["a", "b"], "Y": ["b", "a"]}, top=0)
