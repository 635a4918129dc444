"""Intraday re-planning: the rest of the day from the calls so far, absence and breaks.

:func:`replan_intraday` takes the day so far: the remaining forecast is scaled by how far the
calls so far ran above or below forecast (the simplest re-forecast, the one planners use in
the morning), absence is taken off the agents rostered, and the agents short in each
remaining interval follow from Erlang C. Moving breaks (each by up to an hour, from a short
interval to one with an agent to spare) is tried first; what is still short is overtime.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_in_range,
    check_integer,
    check_non_negative,
    check_positive,
)
from ._limits import check_workload
from .shifts import MAX_AGENTS, MAX_INTERVALS

__all__ = ["IntradayReplan", "replan_intraday"]


@dataclass(frozen=True)
class IntradayReplan:
    """The rest of the day re-planned: the new forecast, the gap and what fixes it.

    Attributes
    ----------
    intervals : DataFrame, one row per remaining interval
        ``forecast_calls`` (the original), ``reforecast_calls``, ``required`` (Erlang C for
        the re-forecast), ``rostered`` (on the phones as rostered), ``available`` (after
        absence), ``short`` (required minus available, at least 0), ``breaks_moved_in`` and
        ``breaks_moved_out``, ``available_after_moves``, ``short_after_moves``,
        ``overtime`` (agents added) and the service level (Erlang C) of the re-forecast
        calls ``service_level_as_is``, ``service_level_after_moves`` and
        ``service_level_with_overtime``.
    summary : Series
        ``calls_so_far``, ``forecast_so_far``, ``ratio`` (the re-forecast factor), the three
        service levels over the rest of the day (weighted by calls), ``agent_hours_short``,
        ``breaks_moved``, ``agent_hours_short_after_moves`` and ``overtime_hours``.
    """

    intervals: pd.DataFrame
    summary: pd.Series

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"IntradayReplan: calls so far {s['ratio']:.0%} of forecast; rest of the day "
            f"{s['service_level_as_is']:.1%} as rostered, {s['service_level_after_moves']:.1%} "
            f"after moving {int(s['breaks_moved'])} break(s), "
            f"{s['service_level_with_overtime']:.1%} with {s['overtime_hours']:.1f} overtime "
            "hours"
        )


def _day_series(name: str, value: Any, n: int, *, integer: bool, per: str) -> np.ndarray:
    arr: np.ndarray = np.atleast_1d(
        check_integer(name, value, minimum=0, maximum=MAX_AGENTS) if integer
        else check_non_negative(name, value))
    if arr.size == 1 and n > 1:
        arr = np.full(n, arr.item())
    if arr.ndim != 1 or arr.size != n:
        raise CxlabValueError(f"{name} must have one value per {per} ({n}), got {arr.size}")
    return arr


def replan_intraday(
    forecast_calls: Any,
    *,
    actual_calls: Any,
    agents_on_phones: Any,
    aht_seconds: float,
    absent_agents: Any = 0,
    breaks: Any = None,
    break_move_intervals: int = 2,
    threshold_seconds: float = 20,
    target_sl: float = 0.8,
    interval_seconds: float = 1800,
) -> IntradayReplan:
    """Re-plan the rest of the day from the calls so far, absence and the breaks rostered.

    Parameters
    ----------
    forecast_calls : list or Series
        The day's forecast, one value per interval.
    actual_calls : list
        Calls in the intervals already over (at least one, fewer than the whole day).
    agents_on_phones : list or Series of whole numbers
        Agents on the phones per interval as rostered (``Roster.intervals["on_phones"]``),
        at most 10,000 an interval.
    aht_seconds : number
        Average handle time for the rest of the day.
    absent_agents : whole number or list, default 0
        Agents missing from now on (one number, or one per remaining interval).
    breaks : list of whole numbers, optional
        Agents on break per interval as rostered (``Roster.intervals["on_break"]``). Breaks
        in a short interval may move by up to ``break_move_intervals`` to an interval with an
        agent to spare; without it no break is moved.
    break_move_intervals : int, default 2
        How far a break may move, in intervals (2 = an hour either way).
    threshold_seconds, target_sl, interval_seconds : the service-level target and interval

    Returns
    -------
    IntradayReplan

    Examples
    --------
    Calls ran 17.5% above forecast in the first two half hours; 15 agents are needed in
    each of the other four:

    >>> plan = replan_intraday([100] * 6, actual_calls=[115, 120],
    ...                        agents_on_phones=[15, 15, 14, 16, 13, 16], aht_seconds=180,
    ...                        breaks=[0, 0, 1, 0, 2, 0])
    >>> plan.intervals[["required", "available", "available_after_moves", "overtime"]]
       required  available  available_after_moves  overtime
    2        15         14                     14         1
    3        15         16                     15         0
    4        15         13                     15         0
    5        15         16                     15         0
    >>> plan.summary[["ratio", "breaks_moved", "overtime_hours"]].tolist()
    [1.175, 2.0, 0.5]
    """
    from ..service_level import agents_required, service_level, traffic_intensity

    forecast = np.atleast_1d(check_non_negative("forecast_calls", forecast_calls)).astype(float)
    n = forecast.size
    if forecast.ndim != 1 or n < 2 or n > MAX_INTERVALS:
        raise CxlabValueError(
            f"forecast_calls must be one day of 2 to {MAX_INTERVALS} intervals, got {n}"
        )
    actual = np.atleast_1d(check_non_negative("actual_calls", actual_calls)).astype(float)
    done = actual.size
    if actual.ndim != 1 or not 1 <= done < n:
        raise CxlabValueError(
            f"actual_calls must cover the intervals so far: 1 to {n - 1} of the day's {n} in "
            f"forecast_calls, got {actual.size}"
        )
    day = "interval of the day, as in forecast_calls"
    rostered = _day_series("agents_on_phones", agents_on_phones, n, integer=True, per=day)
    rest = n - done
    absent = _day_series("absent_agents", absent_agents, rest, integer=True,
                         per="remaining interval, after actual_calls")
    on_break = (np.zeros(n, dtype=np.int64) if breaks is None
                else _day_series("breaks", breaks, n, integer=True, per=day))
    reach = check_integer("break_move_intervals", break_move_intervals, minimum=0, scalar=True)
    h = check_positive("aht_seconds", aht_seconds, scalar=True)
    t = check_non_negative("threshold_seconds", threshold_seconds, scalar=True)
    target = check_in_range("target_sl", target_sl, 0, 1, high_inclusive=False,
                                  hint="a fraction: 80% is 0.8", scalar=True)
    seconds = check_positive("interval_seconds", interval_seconds, scalar=True)

    so_far = float(forecast[:done].sum())
    ratio = float(actual.sum() / so_far) if so_far > 0 else 1.0
    reforecast = forecast[done:] * ratio
    load = np.asarray(traffic_intensity(reforecast, h, seconds), dtype=float)
    check_workload(load, "forecast_calls, actual_calls (the calls so far scale the rest of "
                   "the day), aht_seconds and interval_seconds")
    required = np.atleast_1d(agents_required(load, h, t, target)).astype(np.int64)
    available = np.maximum(rostered[done:] - absent, 0)
    short = np.maximum(required - available, 0)

    after = available.copy()
    breaks_left = on_break[done:].copy()
    moved_in = np.zeros(rest, dtype=np.int64)
    moved_out = np.zeros(rest, dtype=np.int64)
    moves = 0
    for i in np.argsort(-(required - after), kind="stable"):
        while required[i] > after[i] and breaks_left[i] > 0:
            lo, hi = max(0, i - reach), min(rest, i + reach + 1)
            spare = after[lo:hi] - required[lo:hi]
            spare[i - lo] = -1
            j = lo + int(np.argmax(spare))
            if spare[j - lo] < 1:
                break
            after[i] += 1
            after[j] -= 1
            breaks_left[i] -= 1
            breaks_left[j] += 1
            moved_out[i] += 1
            moved_in[j] += 1
            moves += 1
    short_after = np.maximum(required - after, 0)
    overtime = short_after
    with_overtime = after + overtime
    sl_as_is = np.atleast_1d(service_level(available, load, h, t))
    sl_moves = np.atleast_1d(service_level(after, load, h, t))
    sl_overtime = np.atleast_1d(service_level(with_overtime, load, h, t))
    index = forecast_calls.index[done:] if isinstance(forecast_calls, pd.Series) else \
        pd.RangeIndex(done, n)
    intervals = pd.DataFrame({
        "forecast_calls": forecast[done:],
        "reforecast_calls": reforecast,
        "required": required,
        "rostered": rostered[done:],
        "available": available,
        "short": short,
        "breaks_moved_in": moved_in,
        "breaks_moved_out": moved_out,
        "available_after_moves": after,
        "short_after_moves": short_after,
        "overtime": overtime,
        "service_level_as_is": sl_as_is,
        "service_level_after_moves": sl_moves,
        "service_level_with_overtime": sl_overtime,
    }, index=index)

    def weighted(values: np.ndarray) -> float:
        total = reforecast.sum()
        return float((values * reforecast).sum() / total) if total > 0 else 1.0

    hour = seconds / 3600
    summary = pd.Series({
        "calls_so_far": float(actual.sum()),
        "forecast_so_far": so_far,
        "ratio": ratio,
        "service_level_as_is": weighted(sl_as_is),
        "service_level_after_moves": weighted(sl_moves),
        "service_level_with_overtime": weighted(sl_overtime),
        "agent_hours_short": float(short.sum() * hour),
        "breaks_moved": moves,
        "agent_hours_short_after_moves": float(short_after.sum() * hour),
        "overtime_hours": float(overtime.sum() * hour),
    })
    return IntradayReplan(intervals, summary)
