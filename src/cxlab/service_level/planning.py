"""Service level from counted calls (the ICMI definitions) and the interval staffing plan.

Shrinkage and schedule adherence take people off the phones in two different ways, and the
kit counts each lost minute once (``LOST_TIME`` says which time each one covers):

* **shrinkage** is the share of *paid* time known or planned to be away from contacts:
  breaks, meetings, coaching, training, holidays, sickness and other absence;
* **adherence** is the share of the time *left after shrinkage*, when the schedule puts an
  agent on contacts, that they really are: a late log-in, a long break or unplanned time off
  the phones counts against it.

Adherence is a share of the time shrinkage leaves, so the two are multiplied:
``on the phones = scheduled x (1 - shrinkage) x adherence`` (30% shrinkage and 92% adherence
leave 0.70 x 0.92 = 64.4% of paid time, a loss of 35.6%, not 30% + 8% = 38%). Some centres
put a line for non-adherence inside their shrinkage figure; with such a figure, leave
``adherence`` at 1 (the default), or that time is lost twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pandas as pd

from .._shapes import ArrayLike, Floats, Ints, restore_shape
from .._validation import (
    CxlabValueError,
    as_float_array,
    check_choice,
    check_in_range,
    check_non_negative,
    describe,
)
from .erlang import (
    _agents,
    _broadcast,
    _erlang_c,
    _occupancy,
    _service_level,
    agents_required,
    traffic_intensity,
)

__all__ = [
    "LOST_TIME",
    "SL_DEFINITIONS",
    "StaffingPlan",
    "agents_on_phones",
    "available_share",
    "people_to_schedule",
    "service_level_from_counts",
    "staffing_plan",
]

#: The time each planning figure takes off the phones, in the kit's definitions. They do not
#: overlap: adherence is measured on the time shrinkage leaves, so the two are multiplied.
LOST_TIME: dict[str, str] = {
    "shrinkage": "share of paid time known or planned to be away from contacts: breaks, team "
    "meetings, coaching, training, holidays, sickness and other absence",
    "adherence": "share of the time left after shrinkage (when the schedule puts agents on "
    "contacts) that they really are on contacts: late log-ins, long breaks and unplanned time "
    "off the phones count against it; not already in shrinkage",
}

#: The service-level formulas in common use (ICMI), by name: (formula, what it means).
SL_DEFINITIONS: dict[str, tuple[str, str]] = {
    "offered": (
        "answered within T / (answered + abandoned)",
        "every caller counts; a caller who hung up, even after 2 seconds, is a miss",
    ),
    "answered": (
        "answered within T / answered",
        "abandoned calls are ignored: looks better the more callers give up, and has no value"
        " at all when every caller gave up",
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


@overload
def service_level_from_counts(
    answered: float, abandoned: float, answered_within: float, abandoned_within: float = ...,
    *, definition: str = ...,
) -> float: ...
@overload
def service_level_from_counts(
    answered: ArrayLike, abandoned: ArrayLike, answered_within: ArrayLike,
    abandoned_within: ArrayLike = ..., *, definition: str = ...,
) -> Floats: ...


def service_level_from_counts(
    answered: ArrayLike,
    abandoned: ArrayLike,
    answered_within: ArrayLike,
    abandoned_within: ArrayLike = 0,
    *,
    definition: str = "offered",
) -> Floats:
    """Service level from counted calls, by one of the ICMI definitions (``SL_DEFINITIONS``).

    Parameters
    ----------
    answered, abandoned : number or array
        Calls answered, and calls whose caller hung up before an answer (0 or more).
    answered_within, abandoned_within : number or array
        Of those, the calls answered (abandoned) after waiting the threshold T or less.
    definition : {"offered", "answered", "short_abandons_met", "short_abandons_excluded"}
        Which calls count, keyword-only (see ``SL_DEFINITIONS``).

    Returns
    -------
    float or array
        A fraction from 0 to 1, the same shape as the counts. Two edge cases, the same as
        :meth:`cxlab.service_level.Simulation.service_level`:

        * **no call offered** (answered and abandoned both 0): 1.0 under every definition,
          since no caller was kept waiting;
        * **calls offered, but none in the definition's denominator**: NaN, because the
          service level is undefined, not perfect. It happens under ``"answered"`` when
          every caller hung up (nobody was answered, so "answered within T / answered" has
          nothing to divide by), and under ``"short_abandons_excluded"`` when nobody was
          answered and every caller hung up within T. Report such an interval as "no
          service level: every caller hung up", never as 100%; a total over several
          intervals is computed from the added counts, not from the interval figures.

    Raises
    ------
    CxlabValueError
        If a count is negative, a ``*_within`` count exceeds its total, or ``definition``
        is not one of the four names.

    Examples
    --------
    >>> for name in SL_DEFINITIONS:
    ...     print(name, round(service_level_from_counts(1000, 60, 860, 20, definition=name), 3))
    offered 0.811
    answered 0.86
    short_abandons_met 0.83
    short_abandons_excluded 0.827
    >>> float(service_level_from_counts(0, 0, 0, definition="answered"))  # nobody called
    1.0
    >>> float(service_level_from_counts(0, 12, 0, 3, definition="answered"))  # all hung up
    nan
    >>> float(service_level_from_counts(0, 12, 0, 3))  # offered: 0 of 12 within T
    0.0
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
    offered = ans + ab
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1),
                         np.where(offered > 0, np.nan, 1.0))
    return restore_shape(value, answered, abandoned, answered_within, abandoned_within)


