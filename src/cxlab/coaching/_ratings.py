"""Reading evaluators' ratings for the agreement statistics (shared, not public).

Turns what a trainer passes (a list, a numpy array, a pandas Series or DataFrame) into arrays
the statistics in :mod:`.agreement`, :mod:`.krippendorff` and :mod:`.intraclass` compute on,
and refuses what cannot be ratings with a message that names the parameter.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Hashable, Sequence
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, describe

_NO_VARIATION = (
    "is undefined when every rating is the same (chance agreement is already 100%); "
    "use percent_agreement, or calibrate on calls that vary"
)


# --- reading ratings ---------------------------------------------------------------------------


def _is_frame(value: object) -> TypeGuard[Any]:
    """True for a pandas DataFrame (checked by name: pandas is imported, but its type is Any)."""
    return type(value).__name__ == "DataFrame" and hasattr(value, "to_numpy")


def _label_vector(name: str, values: Any) -> np.ndarray:
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
        cats = list(categories)
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
