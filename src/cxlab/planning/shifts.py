"""The candidate shifts of a roster: every start, length and break a roster may choose.

Every possible shift is a column of :func:`cxlab.planning.build_roster`'s integer programme:
a start time (every interval of the day, or every ``start_every_minutes``), a length (e.g.
4, 6, 8 or 9 hours, counted from arrival to leaving) and, for long shifts, the interval of
the one unpaid break (anywhere in a window, by default not in the first or last two hours).
:func:`shift_catalogue` lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .._validation import (
    CxlabValueError,
    as_float_array,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)

__all__ = ["shift_catalogue"]

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
                "(shorten break_minutes or break_window_hours, or raise break_from_hours)"
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
            "no shift fits in the intervals given: each day of required, at "
            f"interval_minutes={interval_minutes} a row, is shorter than the shortest shift in "
            f"shift_hours ({describe(float(min(shift_hours)))} h)"
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
    if hours.min() * 60 < minutes:
        raise CxlabValueError(f"shift_hours must each be at least one interval ({minutes} "
                              f"minutes), got {describe(hours.min())} hours")
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
        given = as_float_array("shift_costs", list(shift_costs))  # the lengths, as numbers
        costs = {}
        for length in lengths:
            match = [v for k, v in zip(given, shift_costs.values(), strict=True)
                     if k == length]
            if not match:
                raise CxlabValueError(f"shift_costs has no cost for the {length:g}-hour shift")
            costs[length] = check_non_negative("shift_costs", match[0], scalar=True)
    return lengths, (float(window[0]), float(window[1])), costs, minutes


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
    step = check_integer("start_every_minutes", every, minimum=1, maximum=24 * 60, scalar=True)
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

