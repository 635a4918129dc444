"""Shifts, rosters, days off and intraday re-planning, as integer programmes.

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

Days off: the post-office problem
---------------------------------
:func:`days_off` is the classic problem of operations-research textbooks: each employee works
``days_on`` consecutive days (5) then has the rest of the week off (2); how few employees
cover the number needed each day? The unknowns are how many start their working stretch on
each weekday (the week wraps around). Winston's example (*Operations Research: Applications
and Algorithms*, 4th ed., section 3.5) needs 17, 13, 15, 19, 14, 16 and 11 employees Monday to
Sunday: the linear relaxation needs 22 1/3 and the integer optimum is 23.

Intraday re-planning
--------------------
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
    describe,
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

#: The most intervals one roster may cover (two weeks of half hours).
MAX_INTERVALS = 14 * 48
#: The most candidate shifts one roster may have (bounds the integer programme).
MAX_SHIFTS = 20_000
#: The most days a days-off plan may cover.
MAX_DAYS = 28
#: The most agents required in one interval.
MAX_AGENTS = 10_000


# --------------------------------------------------------------------------------------------
# Reading the requirement


def _requirement(required: Any, interval_minutes: int) -> tuple[np.ndarray, pd.Index, list]:
    """Agents required as whole numbers, the labels, and the day segments (start, stop)."""
    if isinstance(required, pd.DataFrame):
        raise CxlabValueError(
            "required must be one column of agents per interval (a Series or a list), got a "
            "table; pick its column, e.g. plan.intervals['agents_required']"
        )
    values = check_integer("required", required, minimum=0)
    values = np.atleast_1d(values)
    if values.ndim != 1 or values.size == 0:
        raise CxlabValueError("required must be a non-empty series of agents per interval")
    if values.size > MAX_INTERVALS:
        raise CxlabValueError(
            f"required must cover at most {MAX_INTERVALS} intervals (two weeks of half "
            f"hours), got {values.size}"
        )
    if values.max() > MAX_AGENTS:
        raise CxlabValueError(
            f"required must be at most {MAX_AGENTS:,} agents in an interval, got "
            f"{int(values.max()):,}"
        )
    if isinstance(required, pd.Series) and isinstance(required.index, pd.DatetimeIndex):
        index = required.index
        if not index.is_monotonic_increasing or index.has_duplicates:
            raise CxlabValueError("required's interval starts must be in order, each once")
        step = pd.Timedelta(minutes=interval_minutes)
        day = index.normalize()
        new_segment = np.ones(values.size, dtype=bool)
        new_segment[1:] = (day[1:] != day[:-1]) | ((index[1:] - index[:-1]) != step)
        starts = np.flatnonzero(new_segment)
        stops = np.r_[starts[1:], values.size]
        segments = list(zip(starts.tolist(), stops.tolist(), strict=True))
        return values, index, segments
    index = required.index if isinstance(required, pd.Series) else pd.RangeIndex(values.size)
    return values, index, [(0, values.size)]


def _intervals(name: str, hours: float, interval_minutes: int) -> int:
    count = hours * 60 / interval_minutes
    if abs(count - round(count)) > 1e-9:
        raise CxlabValueError(
            f"{name} must be a whole number of {interval_minutes}-minute intervals, got "
            f"{describe(hours)} hours"
        )
    return int(round(count))


@dataclass(frozen=True)
class _Catalogue:
    table: pd.DataFrame  # one row per candidate shift
    on_phones: Any  # sparse (intervals x shifts): 1 where the shift is at work, not on break
    at_work: Any  # sparse: 1 where the shift is at work (break included)
    day_of_shift: np.ndarray


def _catalogue(
    n: int,
    segments: list,
    *,
    shift_hours: tuple[float, ...],
    interval_minutes: int,
    break_minutes: float,
    break_from_hours: float,
    break_window_hours: tuple[float, float],
    shift_costs: dict | None,
    day_of_row: np.ndarray,
    start_ok: np.ndarray,
) -> _Catalogue:
    from scipy import sparse

    brk = _intervals("break_minutes", break_minutes / 60, interval_minutes)
    early = _intervals("break_window_hours", break_window_hours[0], interval_minutes)
    late = _intervals("break_window_hours", break_window_hours[1], interval_minutes)
    rows: list[dict] = []
    phone_r: list[np.ndarray] = []
    phone_c: list[np.ndarray] = []
    work_r: list[np.ndarray] = []
    work_c: list[np.ndarray] = []
    for hours in shift_hours:
        length = _intervals("shift_hours", hours, interval_minutes)
        with_break = hours >= break_from_hours and brk > 0
        offsets = list(range(early, length - late - brk + 1)) if with_break else [None]
        if with_break and not offsets:
            raise CxlabValueError(
                f"a {describe(float(hours))}-hour shift has no room for its break: it must "
                f"start at least {describe(float(break_window_hours[0]))} h after the start "
                f"and end {describe(float(break_window_hours[1]))} h before the end "
                "(shorten break_window_hours or raise break_from_hours)"
            )
        paid = hours - (brk * interval_minutes / 60 if with_break else 0.0)
        cost = paid if shift_costs is None else shift_costs[hours]
        for start_row, stop_row in segments:
            for start in range(start_row, stop_row - length + 1):
                if not start_ok[start]:
                    continue
                for offset in offsets:
                    column = len(rows)
                    span = np.arange(start, start + length)
                    work_r.append(span)
                    work_c.append(np.full(span.size, column))
                    phones = span if offset is None else np.r_[
                        span[:offset], span[offset + brk:]
                    ]
                    phone_r.append(phones)
                    phone_c.append(np.full(phones.size, column))
                    rows.append({
                        "start_row": start,
                        "length": length,
                        "break_row": -1 if offset is None else start + offset,
                        "hours": float(hours),
                        "paid_hours": float(paid),
                        "cost": float(cost),
                    })
                    if len(rows) > MAX_SHIFTS:
                        raise CxlabValueError(
                            f"there are more than {MAX_SHIFTS:,} possible shifts; use fewer "
                            "shift lengths, a shorter period or a narrower break window"
                        )
    if not rows:
        raise CxlabValueError(
            "no shift fits in the intervals given: each day's intervals are shorter than the "
            f"shortest shift ({describe(float(min(shift_hours)))} h)"
        )
    table = pd.DataFrame(rows)
    k = len(rows)

    def matrix(r: list, c: list) -> Any:
        rr, cc = np.concatenate(r), np.concatenate(c)
        return sparse.csr_matrix((np.ones(rr.size), (rr, cc)), shape=(n, k))

    day_of_shift = day_of_row[table["start_row"].to_numpy()]
    return _Catalogue(table, matrix(phone_r, phone_c), matrix(work_r, work_c), day_of_shift)


def _shift_options(
    shift_hours: Any, break_window_hours: Any, shift_costs: Any, interval_minutes: Any
) -> tuple[tuple[float, ...], tuple[float, float], dict | None, int]:
    minutes = check_integer("interval_minutes", interval_minutes, minimum=1, scalar=True)
    if minutes > 240:
        raise CxlabValueError(f"interval_minutes must be at most 240, got {minutes}")
    hours = np.atleast_1d(check_positive("shift_hours", shift_hours)).ravel()
    if hours.size == 0 or hours.size > 8:
        raise CxlabValueError(f"shift_hours must list 1 to 8 shift lengths, got {hours.size}")
    if hours.max() > 12:
        raise CxlabValueError(f"shift_hours must be at most 12, got {describe(hours.max())}")
    lengths = tuple(sorted({float(h) for h in hours}))
    window = np.atleast_1d(check_non_negative("break_window_hours", break_window_hours))
    if window.size != 2:
        raise CxlabValueError(
            "break_window_hours must be two numbers: the hours from the start before a break "
            f"may begin, and the hours it must end before the shift ends; got {window.size}"
        )
    costs = None
    if shift_costs is not None:
        if not isinstance(shift_costs, dict):
            raise CxlabValueError(
                "shift_costs must map each shift length in hours to its cost, e.g. "
                f"{{8: 160, 4: 90}}; got {type(shift_costs).__name__}"
            )
        costs = {}
        for length in lengths:
            match = [v for k, v in shift_costs.items() if float(k) == length]
            if not match:
                raise CxlabValueError(f"shift_costs has no cost for the {length:g}-hour shift")
            costs[length] = check_non_negative("shift_costs", match[0], scalar=True)
    return lengths, (float(window[0]), float(window[1])), costs, minutes


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


def shift_catalogue(
    required: Any,
    *,
    shift_hours: Any = (4, 6, 8, 9),
    interval_minutes: int = 30,
    break_minutes: float = 30,
    break_from_hours: float = 6,
    break_window_hours: Any = (2, 2),
    start_every_minutes: int = 30,
) -> pd.DataFrame:
    """Every shift :func:`build_roster` can choose from, one row each (same options as there).

    Examples
    --------
    >>> table = shift_catalogue([1] * 16, shift_hours=(4, 6))  # 8 hours of half hours
    >>> table.groupby("hours").size().to_dict()  # 9 starts of 4 h; 5 starts x 4 breaks of 6 h
    {4.0: 9, 6.0: 20}
    """
    lengths, window, _, minutes = _shift_options(shift_hours, break_window_hours, None,
                                                 interval_minutes)
    values, index, segments = _requirement(required, minutes)
    day_of_row = _day_of_row(index, values.size)
    cat = _catalogue(values.size, segments, shift_hours=lengths, interval_minutes=minutes,
                     break_minutes=check_non_negative("break_minutes", break_minutes, scalar=True),
                     break_from_hours=check_positive("break_from_hours",
                                                           break_from_hours, scalar=True),
                     break_window_hours=window, shift_costs=None, day_of_row=day_of_row,
                     start_ok=_start_ok(index, values.size, start_every_minutes, minutes))
    return cat.table.drop(columns="cost")


def _start_ok(index: pd.Index, n: int, every: Any, minutes: int) -> np.ndarray:
    """Rows where a shift may start: every ``every`` minutes from midnight (or row 0)."""
    step = check_integer("start_every_minutes", every, minimum=1, scalar=True)
    if step % minutes:
        raise CxlabValueError(
            f"start_every_minutes must be a whole number of intervals ({minutes} minutes), "
            f"got {step}"
        )
    if isinstance(index, pd.DatetimeIndex):
        clock = (index - index.normalize()) // pd.Timedelta(minutes=1)
        return np.asarray(clock) % step == 0
    return (np.arange(n) * minutes) % step == 0


def _day_of_row(index: pd.Index, n: int) -> np.ndarray:
    if isinstance(index, pd.DatetimeIndex):
        return np.asarray(index.normalize())
    return np.zeros(n, dtype=int)


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
                f"{more}): the day is shorter than the shift lengths allowed, or shifts may "
                "not start early enough; allow shorter shifts or let intervals be short at a "
                "cost (shortfall_cost)"
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
    integrality = np.r_[np.ones(k), np.zeros(columns - k)]
    relaxed = milp(cost, integrality=np.zeros(columns), bounds=bounds,
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
        "break_start": [label(r) if r >= 0 else None for r in table["break_row"]],
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


# --------------------------------------------------------------------------------------------
# Days off


@dataclass(frozen=True)
class DaysOffPlan:
    """A days-off plan: how many employees start their working stretch on each day.

    Attributes
    ----------
    employees : int
        Employees needed in all.
    table : DataFrame, one row per day
        ``required``, ``starting`` (employees whose stretch of working days starts that
        day), ``working`` and ``surplus`` (working minus required).
    lp_bound : float
        Employees the linear relaxation needs (fractional employees allowed).
    days_on : int
        Consecutive working days of each employee.
    """

    employees: int
    table: pd.DataFrame
    lp_bound: float
    days_on: int

    def __repr__(self) -> str:
        return (
            f"DaysOffPlan: {self.employees} employees, each {self.days_on} days on and "
            f"{len(self.table) - self.days_on} off (linear relaxation {self.lp_bound:.2f}); "
            f"{int(self.table['surplus'].sum())} employee-days beyond the requirement"
        )


def days_off(required_per_day: Any, *, days_on: int = 5) -> DaysOffPlan:
    """The fewest employees who cover each day when everyone works consecutive days.

    Each employee works ``days_on`` consecutive days and has the rest of the cycle off; the
    cycle wraps around (a stretch starting on Friday covers Friday to Tuesday).

    Parameters
    ----------
    required_per_day : Series or list of whole numbers
        Employees needed each day of the cycle, e.g. Monday to Sunday.
    days_on : int, default 5
        Consecutive working days, 1 to the cycle length minus 1.

    Returns
    -------
    DaysOffPlan

    Examples
    --------
    Winston's post-office example (Operations Research, section 3.5):

    >>> plan = days_off([17, 13, 15, 19, 14, 16, 11])
    >>> plan.employees, round(plan.lp_bound, 4)
    (23, 22.3333)
    """
    from scipy.optimize import LinearConstraint, milp

    values = np.atleast_1d(check_integer("required_per_day", required_per_day, minimum=0))
    if values.ndim != 1 or not 2 <= values.size <= MAX_DAYS:
        raise CxlabValueError(
            f"required_per_day must list 2 to {MAX_DAYS} days, got {values.size}"
        )
    if values.max() > MAX_AGENTS:
        raise CxlabValueError(
            f"required_per_day must be at most {MAX_AGENTS:,}, got {int(values.max()):,}"
        )
    n = values.size
    on = check_integer("days_on", days_on, minimum=1, scalar=True)
    if on >= n:
        raise CxlabValueError(
            f"days_on must be less than the {n} days of the cycle (someone must have a day "
            f"off), got {on}"
        )
    cover = np.zeros((n, n))
    for start in range(n):
        for d in range(on):
            cover[(start + d) % n, start] = 1.0
    constraint = LinearConstraint(cover, lb=values.astype(float), ub=np.inf)
    relaxed = milp(np.ones(n), integrality=np.zeros(n), constraints=[constraint])
    result = milp(np.ones(n), integrality=np.ones(n), constraints=[constraint])
    x = np.round(result.x).astype(np.int64)
    working = (cover @ x).astype(np.int64)
    index = required_per_day.index if isinstance(required_per_day, pd.Series) else \
        pd.RangeIndex(1, n + 1, name="day")
    table = pd.DataFrame({"required": values, "starting": x, "working": working,
                          "surplus": working - values}, index=index)
    return DaysOffPlan(int(x.sum()), table, float(relaxed.fun), on)


# --------------------------------------------------------------------------------------------
# Intraday re-planning


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


def _day_series(name: str, value: Any, n: int, *, integer: bool) -> np.ndarray:
    arr = check_integer(name, value, minimum=0) if integer else check_non_negative(name, value)
    arr = np.atleast_1d(arr)
    if arr.size == 1 and n > 1:
        arr = np.full(n, arr.item())
    if arr.ndim != 1 or arr.size != n:
        raise CxlabValueError(f"{name} must have one value per interval of the day ({n}), "
                              f"got {arr.size}")
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
        Agents on the phones per interval as rostered (``Roster.intervals["on_phones"]``).
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
            f"actual_calls must cover the intervals so far: 1 to {n - 1} of the day's {n}, "
            f"got {actual.size}"
        )
    rostered = _day_series("agents_on_phones", agents_on_phones, n, integer=True)
    rest = n - done
    absent = _day_series("absent_agents", absent_agents, rest, integer=True)
    on_break = (np.zeros(n, dtype=np.int64) if breaks is None
                else _day_series("breaks", breaks, n, integer=True))
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
