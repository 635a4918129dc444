"""Cost/benefit scoring of initiatives, the impact/effort matrix, and RICE and WSJF to compare.

**The cxlab cost/benefit score** (what module 04 teaches), for each initiative:

* ``value = customer_weight x customer_benefit + business_weight x business_benefit``
  (both benefits on 1-5, weights summing to 1; by default 0.6 and 0.4, customers first);
* ``confidence = 1 - risk_discount x (risk - 1)``: with the default 0.1, risk 1 keeps all of
  the value and risk 5 keeps 60 %;
* ``total_cost = cost + effort x cost_per_person_week`` in thousands (default 2.5 k a
  person-week, so own people's time is not free);
* ``priority = value x confidence / (total_cost / 10)``: risk-adjusted benefit points per
  10 k spent. Higher first.

**The impact/effort matrix** places value (up) against effort in person-weeks (across):
value of ``value_threshold`` (3, the middle of the 1-5 scale) or more is high; effort above
``effort_threshold`` (by default the backlog's median effort) is high. The quadrants:

================  ==============  ===============================================
quadrant          value, effort   what to do
================  ==============  ===============================================
quick win         high, low       do now
major project     high, high      plan, fund and phase
fill-in           low, low        when there is spare capacity
money pit         low, high       avoid, or rethink
================  ==============  ===============================================

**A weighted score** (:func:`weighted_scores`) is the other way to rank, and the way to use
weights a steering group agreed with AHP (:mod:`cxlab.prioritisation.ahp`): every criterion
is rated from 0 (worst in the backlog) to 1 (best) and the ratings are added with the weights,
``weighted score = sum of weight x rating``. Cost and risk are then two criteria like the
benefits, each counted **once**, through its weight. Do not also feed weights for cost or risk
into the cost/benefit score: it already divides by cost and discounts for risk, so they would
count twice. With the cost/benefit score, only the benefit weights belong in ``value``
(``customer_weight`` = customer weight / (customer + business weight)).

>>> rice(reach=2000, impact=2, confidence=0.8, effort=4)
800.0
>>> wsjf(business_value=8, time_criticality=5, risk_reduction=3, job_size=8)
2.0
"""

from __future__ import annotations

from typing import overload

import numpy as np
import pandas as pd

from .._shapes import ArrayLike, Floats, restore_shape
from .._validation import (
    CxlabValueError,
    check_bool,
    check_in_range,
    check_non_negative,
    check_positive,
    describe,
)
from .backlog import validate_backlog

__all__ = ["CRITERIA", "QUADRANTS", "RICE_IMPACT", "priority_scores", "quadrant", "rice",
           "weighted_scores", "wsjf"]

#: Quadrant names, in reading order of the matrix (top left first).
QUADRANTS = ("quick win", "major project", "fill-in", "money pit")
#: RICE impact scale: massive 3, high 2, medium 1, low 0.5, minimal 0.25.
RICE_IMPACT = {3.0: "massive", 2.0: "high", 1.0: "medium", 0.5: "low", 0.25: "minimal"}
#: The criteria of :func:`weighted_scores`, named as a steering group names them in AHP, and how
#: each initiative is rated on them, from 0 (worst) to 1 (best). Each backlog column is in one
#: criterion only.
CRITERIA = {
    "Customer benefit": "(customer_benefit - 1) / 4: benefit 1 rates 0, benefit 5 rates 1",
    "Business benefit": "(business_benefit - 1) / 4",
    "Low cost": "total cost (cost + effort x cost per person-week) on a straight line: the "
    "cheapest initiative of the backlog rates 1, the dearest 0",
    "Low risk": "(5 - risk) / 4: risk 1 rates 1, risk 5 rates 0",
}


