"""Operational reality: what a CX idea does to the agents' day before anyone designs it in.

Lesson 06.04 starts where the work is done. A proposal that sounds small ("a personal note
after every call", "read the last three contacts before answering") adds seconds to every
call, and in a queue those seconds become agents. :func:`extra_work` measures a proposal on
a real week of the voice queue (``cxlab.data.load("voice_week")``):

* **occupancy** now, from what happened: answered calls x handle time, divided by the agents'
  time (agents staffed x 1,800 s a half hour); and with the extra seconds per call;
* the **agents required** for 80% answered within 20 s (Erlang C, module 01) with the calls
  offered and the handle time now, and with the extra seconds; the difference, in half
  hours, is the extra agent time the idea costs.

Occupancy above 1 means the work no longer fits in the agents' time: the queue grows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._validation import CxlabValueError, check_in_range, check_non_negative, describe

__all__ = ["ExtraWork", "extra_work"]

_NEEDED = ("interval_start", "offered", "answered", "aht_seconds", "agents_staffed")


@dataclass(frozen=True)
class ExtraWork:
    """What adding seconds to every call does to a week of the queue.

    Attributes
    ----------
    extra_seconds_per_call : float
    intervals : pandas.DataFrame
        One row per half hour: ``interval_start``, ``day``, ``time``, ``agents_staffed``,
        ``occupancy_now``, ``occupancy_with_change``, ``agents_required_now``,
        ``agents_required_with_change`` and ``extra_agents``. A half hour's occupancy can
        pass 1 at a peak: calls count in the half hour they arrived in, and some of them are
        answered in the next.
    by_day : pandas.DataFrame
        One row per day: ``calls_answered``, ``extra_hours_of_work`` (the added seconds of
        all answered calls), ``extra_agent_hours`` (from the Erlang requirement), the day's
        ``occupancy_now`` and ``occupancy_with_change`` (all work over all agent time), and
        the half hours above ``occupancy_limit`` now and with the change
        (``half_hours_over_limit_now``, ``half_hours_over_limit``).
    extra_agent_hours : float
        The week's extra agent time to keep the service level, in hours.
    occupancy_limit : float
    """

    extra_seconds_per_call: float
    intervals: pd.DataFrame
    by_day: pd.DataFrame
    extra_agent_hours: float
    occupancy_limit: float

    def __repr__(self) -> str:
        over = int(self.by_day["half_hours_over_limit"].sum())
        return (f"ExtraWork(+{self.extra_seconds_per_call:g} s per call: "
                f"{self.extra_agent_hours:.1f} extra agent-hours in the week, {over} half hours "
                f"above {self.occupancy_limit:.0%} occupancy)")


def extra_work(
    week: pd.DataFrame,
    *,
    extra_seconds_per_call: float,
    occupancy_limit: float = 0.9,
    threshold_seconds: float = 20,
    target_sl: float = 0.8,
) -> ExtraWork:
    """What ``extra_seconds_per_call`` on every call does to occupancy and staffing.

    Parameters
    ----------
    week : pandas.DataFrame
        Half-hour intervals with ``interval_start, offered, answered, aht_seconds,
        agents_staffed``, such as ``cxlab.data.load("voice_week")``.
    extra_seconds_per_call : float
        Seconds the idea adds to each call (talk or after-call work), 0 to 3,600.
    occupancy_limit : float, default 0.9
        Occupancy above which agents cannot keep up for long (a fraction).
    threshold_seconds, target_sl : float, default 20 and 0.8
        The service-level objective the agents required must meet.

    Returns
    -------
    ExtraWork

    Raises
    ------
    cxlab.CxlabValueError
        If a column is missing or an option is out of range.

    Examples
    --------
    >>> from cxlab import data
    >>> result = extra_work(data.load("voice_week"), extra_seconds_per_call=45)
    >>> result
    ExtraWork(+45 s per call: 118.0 extra agent-hours in the week, 55 half hours above 90% occupancy)
    >>> result.by_day.loc["Monday", ["occupancy_now", "occupancy_with_change"]].round(2).tolist()
    [0.77, 0.89]
    """  # noqa: E501
    from .. import service_level as sl

    if not isinstance(week, pd.DataFrame):
        raise CxlabValueError(f"week must be a table of half-hour intervals (a pandas "
                              f"DataFrame), got {describe(week)}")
    missing = [c for c in _NEEDED if c not in week.columns]
    if missing:
        raise CxlabValueError(f"week must have the columns {', '.join(_NEEDED)}; missing "
                              f"{', '.join(missing)}")
    if week.empty:
        raise CxlabValueError("week has no intervals")
    extra = check_in_range("extra_seconds_per_call", extra_seconds_per_call, 0, 3600, scalar=True)
    limit = check_in_range("occupancy_limit", occupancy_limit, 0, 1,
                            low_inclusive=False, hint="a fraction: write 90% as 0.9",
                            scalar=True)
    threshold = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
    target = check_in_range("target_sl", target_sl, 0, 1, low_inclusive=False,
                                  high_inclusive=False, hint="write 80% as 0.8", scalar=True)

    answered = week["answered"].to_numpy(dtype=float)
    offered = week["offered"].to_numpy(dtype=float)
    agents = week["agents_staffed"].to_numpy(dtype=float)
    aht = week["aht_seconds"].to_numpy(dtype=float)
    aht = np.where(np.isfinite(aht) & (aht > 0), aht, np.nanmean(aht))  # quiet half hours
    capacity = agents * 1800.0
    occupancy_now = answered * aht / capacity
    occupancy_change = answered * (aht + extra) / capacity

    def required(handle: np.ndarray) -> np.ndarray:
        out = np.zeros(len(offered), dtype=np.int64)
        busy = offered > 0
        load = sl.traffic_intensity(offered[busy], handle[busy])
        out[busy] = sl.agents_required(load, handle[busy], threshold, target)
        return out

    need_now = required(aht)
    need_change = required(aht + extra)
    stamps = pd.to_datetime(week["interval_start"])
    intervals = pd.DataFrame({
        "interval_start": stamps.to_numpy(),
        "day": stamps.dt.day_name().to_numpy(),
        "time": stamps.dt.strftime("%H:%M").to_numpy(),
        "agents_staffed": agents.astype(np.int64),
        "occupancy_now": occupancy_now,
        "occupancy_with_change": occupancy_change,
        "agents_required_now": need_now,
        "agents_required_with_change": need_change,
        "extra_agents": need_change - need_now,
    })
    days = intervals.assign(
        calls_answered=answered,
        work_now=answered * aht,
        work_change=answered * (aht + extra),
        capacity=capacity,
        extra_hours_of_work=answered * extra / 3600.0,
        extra_agent_hours=(need_change - need_now) * 0.5,
        over_now=occupancy_now > limit,
        over=occupancy_change > limit,
    ).groupby("day", sort=False)
    sums = days[["calls_answered", "work_now", "work_change", "capacity",
                 "extra_hours_of_work", "extra_agent_hours", "over_now", "over"]].sum()
    by_day = pd.DataFrame({
        "calls_answered": sums["calls_answered"].astype(np.int64),
        "extra_hours_of_work": sums["extra_hours_of_work"],
        "extra_agent_hours": sums["extra_agent_hours"],
        "occupancy_now": sums["work_now"] / sums["capacity"],
        "occupancy_with_change": sums["work_change"] / sums["capacity"],
        "half_hours_over_limit_now": sums["over_now"].astype(np.int64),
        "half_hours_over_limit": sums["over"].astype(np.int64),
    })
    by_day.index.name = "day"
    return ExtraWork(extra, intervals, by_day, float(by_day["extra_agent_hours"].sum()), limit)
