"""Workload and the Erlang formulas (B, C and A).

Definitions (shown to learners in module 01):

* traffic intensity (workload) ``A = calls x AHT / interval`` in Erlangs: the number of
  agents that would be busy all the time if calls arrived perfectly evenly;
* Erlang B: the share of calls blocked when ``N`` lines carry ``A`` Erlangs and blocked
  calls are lost;
* Erlang C: the probability that a call waits at all (``Pw``), when nobody hangs up;
* service level (Erlang C) ``SL = 1 - Pw x exp(-(N - A) x T / AHT)``: the share of calls
  answered within the threshold ``T``;
* ASA (Erlang C) ``= Pw x AHT / (N - A)``: the average wait of all calls (answered calls,
  as none abandon);
* occupancy ``= A / N``: the share of logged-in time agents spend handling calls;
* Erlang A (M/M/N+M): callers hang up after an exponential patience; it reports waiting,
  abandonment, the service level counted as answered within ``T`` over all offered calls,
  the ASA of answered calls, and occupancy as carried load over agents.

When ``N <= A`` Erlang C has no steady state (the queue grows without end). cxlab returns
the limits: ``Pw = 1``, service level 0, ASA infinite and occupancy 1. No calls at all
(``A = 0``) gives ``Pw = 0``, service level 1, ASA 0 and occupancy 0.

All functions are vectorised: numbers, numpy arrays or pandas Series broadcast together and
the result has the same shape (a Series if any input was one). They stay finite and within
[0, 1] from 1 to 20,000 agents: Erlang B is computed with a recurrence on its reciprocal,
which only grows, and Erlang A in log space.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import special

from .._shapes import restore_shape
from .._validation import (
    CxlabValueError,
    check_in_range,
    check_integer,
    check_non_negative,
    check_positive,
)

__all__ = [
    "ErlangAResult",
    "agents_required",
    "asa",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "scheduled_staff",
    "service_level",
    "traffic_intensity",
]

#: Refuse sizes far beyond any contact centre (the recurrences run up to this many steps).
MAX_AGENTS = 100_000


def _broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {np.shape(value)}" for name, value in arrays.items())
        raise CxlabValueError(f"the inputs must have matching lengths; got {shapes}") from None


def _agents(agents: Any) -> np.ndarray:
    n = check_integer("agents", agents, minimum=0)
    if n.size and n.max() > MAX_AGENTS:
        raise CxlabValueError(f"agents must be at most {MAX_AGENTS:,}, got {int(n.max()):,}")
    return n


def traffic_intensity(calls: Any, aht_seconds: Any, interval_seconds: Any = 1800) -> Any:
    """Workload in Erlangs: ``calls x aht_seconds / interval_seconds``.

    Parameters
    ----------
    calls : number, array or Series
        Calls offered in the interval (0 or more).
    aht_seconds : number, array or Series
        Average handle time in seconds (talk + hold + after-call work), above 0.
    interval_seconds : number, default 1800
        Length of the interval in seconds (1800 = 30 minutes), above 0.

    Returns
    -------
    float, array or Series
        Erlangs, in the shape of the inputs.

    Raises
    ------
    CxlabValueError
        If a value is negative, zero where it must be positive, missing (NaN) or not a number.

    Examples
    --------
    >>> traffic_intensity(100, 180)
    10.0
    >>> traffic_intensity([100, 120], 240).tolist()
    [13.333333333333334, 16.0]
    >>> traffic_intensity(100, 0)
    Traceback (most recent call last):
    ...
    cxlab._validation.CxlabValueError: aht_seconds must be positive (above 0), got 0
    """
    c = check_non_negative("calls", calls)
    h = check_positive("aht_seconds", aht_seconds)
    t = check_positive("interval_seconds", interval_seconds)
    c, h, t = _broadcast(calls=c, aht_seconds=h, interval_seconds=t)
    return restore_shape(c * h / t, calls, aht_seconds, interval_seconds)


def _inverse_erlang_b(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """1 / B(n, a) by the recurrence R(k) = 1 + k / a x R(k - 1), R(0) = 1.

    R only grows, so overflow means B underflows to 0, which is the right limit.
    """
    inv = np.ones(n.shape)
    top = int(n.max()) if n.size else 0
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio = np.where(a > 0, 1.0 / np.where(a > 0, a, 1.0), np.inf)
        for k in range(1, top + 1):
            step = 1.0 + k * ratio * inv
            inv = np.where(k <= n, step, inv)
    return inv


def _erlang_b(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    inv = _inverse_erlang_b(n, a)
    with np.errstate(divide="ignore"):
        b = 1.0 / inv
    return np.where(n == 0, 1.0, np.where(a == 0, 0.0, b))


def _erlang_c(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    b = _erlang_b(n, a)
    stable = n > a
    with np.errstate(divide="ignore", invalid="ignore"):
        c = n * b / (n - a * (1.0 - b))
    c = np.where(stable, np.clip(c, 0.0, 1.0), 1.0)
    return np.where(a == 0, 0.0, c)


def erlang_b(agents: Any, intensity: Any) -> Any:
    """Erlang B: the share of calls blocked when ``agents`` lines carry ``intensity`` Erlangs.

    Examples
    --------
    >>> erlang_b(1, 1), erlang_b(2, 1)
    (0.5, 0.2)
    >>> round(erlang_b(10, 5), 6)
    0.018385
    """
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    n, a = _broadcast(agents=n, intensity=a)
    return restore_shape(_erlang_b(n, a), agents, intensity)


def erlang_c(agents: Any, intensity: Any) -> Any:
    """Erlang C: the probability that a call has to wait (``Pw``); 1 when ``agents <= intensity``.

    Examples
    --------
    >>> round(erlang_c(14, 10), 5)
    0.17413
    >>> erlang_c(3, 2) == 4 / 9
    True
    >>> erlang_c(10, 12)
    1.0
    """
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    n, a = _broadcast(agents=n, intensity=a)
    return restore_shape(_erlang_c(n, a), agents, intensity)


def _service_level(n, a, h, t) -> np.ndarray:
    c = _erlang_c(n, a)
    with np.errstate(over="ignore", invalid="ignore"):
        sl = 1.0 - c * np.exp(-(n - a) * t / h)
    sl = np.where(n > a, np.clip(sl, 0.0, 1.0), 0.0)
    return np.where(a == 0, 1.0, sl)


def service_level(agents: Any, intensity: Any, aht_seconds: Any, threshold_seconds: Any) -> Any:
    """Erlang C service level: the share of calls answered within ``threshold_seconds``.

    ``SL = 1 - Pw x exp(-(N - A) x T / AHT)``; 0 when ``agents <= intensity``.

    Examples
    --------
    >>> round(service_level(14, 10, 180, 20), 5)
    0.88835
    >>> round(service_level(13, 10, 180, 20), 4)
    0.7956
    """
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    h = check_positive("aht_seconds", aht_seconds)
    t = check_non_negative("threshold_seconds", threshold_seconds)
    n, a, h, t = _broadcast(agents=n, intensity=a, aht_seconds=h, threshold_seconds=t)
    return restore_shape(_service_level(n, a, h, t), agents, intensity, aht_seconds,
                         threshold_seconds)


def asa(agents: Any, intensity: Any, aht_seconds: Any) -> Any:
    """Erlang C average speed of answer in seconds: ``Pw x AHT / (N - A)``; inf if ``N <= A``.

    Examples
    --------
    >>> round(asa(14, 10, 180), 2)
    7.84
    >>> asa(10, 10, 180)
    inf
    """
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    h = check_positive("aht_seconds", aht_seconds)
    n, a, h = _broadcast(agents=n, intensity=a, aht_seconds=h)
    c = _erlang_c(n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = c * h / (n - a)
    value = np.where(n > a, value, np.inf)
    return restore_shape(np.where(a == 0, 0.0, value), agents, intensity, aht_seconds)


def _occupancy(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(n > 0, a / np.where(n > 0, n, 1), 1.0)
    return np.where(a == 0, 0.0, np.minimum(occ, 1.0))


def occupancy(agents: Any, intensity: Any) -> Any:
    """Occupancy: the share of agents' available time spent on calls, ``A / N`` (at most 1).

    Examples
    --------
    >>> round(occupancy(14, 10), 4)
    0.7143
    >>> occupancy(8, 10)
    1.0
    """
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    n, a = _broadcast(agents=n, intensity=a)
    return restore_shape(_occupancy(n, a), agents, intensity)


def agents_required(
    intensity: Any,
    aht_seconds: Any,
    threshold_seconds: Any,
    target_sl: Any,
    *,
    max_occupancy: float | None = None,
) -> Any:
    """The smallest whole number of agents that meets the service-level target (Erlang C).

    With ``max_occupancy`` the answer also keeps occupancy ``A / N`` at or below the cap
    (a cap of 0.85 protects agents from burning out in big queues). No calls need 0 agents.

    Examples
    --------
    >>> agents_required(10, 180, 20, 0.8)
    14
    >>> agents_required(100, 180, 20, 0.8)
    107
    >>> agents_required(100, 180, 20, 0.8, max_occupancy=0.85)
    118
    >>> agents_required(10, 180, 20, 80)
    Traceback (most recent call last):
    ...
    cxlab._validation.CxlabValueError: target_sl must be in [0, 1), got 80 (a fraction: 80% is 0.8)
    """
    a = check_non_negative("intensity", intensity)
    h = check_positive("aht_seconds", aht_seconds)
    t = check_non_negative("threshold_seconds", threshold_seconds)
    target = check_in_range("target_sl", target_sl, 0, 1, high_inclusive=False,
                            hint="a fraction: 80% is 0.8")
    cap = 1.0
    if max_occupancy is not None:
        cap = float(check_in_range("max_occupancy", max_occupancy, 0, 1, low_inclusive=False,
                                   hint="a fraction: 85% is 0.85"))
    a, h, t, target = _broadcast(intensity=a, aht_seconds=h, threshold_seconds=t,
                                 target_sl=target)
    if a.size and a.max() > MAX_AGENTS * 0.9:
        raise CxlabValueError(f"intensity must be at most {MAX_AGENTS * 0.9:,.0f} Erlangs, "
                              f"got {float(a.max()):,.0f}")
    result = np.zeros(a.shape, dtype=np.int64)
    pending = a > 0
    inv = np.ones(a.shape)
    k = 0
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio = 1.0 / np.where(a > 0, a, 1.0)
        while pending.any():
            k += 1
            inv = 1.0 + k * ratio * inv
            b = 1.0 / inv
            c = np.clip(k * b / (k - a * (1.0 - b)), 0.0, 1.0)
            sl = 1.0 - c * np.exp(-(k - a) * t / h)
            ok = pending & (k > a) & (sl >= target) & (a / k <= cap + 1e-12)
            result[ok] = k
            pending &= ~ok
            if k > MAX_AGENTS:  # pragma: no cover - guarded above
                raise CxlabValueError("no number of agents up to the limit meets the target")
    return restore_shape(result, intensity, aht_seconds, threshold_seconds, target_sl) \
        if result.ndim else int(result)


def scheduled_staff(agents: Any, shrinkage: Any) -> Any:
    """Whole people to roster so that ``agents`` are on the phones after ``shrinkage``.

    ``ceil(agents / (1 - shrinkage))``: shrinkage is a share of the scheduled time, so
    divide by what is left, do not multiply by ``1 + shrinkage``.

    Examples
    --------
    >>> scheduled_staff(14, 0.30)
    20
    >>> scheduled_staff(14, 1.3)
    Traceback (most recent call last):
    ...
    cxlab._validation.CxlabValueError: shrinkage must be in [0, 1), got 1.3 (a fraction: 30% is 0.3)
    """
    n = check_non_negative("agents", agents)
    s = check_in_range("shrinkage", shrinkage, 0, 1, high_inclusive=False,
                       hint="a fraction: 30% is 0.3")
    n, s = _broadcast(agents=n, shrinkage=s)
    # 14 / 0.7 is 20.000000000000004 in floating point: allow for that before rounding up.
    people = np.ceil(n / (1.0 - s) - 1e-9).astype(np.int64)
    if people.ndim == 0:
        return int(people)
    return restore_shape(people, agents, shrinkage)


@dataclass(frozen=True)
class ErlangAResult:
    """Erlang A (M/M/N+M) results, each a float or an array in the shape of the inputs.

    Attributes
    ----------
    p_wait : probability that a call waits at all
    p_abandon : probability that a call hangs up before an agent answers
    service_level : calls answered within the threshold / all calls offered
    asa : mean wait of answered calls, seconds (inf if no call is answered)
    occupancy : carried load / agents (the load that is not abandoned)
    mean_wait_all : mean time in queue over all arrivals, answered or not, seconds
    """

    p_wait: Any
    p_abandon: Any
    service_level: Any
    asa: Any
    occupancy: Any
    mean_wait_all: Any

    def __repr__(self) -> str:
        def fmt(v: Any, pct: bool) -> str:
            if np.ndim(v):
                return f"array of {np.size(v)}"
            return f"{v:.1%}" if pct else f"{v:.1f} s"

        return (f"ErlangAResult(p_wait={fmt(self.p_wait, True)}, "
                f"p_abandon={fmt(self.p_abandon, True)}, "
                f"service_level={fmt(self.service_level, True)}, asa={fmt(self.asa, False)}, "
                f"occupancy={fmt(self.occupancy, True)}, "
                f"mean_wait_all={fmt(self.mean_wait_all, False)})")


def _erlang_a_one(n: int, a: float, h: float, p: float, t: float) -> tuple[float, ...]:
    """Erlang A for one interval (see erlang_a for the method)."""
    if a == 0:
        return 0.0, 0.0, 1.0, 0.0, 0.0, 0.0
    big_a = n * p / h  # N mu / theta
    x = a * p / h  # lambda / theta
    b = float(_erlang_b(np.asarray(n), np.asarray(a)))
    top = int(math.ceil(max(x - big_a, 0.0) + 12.0 * math.sqrt(x + 1.0) + 40.0))
    j = np.arange(top + 1, dtype=float)
    log_t = j * math.log(x) + special.gammaln(big_a + 1.0) - special.gammaln(big_a + j + 1.0)
    shift = log_t.max()
    w = np.exp(log_t - shift)
    j_scaled = w.sum()
    served = big_a / (big_a + j + 1.0)
    s_served = (w * served).sum()
    c = math.exp(-t / p)
    s_within = (w * served * (1.0 - special.betainc(big_a + 1.0, j + 1.0, c))).sum()
    s_wait = (w * served * (special.digamma(big_a + j + 2.0) - special.digamma(big_a + 1.0))
              ).sum() * p
    log_j = shift + math.log(j_scaled)
    if b <= 0.0:
        p_wait = 0.0
    elif b >= 1.0:
        p_wait = 1.0
    else:
        p_wait = 1.0 / (1.0 + math.exp(min(math.log1p(-b) - math.log(b) - log_j, 700.0)))
    p_ab = p_wait * (1.0 - s_served / j_scaled)
    sl = (1.0 - p_wait) + p_wait * s_within / j_scaled
    answered = 1.0 - p_ab
    asa_value = p_wait * (s_wait / j_scaled) / answered if answered > 0 else math.inf
    occ = min(a * answered / n, 1.0) if n > 0 else 0.0
    return (min(max(p_wait, 0.0), 1.0), min(max(p_ab, 0.0), 1.0), min(max(sl, 0.0), 1.0),
            asa_value, occ, p_ab * p)


def erlang_a(agents: Any, intensity: Any, aht_seconds: Any, patience_seconds: Any,
             threshold_seconds: Any) -> ErlangAResult:
    """Erlang A: a queue whose callers hang up after an exponential patience (M/M/N+M).

    The state probabilities are those of Palm's birth-death model; the waiting time of a
    call that finds ``j`` callers queued ahead is a sum of exponential stages, which gives
    the share answered within ``threshold_seconds`` through the regularised incomplete beta
    function, and its mean through the digamma function. Sums run in log space, so the
    results stay finite for thousands of agents.

    Parameters
    ----------
    agents : whole number(s) of agents, 0 or more
    intensity : offered load in Erlangs
    aht_seconds : average handle time, seconds
    patience_seconds : mean time callers are prepared to wait, seconds
    threshold_seconds : service-level threshold, seconds

    Returns
    -------
    ErlangAResult

    Examples
    --------
    >>> r = erlang_a(14, 10, 180, 300, 20)
    >>> round(r.p_wait, 6), round(r.p_abandon, 6), round(r.service_level, 6)
    (0.14526, 0.013984, 0.916792)
    >>> round(r.occupancy, 6), round(r.mean_wait_all, 3)
    (0.704297, 4.195)
    """
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    h = check_positive("aht_seconds", aht_seconds)
    p = check_positive("patience_seconds", patience_seconds)
    t = check_non_negative("threshold_seconds", threshold_seconds)
    n, a, h, p, t = _broadcast(agents=n, intensity=a, aht_seconds=h, patience_seconds=p,
                               threshold_seconds=t)
    out = np.empty((6, *n.shape))
    for index in np.ndindex(n.shape):
        out[(slice(None), *index)] = _erlang_a_one(int(n[index]), float(a[index]),
                                                   float(h[index]), float(p[index]),
                                                   float(t[index]))
    inputs = (agents, intensity, aht_seconds, patience_seconds, threshold_seconds)
    fields = [restore_shape(out[i], *inputs) for i in range(6)]
    return ErlangAResult(*fields)
