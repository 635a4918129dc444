"""From forecast error to missed service level: staff to the forecast, serve the actual calls.

:func:`service_level_impact` links forecast accuracy (:mod:`cxlab.planning.accuracy`) to the
diagnosis of a missed service level (module 02).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_non_negative,
    check_positive,
)
from ._limits import check_workload
from .accuracy import _pair

__all__ = ["ServiceLevelImpact", "service_level_impact"]


@dataclass(frozen=True)
class ServiceLevelImpact:
    """What a forecast error does to service level when agents are staffed to the forecast.

    Attributes
    ----------
    intervals : DataFrame, one row per interval
        ``forecast_calls``, ``actual_calls``, ``error_calls`` (forecast minus actual),
        ``agents`` (Erlang C requirement for the forecast: the agents staffed),
        ``agents_needed`` (the requirement for the actual calls), ``agents_short``
        (needed minus staffed, at least 0), ``service_level_planned`` (the forecast calls
        with those agents) and ``service_level_actual`` (the actual calls with them).
    summary : Series
        Totals; service levels weighted by calls (planned by forecast calls, actual by
        actual calls), ``intervals_below_target`` and ``agent_hours_short``.
    """

    intervals: pd.DataFrame
    summary: pd.Series

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"ServiceLevelImpact over {len(self.intervals):,} intervals: planned "
            f"{s['service_level_planned']:.1%}, achieved {s['service_level_actual']:.1%} "
            f"(target {s['target_sl']:.0%}); {int(s['intervals_below_target'])} interval(s) "
            f"below target, {s['agent_hours_short']:.1f} agent-hours short"
        )


def service_level_impact(
    actual_calls: Any,
    forecast_calls: Any,
    *,
    aht_seconds: Any,
    threshold_seconds: float = 20,
    target_sl: float = 0.8,
    interval_seconds: float = 1800,
) -> ServiceLevelImpact:
    """Staff each interval to the forecast (Erlang C), then see what the actual calls get.

    This links forecast accuracy (module 07) to the diagnosis of a missed service level
    (module 02): the agents are the smallest number meeting the target for the forecast
    calls (:func:`cxlab.service_level.agents_required`), and the service level the actual
    calls get is :func:`cxlab.service_level.service_level` with those agents. Where the
    actual workload reaches the agents staffed, Erlang C gives 0 (the queue never clears).

    Parameters
    ----------
    actual_calls, forecast_calls : arrays or Series of the same length
        Calls per interval, 0 or more (the actual calls must not all be 0).
    aht_seconds : number or array
        Average handle time, seconds (one for all intervals, or one per interval).
    threshold_seconds, target_sl : the service-level target, e.g. 80% in 20 s
    interval_seconds : interval length, seconds (1800 = half an hour)

    Returns
    -------
    ServiceLevelImpact

    Raises
    ------
    cxlab.CxlabValueError
        For calls that are negative, missing or of different lengths, no actual calls at
        all, or a workload beyond 90,000 Erlangs in an interval.

    Examples
    --------
    A forecast 10% too low in one half hour of 100 calls (AHT 180 s):

    >>> impact = service_level_impact([110], [100], aht_seconds=180)
    >>> impact.intervals[["agents", "agents_needed"]].iloc[0].tolist()
    [14, 15]
    >>> round(float(impact.summary["service_level_actual"]), 3)  # planned for 80%+
    0.783
    """
    from ..service_level import agents_required, service_level, traffic_intensity

    a, f = _pair(actual_calls, forecast_calls, names=("actual_calls", "forecast_calls"))
    if a.sum() <= 0:
        raise CxlabValueError(
            "actual_calls has no calls at all, so the forecast error as a share of the calls "
            "(WAPE, bias) is undefined; compare over a period that had calls"
        )
    h = check_positive("aht_seconds", aht_seconds)
    if h.ndim and h.size not in (1, a.size):
        raise CxlabValueError(
            f"aht_seconds must be one number or one per interval ({a.size}), got {h.size}"
        )
    h = np.broadcast_to(h.ravel() if h.ndim else h, a.shape).astype(float)
    t = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
    target = check_in_range("target_sl", target_sl, 0, 1, high_inclusive=False,
                                  hint="a fraction: 80% is 0.8", scalar=True)
    seconds = check_positive("interval_seconds", interval_seconds, scalar=True)
    load_f = np.asarray(traffic_intensity(f, h, seconds), dtype=float)
    check_workload(load_f, "forecast_calls, aht_seconds and interval_seconds")
    load_a = np.asarray(traffic_intensity(a, h, seconds), dtype=float)
    check_workload(load_a, "actual_calls, aht_seconds and interval_seconds")
    agents = np.atleast_1d(agents_required(load_f, h, t, target)).astype(int)
    needed = np.atleast_1d(agents_required(load_a, h, t, target)).astype(int)
    planned = np.atleast_1d(service_level(agents, load_f, h, t))
    achieved = np.atleast_1d(service_level(agents, load_a, h, t))
    table = pd.DataFrame({
        "forecast_calls": f,
        "actual_calls": a,
        "error_calls": f - a,
        "agents": agents,
        "agents_needed": needed,
        "agents_short": np.maximum(needed - agents, 0),
        "service_level_planned": planned,
        "service_level_actual": achieved,
    })
    if isinstance(actual_calls, pd.Series):
        table.index = actual_calls.index

    def weighted(values: np.ndarray, weights: np.ndarray) -> float:
        return float((values * weights).sum() / weights.sum()) if weights.sum() > 0 else 1.0

    with_calls = a > 0
    summary = pd.Series({
        "forecast_calls": float(f.sum()),
        "actual_calls": float(a.sum()),
        "wape": float(np.abs(f - a).sum() / a.sum()),
        "bias": float((f - a).sum() / a.sum()),
        "target_sl": target,
        "service_level_planned": weighted(planned, f),
        "service_level_actual": weighted(achieved, a),
        "intervals_below_target": int((with_calls & (achieved < target)).sum()),
        "agent_hours_short": float(table["agents_short"].sum() * seconds / 3600),
    })
    return ServiceLevelImpact(table, summary)
