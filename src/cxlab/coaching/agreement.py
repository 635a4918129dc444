"""Agreement between evaluators: how far a calibration session's scores can be trusted.

In a calibration session several evaluators (raters, judges, coders) score the same calls.
These functions say how closely they agree, and how much of that agreement is more than
chance would give:

* :func:`percent_agreement`: the share of calls two evaluators scored the same. Easy to
  explain, but flattered by chance: two evaluators who both pass 95% of calls at random
  agree on about 90% of them;
* :func:`cohen_kappa`: two evaluators, agreement beyond chance; with ``weights`` a near miss
  on an ordered scale (4 vs 5) counts as partial agreement;
* :func:`fleiss_kappa`: any fixed number of evaluators, from a table of counts (how many
  evaluators put each call in each category); :func:`category_counts` builds that table;
* :func:`krippendorff_alpha`: any number of evaluators, missing scores allowed, for nominal,
  ordinal, interval or ratio scores;
* :func:`icc` and :func:`icc_forms`: intraclass correlation for numeric scores (a QA score
  out of 100), in the six forms of Shrout & Fleiss (1979);
* :func:`interpretation`: the usual verbal band for a value (Landis & Koch 1977 for kappa,
  Koo & Li 2016 for ICC, Krippendorff 2004 for alpha).

Table orientation differs between the statistics, following their literature:
``krippendorff_alpha`` takes **raters x units** (one row per evaluator, as Krippendorff
writes reliability data); ``icc`` takes **targets x judges** (one row per call, one column
per evaluator, as Shrout & Fleiss write it); ``fleiss_kappa`` takes **subjects x
categories** counts. Pass ``table.T`` to turn a calls x evaluators sheet into raters x units.

Agreement beyond chance needs variation. When every rating is the same, chance agreement is
already 100% and kappa, alpha and the ICC are 0 / 0. cxlab then raises an error that says
so, rather than returning NaN (which spreads silently through a table) or 1.0 (which would
hide that such a calibration set cannot tell a careful evaluator from one who gives every
call the same score). Use :func:`percent_agreement` for such items, or calibrate on calls
that vary.

The statistics live in three modules, all importable from here: this one (percent agreement,
the kappas and :func:`interpretation`), :mod:`.krippendorff` and :mod:`.intraclass`.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    as_float_array,
    check_choice,
    check_integer,
    check_non_negative,
    describe,
)
from ._ratings import (
    _NO_VARIATION,
    _category_list,
    _encode,
    _is_frame,
    _missing,
    _paired,
    _table,
)
from .intraclass import ICC_MODELS, ICCResult, icc, icc_forms
from .krippendorff import KRIPPENDORFF_LEVELS, krippendorff_alpha

__all__ = [
    "ICC_MODELS",
    "INTERPRETATION_SCALES",
    "KAPPA_WEIGHTS",
    "KRIPPENDORFF_LEVELS",
    "ICCResult",
    "category_counts",
    "cohen_kappa",
    "fleiss_kappa",
    "icc",
    "icc_forms",
    "interpretation",
    "krippendorff_alpha",
    "percent_agreement",
]

#: Weightings accepted by :func:`cohen_kappa` (``None`` is unweighted, nominal kappa).
KAPPA_WEIGHTS: tuple[str, ...] = ("linear", "quadratic")

#: Scales of verbal bands known to :func:`interpretation`, with their source.
INTERPRETATION_SCALES: dict[str, str] = {
    "kappa": "Landis & Koch (1977)",
    "icc": "Koo & Li (2016)",
    "alpha": "Krippendorff (2004)",
}


# --- two raters --------------------------------------------------------------------------------


def percent_agreement(rater_a: Any, rater_b: Any) -> float:
    """The share of items that two evaluators rated the same (0 to 1).

    Items where either evaluator's rating is missing (``None`` or NaN) are skipped, so the
    share is over the items both rated. It does not correct for chance: see
    :func:`cohen_kappa`.

    Parameters
    ----------
    rater_a, rater_b : list, array or Series
        One rating per item (call), in the same item order: labels such as ``"pass"`` or
        scores such as ``4``.

    Returns
    -------
    float
        Items rated the same / items rated by both.

    Raises
    ------
    CxlabValueError
        If the lists differ in length, or fewer than 2 items were rated by both.

    Examples
    --------
    >>> percent_agreement(["pass", "pass", "fail", "pass"], ["pass", "fail", "fail", "pass"])
    0.75
    >>> percent_agreement([4, 5, None, 3], [4, 4, 2, 3])  # the third call is skipped
    0.6666666666666666
    >>> percent_agreement([4, 5], [4, 5, 3])
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: rater_b must rate the same items as rater_a \
(2 ratings), got 3 ratings (use None or NaN for an item a rater skipped)
    """
    a, b = _paired(rater_a, rater_b)
    same = sum(x == y for x, y in zip(a.tolist(), b.tolist(), strict=True))
    return float(same) / a.size


def _check_weights(weights: object) -> str | None:
    if weights is None:
        return None
    if not isinstance(weights, str) or weights not in KAPPA_WEIGHTS:
        raise CxlabValueError(
            f"weights must be one of None, 'linear', 'quadratic'; got {describe(weights)}"
        )
    return weights


def _disagreement_weights(k: int, weights: str | None) -> np.ndarray:
    """k x k disagreement weights: 0 on the diagonal, up to 1 for the farthest categories."""
    i, j = np.indices((k, k))
    if weights is None:
        return (i != j).astype(float)
    step = np.abs(i - j) / (k - 1)
    return step if weights == "linear" else step**2


def cohen_kappa(
    rater_a: Any,
    rater_b: Any,
    *,
    weights: str | None = None,
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Cohen's kappa: agreement between two evaluators beyond what chance would give.

    ``kappa = 1 - sum(w x observed) / sum(w x expected)``, where ``observed`` is the table of
    pairs (rater_a's category x rater_b's category) as shares, ``expected`` the table chance
    would give from each evaluator's own mix of categories, and ``w`` the disagreement weight
    of each cell. Unweighted (``weights=None``) every disagreement weighs 1 and this is
    ``(p_o - p_e) / (1 - p_e)``; ``"linear"`` weighs a disagreement by its distance on the
    scale, ``|i - j| / (k - 1)``, ``"quadratic"`` by ``((i - j) / (k - 1))^2``, with ``i``
    and ``j`` the positions of the two categories in ``categories``.

    1 is perfect agreement, 0 is what chance gives, below 0 is worse than chance. Items
    where either rating is missing (``None`` or NaN) are skipped.

    Parameters
    ----------
    rater_a, rater_b : list, array or Series
        One rating per item, in the same item order.
    weights : None, "linear" or "quadratic", keyword-only
        None for categories without order (pass/fail, reason codes); "linear" or
        "quadratic" for an ordered scale (1 to 5), where 4 vs 5 is a smaller disagreement
        than 1 vs 5. Quadratic weighting is the usual choice for QA scales.
    categories : list, optional, keyword-only
        The categories in scale order. Default: the sorted labels either evaluator used.
        Positions, not values, set the weights, so give the whole scale
        (``categories=[1, 2, 3, 4, 5]``) if some points were never used; with weights,
        text labels always need it (``["poor", "fair", "good"]``), as alphabetical order
        is rarely the order of the scale.

    Returns
    -------
    float

    Raises
    ------
    CxlabValueError
        If the lists differ in length, fewer than 2 items were rated by both, ``weights`` is
        unknown, a rating is not in ``categories``, or every rating is the same category
        (kappa is then 0 / 0).

    Examples
    --------
    Two evaluators mark 50 calls compliant (Y) or not (N): both Y on 20, both N on 15,
    A says Y and B says N on 5, A says N and B says Y on 10. Observed agreement is
    35/50 = 0.7, chance agreement 0.5 x 0.6 + 0.5 x 0.4 = 0.5, so kappa = 0.2 / 0.5 = 0.4.

    >>> a = ["Y"] * 25 + ["N"] * 25
    >>> b = ["Y"] * 20 + ["N"] * 5 + ["Y"] * 10 + ["N"] * 15
    >>> round(cohen_kappa(a, b), 6)
    0.4
    >>> scores_a = [1, 2, 3, 4, 5, 5]
    >>> scores_b = [1, 2, 4, 4, 4, 5]
    >>> round(cohen_kappa(scores_a, scores_b), 3), round(
    ...     cohen_kappa(scores_a, scores_b, weights="quadratic"), 3)
    (0.586, 0.919)
    >>> cohen_kappa(["good", "poor"], ["good", "fair"], weights="linear")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: categories must give the scale order for weighted \
kappa with text ratings, got none (alphabetical order 'fair', 'good', 'poor' is rarely the \
order of the scale)
    """
    w_name = _check_weights(weights)
    a, b = _paired(rater_a, rater_b)
    cats = _category_list(
        "rater_a and rater_b",
        np.concatenate([a, b]),
        categories,
        ordered=w_name is not None,
        why="weighted kappa",
    )
    ca = _encode("rater_a", a, cats)
    cb = _encode("rater_b", b, cats)
    k = len(cats)
    observed = np.zeros((k, k))
    np.add.at(observed, (ca, cb), 1.0)
    observed /= observed.sum()
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0))
    w = _disagreement_weights(k, w_name)
    chance_disagreement = float((w * expected).sum())
    if chance_disagreement <= 1e-15:
        raise CxlabValueError(
            f"rater_a and rater_b must use at least 2 different categories between them, got "
            f"only {describe(cats[int(ca[0])])}: kappa {_NO_VARIATION}"
        )
    return 1.0 - float((w * observed).sum()) / chance_disagreement


