"""Deferred channels (email, messaging, letters): backlog and response time.

Nobody waits on the line for an email, so the objective is a response time ("90% handled
within 8 hours") and the plan is about clearing the backlog. cxlab uses a first-in,
first-out fluid model per period (an hour, say): items arrive evenly within each period;
the team handles up to its capacity, oldest first; what it cannot handle carries over.

Each item's response time is the time from its arrival to the moment the team's cumulative
handled count reaches its place in the queue, with handling spread evenly over each period
(and never before the item arrived). Items still waiting at the end are reported as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import pandas as pd

from .._shapes import ArrayLike, Floats
from .._validation import (
    CxlabValueError,
    check_integer,
    check_non_negative,
    check_positive,
    describe,
)

__all__ = ["Backlog", "backlog", "handling_capacity"]


@overload
def handling_capacity(agents: float, aht_seconds: float, period_seconds: float = ...,
                      *, utilisation: float = ...) -> float: ...
@overload
def handling_capacity(agents: ArrayLike, aht_seconds: ArrayLike, period_seconds: float = ...,
                      *, utilisation: float = ...) -> Floats: ...


def handling_capacity(agents: ArrayLike, aht_seconds: ArrayLike, period_seconds: float = 3600,
                      *, utilisation: float = 1.0) -> Floats:
    """Items a team can handle in a period: ``agents x period / AHT x utilisation``.

    >>> handling_capacity(5, 360)
    50.0
    """
    n = check_non_negative("agents", agents)
    h = check_positive("aht_seconds", aht_seconds)
    p = check_positive("period_seconds", period_seconds)
    u = check_positive("utilisation", utilisation)
    if np.any(u > 1):
        raise CxlabValueError(f"utilisation must be in (0, 1], got {float(np.max(u)):g}")
    value = n * p / h * u
    return float(value) if np.ndim(value) == 0 else value


@dataclass(frozen=True)
class Backlog:
    """The result of :func:`backlog`.

    Attributes
    ----------
    periods : DataFrame with arrivals, capacity, handled and backlog (at the end) per period
    waits_hours : response time of each item handled, in hours, oldest first
    unhandled : items still waiting at the end
    period_hours : length of a period in hours
    start_backlog : items waiting at the start
    """

    periods: pd.DataFrame
    waits_hours: np.ndarray
    unhandled: float
    period_hours: float
    start_backlog: float = 0.0

    def share_within(self, hours: float) -> float:
        """Share of all arrived items handled within ``hours`` (unhandled items count as late).

        >>> b = backlog([10, 10], [10, 10])
        >>> b.share_within(1)
        1.0
        """
        h = check_non_negative("hours", hours, scalar=True)
        total = float(self.periods["arrivals"].sum()) + self.start_backlog
        if total == 0:
            return 1.0
        # each entry of waits_hours stands for total handled / len(waits) items
        handled = total - self.unhandled
        if len(self.waits_hours) == 0:
            return 0.0
        return float(np.mean(self.waits_hours <= h + 1e-9) * handled / total)

    @property
    def mean_response_hours(self) -> float:
        """Mean response time of the items handled, in hours."""
        return float(self.waits_hours.mean()) if len(self.waits_hours) else 0.0

    def __repr__(self) -> str:
        p = self.periods
        return (f"Backlog: {p['arrivals'].sum():,.0f} arrived, {p['handled'].sum():,.0f} handled "
                f"over {len(p)} periods; {self.unhandled:,.0f} still waiting at the end; "
                f"mean response {self.mean_response_hours:.1f} h")


#: Items followed for the response-time distribution at most (a million takes a second).
MAX_RESOLUTION = 1_000_000


def backlog(arrivals: Any, capacity: Any, *, start_backlog: float = 0.0,
            period_hours: float = 1.0, resolution: int = 2000) -> Backlog:
    """Work a queue of deferred items through the periods, oldest first.

    Parameters
    ----------
    arrivals : items arriving in each period
    capacity : items the team can handle in each period (see :func:`handling_capacity`)
    start_backlog : items already waiting at the start (they arrived just before it)
    period_hours : length of a period
    resolution : how many items to follow for the response-time distribution

    Examples
    --------
    >>> b = backlog([120] * 8, [100] * 8)
    >>> float(b.periods["backlog"].iloc[-1]), b.unhandled
    (160.0, 160.0)
    >>> b = backlog([100, 0], [50, 50])
    >>> round(b.share_within(0.25), 2), round(b.share_within(1), 2)
    (0.25, 1.0)
    """
    a = np.atleast_1d(check_non_negative("arrivals", arrivals)).astype(float)
    c = np.atleast_1d(check_non_negative("capacity", capacity)).astype(float)
    for name, value, arr in (("arrivals", arrivals, a), ("capacity", capacity, c)):
        if arr.ndim != 1:
            raise CxlabValueError(f"{name} must be a list of numbers, one per period, got "
                                  f"{describe(value)}")
    if c.size == 1 and a.size > 1:
        c = np.full(a.shape, float(c[0]))
    if a.shape != c.shape or a.ndim != 1:
        raise CxlabValueError(f"arrivals and capacity must have the same length, got "
                              f"{a.size} and {c.size}")
    b0 = check_non_negative("start_backlog", start_backlog, scalar=True)
    length = check_positive("period_hours", period_hours, scalar=True)
    resolution = check_integer("resolution", resolution, minimum=1, maximum=MAX_RESOLUTION,
                               scalar=True)
    handled = np.zeros_like(a)
    left = np.zeros_like(a)
    carry = b0
    for i in range(a.size):
        handled[i] = min(c[i], carry + a[i])
        carry = carry + a[i] - handled[i]
        left[i] = carry
    periods = pd.DataFrame({"period": np.arange(a.size), "arrivals": a, "capacity": c,
                            "handled": handled, "backlog": left})
    # Cumulative curves at period edges (time in hours). The start backlog arrives at t = 0.
    edges = np.arange(a.size + 1) * length
    cum_arrived = np.concatenate([[b0], b0 + np.cumsum(a)])
    cum_handled = np.concatenate([[0.0], np.cumsum(handled)])
    total_handled = cum_handled[-1]
    if total_handled <= 0:
        return Backlog(periods, np.array([]), float(cum_arrived[-1]), length, b0)
    ranks = (np.arange(resolution) + 0.5) / resolution * total_handled
    arrive_t = np.where(ranks <= b0, 0.0, _inverse(cum_arrived, edges, ranks))
    done_t = _inverse(cum_handled, edges, ranks)
    waits = np.maximum(done_t - arrive_t, 0.0)
    return Backlog(periods, waits, float(cum_arrived[-1] - total_handled), length, b0)


def _inverse(cum: np.ndarray, edges: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """Time at which a non-decreasing piecewise-linear cumulative curve reaches each rank.

    Within a period the curve rises evenly; periods where it stays flat are stepped over.
    """
    idx = np.clip(np.searchsorted(cum, ranks, side="left"), 1, len(cum) - 1)
    low, high = cum[idx - 1], cum[idx]
    step = np.where(high > low, high - low, 1.0)
    return edges[idx - 1] + np.clip((ranks - low) / step, 0.0, 1.0) * (edges[idx] - edges[idx - 1])
