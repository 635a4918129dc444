"""Service level from counted calls (the ICMI definitions) and the interval staffing plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._shapes import restore_shape
from .._validation import CxlabValueError, check_choice, check_non_negative
from .erlang import (
    _agents,
    _broadcast,
    _erlang_c,
    _occupancy,
    _service_level,
    agents_required,
    scheduled_staff,
    traffic_intensity,
)

__all__ = [
    "SL_DEFINITIONS",
    "StaffingPlan",
    "service_level_from_counts",
    "staffing_plan",
]

#: The service-level formulas in common use (ICMI), by name: (formula, what it means).
SL_DEFINITIONS: dict[str, tuple[str, str]] = {
    "offered": (
        "answered within T / (answered + abandoned)",
        "every caller counts; a caller who hung up, even after 2 seconds, is a miss",
    ),
    "answered": (
        "answered within T / answered",
        "abandoned calls are ignored: looks better the more callers give up",
    ),
    "short_abandons_met": (
        "(answered within T + abandoned within T) / (answered + abandoned)",
        "a caller who hung up within T counts as met (they were not kept waiting long)",
    ),
    "short_abandons_excluded": (
        "answered within T / (answered + abandoned after T)",
        "callers who hung up within T are left out: they may have dialled by mistake",
    ),
}


def service_level_from_counts(
    answered: Any,
    abandoned: Any,
    answered_within: Any,
    abandoned_within: Any = 0,
    *,
    definition: str = "offered",
) -> Any:
    """Service level from counted calls, by one of the ICMI definitions (``SL_DEFINITIONS``).

    An interval with no calls in the denominator has nothing missed: its service level is 1.

    Examples
    --------
    >>> for name in SL_DEFINITIONS:
    ...     print(name, round(service_level_from_counts(1000, 60, 860, 20, definition=name), 3))
    offered 0.811
    answered 0.86
    short_abandons_met 0.83
    short_abandons_excluded 0.827
    """
    check_choice("definition", definition, SL_DEFINITIONS)
    ans = check_non_negative("answered", answered)
    ab = check_non_negative("abandoned", abandoned)
    ans_t = check_non_negative("answered_within", answered_within)
    ab_t = check_non_negative("abandoned_within", abandoned_within)
    ans, ab, ans_t, ab_t = _broadcast(answered=ans, abandoned=ab, answered_within=ans_t,
                                      abandoned_within=ab_t)
    for part, whole, name, of in ((ans_t, ans, "answered_within", "answered"),
                                  (ab_t, ab, "abandoned_within", "abandoned")):
        bad = part > whole
        if bad.any():
            where = "" if bad.ndim == 0 else f" at position {int(np.flatnonzero(bad)[0])}"
            raise CxlabValueError(
                f"{name} must be at most {of}, got {float(part[bad].ravel()[0]):g} > "
                f"{float(whole[bad].ravel()[0]):g}{where}"
            )
    numerator = {"short_abandons_met": ans_t + ab_t}.get(definition, ans_t)
    denominator = {
        "offered": ans + ab,
        "answered": ans,
        "short_abandons_met": ans + ab,
        "short_abandons_excluded": ans + ab - ab_t,
    }[definition]
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1),
                         1.0)
    return restore_shape(value, answered, abandoned, answered_within, abandoned_within)


@dataclass(frozen=True)
class StaffingPlan:
    """A staffing plan: per interval, per day and for the whole period.

    Attributes
    ----------
    intervals : DataFrame, one row per interval
    days : DataFrame, one row per day (service levels weighted by calls)
    total : Series, the whole period
    settings : dict of the targets used
    """

    intervals: pd.DataFrame
    days: pd.DataFrame
    total: pd.Series
    settings: dict

    def __repr__(self) -> str:
        s = self.settings
        t = self.total
        lines = [
            f"StaffingPlan: {len(self.intervals)} intervals over {len(self.days)} day(s); "
            f"target {s['target_sl']:.0%} in {s['threshold_seconds']:g} s, "
            f"shrinkage {s['shrinkage']:.0%}",
            f"  calls {t['calls']:,.0f}; agent-hours required {t['agent_hours_required']:,.1f}; "
            f"scheduled hours {t['scheduled_hours']:,.1f}",
            f"  service level with the required agents {t['service_level']:.1%}",
        ]
        if "service_level_staffed" in t:
            lines.append(f"  service level with the agents staffed {t['service_level_staffed']:.1%}"
                         f"; {int(t['intervals_understaffed'])} interval(s) under-staffed")
        return "\n".join(lines)


def _column(frame: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in frame.columns:
        raise CxlabValueError(
            f"intervals has no column {name!r} for the {role}; it has "
            f"{', '.join(map(repr, frame.columns))} (pass {role}=... to name another)"
        )
    return frame[name]


def staffing_plan(
    intervals: pd.DataFrame,
    *,
    target_sl: float = 0.8,
    threshold_seconds: float = 20,
    shrinkage: float = 0.3,
    max_occupancy: float | None = None,
    interval_seconds: float = 1800,
    calls: str = "forecast_calls",
    aht: str = "forecast_aht_seconds",
    staffed: str | None = "agents_staffed",
    time: str = "interval_start",
) -> StaffingPlan:
    """Agents required per interval (Erlang C), and what the staffed agents achieve.

    Parameters
    ----------
    intervals : DataFrame
        One row per interval with a start time, calls and AHT (by default the forecast
        columns of ``cxlab.data.load("voice_week")``) and optionally the agents staffed.
    target_sl, threshold_seconds : the service-level target, e.g. 80% in 20 s
    shrinkage : share of scheduled time not available for calls (breaks, meetings, absence)
    max_occupancy : optional occupancy cap for the required agents
    interval_seconds : interval length
    calls, aht, staffed, time : the column names to use (``staffed=None`` to skip)

    Returns
    -------
    StaffingPlan
        ``intervals`` has erlangs, agents_required, service_level, asa_seconds, occupancy
        and scheduled_staff; with staffed agents also agents_staffed, gap (staffed minus
        required) and the service level, ASA and occupancy those agents give. ``days`` and
        ``total`` add up calls and hours and weight service levels by calls.

    Examples
    --------
    >>> frame = pd.DataFrame({"interval_start": pd.to_datetime(["2026-03-02 09:00",
    ...                                                          "2026-03-02 09:30"]),
    ...                       "forecast_calls": [100, 120], "forecast_aht_seconds": [180, 180],
    ...                       "agents_staffed": [14, 15]})
    >>> plan = staffing_plan(frame)
    >>> plan.intervals["agents_required"].tolist(), plan.intervals["scheduled_staff"].tolist()
    ([14, 16], [20, 23])
    """
    if not isinstance(intervals, pd.DataFrame):
        raise CxlabValueError(f"intervals must be a table (pandas DataFrame), got "
                              f"{type(intervals).__name__}")
    if intervals.empty:
        raise CxlabValueError("intervals is empty: there is nothing to plan")
    start = pd.to_datetime(_column(intervals, time, "time"))
    volume = _column(intervals, calls, "calls").to_numpy(dtype=float)
    handle = _column(intervals, aht, "aht").to_numpy(dtype=float)
    erlangs = np.asarray(traffic_intensity(volume, np.where(volume > 0, handle, 1.0),
                                           interval_seconds), dtype=float)
    handle = np.where(volume > 0, handle, 1.0)
    required = np.atleast_1d(agents_required(erlangs, handle, threshold_seconds, target_sl,
                                             max_occupancy=max_occupancy))
    t = np.full(erlangs.shape, float(threshold_seconds))
    out = pd.DataFrame({
        "interval_start": start.to_numpy(),
        "calls": volume,
        "aht_seconds": handle,
        "erlangs": erlangs,
        "agents_required": required,
        "service_level": _service_level(required, erlangs, handle, t),
        "asa_seconds": _asa(required, erlangs, handle),
        "occupancy": _occupancy(required, erlangs),
        "scheduled_staff": np.atleast_1d(scheduled_staff(required, shrinkage)),
    })
    if staffed is not None and staffed in intervals.columns:
        have = _agents(intervals[staffed].to_numpy())
        out["agents_staffed"] = have
        out["gap"] = have - required
        out["service_level_staffed"] = _service_level(have, erlangs, handle, t)
        out["asa_seconds_staffed"] = _asa(have, erlangs, handle)
        out["occupancy_staffed"] = _occupancy(have, erlangs)
    elif staffed is not None and staffed != "agents_staffed":
        _column(intervals, staffed, "staffed")  # a name the user chose must exist
    hours = interval_seconds / 3600
    out["date"] = out["interval_start"].dt.normalize()
    days = out.groupby("date").apply(lambda g: _summary(g, hours), include_groups=False)
    total = _summary(out, hours)
    out = out.drop(columns="date")
    settings = {"target_sl": float(target_sl), "threshold_seconds": float(threshold_seconds),
                "shrinkage": float(shrinkage), "max_occupancy": max_occupancy,
                "interval_seconds": float(interval_seconds)}
    return StaffingPlan(out, days, total, settings)


def _asa(n: np.ndarray, a: np.ndarray, h: np.ndarray) -> np.ndarray:
    c = _erlang_c(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(n > a, c * h / np.where(n > a, n - a, 1), np.inf)
    return np.where(a == 0, 0.0, value)


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    total = weights.sum()
    return float((values * weights).sum() / total) if total > 0 else 1.0


def _summary(group: pd.DataFrame, hours: float) -> pd.Series:
    row = {
        "calls": group["calls"].sum(),
        "agent_hours_required": group["agents_required"].sum() * hours,
        "scheduled_hours": group["scheduled_staff"].sum() * hours,
        "peak_agents_required": group["agents_required"].max(),
        "service_level": _weighted(group["service_level"], group["calls"]),
        "asa_seconds": _weighted(group["asa_seconds"], group["calls"]),
    }
    if "agents_staffed" in group:
        row["agent_hours_staffed"] = group["agents_staffed"].sum() * hours
        finite = np.isfinite(group["asa_seconds_staffed"])
        row["service_level_staffed"] = _weighted(group["service_level_staffed"], group["calls"])
        row["asa_seconds_staffed"] = (_weighted(group["asa_seconds_staffed"], group["calls"])
                                      if finite.all() else float("inf"))
        row["intervals_understaffed"] = int((group["gap"] < 0).sum())
    return pd.Series(row)
