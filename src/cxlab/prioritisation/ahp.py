"""Analytic Hierarchy Process (AHP): weights from pairwise comparisons, and their consistency.

Each judgement says how many times more important (or preferred) one item is than another, on
Saaty's scale from 1 (equal) through 3 (moderately), 5 (strongly), 7 (very strongly) to 9
(extremely), with the reciprocal (1/3, 1/5, ...) for the other way round. The weights are the
principal eigenvector of the comparison matrix, scaled to sum to 1.

Consistency: with ``lambda_max`` the principal eigenvalue and ``n`` items, the consistency
index is ``CI = (lambda_max - n) / (n - 1)`` and the consistency ratio ``CR = CI / RI``, where
RI is Saaty's random index (the average CI of random matrices of that size). ``CR < 0.10`` is
acceptable; above it, revisit the judgements (``AHPResult.most_inconsistent`` says where).

>>> result = ahp({("Quick fix", "New IVR"): 3, ("Quick fix", "Chatbot"): 5,
...               ("New IVR", "Chatbot"): 2})
>>> result.weights.round(3).to_dict()
{'Quick fix': 0.648, 'New IVR': 0.23, 'Chatbot': 0.122}
>>> round(result.consistency_ratio, 3)
0.003
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, as_float_array, describe

__all__ = ["RANDOM_INDEX", "AHPResult", "ahp", "ahp_matrix", "combine_ahp"]

#: Saaty's random index by number of items (0 for 1 or 2 items: they are always consistent).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
                9: 1.45, 10: 1.49}
#: Consistency ratios below this are acceptable (Saaty).
CR_THRESHOLD = 0.10
#: How far ``a[i, j] * a[j, i]`` may stray from 1, so 0.33 typed for 1/3 still counts.
RECIPROCAL_TOLERANCE = 0.02
SCALE_LOW, SCALE_HIGH = 1 / 9, 9.0


def _fraction(value: float) -> str:
    """A judgement as people write it: 3, 1/3, 2.5."""
    if value >= 1:
        return f"{value:g}"
    inverse = Fraction(1 / value).limit_denominator(10)
    if abs(float(inverse) - 1 / value) < 0.02:
        return f"1/{inverse}" if inverse.denominator == 1 else f"{value:.3g}"
    return f"{value:.3g}"


@dataclass(frozen=True)
class AHPResult:
    """Weights and consistency of one pairwise comparison matrix.

    Attributes
    ----------
    weights : pandas.Series
        Priority of each item, summing to 1, in the order of the matrix.
    matrix : pandas.DataFrame
        The full comparison matrix (``matrix.loc[a, b]``: how many times a beats b).
    lambda_max : float
        Principal eigenvalue (equal to the number of items when perfectly consistent).
    consistency_index, random_index, consistency_ratio : float
        ``CI = (lambda_max - n) / (n - 1)``, Saaty's RI for n, ``CR = CI / RI``.
    """

    weights: pd.Series
    matrix: pd.DataFrame
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float

    @property
    def consistent(self) -> bool:
        """True when the consistency ratio is below 0.10 (Saaty's rule)."""
        return self.consistency_ratio < CR_THRESHOLD

    @property
    def most_inconsistent(self) -> pd.DataFrame:
        """The judgements furthest from what the weights imply, worst first.

        ``implied`` is ``w[a] / w[b]``; a judgement far from it (``off_by`` as a factor) is the
        first to discuss again.
        """
        w = self.weights
        rows = []
        labels = list(w.index)
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                given = float(self.matrix.loc[a, b])
                implied = float(w[a] / w[b])
                rows.append({"item": a, "versus": b, "given": given, "implied": implied,
                             "off_by": max(given / implied, implied / given)})
        table = pd.DataFrame(rows, columns=["item", "versus", "given", "implied", "off_by"])
        return table.sort_values("off_by", ascending=False, ignore_index=True)

    def summary(self) -> str:
        """One plain sentence about the result."""
        top = self.weights.idxmax()
        verdict = ("consistent enough (CR below 0.10)" if self.consistent else
                   "inconsistent (CR 0.10 or more): revisit the judgements, starting with "
                   f"{self.most_inconsistent.loc[0, 'item']!r} versus "
                   f"{self.most_inconsistent.loc[0, 'versus']!r}")
        return (f"{top!r} comes first with {self.weights[top]:.0%} of the weight; the "
                f"judgements are {verdict}; CR = {self.consistency_ratio:.3f}.")

    def __str__(self) -> str:
        return self.summary()


def ahp_matrix(pairs: Mapping[tuple[str, str], float]) -> pd.DataFrame:
    """Build the full reciprocal comparison matrix from one judgement per pair.

    ``pairs[(a, b)] = v`` means a is v times as important as b; ``(b, a)`` is then 1/v and may
    be left out. Every pair of items must be judged once.

    >>> ahp_matrix({("A", "B"): 3}).to_dict()
    {'A': {'A': 1.0, 'B': 0.3333333333333333}, 'B': {'A': 3.0, 'B': 1.0}}
    """
    if not isinstance(pairs, Mapping) or not pairs:
        raise CxlabValueError("pairs must be a dict of judgements like {('A', 'B'): 3, ...}, "
                              f"got {describe(pairs)}")
    labels: list[str] = []
    for key in pairs:
        if not (isinstance(key, tuple) and len(key) == 2):
            raise CxlabValueError(f"each judgement in pairs needs a pair of items like "
                                  f"('A', 'B'), got {describe(key)}")
        if key[0] == key[1]:
            raise CxlabValueError(f"{key[0]!r} is compared with itself; leave the diagonal out")
        for item in key:
            if item not in labels:
                labels.append(item)
    n = len(labels)
    matrix = np.full((n, n), np.nan)
    np.fill_diagonal(matrix, 1.0)
    index = {label: i for i, label in enumerate(labels)}
    for (a, b), value in pairs.items():
        v = as_float_array(f"the judgement of {a!r} over {b!r}", value, scalar=True)
        _check_scale(v, f"the judgement of {a!r} over {b!r}")
        i, j = index[a], index[b]
        if not np.isnan(matrix[i, j]) and abs(matrix[i, j] * 1 / v - 1) > RECIPROCAL_TOLERANCE:
            raise CxlabValueError(
                f"the judgements of {a!r} and {b!r} contradict each other: {a!r} over {b!r} "
                f"is {_fraction(v)} but {b!r} over {a!r} is {_fraction(1 / matrix[i, j])}; "
                "give each pair once")
        matrix[i, j], matrix[j, i] = v, 1 / v
    missing = [(labels[i], labels[j]) for i in range(n) for j in range(i + 1, n)
               if np.isnan(matrix[i, j])]
    if missing:
        shown = ", ".join(f"{a!r} with {b!r}" for a, b in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise CxlabValueError(f"every pair must be judged; missing: {shown}{more}")
    return pd.DataFrame(matrix, index=labels, columns=labels)


def _check_scale(value: float, name: str) -> None:
    if value <= 0:
        raise CxlabValueError(f"{name} must be positive (1/9 to 9 on Saaty's scale), "
                              f"got {describe(value)}")
    if not (SCALE_LOW * (1 - 1e-9) <= value <= SCALE_HIGH * (1 + 1e-9)):
        raise CxlabValueError(f"{name} must be on Saaty's scale from 1/9 to 9, "
                              f"got {describe(value)}")


def _as_matrix(matrix: object, labels: Sequence[str] | None) -> pd.DataFrame:
    if isinstance(matrix, Mapping):
        if not matrix:
            raise CxlabValueError("matrix must compare at least 2 items: a square table, or a "
                                  "dict of judgements like {('A', 'B'): 3, ...}; got {}")
        try:
            return ahp_matrix(matrix)
        except CxlabValueError as exc:  # name the parameter: ahp_matrix calls it pairs
            raise CxlabValueError(f"matrix (a dict of judgements): {exc}") from None
    if isinstance(matrix, pd.DataFrame):
        values = as_float_array("matrix", matrix.to_numpy())
        labels = list(matrix.index) if labels is None else list(labels)
    else:
        rows = list(matrix) if isinstance(matrix, (list, tuple)) else None
        if rows and any(not hasattr(r, "__len__") or len(r) != len(rows) for r in rows):
            raise CxlabValueError(f"matrix must be square (as many rows as columns), got "
                                  f"{len(rows)} rows of lengths "
                                  f"{[len(r) if hasattr(r, '__len__') else 1 for r in rows]}")
        values = as_float_array("matrix", matrix)
    if values.ndim != 2 or values.shape[0] != values.shape[1]:
        raise CxlabValueError(f"matrix must be square (as many rows as columns), got shape "
                              f"{values.shape}")
    n = values.shape[0]
    if labels is None:
        labels = [f"item {i + 1}" for i in range(n)]
    labels = list(labels)
    if len(labels) != n:
        raise CxlabValueError(f"labels must name the {n} rows of the matrix, got {len(labels)}")
    if not np.allclose(np.diag(values), 1.0):
        i = int(np.flatnonzero(~np.isclose(np.diag(values), 1.0))[0])
        raise CxlabValueError(f"the diagonal of the matrix must be 1 (each item equals itself); "
                              f"row {i + 1}, column {i + 1} is {describe(float(values[i, i]))}")
    for i in range(n):
        for j in range(n):
            _check_scale(float(values[i, j]), f"matrix row {i + 1}, column {j + 1}")
    for i in range(n):
        for j in range(i + 1, n):
            if abs(values[i, j] * values[j, i] - 1) > RECIPROCAL_TOLERANCE:
                raise CxlabValueError(
                    f"the matrix must be reciprocal: row {i + 1}, column {j + 1} is "
                    f"{_fraction(values[i, j])}, so row {j + 1}, column {i + 1} must be "
                    f"{_fraction(1 / values[i, j])}, got {_fraction(values[j, i])}")
    return pd.DataFrame(values, index=labels, columns=labels)


def ahp(matrix: object, labels: Sequence[str] | None = None) -> AHPResult:
    """Priority weights and consistency ratio of a pairwise comparison matrix.

    Parameters
    ----------
    matrix : square array, DataFrame, or dict of judgements
        ``matrix[i][j]`` says how many times item i is as important as item j (Saaty's 1/9
        to 9), with 1 on the diagonal and ``matrix[j][i] = 1 / matrix[i][j]``. A dict
        ``{("A", "B"): 3, ...}`` gives each pair once (see :func:`ahp_matrix`).
    labels : list of str, optional
        Item names for an array (a DataFrame or dict carries its own).

    Returns
    -------
    AHPResult
        ``weights`` (principal eigenvector, summing to 1), ``lambda_max``, and
        ``consistency_ratio`` with Saaty's random index; ``consistent`` is ``CR < 0.10``.

    Raises
    ------
    CxlabValueError
        For a matrix that is not square, has a diagonal other than 1, values off Saaty's
        scale, is not reciprocal (naming the two cells), or has more than 10 items.
    """
    table = _as_matrix(matrix, labels)
    n = len(table)
    if n < 2:
        raise CxlabValueError(f"matrix must compare at least 2 items (AHP needs 2 or more), "
                              f"got {n}")
    if n > max(RANDOM_INDEX):
        raise CxlabValueError(
            f"AHP compares at most 10 items at once (Saaty's random index is tabulated up to "
            f"10, and people cannot judge more pairs reliably), got {n}: group the items "
            "under criteria and compare within each group")
    values = table.to_numpy()
    eigenvalues, eigenvectors = np.linalg.eig(values)
    k = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[k].real)
    vector = np.abs(eigenvectors[:, k].real)
    weights = pd.Series(vector / vector.sum(), index=table.index, name="weight")
    ci = max((lambda_max - n) / (n - 1), 0.0)
    ri = RANDOM_INDEX[n]
    cr = ci / ri if ri > 0 else 0.0
    return AHPResult(weights=weights, matrix=table, lambda_max=lambda_max,
                     consistency_index=ci, random_index=ri, consistency_ratio=cr)


def combine_ahp(criteria: AHPResult, alternatives: Mapping[str, AHPResult]) -> pd.Series:
    """Overall weights of the alternatives in a two-level hierarchy.

    Each alternative's overall weight is the sum over criteria of (criterion weight x the
    alternative's weight under that criterion).

    Parameters
    ----------
    criteria : AHPResult
        Weights of the criteria.
    alternatives : dict of criterion name -> AHPResult
        For every criterion, the alternatives compared under it (same alternatives each time).
    """
    if not isinstance(criteria, AHPResult):
        raise CxlabValueError(f"criteria must be the ahp() result of the criteria, got "
                              f"{describe(criteria)}")
    if not isinstance(alternatives, Mapping) or not all(
            isinstance(v, AHPResult) for v in alternatives.values()):
        raise CxlabValueError("alternatives must be a dict {criterion: ahp(...) result}, got "
                              f"{describe(alternatives)}")
    missing = [c for c in criteria.weights.index if c not in alternatives]
    if missing:
        raise CxlabValueError("alternatives must hold a comparison for every criterion; "
                              f"missing: {', '.join(map(repr, missing))}")
    names = sorted(alternatives[criteria.weights.index[0]].weights.index)
    total = pd.Series(0.0, index=names, name="weight")
    for criterion, weight in criteria.weights.items():
        local = alternatives[criterion].weights
        if sorted(local.index) != names:
            raise CxlabValueError(
                f"the comparison under {criterion!r} covers {sorted(local.index)}, not the "
                f"same alternatives as the others ({names})")
        total += weight * local.reindex(names)
    return total