def quadrant(value: float, effort: float, *, value_threshold: float = 3.0,
             effort_threshold: float) -> str:
    """Quadrant of the impact/effort matrix for one initiative.

    >>> quadrant(4.2, 3, effort_threshold=6)
    'quick win'
    >>> quadrant(2.0, 20, effort_threshold=6)
    'money pit'
    >>> quadrant(4.2, -3, effort_threshold=6)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: effort must be 0 or more, got -3
    """
    value = check_in_range("value", value, 0, 5, hint="value is on the 1-5 scale",
                           scalar=True)
    effort = check_non_negative("effort", effort, scalar=True)
    value_threshold = check_in_range("value_threshold", value_threshold, 1, 5, scalar=True)
    effort_threshold = check_positive("effort_threshold", effort_threshold, scalar=True)
    high_value = value >= value_threshold
    high_effort = effort > effort_threshold
    if high_value:
        return "major project" if high_effort else "quick win"
    return "money pit" if high_effort else "fill-in"


def priority_scores(
    backlog: pd.DataFrame,
    *,
    customer_weight: float = 0.6,
    cost_per_person_week: float = 2.5,
    risk_discount: float = 0.1,
    value_threshold: float = 3.0,
    effort_threshold: float | None = None,
    include_done: bool = False,
) -> pd.DataFrame:
    """Score, rank and place every initiative of a backlog (see the module notes).

    Parameters
    ----------
    backlog : DataFrame
        A backlog (see :mod:`cxlab.prioritisation.backlog`), e.g. from ``load_backlog()``.
    customer_weight : float, default 0.6
        Weight of customer benefit in value, from 0 to 1; business benefit gets the rest.
    cost_per_person_week : float, default 2.5
        Thousands a person-week of own effort costs, 0 or more.
    risk_discount : float, default 0.1
        Value lost per risk point above 1, from 0 to 0.25 (at 0.25 risk 5 keeps nothing).
    value_threshold : float, default 3.0
        Value from which an initiative counts as high value (1 to 5).
    effort_threshold : float, optional
        Person-weeks above which effort counts as high; by default the median effort.
    include_done : bool, default False
        Also score initiatives whose status is ``done``.

    Returns
    -------
    DataFrame
        The backlog's code, title, domain, status, effort and cost, plus ``value``,
        ``confidence``, ``total_cost``, ``priority``, ``quadrant`` and ``rank`` (1 = first),
        sorted by priority.
    """
    table = validate_backlog(backlog)
    w_customer = check_in_range("customer_weight", customer_weight, 0, 1, scalar=True)
    rate = check_non_negative("cost_per_person_week", cost_per_person_week, scalar=True)
    discount = check_in_range("risk_discount", risk_discount, 0, 0.25, scalar=True)
    v_threshold = check_in_range("value_threshold", value_threshold, 1, 5, scalar=True)
    if not check_bool("include_done", include_done):
        table = table[table["status"] != "done"]
        if table.empty:
            raise CxlabValueError("every initiative in the backlog is done: nothing is left to "
                                  "prioritise (include_done=True scores them anyway)")
    if effort_threshold is None:
        e_threshold = float(table["effort"].median())
    else:
        e_threshold = check_positive("effort_threshold", effort_threshold, scalar=True)
    scores = table[["title", "domain", "status", "customer_benefit", "business_benefit",
                    "risk", "cost", "effort"]].copy()
    scores["value"] = (w_customer * table["customer_benefit"]
                       + (1 - w_customer) * table["business_benefit"])
    scores["confidence"] = 1 - discount * (table["risk"] - 1)
    scores["total_cost"] = table["cost"] + table["effort"] * rate
    if (scores["total_cost"] <= 0).any():
        free = ", ".join(scores.index[scores["total_cost"] <= 0][:5])
        raise CxlabValueError(f"total cost is 0 for {free}: give cost_per_person_week above 0 "
                              "or a cost, so benefit per 10 k can be worked out")
    scores["priority"] = scores["value"] * scores["confidence"] / (scores["total_cost"] / 10)
    scores["quadrant"] = [quadrant(v, e, value_threshold=v_threshold,
                                   effort_threshold=e_threshold)
                          for v, e in zip(scores["value"], scores["effort"], strict=True)]
    scores = scores.sort_values(["priority", "value"], ascending=False, kind="stable")
    scores["rank"] = np.arange(1, len(scores) + 1)
    scores.attrs.update(value_threshold=v_threshold, effort_threshold=e_threshold,
                        customer_weight=w_customer, cost_per_person_week=rate,
                        risk_discount=discount)
    return scores


