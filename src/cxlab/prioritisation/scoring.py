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

>>> rice(reach=2000, impact=2, confidence=0.8, effort=4)
800.0
>>> wsjf(business_value=8, time_criticality=5, risk_reduction=3, job_size=8)
2.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._shapes import restore_shape
from .._validation import (
    CxlabValueError,
    check_in_range,
    check_non_negative,
    check_positive,
    describe,
)
from .backlog import validate_backlog

__all__ = ["QUADRANTS", "RICE_IMPACT", "priority_scores", "quadrant", "rice", "wsjf"]

#: Quadrant names, in reading order of the matrix (top left first).
QUADRANTS = ("quick win", "major project", "fill-in", "money pit")
#: RICE impact scale: massive 3, high 2, medium 1, low 0.5, minimal 0.25.
RICE_IMPACT = {3.0: "massive", 2.0: "high", 1.0: "medium", 0.5: "low", 0.25: "minimal"}


def quadrant(value: float, effort: float, *, value_threshold: float = 3.0,
             effort_threshold: float) -> str:
    """Quadrant of the impact/effort matrix for one initiative.

    >>> quadrant(4.2, 3, effort_threshold=6)
    'quick win'
    >>> quadrant(2.0, 20, effort_threshold=6)
    'money pit'
    """
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
    w_customer = float(check_in_range("customer_weight", customer_weight, 0, 1))
    rate = float(check_non_negative("cost_per_person_week", cost_per_person_week))
    discount = float(check_in_range("risk_discount", risk_discount, 0, 0.25))
    v_threshold = float(check_in_range("value_threshold", value_threshold, 1, 5))
    if not include_done:
        table = table[table["status"] != "done"]
        if table.empty:
            raise CxlabValueError("every initiative in the backlog is done: nothing is left to "
                                  "prioritise (include_done=True scores them anyway)")
    if effort_threshold is None:
        e_threshold = float(table["effort"].median())
    else:
        e_threshold = float(check_positive("effort_threshold", effort_threshold))
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


def rice(reach: object, impact: object, confidence: object, effort: object) -> object:
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


def wsjf(business_value: object, time_criticality: object, risk_reduction: object,
         job_size: object) -> object:
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
