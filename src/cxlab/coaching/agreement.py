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
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
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

#: Levels of measurement accepted by :func:`krippendorff_alpha`.
KRIPPENDORFF_LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")

#: The six Shrout & Fleiss (1979) forms, by the name :func:`icc` accepts: what each measures.
ICC_MODELS: dict[str, str] = {
    "1,1": "one-way random: each call scored by its own random set of evaluators; one evaluator",
    "2,1": "two-way random, absolute agreement: a harsher evaluator counts as disagreeing; "
    "one evaluator",
    "3,1": "two-way mixed, consistency: only the ranking of calls matters; one evaluator",
    "1,k": "as 1,1 for the mean score of all k evaluators",
    "2,k": "as 2,1 for the mean score of all k evaluators",
    "3,k": "as 3,1 for the mean score of all k evaluators",
}

#: Scales of verbal bands known to :func:`interpretation`, with their source.
INTERPRETATION_SCALES: dict[str, str] = {
    "kappa": "Landis & Koch (1977)",
    "icc": "Koo & Li (2016)",
    "alpha": "Krippendorff (2004)",
}

_NO_VARIATION = (
    "is undefined when every rating is the same (chance agreement is already 100%); "
    "use percent_agreement, or calibrate on calls that vary"
)


# --- reading ratings ---------------------------------------------------------------------------


def _is_frame(value: object) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "to_numpy")


def _label_vector(name: str, values: object) -> np.ndarray:
    """One rating per item as a 1-D object array (labels kept as given, None/NaN kept)."""
    if values is None or isinstance(values, (str, bytes, numbers.Number)):
        raise CxlabValueError(
            f"{name} must be a list of ratings, one per item, got {describe(values)}"
        )
    if _is_frame(values):
        raise CxlabValueError(
            f"{name} must be a list of ratings, one per item, got a table of "
            f"{values.shape[0]} rows x {values.shape[1]} columns (pick one column)"
        )
    if hasattr(values, "to_numpy"):
        arr = values.to_numpy(dtype=object)
    else:
        try:
            arr = np.asarray(values if hasattr(values, "__len__") else list(values), dtype=object)
        except (TypeError, ValueError):
            raise CxlabValueError(
                f"{name} must be a list of ratings, one per item, got {describe(values)}"
            ) from None
    if arr.ndim != 1:
        raise CxlabValueError(
            f"{name} must be a list of ratings, one per item, got an array of shape {arr.shape}"
        )
    return arr


def _missing(arr: np.ndarray) -> np.ndarray:
    return np.asarray(pd.isna(arr), dtype=bool)


def _needs_order(labels: Sequence[object]) -> bool:
    return any(isinstance(v, (str, bytes)) for v in labels)


def _category_list(
    name: str, observed: np.ndarray, categories: object, *, ordered: bool, why: str
) -> list[Hashable]:
    """The categories in use: ``categories`` if given, else the sorted observed labels.

    ``ordered`` means positions matter (weighted kappa, ordinal alpha): text labels then
    need an explicit order, because alphabetical order is rarely the order of the scale.
    """
    if categories is not None:
        if isinstance(categories, (str, bytes)) or not hasattr(categories, "__iter__"):
            raise CxlabValueError(
                f"categories must be a list of labels in scale order, got {describe(categories)}"
            )
        cats = list(categories)  # type: ignore[call-overload]
        missing = [c for c in cats if c is None or (isinstance(c, float) and math.isnan(c))]
        if missing:
            raise CxlabValueError("categories must be labels, got a missing value (None/NaN)")
        try:
            seen: dict[Hashable, int] = {}
            for c in cats:
                if c in seen:
                    raise CxlabValueError(
                        f"categories must list each label once, got {describe(c)} twice"
                    )
                seen[c] = 1
        except TypeError:
            raise CxlabValueError(
                f"categories must be single labels such as 3 or 'pass', got {describe(cats)}"
            ) from None
        if len(cats) < 2:
            raise CxlabValueError(
                f"categories must list at least 2 labels, got {len(cats)}"
            )
        return cats
    try:
        distinct = list(dict.fromkeys(observed.tolist()))
    except TypeError:
        raise CxlabValueError(
            f"{name} must hold single labels such as 3 or 'pass', got a list or other container"
        ) from None
    if ordered and _needs_order(distinct):
        shown = ", ".join(repr(v) for v in sorted(map(str, distinct))[:4])
        raise CxlabValueError(
            f"categories must give the scale order for {why} with text ratings, got none "
            f"(alphabetical order {shown} is rarely the order of the scale)"
        )
    try:
        return sorted(distinct)
    except TypeError:
        if ordered:
            raise CxlabValueError(
                f"categories must give the scale order for {why}: {name} mixes text and "
                "numbers, which cannot be sorted"
            ) from None
        return distinct