def _criterion_weights(weights: object) -> dict[str, float]:
    """Weights by criterion name, checked: known names, 0 or more, adding up to 1."""
    if hasattr(weights, "weights") and isinstance(weights.weights, pd.Series):
        weights = weights.weights  # an AHPResult
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if not isinstance(weights, dict) or not weights:
        raise CxlabValueError("weights must map criteria to weights, e.g. the AHP result's "
                              "weights or {'Customer benefit': 0.6, 'Low cost': 0.4}; got "
                              f"{describe(weights)}")
    unknown = [name for name in weights if name not in CRITERIA]
    if unknown:
        raise CxlabValueError(f"weights names an unknown criterion {unknown[0]!r}; the criteria "
                              f"are {', '.join(map(repr, CRITERIA))}")
    checked = {name: check_non_negative(f"the weight of {name!r}", value, scalar=True)
               for name, value in weights.items()}
    total = sum(checked.values())
    if abs(total - 1) > 1e-6:
        raise CxlabValueError(f"weights must add up to 1 (AHP weights do), got {total:.6g}")
    return checked


def weighted_scores(
    backlog: pd.DataFrame,
    weights: object,
    *,
    cost_per_person_week: float = 2.5,
    include_done: bool = False,
) -> pd.DataFrame:
    """Rank a backlog by a weighted score of its criteria, each counted once.

    Every initiative is rated on each criterion from 0 (worst) to 1 (best), see
    ``CRITERIA``, and ``weighted_score = sum of weight x rating``, from 0 to 1. Cost and risk
    enter once each, through the weight of "Low cost" and "Low risk"; there is no division by
    cost and no risk discount on top (the cost/benefit score of :func:`priority_scores` does
    those instead: use one or the other).

    Parameters
    ----------
    backlog : DataFrame
        A backlog (see :mod:`cxlab.prioritisation.backlog`), e.g. from ``load_backlog()``.
    weights : AHPResult, Series or dict
        Weight of each criterion, named as in ``CRITERIA``, 0 or more and adding up to 1;
        typically ``ahp(judgements)`` itself or its ``.weights``. A criterion left out weighs 0.
    cost_per_person_week : float, default 2.5, keyword-only
        Thousands a person-week of own effort costs, 0 or more (total cost = cost + effort x
        this, as in :func:`priority_scores`).
    include_done : bool, default False, keyword-only
        Also rank initiatives whose status is ``done``.

    Returns
    -------
    DataFrame
        Indexed by code: title, one rating column per criterion (``rating: Customer benefit``,
        ...), one contribution column per criterion (weight x rating), ``weighted_score`` and
        ``rank`` (1 = first), sorted by the score. ``attrs["weights"]`` holds the weights used.

    Raises
    ------
    CxlabValueError
        For an unknown criterion, a negative weight, weights that do not add up to 1, or a
        backlog with nothing left to rank.

    Examples
    --------
    >>> backlog = pd.DataFrame({
    ...     "code": ["A", "B"], "title": ["Cheap fix", "Big build"], "domain": ["IT", "IT"],
    ...     "customer_benefit": [3, 5], "business_benefit": [2, 4], "cost": [5, 100],
    ...     "effort": [2, 20], "risk": [1, 4], "dependencies": ["", ""], "owner": ["X", "Y"],
    ...     "status": ["idea", "idea"]})
    >>> table = weighted_scores(backlog, {"Customer benefit": 0.5, "Low cost": 0.5})
    >>> table["weighted_score"].round(3).to_dict()  # A: 0.5 x 0.5 + 0.5 x 1; B: 0.5 x 1 + 0
    {'A': 0.75, 'B': 0.5}
    """
    table = validate_backlog(backlog)
    w = _criterion_weights(weights)
    rate = check_non_negative("cost_per_person_week", cost_per_person_week, scalar=True)
    if not check_bool("include_done", include_done):
        table = table[table["status"] != "done"]
        if table.empty:
            raise CxlabValueError("every initiative in the backlog is done: nothing is left to "
                                  "rank (include_done=True ranks them anyway)")
    total_cost = table["cost"] + table["effort"] * rate
    spread = total_cost.max() - total_cost.min()
    ratings = pd.DataFrame({
        "Customer benefit": (table["customer_benefit"] - 1) / 4,
        "Business benefit": (table["business_benefit"] - 1) / 4,
        "Low cost": (total_cost.max() - total_cost) / spread if spread > 0 else 1.0,
        "Low risk": (5 - table["risk"]) / 4,
    }, index=table.index)
    out = table[["title"]].copy()
    for name in CRITERIA:
        out[f"rating: {name}"] = ratings[name]
    for name in CRITERIA:
        out[f"weighted: {name}"] = w.get(name, 0.0) * ratings[name]
    out["weighted_score"] = out[[f"weighted: {name}" for name in CRITERIA]].sum(axis=1)
    out = out.sort_values("weighted_score", ascending=False, kind="stable")
    out["rank"] = np.arange(1, len(out) + 1)
    out.attrs.update(weights={name: w.get(name, 0.0) for name in CRITERIA},
                     cost_per_person_week=rate)
    return out