def _shares(shrinkage: Any, adherence: Any, *, dividing: bool = False
            ) -> tuple[np.ndarray, np.ndarray]:
    """Checked shrinkage and adherence; ``dividing``: adherence must be above 0."""
    s = check_in_range("shrinkage", shrinkage, 0, 1, high_inclusive=False,
                       hint="a fraction: 30% is 0.3")
    a = check_in_range("adherence", adherence, 0, 1, low_inclusive=not dividing,
                       hint="a fraction: 92% is 0.92; 1 when shrinkage already includes "
                       "non-adherence")
    return s, a


@overload
def available_share(*, shrinkage: float, adherence: float = ...) -> float: ...
@overload
def available_share(*, shrinkage: ArrayLike, adherence: ArrayLike = ...) -> Floats: ...


def available_share(*, shrinkage: ArrayLike, adherence: ArrayLike = 1.0) -> Floats:
    """Share of paid time on contacts: ``(1 - shrinkage) x adherence``.

    Each lost minute is counted once (see ``LOST_TIME``): shrinkage takes its share of the
    paid time, and adherence is a share of what is left, so the two multiply. Adding them
    (``1 - shrinkage - (1 - adherence)``) would count part of the time twice.

    Parameters
    ----------
    shrinkage : float or array, keyword-only
        Share of paid time away from contacts, from 0 to below 1 (30% is 0.3).
    adherence : float or array, default 1.0, keyword-only
        Share of the remaining scheduled time agents are really on contacts, from 0 to 1.
        Leave it at 1 if your shrinkage figure already includes non-adherence.

    Returns
    -------
    float or array

    Examples
    --------
    >>> round(available_share(shrinkage=0.30, adherence=0.92), 3)  # 0.70 x 0.92
    0.644
    >>> available_share(shrinkage=0.30, adherence=92)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: adherence must be in [0, 1], got 92 (a fraction: 92% is 0.92; \
1 when shrinkage already includes non-adherence)
    """
    s, a = _shares(shrinkage, adherence)
    s, a = _broadcast(shrinkage=s, adherence=a)
    return restore_shape((1.0 - s) * a, shrinkage, adherence)


@overload
def agents_on_phones(scheduled_staff: float, *, shrinkage: float, adherence: float = ...
                     ) -> int: ...
@overload
def agents_on_phones(scheduled_staff: ArrayLike, *, shrinkage: ArrayLike,
                     adherence: ArrayLike = ...) -> Ints: ...


def agents_on_phones(scheduled_staff: ArrayLike, *, shrinkage: ArrayLike,
                     adherence: ArrayLike = 1.0) -> Ints:
    """Whole agents on the phones from the people scheduled, each lost minute counted once.

    ``floor(scheduled_staff x (1 - shrinkage) x adherence)``: part of an agent cannot take a
    call, so the result is rounded down. The metric map (module 02) uses this function.

    Parameters
    ----------
    scheduled_staff : number or array
        People scheduled for the interval, 0 or more.
    shrinkage, adherence : number or array, keyword-only
        As in :func:`available_share` (adherence 1 by default).

    Returns
    -------
    int or array of int
        Whole agents on the phones, in the shape of the inputs.

    Examples
    --------
    >>> agents_on_phones(22, shrinkage=0.30, adherence=0.92)  # 22 x 0.644 = 14.17
    14
    >>> agents_on_phones(30, shrinkage=0.30, adherence=0.90)  # 30 x 0.63 = 18.9
    18
    """
    people = check_non_negative("scheduled_staff", scheduled_staff)
    s, a = _shares(shrinkage, adherence)
    people, s, a = _broadcast(scheduled_staff=people, shrinkage=s, adherence=a)
    # 1e-9: 20 x 0.7 is 13.999999999999998 in floating point; it is 14 agents.
    agents = np.floor(people * (1 - s) * a + 1e-9).astype(np.int64)
    if agents.ndim == 0:
        return int(agents)
    return restore_shape(agents, scheduled_staff, shrinkage, adherence)


@overload
def people_to_schedule(agents: float, *, shrinkage: float, adherence: float = ...) -> int: ...
@overload
def people_to_schedule(agents: ArrayLike, *, shrinkage: ArrayLike, adherence: ArrayLike = ...
                       ) -> Ints: ...