def _encode(name: str, labels: np.ndarray, cats: list[Hashable]) -> np.ndarray:
    """Position of each label in ``cats``; an error names the first label outside them."""
    index = {c: i for i, c in enumerate(cats)}
    codes = np.empty(labels.shape, dtype=np.int64)
    for pos, value in enumerate(labels.tolist()):
        try:
            codes[pos] = index[value]
        except (KeyError, TypeError):
            allowed = ", ".join(repr(c) for c in cats[:6]) + (", ..." if len(cats) > 6 else "")
            raise CxlabValueError(
                f"{name} must only use the categories {allowed}; got {describe(value)}"
            ) from None
    return codes


def _paired(rater_a: object, rater_b: object) -> tuple[np.ndarray, np.ndarray]:
    """The two raters' labels for the items both rated (pairs with a missing label dropped)."""
    a = _label_vector("rater_a", rater_a)
    b = _label_vector("rater_b", rater_b)
    if a.size != b.size:
        raise CxlabValueError(
            f"rater_b must rate the same items as rater_a ({a.size} ratings), got {b.size} "
            "ratings (use None or NaN for an item a rater skipped)"
        )
    if a.size == 0:
        raise CxlabValueError(
            "rater_a and rater_b must hold at least 2 rated items, got none "
            "(an empty calibration set)"
        )
    keep = ~(_missing(a) | _missing(b))
    kept = int(keep.sum())
    if kept < 2:
        raise CxlabValueError(
            "rater_a and rater_b must share at least 2 items that both rated, "
            f"got {kept} (pairs with a missing rating are skipped)"
        )
    return a[keep], b[keep]


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


def _ragged(arr: np.ndarray) -> bool:
    """True for the 1-D array of lists numpy makes from rows of different lengths."""
    return arr.ndim == 1 and any(isinstance(v, (list, tuple, np.ndarray)) for v in arr.tolist())


def _table(name: str, value: object) -> tuple[np.ndarray, Any]:
    """A 2-D object array (and the row index of a DataFrame, else a range)."""
    if value is None or isinstance(value, (str, bytes, numbers.Number)):
        raise CxlabValueError(f"{name} must be a table (2-D), got {describe(value)}")
    if _is_frame(value):
        return value.to_numpy(dtype=object), value.index
    try:
        arr = np.asarray(value, dtype=object)
    except ValueError:
        raise CxlabValueError(
            f"{name} must be a table (2-D) with rows of equal length, got rows of "
            "different lengths"
        ) from None
    if _ragged(arr):
        raise CxlabValueError(
            f"{name} must be a table (2-D) with rows of equal length, got rows of "
            "different lengths"
        )
    if arr.ndim != 2:
        raise CxlabValueError(f"{name} must be a table (2-D), got {arr.ndim}-D values")
    return arr, pd.RangeIndex(arr.shape[0])


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


def _alpha_values(
    ratings: object, level: str, categories: object
) -> tuple[np.ndarray, np.ndarray, list[Any]]:
    """Codes (raters x units, -1 for missing), each code's numeric value, and its label."""
    arr, _ = _table("ratings", ratings)
    if arr.size == 0:
        raise CxlabValueError(
            "ratings must have at least 2 units rated by 2 or more raters, got none "
            "(an empty calibration set)"
        )
    if arr.shape[0] < 2:
        raise CxlabValueError(
            f"ratings must come from at least 2 raters (rows: raters, columns: units), got "
            f"{arr.shape[0]} (a single rater; pass table.T if your rows are calls)"
        )
    mask = _missing(arr)
    codes = np.full(arr.shape, -1, dtype=np.int64)
    if level in ("interval", "ratio"):
        if categories is not None:
            raise CxlabValueError(
                f"categories must be None for level={level!r} (the numbers are the scale), "
                f"got {describe(categories)}"
            )
        numbers_ = np.full(arr.shape, np.nan)
        for (r, u), v in np.ndenumerate(arr):
            if mask[r, u]:
                continue
            ok = isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
            if not ok or not math.isfinite(float(v)):
                raise CxlabValueError(
                    f"ratings must be numbers for level={level!r}, got {describe(v)} at "
                    f"row {r}, column {u}"
                )
            numbers_[r, u] = float(v)
        negative = ~mask & (np.nan_to_num(numbers_) < 0)
        if level == "ratio" and negative.any():
            r, u = np.argwhere(negative)[0]
            raise CxlabValueError(
                f"ratings must be 0 or more for level='ratio', got "
                f"{describe(float(numbers_[r, u]))} at row {r}, column {u}"
            )
        values, inverse = np.unique(numbers_[~mask], return_inverse=True)
        codes[~mask] = inverse.ravel()
        return codes, values, values.tolist()
    cats = _category_list(
        "ratings", arr[~mask], categories, ordered=level == "ordinal", why="ordinal alpha"
    )
    codes[~mask] = _encode("ratings", arr[~mask], cats)
    return codes, np.arange(len(cats), dtype=float), cats


