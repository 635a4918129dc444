"""Intraclass correlation (Shrout & Fleiss 1979) for numeric scores such as a QA score.

Re-exported by :mod:`cxlab.coaching.agreement`, which explains how the agreement statistics
fit together.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._validation import CxlabValueError, as_float_array, check_choice, describe
from ._ratings import _NO_VARIATION, _is_frame, _missing, _ragged

__all__ = ["ICC_MODELS", "ICCResult", "icc", "icc_forms"]

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
