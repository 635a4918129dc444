"""Rosters: from agents required per interval to shifts with breaks, as an integer programme.

From agents required to shifts (lesson 07.02)
----------------------------------------------
Module 01 gives the agents required **on the phones** in each half hour. People do not come
for half an hour: they work shifts of a few set lengths, take an unpaid break somewhere in
the middle, and have days off. Rostering chooses how many people start which shift at which
time so that every half hour is covered, at the least cost.

:func:`build_roster` writes this as an integer programme. Every possible shift is a column: a
start time (every interval of the day), a length (e.g. 4, 6, 8 or 9 hours, counted from
arrival to leaving) and, for long shifts, the interval of the one unpaid break (anywhere in
a window, by default not in the first or last two hours). The unknowns are the **number of
agents** on each of these shifts (whole numbers, 0 or more). The constraints say that in
every interval the agents at work and not on break are at least the agents required; the
objective is the paid hours (length minus the unpaid break) or a cost per shift. It is
solved with scipy's ``milp`` (the HiGHS solver). Shifts stay within one day's rows (a centre
closed at night), and the result says how far it is over or under the requirement in every
interval. With ``shortfall_cost`` (and perhaps ``max_shifts_per_day``) the requirement may be
missed at that cost per agent and interval, which is how a centre with too few people plans.

The candidate shifts come from :mod:`cxlab.planning.shifts`; days off (the post-office
problem) are in :mod:`cxlab.planning.days_off_plan` and intraday re-planning in
:mod:`cxlab.planning.intraday`; their names stay importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    check_integer,
    check_non_negative,
    check_positive,
)
from .days_off_plan import DaysOffPlan, days_off
from .intraday import IntradayReplan, replan_intraday
from .shifts import (  # the private helpers stay importable here for the benchmarks
    _catalogue,
    _day_of_row,
    _requirement,
    _shift_options,
    _start_ok,
    shift_catalogue,
)

__all__ = [
    "DaysOffPlan",
    "IntradayReplan",
    "Roster",
    "days_off",
    "build_roster",
    "replan_intraday",
    "shift_catalogue",
]

# --------------------------------------------------------------------------------------------
# The roster


@dataclass(frozen=True)
class Roster:
    """A roster: the shifts chosen and how they cover the requirement.

    Attributes
    ----------
    shifts : DataFrame, one row per shift used
        ``day``, ``start`` and ``end`` (labels of the first interval and of the interval
        after the last), ``hours`` (arrival to leaving), ``break_start`` (label of the break
        interval, missing for shifts without a break), ``paid_hours`` and ``agents`` (how
        many people work it).
    intervals : DataFrame, one row per interval
        ``required``, ``at_work``, ``on_break``, ``on_phones`` (at work and not on break),
        ``over`` (on the phones beyond the requirement) and ``under`` (short of it).
    days : DataFrame, one row per day
        ``shifts`` (people at work), ``paid_hours``, ``required_hours`` (agent-hours
        required), ``over_hours`` and ``under_hours``.
    paid_hours : float
        Paid hours of all shifts (arrival to leaving, less unpaid breaks).
    cost : float
        What the roster minimises: the paid hours (or the ``shift_costs``), plus
        ``shortfall_cost`` for every agent short in every interval.
    lp_bound : float
        The cost of the linear relaxation (fractional agents allowed): no roster can cost
        less, so ``cost - lp_bound`` bounds what better solving could still save.
    status : str
        ``"optimal"``, or ``"time limit"`` (the best roster found in the time allowed).
    """

    shifts: pd.DataFrame
    intervals: pd.DataFrame
    days: pd.DataFrame
    paid_hours: float
    cost: float
    lp_bound: float
    status: str

    def __repr__(self) -> str:
        i = self.intervals
        return (
            f"Roster ({self.status}): {int(self.shifts['agents'].sum())} shifts over "
            f"{len(self.days)} day(s), {self.paid_hours:,.1f} paid hours, cost {self.cost:,.1f} "
            f"(linear bound {self.lp_bound:,.1f}); {int((i['under'] > 0).sum())} interval(s) "
            "under, "
            f"{int((i['over'] > 0).sum())} over the requirement"
        )


def build_roster(
    required: Any,
    *,
    shift_hours: Any = (4, 6, 8, 9),
    interval_minutes: int = 30,
    break_minutes: float = 30,
    break_from_hours: float = 6,
    break_window_hours: Any = (2, 2),
    start_every_minutes: int = 30,
    shift_costs: dict | None = None,
    max_shifts_per_day: int | None = None,
    shortfall_cost: float | None = None,
    time_limit_seconds: float = 30,
) -> Roster:
    """Choose shifts that cover the agents required in every interval at the least cost.

    Parameters
    ----------
    required : Series or list of whole numbers
        Agents required on the phones per interval. A Series indexed by interval start
        times may cover several days (up to two weeks); shifts stay within a day and within
        a run of consecutive intervals (rows only for the hours the centre is open are
        fine). A plain list is one day.
    shift_hours : list of numbers, default (4, 6, 8, 9)
        The shift lengths allowed, hours from arrival to leaving (whole intervals).
    interval_minutes : int, default 30
    break_minutes : number, default 30
        The unpaid break of each shift of ``break_from_hours`` or more (0 for none).
    break_from_hours : number, default 6
        Shifts this long or longer have a break; shorter ones have none.
    break_window_hours : (number, number), default (2, 2)
        The break starts at least this long after the shift starts and ends at least this
        long before it ends.
    start_every_minutes : int, default 30
        Shifts start on the clock every this many minutes (60: on the hour only).
    shift_costs : dict, optional
        Cost of one shift of each length (``{8: 150, 4: 85}``); by default the paid hours.
    max_shifts_per_day : int, optional
        The most people who can work on one day.
    shortfall_cost : number, optional
        Allow the requirement to be missed, at this cost per agent short per interval. By
        default every interval must be covered.
    time_limit_seconds : number, default 30
        Stop with the best roster found after this long (the status says so).

    Returns
    -------
    Roster

    Raises
    ------
    cxlab.CxlabValueError
        For a bad option, or when no roster can cover the requirement (too few people a
        day and no ``shortfall_cost``).

    Examples
    --------
    >>> day = [2, 2, 3, 3, 3, 3, 2, 2, 1, 1, 1, 1]  # six hours of half hours
    >>> plan = build_roster(day, shift_hours=(3, 4, 6))
    >>> plan
    Roster (optimal): 4 shifts over 1 day(s), 12.0 paid hours, cost 12.0 (linear bound 12.0); 0 interval(s) under, 0 over the requirement
    >>> (plan.intervals["on_phones"] >= plan.intervals["required"]).all()
    np.True_
    """  # noqa: E501
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    lengths, window, costs, minutes = _shift_options(shift_hours, break_window_hours,
                                                     shift_costs, interval_minutes)
    values, index, segments = _requirement(required, minutes)
    brk = check_non_negative("break_minutes", break_minutes, scalar=True)
    from_hours = check_positive("break_from_hours", break_from_hours, scalar=True)
    limit = check_positive("time_limit_seconds", time_limit_seconds, scalar=True)
    cap = None
    if max_shifts_per_day is not None:
        cap = check_integer("max_shifts_per_day", max_shifts_per_day, minimum=0, scalar=True)
    penalty = None
    if shortfall_cost is not None:
        penalty = check_positive("shortfall_cost", shortfall_cost, scalar=True)
    n = values.size
    day_of_row = _day_of_row(index, n)
    cat = _catalogue(n, segments, shift_hours=lengths, interval_minutes=minutes,
                     break_minutes=brk, break_from_hours=from_hours, break_window_hours=window,
                     shift_costs=costs, day_of_row=day_of_row,
                     start_ok=_start_ok(index, n, start_every_minutes, minutes))
    k = len(cat.table)
    cost = cat.table["cost"].to_numpy()
    cover = cat.on_phones
    columns = k
    if penalty is not None:  # shortfall variables, one per interval
        cover = sparse.hstack([cover, sparse.identity(n, format="csr")], format="csr")
        cost = np.r_[cost, np.full(n, penalty)]
        columns = k + n
    if penalty is None:
        reached = np.asarray(cat.on_phones.sum(axis=1)).ravel() > 0
        missed = np.flatnonzero((values > 0) & ~reached)
        if missed.size:
            first = ", ".join(str(index[i]) for i in missed[:3])
            more = f" and {missed.size - 3} more" if missed.size > 3 else ""
            raise CxlabValueError(
                f"no shift allowed covers {missed.size} interval(s) that need agents ({first}"
                f"{more}): the day is shorter than the shift lengths allowed (shift_hours), "
                "or shifts may not start early enough (start_every_minutes); allow shorter "
                "shifts or let intervals be short at a cost (shortfall_cost)"
            )
    constraints = [LinearConstraint(cover, lb=values.astype(float), ub=np.inf)]
    days = pd.unique(day_of_row)
    if cap is not None:
        rows = np.searchsorted(days, cat.day_of_shift) if days.dtype.kind == "M" else \
            np.zeros(k, dtype=int)
        per_day = sparse.csr_matrix((np.ones(k), (rows, np.arange(k))),
                                    shape=(len(days), columns))
        constraints.append(LinearConstraint(per_day, lb=0, ub=cap))
    bounds = Bounds(np.zeros(columns), np.full(columns, np.inf))
    integrality = np.r_[np.ones(k, dtype=np.int64), np.zeros(columns - k, dtype=np.int64)]
    relaxed = milp(cost, integrality=np.zeros(columns, dtype=np.int64), bounds=bounds,
                   constraints=constraints, options={"time_limit": limit})
    if relaxed.status == 2:
        raise CxlabValueError(
            f"no roster covers the requirement with at most {cap} shifts a day; allow more "
            "people (max_shifts_per_day) or let intervals be short at a cost (shortfall_cost)"
        )
    result = milp(cost, integrality=integrality, bounds=bounds, constraints=constraints,
                  options={"time_limit": limit, "mip_rel_gap": 1e-6})
    if result.x is None:
        raise CxlabValueError(
            f"no roster was found within time_limit_seconds={limit:g}; allow more time or "
            "fewer shift lengths"
        )
    x = np.round(result.x[:k]).astype(np.int64)
    status = "optimal" if result.status == 0 else "time limit"
    return _build_roster(values, index, day_of_row, cat, x, relaxed.fun, status, minutes,
                         penalty or 0.0)


def _build_roster(values, index, day_of_row, cat, x, lp_bound, status, minutes,
                  penalty) -> Roster:
    on_phones = np.asarray(cat.on_phones @ x).ravel().astype(np.int64)
    at_work = np.asarray(cat.at_work @ x).ravel().astype(np.int64)
    intervals = pd.DataFrame({
        "required": values,
        "at_work": at_work,
        "on_break": at_work - on_phones,
        "on_phones": on_phones,
        "over": np.maximum(on_phones - values, 0),
        "under": np.maximum(values - on_phones, 0),
    }, index=index)
    used = np.flatnonzero(x > 0)
    table = cat.table.iloc[used]
    labels = list(index)
    step = pd.Timedelta(minutes=minutes) if isinstance(index, pd.DatetimeIndex) else 1

    def label(row: int) -> Any:
        return labels[row] if row < len(labels) else labels[-1] + step

    shifts = pd.DataFrame({
        "day": [day_of_row[r] for r in table["start_row"]],
        "start": [label(r) for r in table["start_row"]],
        "end": [label(r + length - 1) + step
                for r, length in zip(table["start_row"], table["length"], strict=True)],
        "hours": table["hours"].to_numpy(),
        # row labels stay whole numbers, with None (not NaN) for shifts without a break
        "break_start": pd.Series([label(r) if r >= 0 else None for r in table["break_row"]],
                                 dtype=None if isinstance(index, pd.DatetimeIndex) else object),
        "paid_hours": table["paid_hours"].to_numpy(),
        "agents": x[used],
        "cost": table["cost"].to_numpy() * x[used],
    })
    shifts = shifts.sort_values(["day", "start", "hours"], kind="stable").reset_index(drop=True)
    hour = minutes / 60
    frame = intervals.assign(day=day_of_row)
    by_day = frame.groupby("day", sort=True)
    days = pd.DataFrame({
        "shifts": shifts.groupby("day")["agents"].sum(),
        "paid_hours": (shifts["paid_hours"] * shifts["agents"]).groupby(shifts["day"]).sum(),
        "required_hours": by_day["required"].sum() * hour,
        "over_hours": by_day["over"].sum() * hour,
        "under_hours": by_day["under"].sum() * hour,
    }).fillna(0)
    days["shifts"] = days["shifts"].astype(np.int64)
    days.index.name = "day"
    paid = float((shifts["paid_hours"] * shifts["agents"]).sum())
    cost = float(shifts["cost"].sum() + penalty * intervals["under"].sum())
    return Roster(shifts.drop(columns="cost"), intervals, days, paid, cost, float(lp_bound),
                  status)