@overload
def rice(reach: float, impact: float, confidence: float, effort: float) -> float: ...
@overload
def rice(reach: ArrayLike, impact: ArrayLike, confidence: ArrayLike, effort: ArrayLike
         ) -> Floats: ...


def rice(reach: ArrayLike, impact: ArrayLike, confidence: ArrayLike, effort: ArrayLike
         ) -> Floats:
    """RICE score: reach x impact x confidence / effort (Intercom's method).

    Parameters
    ----------
    reach : number or array
        Customers (or events) affected per period, 0 or more.
    impact : number or array
        One of 3 (massive), 2 (high), 1 (medium), 0.5 (low), 0.25 (minimal).
    confidence : number or array
        From 0 to 1: 1.0 high, 0.8 medium, 0.5 low (write 80 % as 0.8).
    effort : number or array
        Person-months, above 0.
    """
    r = check_non_negative("reach", reach)
    i = check_positive("impact", impact)
    bad = ~np.isin(i, list(RICE_IMPACT))
    if bad.any():
        got = describe(float(i.ravel()[int(np.flatnonzero(bad.ravel())[0])]))
        raise CxlabValueError("impact must be one of 3 (massive), 2 (high), 1 (medium), "
                              f"0.5 (low), 0.25 (minimal); got {got}")
    c = check_in_range("confidence", confidence, 0, 1, low_inclusive=False,
                       hint="write 80% as 0.8")
    e = check_positive("effort", effort)
    return restore_shape(r * i * c / e, reach, impact, confidence, effort)


@overload
def wsjf(business_value: float, time_criticality: float, risk_reduction: float,
         job_size: float) -> float: ...
@overload
def wsjf(business_value: ArrayLike, time_criticality: ArrayLike, risk_reduction: ArrayLike,
         job_size: ArrayLike) -> Floats: ...


def wsjf(business_value: ArrayLike, time_criticality: ArrayLike, risk_reduction: ArrayLike,
         job_size: ArrayLike) -> Floats:
    """Weighted shortest job first: cost of delay / job size (SAFe).

    Cost of delay is ``business_value + time_criticality + risk_reduction``, each scored
    relative to the other items (often on 1, 2, 3, 5, 8, 13, 20); job size above 0 on the
    same kind of scale. Highest first.
    """
    bv = check_non_negative("business_value", business_value)
    tc = check_non_negative("time_criticality", time_criticality)
    rr = check_non_negative("risk_reduction", risk_reduction)
    size = check_positive("job_size", job_size)
    return restore_shape((bv + tc + rr) / size, business_value, time_criticality,
                         risk_reduction, job_size)