def krippendorff_alpha(
    ratings: Any,
    *,
    level: str = "nominal",
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Krippendorff's alpha: agreement among any number of evaluators, gaps allowed.

    ``alpha = 1 - D_o / D_e``: the disagreement observed between evaluators on the same
    unit, over the disagreement expected if the same ratings were paired at random
    (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). Both are computed from
    the coincidence matrix: every ordered pair of ratings of one unit by two different
    evaluators, weighted ``1 / (m_u - 1)`` where ``m_u`` is how many ratings unit ``u`` has.
    The ``level`` sets how far apart two ratings ``c`` and ``k`` are:

    * ``"nominal"``: 0 if equal, else 1 (categories without order);
    * ``"ordinal"``: ranks matter, and so does how many ratings fall between them:
      ``(sum of n_g for g from c to k - (n_c + n_k) / 2)^2``;
    * ``"interval"``: ``(c - k)^2`` (equal steps, such as a 1-10 score);
    * ``"ratio"``: ``((c - k) / (c + k))^2`` (a true zero, such as seconds of silence).

    Units rated by fewer than 2 evaluators give no pair and are ignored (a call only one
    evaluator scored says nothing about agreement). 1 is perfect agreement, 0 chance;
    Krippendorff (2004) asks for ``alpha >= 0.800``, and at least 0.667 for tentative
    conclusions.

    Parameters
    ----------
    ratings : 2-D list, array or DataFrame
        **Raters x units**: one row per evaluator, one column per call; ``None`` or NaN where
        an evaluator did not rate a call. Pass ``table.T`` for a calls x evaluators sheet.
    level : {"nominal", "ordinal", "interval", "ratio"}, keyword-only
        Level of measurement of the ratings.
    categories : list, optional, keyword-only
        For "nominal" and "ordinal": the categories, in scale order. Needed for ordinal text
        ratings (``["poor", "fair", "good"]``); unused categories change nothing. Must be
        None for "interval" and "ratio", where the numbers are the scale.

    Returns
    -------
    float

    Raises
    ------
    CxlabValueError
        If ``level`` is unknown, there is a single rater, fewer than 2 units are rated by 2
        or more evaluators, a rating is not a number (interval, ratio), negative (ratio) or
        outside ``categories``, or all paired ratings are the same value (alpha is then
        0 / 0; see the module notes).

    Examples
    --------
    Three evaluators, five calls, one call not scored by the third:

    >>> sheet = [[1, 2, 3, 3, 2],
    ...          [1, 2, 3, 3, 2],
    ...          [1, 2, 3, 4, None]]
    >>> round(krippendorff_alpha(sheet), 3), round(krippendorff_alpha(sheet, level="interval"), 3)
    (0.809, 0.914)
    >>> krippendorff_alpha([[1, 2, 3]])
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: ratings must come from at least 2 raters (rows: \
raters, columns: units), got 1 (a single rater; pass table.T if your rows are calls)
    """
    level = check_choice("level", level, KRIPPENDORFF_LEVELS)
    codes, values, labels = _alpha_values(ratings, level, categories)
    v = values.size
    # value counts per unit (units x values), counting only units with at least 2 ratings
    n_units = codes.shape[1]
    per_unit = np.zeros((n_units, max(v, 1)))
    rated = codes >= 0
    units = np.broadcast_to(np.arange(n_units)[None, :], codes.shape)
    np.add.at(per_unit, (units[rated], codes[rated]), 1.0)
    m_u = per_unit.sum(axis=1)
    pairable = m_u >= 2
    if int(pairable.sum()) < 2:
        raise CxlabValueError(
            "ratings must have at least 2 units rated by 2 or more raters, got "
            f"{int(pairable.sum())} (rows: raters, columns: units)"
        )
    counts = per_unit[pairable]
    weight = 1.0 / (m_u[pairable] - 1.0)
    weighted = counts * weight[:, None]
    coincidence = counts.T @ weighted - np.diag(weighted.sum(axis=0))
    n_c = coincidence.sum(axis=1)
    n = n_c.sum()
    if np.count_nonzero(n_c) < 2:
        only = labels[int(np.flatnonzero(n_c)[0])]
        raise CxlabValueError(
            f"ratings must contain at least 2 different values, got only {describe(only)}: "
            f"alpha {_NO_VARIATION}"
        )
    delta = _alpha_distance(level, values, n_c)
    observed = float((coincidence * delta).sum())
    expected = float((np.outer(n_c, n_c) * delta).sum()) / (n - 1.0)
    return float(1.0 - observed / expected)


def _alpha_distance(level: str, values: np.ndarray, n_c: np.ndarray) -> np.ndarray:
    """Squared difference function delta^2(c, k) of Krippendorff's alpha."""
    c = values[:, None]
    k = values[None, :]
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        with np.errstate(divide="ignore", invalid="ignore"):
            d = np.where(total == 0, 0.0, ((c - k) / np.where(total == 0, 1.0, total)) ** 2)
        return d
    # ordinal: values are positions 0..V-1; cumulative counts between the two ranks
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    i = np.arange(values.size)
    lo = np.minimum.outer(i, i)
    hi = np.maximum.outer(i, i)
    between = cum[hi + 1] - cum[lo]
    return (between - (n_c[lo] + n_c[hi]) / 2.0) ** 2


# --- intraclass correlation --------------------------------------------------------------------


@dataclass(frozen=True)
class ICCResult:
    """The six intraclass correlations of Shrout & Fleiss (1979) for one scores table.

    Attributes
    ----------
    icc1_1, icc2_1, icc3_1 : float
        Reliability of one evaluator's score: one-way random; two-way random, absolute
        agreement; two-way mixed, consistency. See ``ICC_MODELS``.
    icc1_k, icc2_k, icc3_k : float
        The same for the mean of all ``judges`` evaluators' scores.
    targets, judges : int
        Calls scored, and evaluators scoring each.

    A form whose formula is 0 / 0 for this table (for example every call got the same
    score from each evaluator, but evaluators differ) is NaN.
    """

    icc1_1: float
    icc2_1: float
    icc3_1: float
    icc1_k: float
    icc2_k: float
    icc3_k: float
    targets: int
    judges: int

    def __getitem__(self, model: str) -> float:
        """The form by its :func:`icc` name: ``result["2,1"]``."""
        model = check_choice("model", model, ICC_MODELS)
        return float(getattr(self, "icc" + model.replace(",", "_")))

    def __repr__(self) -> str:
        forms = ", ".join(
            f"ICC({m})={getattr(self, 'icc' + m.replace(',', '_')):.3f}" for m in ICC_MODELS
        )
        return f"ICCResult(targets={self.targets}, judges={self.judges}, {forms})"


def _scores_table(scores: object) -> np.ndarray:
    if _is_frame(scores):
        scores = scores.to_numpy()
    if scores is None or isinstance(scores, (str, bytes, numbers.Number)):
        raise CxlabValueError(
            f"scores must be a table of targets x judges (2-D), got {describe(scores)}"
        )
    try:
        raw = np.asarray(scores, dtype=object)
    except ValueError:
        raise CxlabValueError(
            "scores must be a table of targets x judges with rows of equal length, got rows "
            "of different lengths"
        ) from None
    if _ragged(raw):
        raise CxlabValueError(
            "scores must be a table of targets x judges with rows of equal length, got rows "
            "of different lengths"
        )
    if raw.ndim != 2:
        raise CxlabValueError(
            f"scores must be a table of targets x judges (2-D), got {raw.ndim}-D values"
        )
    if raw.size == 0:
        raise CxlabValueError(
            "scores must have at least 2 targets (rows), got none (an empty calibration set)"
        )
    gaps = np.argwhere(_missing(raw))
    if gaps.size:
        r, c = gaps[0]
        raise CxlabValueError(
            "scores must have no missing values (the ICC needs every judge to score every "
            f"target), got a missing score at row {r}, column {c}; use krippendorff_alpha "
            "(level='interval') when some scores are missing"
        )
    arr = as_float_array("scores", raw)
    targets, judges = arr.shape
    if targets < 2:
        raise CxlabValueError(f"scores must have at least 2 targets (rows), got {targets}")
    if judges < 2:
        raise CxlabValueError(
            f"scores must have at least 2 judges (columns), got {judges} (a single rater)"
        )
    return arr


def icc_forms(scores: Any) -> ICCResult:
    """All six intraclass correlations of Shrout & Fleiss (1979) for a targets x judges table.

    From the two-way analysis of variance of the table (``n`` targets, ``k`` judges) with
    mean squares ``BMS`` between targets, ``WMS`` within targets, ``JMS`` between judges and
    ``EMS`` residual:

    * ICC(1,1) = (BMS - WMS) / (BMS + (k - 1) WMS)
    * ICC(2,1) = (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)
    * ICC(3,1) = (BMS - EMS) / (BMS + (k - 1) EMS)
    * ICC(1,k) = (BMS - WMS) / BMS
    * ICC(2,k) = (BMS - EMS) / (BMS + (JMS - EMS) / n)
    * ICC(3,k) = (BMS - EMS) / BMS

    Parameters
    ----------
    scores : 2-D list, array or DataFrame
        **Targets x judges**: one row per call, one column per evaluator, no missing values.

    Returns
    -------
    ICCResult

    Raises
    ------
    CxlabValueError
        If a score is missing or not a number, there are fewer than 2 targets or 2 judges,
        or every score is the same.

    Examples
    --------
    Shrout & Fleiss's example, 6 targets scored by 4 judges:

    >>> table = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8],
    ...          [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> icc_forms(table)
    ICCResult(targets=6, judges=4, ICC(1,1)=0.166, ICC(2,1)=0.290, ICC(3,1)=0.715, \
ICC(1,k)=0.443, ICC(2,k)=0.620, ICC(3,k)=0.909)
    """
    x = _scores_table(scores)
    n, k = x.shape
    grand = x.mean()
    if np.ptp(x) == 0:
        raise CxlabValueError(
            f"scores must contain at least 2 different values, got only {describe(float(grand))}"
            f": the ICC {_NO_VARIATION}"
        )
    ss_total = float(((x - grand) ** 2).sum())
    ss_rows = k * float(((x.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((x.mean(axis=0) - grand) ** 2).sum())
    ss_error = max(ss_total - ss_rows - ss_cols, 0.0)
    bms = ss_rows / (n - 1)
    wms = (ss_total - ss_rows) / (n * (k - 1))
    jms = ss_cols / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))

    def ratio(num: float, den: float) -> float:
        return num / den if abs(den) > 1e-12 * max(bms, wms, jms, ems) else math.nan

    return ICCResult(
        icc1_1=ratio(bms - wms, bms + (k - 1) * wms),
        icc2_1=ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        icc3_1=ratio(bms - ems, bms + (k - 1) * ems),
        icc1_k=ratio(bms - wms, bms),
        icc2_k=ratio(bms - ems, bms + (jms - ems) / n),
        icc3_k=ratio(bms - ems, bms),
        targets=n,
        judges=k,
    )


def icc(scores: Any, *, model: str = "2,1") -> float:
    """One intraclass correlation (Shrout & Fleiss 1979) of a targets x judges table.

    For calibration the default ``"2,1"`` is usually the one to report: two-way random,
    absolute agreement, one evaluator. It asks "if any one of our evaluators scores a call,
    how close is that score to what the others would give?", so an evaluator who is
    consistently 10 points harsher lowers it. ``"3,1"`` (consistency) ignores such a
    constant offset and only asks whether evaluators rank calls alike. See ``ICC_MODELS``
    and :func:`icc_forms` for the formulas.

    Parameters
    ----------
    scores : 2-D list, array or DataFrame
        **Targets x judges**: one row per call, one column per evaluator, no missing values.
    model : {"1,1", "2,1", "3,1", "1,k", "2,k", "3,k"}, keyword-only
        Which form.

    Returns
    -------
    float

    Raises
    ------
    CxlabValueError
        As :func:`icc_forms`, or if ``model`` is unknown.

    Examples
    --------
    Three evaluators score four calls out of 100; the third is 10 points harsher:

    >>> sheet = [[80, 82, 70], [60, 61, 50], [90, 88, 80], [70, 72, 60]]
    >>> round(icc(sheet), 3), round(icc(sheet, model="3,1"), 3)
    (0.809, 0.992)
    >>> icc(sheet, model="2")
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: model must be one of '1,1', '2,1', '3,1', '1,k', \
'2,k', '3,k'; got '2'
    """
    model = check_choice("model", model, ICC_MODELS)
    return icc_forms(scores)[model]


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