def people_to_schedule(agents: ArrayLike, *, shrinkage: ArrayLike,
                       adherence: ArrayLike = 1.0) -> Ints:
    """Whole people to schedule so that ``agents`` are on the phones after both losses.

    ``ceil(agents / ((1 - shrinkage) x adherence))``, the inverse of
    :func:`agents_on_phones`. With ``adherence=1`` it is
    :func:`cxlab.service_level.scheduled_staff`.

    Parameters
    ----------
    agents : number or array
        Agents needed on the phones (from Erlang), 0 or more.
    shrinkage, adherence : number or array, keyword-only
        As in :func:`available_share`; adherence must be above 0 here.

    Returns
    -------
    int or array of int
        Whole people, rounded up, in the shape of the inputs.

    Examples
    --------
    >>> people_to_schedule(14, shrinkage=0.30)  # 14 / 0.7 = 20
    20
    >>> people_to_schedule(14, shrinkage=0.30, adherence=0.92)  # 14 / 0.644 = 21.7
    22
    """
    n = check_non_negative("agents", agents)
    s, a = _shares(shrinkage, adherence, dividing=True)
    n, s, a = _broadcast(agents=n, shrinkage=s, adherence=a)
    # 14 / 0.7 is 20.000000000000004 in floating point: allow for that before rounding up.
    people = np.ceil(n / ((1.0 - s) * a) - 1e-9).astype(np.int64)
    if people.ndim == 0:
        return int(people)
    return restore_shape(people, agents, shrinkage, adherence)


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
            f"shrinkage {s['shrinkage']:.0%}"
            + (f", adherence {s['adherence']:.0%}" if s.get("adherence", 1.0) != 1.0 else ""),
            f"  calls {t['calls']:,.0f}; agent-hours required {t['agent_hours_required']:,.1f}; "
            f"scheduled hours {t['scheduled_hours']:,.1f}",
            f"  service level with the required agents {t['service_level']:.1%}",
        ]
        if "service_level_staffed" in t:
            lines.append(f"  service level with the agents staffed {t['service_level_staffed']:.1%}"
                         f"; {int(t['intervals_understaffed'])} interval(s) under-staffed")
        return "\n".join(lines)


def _column(frame: pd.DataFrame, name: str, role: str) -> pd.Series:
    if not isinstance(name, str):
        raise CxlabValueError(
            f"{role} must be the name of a column of intervals, got {describe(name)}"
        )
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
    adherence: float = 1.0,
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
    shrinkage : share of paid time away from contacts (breaks, meetings, coaching, training,
        leave, sickness; see ``LOST_TIME``)
    adherence : share of the time left after shrinkage that agents are really on contacts;
        1 (the default) plans for shrinkage only, as when your shrinkage figure already
        includes non-adherence. Scheduled staff is ``ceil(agents / ((1 - shrinkage) x
        adherence))`` (:func:`people_to_schedule`), each lost minute counted once.
    max_occupancy : optional occupancy cap for the required agents
    interval_seconds : interval length
    calls, aht, staffed, time : the column names to use (``staffed=None`` to skip)

    Returns
    -------
    StaffingPlan
        ``intervals`` has erlangs, agents_required, service_level, asa_seconds, occupancy
        and scheduled_staff; with staffed agents also agents_staffed, gap (staffed minus
        required) and the service level, ASA and occupancy those agents give. ``days`` and
        ``total`` add up calls and hours and weight service levels by calls. Where the staffed
        agents are no more than the workload in Erlangs the queue never clears, and the ASA
        they give is ``inf`` (infinite: callers would wait without end), in that interval and
        in its day's and the total's ``asa_seconds_staffed``.

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
    # One number each (the models check the ranges): a list here would plan nothing sensible.
    target_sl = as_float_array("target_sl", target_sl, scalar=True)
    threshold_seconds = as_float_array("threshold_seconds", threshold_seconds, scalar=True)
    shrinkage = as_float_array("shrinkage", shrinkage, scalar=True)
    adherence = as_float_array("adherence", adherence, scalar=True)
    if max_occupancy is not None:
        max_occupancy = as_float_array("max_occupancy", max_occupancy, scalar=True)
    interval_seconds = check_in_range("interval_seconds", interval_seconds, 60, 86_400,
                                      hint="a half hour is 1800", scalar=True)
    if staffed is not None and not isinstance(staffed, str):
        raise CxlabValueError(
            f"staffed must be the name of a column of intervals, or None, got {describe(staffed)}"
        )
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
        "scheduled_staff": np.atleast_1d(people_to_schedule(required, shrinkage=shrinkage,
                                                            adherence=adherence)),
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
                "shrinkage": float(shrinkage), "adherence": float(adherence),
                "max_occupancy": max_occupancy,
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
