"""Krippendorff's alpha: agreement among any number of evaluators, gaps allowed.

Re-exported by :mod:`cxlab.coaching.agreement`, which explains how the agreement statistics
fit together.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from .._validation import CxlabValueError, check_choice, describe
from ._ratings import _NO_VARIATION, _category_list, _encode, _missing, _table

__all__ = ["KRIPPENDORFF_LEVELS", "krippendorff_alpha"]

#: Levels of measurement accepted by :func:`krippendorff_alpha`.
KRIPPENDORFF_LEVELS: tuple[str, ...] = ("nominal", "ordinal", "interval", "ratio")


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
