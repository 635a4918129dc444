"""Agreement between evaluators against published values, hand-worked examples and properties.

Published values are from docs/references.md ("Agreement between evaluators"). The
independent checks do not use cxlab: kappa in exact rational arithmetic, Scott's pi by hand,
and ICC(1,1) from scipy's one-way ANOVA F statistic.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxlab._validation import CxlabValueError
from cxlab.coaching.agreement import (
    ICC_MODELS,
    ICCResult,
    category_counts,
    cohen_kappa,
    fleiss_kappa,
    icc,
    icc_forms,
    interpretation,
    krippendorff_alpha,
    percent_agreement,
)

nan = np.nan

# Reliability data of 3 coders x 15 units (raters x units), NaN where a coder gave no value.
# This is the matrix the `krippendorff` package tests with (and Wikipedia's "computational
# example" of Krippendorff's alpha).
KRIPPENDORFF_3X15 = [
    [nan, nan, nan, nan, nan, 3, 4, 1, 2, 1, 1, 3, 3, nan, 3],
    [1, nan, 2, 1, 3, 3, 4, 3, nan, nan, nan, nan, nan, nan, nan],
    [nan, nan, 2, 1, 3, 4, 4, nan, 2, 1, 1, 3, 3, nan, 4],
]

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers x 12 units,
# values 1-5. Published alphas: nominal .743, ordinal .815, interval .849, ratio .797; the
# `krippendorff` package's tests pin the ordinal (.815) and ratio (.797) values on it.
KRIPPENDORFF_4X12 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]

# Wikipedia "Fleiss' kappa" worked example: 10 subjects x 5 categories, 14 raters each.
FLEISS_WIKIPEDIA = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]

# Shrout & Fleiss (1979), Table 2: 6 targets x 4 judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]

# Cohen's kappa worked example (50 calls, compliant Y / not N):
#                 B says Y   B says N
#     A says Y        20          5       (A: 25 Y)
#     A says N        10         15       (A: 25 N)
#                 (B: 30 Y)  (B: 20 N)
# p_o = (20 + 15) / 50 = 0.7; p_e = 0.5 x 0.6 + 0.5 x 0.4 = 0.5;
# kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4 exactly.
COHEN_A = ["Y"] * 25 + ["N"] * 25
COHEN_B = ["Y"] * 20 + ["N"] * 5 + ["Y"] * 10 + ["N"] * 15


# --- published values -----------------------------------------------------------------------


def test_reference_krippendorff_alpha_3x15() -> None:
    assert round(krippendorff_alpha(KRIPPENDORFF_3X15, level="nominal"), 6) == 0.691358
    assert round(krippendorff_alpha(KRIPPENDORFF_3X15, level="interval"), 6) == 0.810845


def test_reference_krippendorff_alpha_4x12_all_levels() -> None:
    expected = {"nominal": 0.743, "ordinal": 0.815, "interval": 0.849, "ratio": 0.797}
    for level, value in expected.items():
        assert round(krippendorff_alpha(KRIPPENDORFF_4X12, level=level), 3) == value, level


def test_reference_krippendorff_ordinal_text_labels_with_categories() -> None:
    words = {1: "very low", 2: "low", 3: "mid", 4: "high", 5: "very high"}
    text = [[None if np.isnan(v) else words[int(v)] for v in row] for row in KRIPPENDORFF_4X12]
    scale = ["very low", "low", "mid", "high", "very high"]
    alpha = krippendorff_alpha(text, level="ordinal", categories=scale)
    assert round(alpha, 3) == 0.815


def test_reference_fleiss_kappa_wikipedia() -> None:
    assert fleiss_kappa(FLEISS_WIKIPEDIA) == pytest.approx(0.210, abs=5e-4)
    table = pd.DataFrame(FLEISS_WIKIPEDIA, columns=list("ABCDE"))
    assert fleiss_kappa(table) == fleiss_kappa(FLEISS_WIKIPEDIA)


def test_reference_icc_shrout_fleiss() -> None:
    result = icc_forms(SHROUT_FLEISS)
    assert result.icc1_1 == pytest.approx(0.166, abs=5e-4)
    assert result.icc2_1 == pytest.approx(0.290, abs=5e-4)
    assert result.icc3_1 == pytest.approx(0.715, abs=5e-4)
    # Shrout & Fleiss's Table 4 also gives the average-measure forms to 2 decimals.
    assert result.icc1_k == pytest.approx(0.44, abs=5e-3)
    assert result.icc2_k == pytest.approx(0.62, abs=5e-3)
    assert result.icc3_k == pytest.approx(0.91, abs=5e-3)
    assert (result.targets, result.judges) == (6, 4)
    for model in ICC_MODELS:
        assert icc(SHROUT_FLEISS, model=model) == result[model]
    assert icc(SHROUT_FLEISS) == result.icc2_1


# --- Cohen's kappa: hand-worked values and exact arithmetic ----------------------------------


def _kappa_exact(a: list, b: list, cats: list, power: int | None) -> Fraction:
    """Weighted kappa in rationals: 1 - sum(w O) / sum(w E); power None is unweighted."""
    n = len(a)
    k = len(cats)
    pos = {c: i for i, c in enumerate(cats)}

    def w(i: int, j: int) -> Fraction:
        if power is None:
            return Fraction(int(i != j))
        return Fraction(abs(i - j), k - 1) ** power

    obs = sum(w(pos[x], pos[y]) for x, y in zip(a, b, strict=True)) / Fraction(n)
    pa = [Fraction(sum(pos[x] == i for x in a), n) for i in range(k)]
    pb = [Fraction(sum(pos[y] == j for y in b), n) for j in range(k)]
    exp = sum(w(i, j) * pa[i] * pb[j] for i in range(k) for j in range(k))
    return 1 - obs / exp


def test_cohen_kappa_worked_2x2_example() -> None:
    assert cohen_kappa(COHEN_A, COHEN_B) == pytest.approx(0.4, abs=1e-12)
    assert percent_agreement(COHEN_A, COHEN_B) == pytest.approx(0.7)
    # With two categories every weighting is the same.
    for weights in ("linear", "quadratic"):
        assert cohen_kappa(COHEN_A, COHEN_B, weights=weights, categories=["N", "Y"]) == (
            pytest.approx(0.4, abs=1e-12)
        )


def test_quadratic_weighted_kappa_by_hand() -> None:
    # Scores 1-5 (positions 0-4), six calls; they differ on two calls by one point each.
    # Quadratic kappa = 1 - mean observed (i - j)^2 / mean (i - j)^2 under independence.
    # Observed: (0 + 0 + 1 + 0 + 1 + 0) / 6 = 1/3.
    # Independence: E(X - Y)^2 = Var X + Var Y + (EX - EY)^2 with
    #   A positions 0,1,2,3,4,4: EX = 7/3, Var X = 23/3 - 49/9 = 20/9;
    #   B positions 0,1,3,3,3,4: EY = 7/3, Var Y = 22/3 - 49/9 = 17/9; so 37/9.
    # kappa = 1 - (1/3) / (37/9) = 1 - 3/37 = 34/37 = 0.918919.
    a = [1, 2, 3, 4, 5, 5]
    b = [1, 2, 4, 4, 4, 5]
    assert cohen_kappa(a, b, weights="quadratic") == pytest.approx(34 / 37, rel=1e-12)
    assert cohen_kappa(a, b) == pytest.approx(float(_kappa_exact(a, b, [1, 2, 3, 4, 5], None)))
    assert cohen_kappa(a, b, weights="linear") == pytest.approx(
        float(_kappa_exact(a, b, [1, 2, 3, 4, 5], 1)), rel=1e-12
    )


def test_cohen_kappa_matches_exact_arithmetic_on_many_tables() -> None:
    rng = np.random.default_rng(3)
    cats = [1, 2, 3, 4]
    for _ in range(20):
        a = rng.integers(1, 5, size=15).tolist()
        b = np.clip(np.array(a) + rng.integers(-1, 2, size=15), 1, 4).tolist()
        for weights, power in ((None, None), ("linear", 1), ("quadratic", 2)):
            got = cohen_kappa(a, b, weights=weights, categories=cats)
            assert got == pytest.approx(float(_kappa_exact(a, b, cats, power)), rel=1e-12)


def test_kappa_is_zero_when_the_table_equals_chance() -> None:
    # Cells 5, 5, 5, 5: each rater says Y half the time, independently of the other.
    a = ["Y"] * 10 + ["N"] * 10
    b = (["Y"] * 5 + ["N"] * 5) * 2
    assert cohen_kappa(a, b) == pytest.approx(0.0, abs=1e-12)
    # 3 x 3 table n_ij = r_i x c_j (rows 2, 4, 2; columns 1, 2, 1): observed = expected.
    pairs = [(i, j) for i, r in enumerate((2, 4, 2)) for j, c in enumerate((1, 2, 1))
             for _ in range(r * c)]
    a3, b3 = [p[0] for p in pairs], [p[1] for p in pairs]
    for weights in (None, "linear", "quadratic"):
        assert cohen_kappa(a3, b3, weights=weights) == pytest.approx(0.0, abs=1e-12)


def test_weighted_kappa_properties() -> None:
    rng = np.random.default_rng(7)
    scale = [1, 2, 3, 4, 5]
    for _ in range(10):
        a = rng.integers(1, 6, size=12).tolist()
        b = rng.integers(1, 6, size=12).tolist()
        assert cohen_kappa(a, a, weights="quadratic", categories=scale) == pytest.approx(1.0)
        for weights in (None, "linear", "quadratic"):
            k_ab = cohen_kappa(a, b, weights=weights, categories=scale)
            assert k_ab <= 1.0 + 1e-12
            # swapping the two evaluators, or the order of the calls, changes nothing
            assert cohen_kappa(b, a, weights=weights, categories=scale) == pytest.approx(k_ab)
            order = rng.permutation(len(a))
            assert cohen_kappa([a[i] for i in order], [b[i] for i in order], weights=weights,
                               categories=scale) == pytest.approx(k_ab)


def test_weights_use_positions_in_categories() -> None:
    a = [1, 2, 3, 3, 5, 5]
    b = [1, 3, 3, 2, 5, 3]
    # nominal kappa ignores unused categories; weighted kappa depends on scale positions
    assert cohen_kappa(a, b, categories=[1, 2, 3, 4, 5]) == pytest.approx(cohen_kappa(a, b))
    observed_only = cohen_kappa(a, b, weights="linear")
    full_scale = cohen_kappa(a, b, weights="linear", categories=[1, 2, 3, 4, 5])
    assert observed_only == pytest.approx(float(_kappa_exact(a, b, [1, 2, 3, 5], 1)))
    assert full_scale == pytest.approx(float(_kappa_exact(a, b, [1, 2, 3, 4, 5], 1)))
    # text labels in scale order give the same as the numbers
    words = {1: "poor", 2: "fair", 3: "good", 4: "very good", 5: "excellent"}
    wa, wb = [words[v] for v in a], [words[v] for v in b]
    assert cohen_kappa(wa, wb, weights="linear", categories=list(words.values())) == (
        pytest.approx(full_scale)
    )


def test_missing_pairs_are_skipped() -> None:
    a = [1, 2, None, 3, 4, nan, 2]
    b = [1, 2, 3, nan, 4, 5, 3]
    kept_a, kept_b = [1, 2, 4, 2], [1, 2, 4, 3]
    assert percent_agreement(a, b) == pytest.approx(0.75)
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa(kept_a, kept_b))
    sa = pd.Series(["pass", "fail", None, "pass"], dtype="str")
    sb = pd.Series(["pass", "pass", "fail", "pass"])
    assert percent_agreement(sa, sb) == pytest.approx(2 / 3)
    assert isinstance(cohen_kappa(sa, sb), float)


# --- Fleiss, category counts and Krippendorff: independent checks and properties -------------


def test_fleiss_kappa_with_two_raters_is_scotts_pi() -> None:
    # Scott's pi on the worked 2x2 example: pooled shares Y (25 + 30) / 100 = 0.55, N 0.45;
    # p_e = 0.55^2 + 0.45^2 = 0.505; pi = (0.7 - 0.505) / 0.495 = 13/33.
    counts = category_counts(np.column_stack([COHEN_A, COHEN_B]), categories=["Y", "N"])
    assert counts.sum(axis=1).eq(2).all()
    assert fleiss_kappa(counts) == pytest.approx(13 / 33, rel=1e-12)


def test_category_counts_from_a_sheet() -> None:
    sheet = pd.DataFrame(
        {"ann": ["pass", "fail", "pass"], "bo": ["pass", "fail", None], "cy": ["fail"] * 3},
        index=["call-1", "call-2", "call-3"],
    )
    counts = category_counts(sheet)
    assert list(counts.columns) == ["fail", "pass"]
    assert list(counts.index) == ["call-1", "call-2", "call-3"]
    assert counts.to_numpy().tolist() == [[1, 2], [3, 0], [1, 1]]


def test_krippendorff_nominal_two_raters_relates_to_scotts_pi() -> None:
    # Two coders, no gaps: nominal alpha = 1 - (n - 1) / n x (1 - pi), n = 100 pairable values.
    alpha = krippendorff_alpha([COHEN_A, COHEN_B])
    assert alpha == pytest.approx(1 - 99 / 100 * (1 - 13 / 33), rel=1e-12)


def test_krippendorff_input_forms_and_ignored_units() -> None:
    base = krippendorff_alpha(KRIPPENDORFF_3X15, level="interval")
    frame = pd.DataFrame(KRIPPENDORFF_3X15, index=["A", "B", "C"])
    assert krippendorff_alpha(frame, level="interval") == pytest.approx(base)
    with_none = [[None if np.isnan(v) else v for v in row] for row in KRIPPENDORFF_3X15]
    assert krippendorff_alpha(with_none, level="interval") == pytest.approx(base)
    # units 1, 2 and 14 have fewer than 2 ratings: dropping them changes nothing
    keep = [u for u in range(15) if u not in (0, 1, 13)]
    trimmed = np.asarray(KRIPPENDORFF_3X15)[:, keep]
    assert krippendorff_alpha(trimmed, level="interval") == pytest.approx(base)


def test_krippendorff_perfect_agreement_is_one_at_every_level() -> None:
    data = [[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, nan]]
    for level in ("nominal", "ordinal", "interval", "ratio"):
        assert krippendorff_alpha(data, level=level) == pytest.approx(1.0)
    assert krippendorff_alpha([[0, 1, 2], [0, 1, 2]], level="ratio") == pytest.approx(1.0)


# --- ICC: independent check and properties --------------------------------------------------


def test_icc_1_1_from_scipy_one_way_anova() -> None:
    # ICC(1,1) = (F - 1) / (F + k - 1) with F the one-way ANOVA statistic across targets.
    table = np.asarray(SHROUT_FLEISS, dtype=float)
    f = stats.f_oneway(*table).statistic
    k = table.shape[1]
    assert icc(table, model="1,1") == pytest.approx((f - 1) / (f + k - 1), rel=1e-12)


def test_icc_consistency_ignores_a_harsh_judge_but_agreement_does_not() -> None:
    table = np.asarray(SHROUT_FLEISS, dtype=float)
    harsh = table.copy()
    harsh[:, 0] -= 3.0
    assert icc(harsh, model="3,1") == pytest.approx(icc(table, model="3,1"))
    assert icc(harsh, model="2,1") != pytest.approx(icc(table, model="2,1"))
    frame = pd.DataFrame(table, columns=["ann", "bo", "cy", "dee"])
    assert icc_forms(frame) == icc_forms(table)


def test_icc_result_is_frozen_with_readable_repr() -> None:
    result = icc_forms(SHROUT_FLEISS)
    assert isinstance(result, ICCResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.icc2_1 = 1.0  # type: ignore[misc]
    assert repr(result).startswith("ICCResult(targets=6, judges=4, ICC(1,1)=0.166, ICC(2,1)=0.290")


def test_icc_undefined_form_is_nan() -> None:
    # every call gets the same score from each judge, judges differ: consistency is 0 / 0
    result = icc_forms([[5, 7], [5, 7], [5, 7]])
    assert np.isnan(result.icc3_1)
    assert result.icc1_1 == pytest.approx(-1.0)


# --- interpretation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "scale", "label"),
    [
        (-0.1, "kappa", "poor"),
        (0.0, "kappa", "slight"),
        (0.20, "kappa", "slight"),
        (0.21, "kappa", "fair"),
        (0.41, "kappa", "moderate"),
        (0.80, "kappa", "substantial"),
        (0.81, "kappa", "almost perfect"),
        (1.0, "kappa", "almost perfect"),
        (0.49, "icc", "poor"),
        (0.50, "icc", "moderate"),
        (0.75, "icc", "good"),
        (0.90, "icc", "good"),
        (0.91, "icc", "excellent"),
        (0.66, "alpha", "unreliable"),
        (0.667, "alpha", "tentative"),
        (0.80, "alpha", "reliable"),
    ],
)
def test_interpretation_bands(value: float, scale: str, label: str) -> None:
    assert interpretation(value, scale=scale) == label


def test_interpretation_of_reference_values() -> None:
    assert interpretation(fleiss_kappa(FLEISS_WIKIPEDIA)) == "fair"
    assert interpretation(icc(SHROUT_FLEISS, model="3,1"), scale="icc") == "moderate"
    assert interpretation(krippendorff_alpha(KRIPPENDORFF_3X15), scale="alpha") == "tentative"


# --- errors -----------------------------------------------------------------------------------


def test_errors_two_raters() -> None:
    with pytest.raises(CxlabValueError, match=r"rater_b must rate the same items as rater_a "
                       r"\(3 ratings\), got 2 ratings"):
        cohen_kappa([1, 2, 3], [1, 2])
    with pytest.raises(CxlabValueError, match="rater_b must rate the same items"):
        percent_agreement([1, 2, 3], [1, 2, 3, 4])
    with pytest.raises(CxlabValueError, match="got none \\(an empty calibration set\\)"):
        percent_agreement([], [])
    with pytest.raises(CxlabValueError, match="an empty calibration set"):
        cohen_kappa(pd.Series([], dtype=float), pd.Series([], dtype=float))
    with pytest.raises(CxlabValueError, match="must share at least 2 items that both rated, "
                       "got 1"):
        cohen_kappa([1], [1])
    with pytest.raises(CxlabValueError, match="must share at least 2 items that both rated, "
                       "got 1 \\(pairs with a missing rating are skipped\\)"):
        percent_agreement([1, None, 3], [1, 2, nan])
    with pytest.raises(CxlabValueError, match="rater_a must be a list of ratings, one per item, "
                       "got 'pass'"):
        percent_agreement("pass", ["pass"])
    with pytest.raises(CxlabValueError, match=r"got an array of shape \(2, 2\)"):
        cohen_kappa([[1, 2], [3, 4]], [1, 2])


def test_errors_cohen_kappa_options() -> None:
    with pytest.raises(CxlabValueError, match="weights must be one of None, 'linear', "
                       "'quadratic'; got 'cubic'"):
        cohen_kappa([1, 2], [1, 2], weights="cubic")
    with pytest.raises(CxlabValueError, match="weights must be one of"):
        cohen_kappa([1, 2], [1, 2], weights=True)  # type: ignore[arg-type]
    with pytest.raises(CxlabValueError, match="rater_b must only use the categories 1, 2, 3; "
                       "got 4"):
        cohen_kappa([1, 2, 3], [1, 2, 4], categories=[1, 2, 3])
    with pytest.raises(CxlabValueError, match="categories must list each label once, "
                       "got 'good' twice"):
        cohen_kappa(["good", "poor"], ["good", "good"], categories=["poor", "good", "good"])
    with pytest.raises(CxlabValueError, match="categories must list at least 2 labels, got 1"):
        cohen_kappa(["good", "good"], ["good", "good"], categories=["good"])
    with pytest.raises(CxlabValueError, match="categories must give the scale order for "
                       "weighted kappa with text ratings, got none"):
        cohen_kappa(["poor", "good"], ["fair", "good"], weights="quadratic")
    with pytest.raises(CxlabValueError, match="at least 2 different categories between them, "
                       "got only 'pass': kappa is undefined when every rating is the same"):
        cohen_kappa(["pass"] * 4, ["pass"] * 4)


def test_errors_fleiss() -> None:
    with pytest.raises(CxlabValueError, match=r"counts must have the same number of raters in "
                       r"every row \(row 0 sums to 14\), got 13 in row 2"):
        fleiss_kappa([[0, 14], [7, 7], [6, 7]])
    with pytest.raises(CxlabValueError, match="counts must be 0 or more, got -1 at position 1"):
        fleiss_kappa([[3, -1], [1, 1]])
    with pytest.raises(CxlabValueError, match="counts must be a whole number, got 1.5"):
        fleiss_kappa([[1.5, 0.5], [1, 1]])
    with pytest.raises(CxlabValueError, match="counts must have at least 2 items \\(rows\\), "
                       "got none \\(an empty calibration set\\)"):
        fleiss_kappa([])
    with pytest.raises(CxlabValueError, match="counts must have at least 2 items \\(rows\\), "
                       "got 1"):
        fleiss_kappa([[2, 1]])
    with pytest.raises(CxlabValueError, match="counts rows must sum to at least 2 raters, "
                       "got 1 \\(a single rater\\)"):
        fleiss_kappa([[1, 0], [0, 1]])
    with pytest.raises(CxlabValueError, match="counts must be a table of items x categories "
                       "\\(2-D\\), got 1-D"):
        fleiss_kappa([3, 0, 2])
    with pytest.raises(CxlabValueError, match="counts must be a finite number, got nan"):
        fleiss_kappa([[3, nan], [1, 2]])
    with pytest.raises(CxlabValueError, match="counts must use at least 2 different "
                       "categories, got only one"):
        fleiss_kappa([[3, 0], [3, 0]])


def test_errors_krippendorff() -> None:
    with pytest.raises(CxlabValueError, match="level must be one of 'nominal', 'ordinal', "
                       "'interval', 'ratio'; got 'binary'"):
        krippendorff_alpha(KRIPPENDORFF_3X15, level="binary")
    with pytest.raises(CxlabValueError, match="ratings must come from at least 2 raters .* "
                       "got 1 \\(a single rater"):
        krippendorff_alpha([[1, 2, 3, 4]])
    with pytest.raises(CxlabValueError, match="got none \\(an empty calibration set\\)"):
        krippendorff_alpha(np.empty((3, 0)))
    with pytest.raises(CxlabValueError, match="ratings must have at least 2 units rated by 2 "
                       "or more raters, got 1"):
        krippendorff_alpha([[1, 2, nan], [1, nan, 3]])
    with pytest.raises(CxlabValueError, match="ratings must be numbers for level='interval', "
                       "got 'good' at row 1, column 0"):
        krippendorff_alpha([[3, 4], ["good", 4]], level="interval")
    with pytest.raises(CxlabValueError, match="ratings must be numbers for level='ratio', "
                       "got True"):
        krippendorff_alpha([[True, 1], [1, 1]], level="ratio")
    with pytest.raises(CxlabValueError, match="ratings must be 0 or more for level='ratio', "
                       "got -2 at row 0, column 1"):
        krippendorff_alpha([[1, -2], [1, 2]], level="ratio")
    with pytest.raises(CxlabValueError, match="categories must be None for level='interval'"):
        krippendorff_alpha([[1, 2], [1, 2]], level="interval", categories=[1, 2])
    with pytest.raises(CxlabValueError, match="categories must give the scale order for "
                       "ordinal alpha with text ratings"):
        krippendorff_alpha([["low", "high"], ["low", "mid"]], level="ordinal")
    with pytest.raises(CxlabValueError, match="ratings must only use the categories"):
        krippendorff_alpha([["a", "b"], ["a", "c"]], categories=["a", "b"])
    with pytest.raises(CxlabValueError, match="ratings must contain at least 2 different "
                       "values, got only 3: alpha is undefined when every rating is the same"):
        krippendorff_alpha([[3, 3, nan], [3, 3, 5]], level="interval")
    with pytest.raises(CxlabValueError, match="ratings must be a table \\(2-D\\), got 1-D"):
        krippendorff_alpha([1, 2, 3])
    with pytest.raises(CxlabValueError, match="rows of equal length, got rows of different"):
        krippendorff_alpha([[1, 2, 3], [1, 2]])


def test_errors_icc() -> None:
    with pytest.raises(CxlabValueError, match="scores must have no missing values .* got a "
                       "missing score at row 1, column 2"):
        icc([[1, 2, 3], [2, 3, nan]])
    with pytest.raises(CxlabValueError, match="scores must have at least 2 judges "
                       "\\(columns\\), got 1 \\(a single rater\\)"):
        icc([[1], [2], [3]])
    with pytest.raises(CxlabValueError, match="scores must have at least 2 targets "
                       "\\(rows\\), got 1"):
        icc([[1, 2, 3]])
    with pytest.raises(CxlabValueError, match="got none \\(an empty calibration set\\)"):
        icc_forms(np.empty((0, 3)))
    with pytest.raises(CxlabValueError, match="scores must be numbers"):
        icc([[1, "good"], [2, 3]])
    with pytest.raises(CxlabValueError, match="model must be one of '1,1', '2,1', '3,1', "
                       "'1,k', '2,k', '3,k'; got 'ICC2'"):
        icc(SHROUT_FLEISS, model="ICC2")
    with pytest.raises(CxlabValueError, match="scores must contain at least 2 different "
                       "values, got only 7: the ICC is undefined"):
        icc([[7, 7], [7, 7]])
    with pytest.raises(CxlabValueError, match="scores must be a table of targets x judges "
                       "\\(2-D\\), got 1-D"):
        icc([1, 2, 3])
    with pytest.raises(CxlabValueError, match="rows of equal length, got rows of different"):
        icc([[1, 2, 3], [1, 2]])


def test_errors_interpretation() -> None:
    with pytest.raises(CxlabValueError, match="scale must be one of 'kappa', 'icc', 'alpha'; "
                       "got 'ICC'"):
        interpretation(0.5, scale="ICC")
    with pytest.raises(CxlabValueError, match="value must be a single number of at most 1, "
                       "got 1.2"):
        interpretation(1.2)
    with pytest.raises(CxlabValueError, match="value must be a finite number, got nan"):
        interpretation(nan)
    with pytest.raises(CxlabValueError, match=r"value must be a single number, got \[0.5, 0.6\]"):
        interpretation([0.5, 0.6])


# --- housekeeping -----------------------------------------------------------------------------


def test_every_result_is_a_plain_float() -> None:
    values = [
        percent_agreement([1, 2], [1, 1]),
        cohen_kappa([1, 2, 2], [1, 2, 1]),
        fleiss_kappa(FLEISS_WIKIPEDIA),
        krippendorff_alpha(KRIPPENDORFF_3X15),
        icc(SHROUT_FLEISS),
    ]
    assert all(type(v) is float for v in values)


def test_model_layer_imports_no_plotting_or_jupyter() -> None:
    probe = (
        "import json, sys; import cxlab.coaching.agreement; "
        "print(json.dumps(sorted(m for m in ('matplotlib', 'ipywidgets', 'IPython') "
        "if m in sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True)
    assert json.loads(out.stdout) == []


def test_weighted_kappa_symmetry_over_all_small_tables() -> None:
    # Every pair of rating lists of length 3 on a 3-point scale: kappa is symmetric in the
    # raters and at most 1 whenever it is defined.
    scale = [1, 2, 3]
    for a in itertools.product(scale, repeat=3):
        for b in itertools.product(scale, repeat=3):
            if len(set(a) | set(b)) < 2:
                continue
            for weights in ("linear", "quadratic"):
                k_ab = cohen_kappa(a, b, weights=weights, categories=scale)
                assert k_ab == pytest.approx(cohen_kappa(b, a, weights=weights,
                                                         categories=scale))
                assert k_ab <= 1.0 + 1e-12