# --- many raters -------------------------------------------------------------------------------


def category_counts(
    ratings: Any, *, categories: Sequence[Hashable] | None = None
) -> pd.DataFrame:
    """Turn an items x evaluators sheet of labels into the items x categories counts table.

    This is the table :func:`fleiss_kappa` takes: how many evaluators put each item in each
    category. Missing ratings (None/NaN) are not counted.

    Parameters
    ----------
    ratings : 2-D list, array or DataFrame
        One row per item (call), one column per evaluator.
    categories : list, optional, keyword-only
        The columns of the result, in order. Default: the sorted labels used.

    Returns
    -------
    DataFrame
        One row per item (the DataFrame's index if one was given), one column per category.

    Examples
    --------
    >>> sheet = [["pass", "pass", "fail"], ["fail", "fail", "fail"]]
    >>> category_counts(sheet, categories=["pass", "fail"])
       pass  fail
    0     2     1
    1     0     3
    """
    arr, index = _table("ratings", ratings)
    mask = _missing(arr)
    cats = _category_list("ratings", arr[~mask], categories, ordered=False, why="")
    codes = np.full(arr.shape, -1, dtype=np.int64)
    codes[~mask] = _encode("ratings", arr[~mask], cats)
    counts = np.zeros((arr.shape[0], len(cats)), dtype=np.int64)
    rows = np.broadcast_to(np.arange(arr.shape[0])[:, None], arr.shape)
    np.add.at(counts, (rows[~mask], codes[~mask]), 1)
    return pd.DataFrame(counts, index=index, columns=pd.Index(cats, dtype=object))


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa: agreement beyond chance among a fixed number of evaluators.

    ``counts[i, j]`` is how many evaluators put item ``i`` in category ``j``; every item
    must be rated by the same number ``n >= 2`` of evaluators (not necessarily the same
    people). With ``P_i = (sum_j counts[i, j]^2 - n) / (n (n - 1))`` the agreement on item
    ``i``, ``p_j`` the share of all ratings in category ``j``, ``P = mean(P_i)`` and
    ``P_e = sum_j p_j^2``: ``kappa = (P - P_e) / (1 - P_e)`` (Fleiss 1971).

    Parameters
    ----------
    counts : 2-D list, array or DataFrame
        Items x categories counts (whole numbers, 0 or more). :func:`category_counts` makes
        it from an items x evaluators sheet of labels.

    Returns
    -------
    float

    Raises
    ------
    CxlabValueError
        If a count is negative, not whole or missing, there are fewer than 2 items, the rows
        do not all sum to the same number of evaluators, that number is below 2, or every
        rating is in one category.

    Examples
    --------
    Three evaluators rate four calls pass/fail:

    >>> round(fleiss_kappa([[3, 0], [0, 3], [2, 1], [3, 0]]), 4)
    0.625
    >>> fleiss_kappa([[3, 0], [2, 0]])
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: counts must have the same number of raters in every \
row (row 0 sums to 3), got 2 in row 1
    """
    if _is_frame(counts):
        counts = counts.to_numpy()
    arr = check_non_negative("counts", counts)
    if arr.size == 0:
        raise CxlabValueError(
            "counts must have at least 2 items (rows), got none (an empty calibration set)"
        )
    if arr.ndim != 2:
        raise CxlabValueError(
            f"counts must be a table of items x categories (2-D), got {arr.ndim}-D values"
        )
    n_items = arr.shape[0]
    if n_items < 2:
        raise CxlabValueError(f"counts must have at least 2 items (rows), got {n_items}")
    table = check_integer("counts", arr).astype(float)
    raters = table.sum(axis=1)
    bad = np.flatnonzero(raters != raters[0])
    if bad.size:
        row = int(bad[0])
        raise CxlabValueError(
            f"counts must have the same number of raters in every row (row 0 sums to "
            f"{int(raters[0])}), got {int(raters[row])} in row {row}"
        )
    n = raters[0]
    if n < 2:
        raise CxlabValueError(
            f"counts rows must sum to at least 2 raters, got {int(n)}"
            + (" (a single rater)" if n == 1 else "")
        )
    p_j = table.sum(axis=0) / (n_items * n)
    p_e = float((p_j**2).sum())
    if 1.0 - p_e <= 1e-15:
        raise CxlabValueError(
            f"counts must use at least 2 different categories, got only one: kappa {_NO_VARIATION}"
        )
    p_i = ((table**2).sum(axis=1) - n) / (n * (n - 1))
    return (float(p_i.mean()) - p_e) / (1.0 - p_e)


# --- interpretation ----------------------------------------------------------------------------


def interpretation(value: Any, *, scale: str = "kappa") -> str:
    """The usual verbal band for an agreement value, as a word to show a learner.

    * ``scale="kappa"``, Landis & Koch (1977), Biometrics 33:159-174, for Cohen's and
      Fleiss' kappa: below 0 "poor", up to 0.20 "slight", up to 0.40 "fair", up to 0.60
      "moderate", up to 0.80 "substantial", above 0.80 "almost perfect".
    * ``scale="icc"``, Koo & Li (2016), J. Chiropractic Medicine 15:155-163: below 0.50
      "poor", 0.50 to below 0.75 "moderate", 0.75 to 0.90 "good", above 0.90 "excellent".
      Koo & Li apply the bands to the 95% confidence interval, not only the point value.
    * ``scale="alpha"``, Krippendorff (2004), Content Analysis, 2nd ed., p. 241: below 0.667
      "unreliable", 0.667 to below 0.800 "tentative" (tentative conclusions only), 0.800 and
      above "reliable".

    The bands are conventions, not laws: the authors chose them by judgement, and a QA team
    may set a stricter bar for scores that affect pay.

    Parameters
    ----------
    value : float
        The kappa, ICC or alpha (a number of at most 1).
    scale : {"kappa", "icc", "alpha"}, keyword-only
        Whose bands to use.

    Returns
    -------
    str

    Examples
    --------
    >>> interpretation(0.4)
    'fair'
    >>> interpretation(0.29, scale="icc"), interpretation(0.81, scale="alpha")
    ('poor', 'reliable')
    >>> interpretation(1.2)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: value must be a single number of at most 1, got 1.2
    """
    scale = check_choice("scale", scale, INTERPRETATION_SCALES)
    arr = as_float_array("value", value)
    if arr.ndim != 0:
        raise CxlabValueError(f"value must be a single number, got {describe(value)}")
    v = float(arr)
    if v > 1.0 + 1e-12:
        raise CxlabValueError(f"value must be a single number of at most 1, got {describe(v)}")
    if scale == "kappa":
        bands = [(0.0, "poor", False), (0.20, "slight", True), (0.40, "fair", True),
                 (0.60, "moderate", True), (0.80, "substantial", True)]
        last = "almost perfect"
    elif scale == "icc":
        bands = [(0.50, "poor", False), (0.75, "moderate", False), (0.90, "good", True)]
        last = "excellent"
    else:
        bands = [(0.667, "unreliable", False), (0.800, "tentative", False)]
        last = "reliable"
    for bound, label, inclusive in bands:
        if v < bound or (inclusive and v == bound):
            return label
    return last
