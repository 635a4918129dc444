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
[0, 1] from 1 to 100,000 agents.

How they are computed (for maintainers). Erlang B is a ratio of Poisson probabilities,
``B = p(N; A) / P(X <= N)`` with ``P(X <= N) = Q(N + 1, A)``, the regularised upper incomplete
gamma function (``scipy.special.gammaincc``). ``log p`` is taken in Loader's saddle-point
form (Stirling's error plus the deviance ``N log(N / A) + A - N``, written with ``log1p``), so
nothing overflows or cancels and the cost does not grow with ``N``. Where ``A`` is well
above ``N`` (``A >= N + 3 sqrt(N)``), ``Q`` loses relative accuracy and ``1 / B`` comes from
Legendre's continued fraction instead (at most about 50 steps); up to 32 lines the classical
recurrence is cheaper and exact to rounding. Erlang C follows from B,
``C = N B / (N - A + A B)``. Required agents come from a short search that
starts at the square-root staffing estimate ``A + beta sqrt(A)`` (Halfin and Whitt) and
checks the exact formula on either side, so its cost does not grow with the load either.
Erlang A is Palm's model: the chance of being answered within ``T`` is a ratio of
incomplete gamma functions, and the normalising sum, the served share and the mean wait of
answered calls are sums over the queue lengths that carry weight (``exp(-39)`` of the
largest and more), done for all intervals at once. scipy is imported on first use, so
``import cxlab`` stays light.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from .._shapes import ArrayLike, Floats, Ints, restore_shape
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

#: Refuse sizes far beyond any contact centre.
MAX_AGENTS = 100_000

_LOG_SQRT_2PI = 0.5 * math.log(2.0 * math.pi)
_SQRT_2PI = math.sqrt(2.0 * math.pi)
_SQRT_HALF = math.sqrt(0.5)
# Stirling series: log z! - log(sqrt(2 pi z) (z / e)^z) = 1/(12 z) - 1/(360 z^3) + ...
_S0, _S1, _S2, _S3, _S4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188
#: An incomplete gamma value below this is too near underflow to take its logarithm.
_TINY = 1e-250
#: Terms below exp(-39.2) = 1e-17 of the largest are left out of a sum.
_NEGLIGIBLE = 39.2
#: Up to this many agents Erlang B uses its recurrence (exact to rounding, and cheap).
_SMALL = 32
#: Terms handled at once by a sum over queue lengths (bounds memory for huge loads).
_CHUNK = 1 << 18
#: Occupancy caps are met to this tolerance (as before: a / k <= cap + 1e-12).
_CAP_SLACK = 1e-12

_scipy_special: Any = None


def _special() -> Any:
    """scipy.special, imported on first use so that ``import cxlab`` stays light."""
    global _scipy_special
    if _scipy_special is None:
        from scipy import special

        _scipy_special = special
    return _scipy_special


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


def _plain(*values: Any) -> list[float] | None:
    """The values as floats if all are plain finite Python numbers, else None.

    This is the per-interval call (``agents_required(12.5, 240, 20, 0.8)``): it skips the
    array machinery. Anything else, including every bad value, takes the checked path, so
    the messages are the same either way.
    """
    out = []
    for value in values:
        if type(value) is not float:
            if not (type(value) is int or isinstance(value, float)):
                return None
            try:
                value = float(value)
            except OverflowError:
                return None
        if value - value != 0.0:  # nan or infinity
            return None
        out.append(value)
    return out


def _whole_agents(n: float) -> bool:
    return n.is_integer() and 0 <= n <= MAX_AGENTS


@overload
def traffic_intensity(calls: float, aht_seconds: float, interval_seconds: float = ...) -> float: ...
@overload
def traffic_intensity(
    calls: ArrayLike,
    aht_seconds: ArrayLike,
    interval_seconds: ArrayLike = ...,
) -> Floats: ...


def traffic_intensity(calls: ArrayLike, aht_seconds: ArrayLike,
                      interval_seconds: ArrayLike = 1800) -> Floats:
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
    cxlab.CxlabValueError: aht_seconds must be positive (above 0), got 0
    """
    fast = _plain(calls, aht_seconds, interval_seconds)
    if fast is not None and fast[0] >= 0 and fast[1] > 0 and fast[2] > 0:
        return fast[0] * fast[1] / fast[2]
    c = check_non_negative("calls", calls)
    h = check_positive("aht_seconds", aht_seconds)
    t = check_positive("interval_seconds", interval_seconds)
    c, h, t = _broadcast(calls=c, aht_seconds=h, interval_seconds=t)
    return restore_shape(c * h / t, calls, aht_seconds, interval_seconds)


# --- the Poisson probability and Erlang B, in log space ---------------------------------------


def _stirlerr(z: np.ndarray) -> np.ndarray:
    """``log z! - log(sqrt(2 pi z) (z / e)^z)`` for z > 0 (Loader 2000), to about 1e-16."""
    small = z <= 15.0
    if not small.any():
        zz = 1.0 / (z * z)
        return (_S0 - (_S1 - (_S2 - (_S3 - _S4 * zz) * zz) * zz) * zz) / z
    out = np.empty(z.shape)
    zs = z[small]
    out[small] = _special().gammaln(zs + 1.0) - (zs + 0.5) * np.log(zs) + zs - _LOG_SQRT_2PI
    big = ~small
    zb = z[big]
    zz = 1.0 / (zb * zb)
    out[big] = (_S0 - (_S1 - (_S2 - (_S3 - _S4 * zz) * zz) * zz) * zz) / zb
    return out


def _log_poisson(z: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """``log(lam^z e^-lam / z!)`` for real z > 0 and lam > 0, without cancellation.

    Loader's form ``-log sqrt(2 pi z) - stirlerr(z) - (z log(z / lam) + lam - z)``; near
    ``z = lam`` the deviance uses ``log1p((z - lam) / lam)``, exact to rounding.
    """
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        u = (z - lam) / lam
        log_ratio = np.log1p(u)
        far = (u <= -0.5) | (u == np.inf)
        if far.any():
            log_ratio[far] = np.log(z[far]) - np.log(lam[far])
        deviance = z * log_ratio + (lam - z)
    return -_LOG_SQRT_2PI - 0.5 * np.log(z) - _stirlerr(z) - deviance


def _log_poisson1(z: float, lam: float) -> float:
    """:func:`_log_poisson` for one pair of floats with z > 15 (same formula)."""
    zz = 1.0 / (z * z)
    stirlerr = (_S0 - (_S1 - (_S2 - (_S3 - _S4 * zz) * zz) * zz) * zz) / z
    u = (z - lam) / lam
    log_ratio = math.log1p(u) if -0.5 < u < math.inf else math.log(z) - math.log(lam)
    return -_LOG_SQRT_2PI - 0.5 * math.log(z) - stirlerr - (z * log_ratio + (lam - z))


def _ragged(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Segments of the given lengths laid end to end: each item's segment and offset in it,
    and where each segment starts."""
    seg = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return seg, np.arange(seg.size) - starts[seg], starts


def _runs(counts: np.ndarray) -> list[np.ndarray]:
    """Split segment indices into consecutive runs of about ``_CHUNK`` items."""
    group = (np.cumsum(counts) - 1) // _CHUNK
    return np.split(np.arange(counts.size), np.flatnonzero(np.diff(group)) + 1)


def _restarting_cumsum(steps: np.ndarray, starts: np.ndarray, seg: np.ndarray) -> np.ndarray:
    """Cumulative sums of ``steps`` that start again from 0 at each segment start.

    One cumsum for all segments: each start takes minus the previous segment's total, so
    the running sum returns to (nearly) 0 there instead of drifting, then the small
    remainder is taken off; within a segment the rounding is that of a plain cumsum.
    """
    steps[starts] = 0.0
    totals = np.add.reduceat(steps, starts)
    steps[starts[1:]] = -totals[:-1]
    total = np.cumsum(steps)
    return total - total[starts][seg]


def _log_inverse_b_overload(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``log(1 / B)`` for a load well above the lines (``a >= n + 3 sqrt(n)``).

    There ``Q(n + 1, a)`` is small and loses relative accuracy (or underflows), but
    ``1 / B = a F`` with ``F`` Legendre's continued fraction for
    ``Gamma(n + 1, a) e^a / a^(n + 1)``, evaluated by the modified Lentz method; it converges
    to rounding in at most about 50 steps there, whatever the size.
    """
    b = a - n
    c = np.full(n.shape, 1e300)
    d = 1.0 / b
    f = d.copy()
    going = np.ones(n.shape, dtype=bool)
    with np.errstate(all="ignore"):  # finished fractions run on, unused
        for i in range(1, 1000):
            num = i * (n + 1.0 - i)
            b = b + 2.0
            d = 1.0 / (num * d + b)
            c = b + num / c
            ratio = c * d
            f = np.where(going, f * ratio, f)
            going &= np.abs(ratio - 1.0) > 4e-16
            if not going.any():
                break
    return np.log(a * f)


def _log_inverse_b_overload1(n: float, a: float) -> float:
    """:func:`_log_inverse_b_overload` for one interval (same steps)."""
    b = a - n
    c, d = 1e300, 1.0 / b
    f = d
    for i in range(1, 1000):
        num = i * (n + 1.0 - i)
        b += 2.0
        d = 1.0 / (num * d + b)
        c = b + num / c
        ratio = c * d
        f *= ratio
        if abs(ratio - 1.0) <= 4e-16:
            break
    return math.log(a * f)


def _inverse_b_small(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    """``1 / B`` by the recurrence ``R(k) = 1 + k / a x R(k - 1)``, for n <= _SMALL.

    For a few dozen lines the recurrence is cheaper than the special functions and exact to
    rounding (``B(1, 1) = 0.5``, ``C(3, 2) = 4 / 9``); R only grows, so an overflow means
    that B underflows to 0, which is the right limit.
    """
    inv = np.ones(n.shape)
    with np.errstate(over="ignore", divide="ignore"):
        ratio = 1.0 / a
        for k in range(1, int(n.max()) + 1):
            inv = np.where(k <= n, 1.0 + k * ratio * inv, inv)
    return inv


def _erlang_b_log(n: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Erlang B and its logarithm for whole n >= 1 and a > 0 (float arrays of one shape)."""
    b = np.empty(n.shape)
    log_b = np.empty(n.shape)
    small = n <= _SMALL
    if small.any():
        inv = _inverse_b_small(n[small], a[small])
        with np.errstate(divide="ignore"):
            b[small] = 1.0 / inv
        log_b[small] = -np.log(inv)
    big = ~small
    if big.any():
        nb, ab = n[big], a[big]
        over = ab >= nb + 3.0 * np.sqrt(nb)
        log_big = np.empty(nb.shape)
        if over.any():
            log_big[over] = -_log_inverse_b_overload(nb[over], ab[over])
        rest = ~over
        if rest.any():
            nr, ar = nb[rest], ab[rest]
            log_big[rest] = _log_poisson(nr, ar) - np.log(_special().gammaincc(nr + 1.0, ar))
        log_big = np.minimum(log_big, 0.0)
        log_b[big] = log_big
        b[big] = np.exp(log_big)
    return b, log_b


def _erlang_b1(n: float, a: float) -> float:
    """Erlang B for one interval (same formulas as the arrays)."""
    if n == 0:
        return 1.0
    if a == 0:
        return 0.0
    if n <= _SMALL:
        inv, ratio = 1.0, 1.0 / a
        for k in range(1, int(n) + 1):
            inv = 1.0 + k * ratio * inv  # an overflow gives inf, so B = 0
        return 1.0 / inv
    if a >= n + 3.0 * math.sqrt(n):
        return math.exp(min(-_log_inverse_b_overload1(n, a), 0.0))
    q = float(_special().gammaincc(n + 1.0, a))
    return math.exp(min(_log_poisson1(n, a) - math.log(q), 0.0))


def _erlang_b(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    n, a = np.broadcast_arrays(np.asarray(n), np.asarray(a, dtype=float))
    out = np.where(n == 0, 1.0, 0.0)
    live = (n > 0) & (a > 0)
    if live.any():
        out[live] = _erlang_b_log(n[live].astype(float), a[live])[0]
    return out


# --- Erlang C ------------------------------------------------------------------------------


def _stable_parts(n: np.ndarray, a: np.ndarray) -> tuple[np.ndarray, ...]:
    """For the intervals with ``n > a > 0`` (same shapes): the mask, n, a, B, ``n - a + a B``."""
    live = (n > a) & (a > 0)
    nn = n[live].astype(float)
    aa = a[live]
    b = _erlang_b_log(nn, aa)[0] if nn.size else nn
    return live, nn, aa, b, (nn - aa) + aa * b


def _erlang_c(n: np.ndarray, a: np.ndarray) -> np.ndarray:
    # C = B / (1 - rho (1 - B)) = n B / (n - a + a B): both terms of the denominator are
    # positive, so it stays accurate just above the load.
    n, a = np.broadcast_arrays(np.asarray(n), np.asarray(a, dtype=float))
    out = np.where(a == 0, 0.0, 1.0)
    live, nn, _, b, den = _stable_parts(n, a)
    out[live] = np.clip(nn * b / den, 0.0, 1.0)
    return out


def _erlang_c1(n: float, a: float) -> float:
    if a == 0:
        return 0.0
    if n <= a:
        return 1.0
    b = _erlang_b1(n, a)
    return min(max(n * b / ((n - a) + a * b), 0.0), 1.0)


def _service_level(n, a, h, t) -> np.ndarray:
    # 1 - C e^-x = (1 - C) - C expm1(-x), with 1 - C = (n - a)(1 - B) / (n - a + a B): a sum
    # of two non-negative terms, accurate when the service level is near 0 or near 1.
    n, a, h, t = np.broadcast_arrays(np.asarray(n), np.asarray(a, dtype=float),
                                     np.asarray(h, dtype=float), np.asarray(t, dtype=float))
    out = np.where(a == 0, 1.0, 0.0)
    live, nn, aa, b, den = _stable_parts(n, a)
    gap = nn - aa
    decay = np.expm1(-gap * t[live] / h[live])
    out[live] = np.clip(gap * (1.0 - b) / den - nn * b / den * decay, 0.0, 1.0)
    return out


def _service_level_from_b(n: float, a: float, b: float, h: float, t: float) -> float:
    gap = n - a
    den = gap + a * b
    value = gap * (1.0 - b) / den - n * b / den * math.expm1(-gap * t / h)
    return min(max(value, 0.0), 1.0)


def _service_level1(n: float, a: float, h: float, t: float) -> float:
    if a == 0:
        return 1.0
    if n <= a:
        return 0.0
    return _service_level_from_b(n, a, _erlang_b1(n, a), h, t)


@overload
def erlang_b(agents: float, intensity: float) -> float: ...
@overload
def erlang_b(agents: ArrayLike, intensity: ArrayLike) -> Floats: ...


def erlang_b(agents: ArrayLike, intensity: ArrayLike) -> Floats:
    """Erlang B: the share of calls blocked when ``agents`` lines carry ``intensity`` Erlangs.

    Examples
    --------
    >>> erlang_b(1, 1), erlang_b(2, 1)
    (0.5, 0.2)
    >>> round(erlang_b(10, 5), 6)
    0.018385
    """
    fast = _plain(agents, intensity)
    if fast is not None and _whole_agents(fast[0]) and fast[1] >= 0:
        return _erlang_b1(*fast)
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    n, a = _broadcast(agents=n, intensity=a)
    return restore_shape(_erlang_b(n, a), agents, intensity)


@overload
def erlang_c(agents: float, intensity: float) -> float: ...
@overload
def erlang_c(agents: ArrayLike, intensity: ArrayLike) -> Floats: ...


def erlang_c(agents: ArrayLike, intensity: ArrayLike) -> Floats:
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
    fast = _plain(agents, intensity)
    if fast is not None and _whole_agents(fast[0]) and fast[1] >= 0:
        return _erlang_c1(*fast)
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    n, a = _broadcast(agents=n, intensity=a)
    return restore_shape(_erlang_c(n, a), agents, intensity)


@overload
def service_level(
    agents: float,
    intensity: float,
    aht_seconds: float,
    threshold_seconds: float,
) -> float: ...
@overload
def service_level(
    agents: ArrayLike,
    intensity: ArrayLike,
    aht_seconds: ArrayLike,
    threshold_seconds: ArrayLike,
) -> Floats: ...


def service_level(agents: ArrayLike, intensity: ArrayLike, aht_seconds: ArrayLike,
                  threshold_seconds: ArrayLike) -> Floats:
    """Erlang C service level: the share of calls answered within ``threshold_seconds``.

    ``SL = 1 - Pw x exp(-(N - A) x T / AHT)``; 0 when ``agents <= intensity``.

    Examples
    --------
    >>> round(service_level(14, 10, 180, 20), 5)
    0.88835
    >>> round(service_level(13, 10, 180, 20), 4)
    0.7956
    """
    fast = _plain(agents, intensity, aht_seconds, threshold_seconds)
    if (fast is not None and _whole_agents(fast[0]) and fast[1] >= 0 and fast[2] > 0
            and fast[3] >= 0):
        return _service_level1(*fast)
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    h = check_positive("aht_seconds", aht_seconds)
    t = check_non_negative("threshold_seconds", threshold_seconds)
    n, a, h, t = _broadcast(agents=n, intensity=a, aht_seconds=h, threshold_seconds=t)
    return restore_shape(_service_level(n, a, h, t), agents, intensity, aht_seconds,
                         threshold_seconds)


@overload
def asa(agents: float, intensity: float, aht_seconds: float) -> float: ...
@overload
def asa(agents: ArrayLike, intensity: ArrayLike, aht_seconds: ArrayLike) -> Floats: ...


def asa(agents: ArrayLike, intensity: ArrayLike, aht_seconds: ArrayLike) -> Floats:
    """Erlang C average speed of answer in seconds: ``Pw x AHT / (N - A)``; inf if ``N <= A``.

    With no more agents than the workload in Erlangs (``agents <= intensity``, 0 agents
    included) calls arrive faster than the agents can answer them: the queue never clears
    and the wait grows without end. The answer is then ``inf`` (infinite), the true limit
    of the formula, rather than an error, so a table or chart over a range of agent numbers
    shows where the queue stops clearing; read ``inf`` as "callers would wait for ever".
    No workload (``intensity`` 0) gives 0.

    Examples
    --------
    >>> round(asa(14, 10, 180), 2)
    7.84
    >>> asa(10, 10, 180)
    inf
    """
    fast = _plain(agents, intensity, aht_seconds)
    if fast is not None and _whole_agents(fast[0]) and fast[1] >= 0 and fast[2] > 0:
        n1, a1, h1 = fast
        if a1 == 0:
            return 0.0
        return _erlang_c1(n1, a1) * h1 / (n1 - a1) if n1 > a1 else math.inf
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


@overload
def occupancy(agents: float, intensity: float) -> float: ...
@overload
def occupancy(agents: ArrayLike, intensity: ArrayLike) -> Floats: ...


def occupancy(agents: ArrayLike, intensity: ArrayLike) -> Floats:
    """Occupancy: the share of agents' available time spent on calls, ``A / N`` (at most 1).

    Examples
    --------
    >>> round(occupancy(14, 10), 4)
    0.7143
    >>> occupancy(8, 10)
    1.0
    """
    fast = _plain(agents, intensity)
    if fast is not None and _whole_agents(fast[0]) and fast[1] >= 0:
        n1, a1 = fast
        if a1 == 0:
            return 0.0
        return min(a1 / n1, 1.0) if n1 > 0 else 1.0
    n = _agents(agents)
    a = check_non_negative("intensity", intensity)
    n, a = _broadcast(agents=n, intensity=a)
    return restore_shape(_occupancy(n, a), agents, intensity)


# --- required agents -------------------------------------------------------------------------


def _square_root_staffing(a: np.ndarray, h: np.ndarray, t: np.ndarray,
                          target: np.ndarray) -> np.ndarray:
    """Starting point of the search: ``ceil(A + beta sqrt(A))``.

    ``beta`` solves Halfin and Whitt's heavy-traffic approximation of the target,
    ``1 - SL = Pw exp(-beta sqrt(A) T / AHT)`` with ``Pw = 1 / (1 + beta Phi(beta) / phi(beta))``,
    by Newton's method from ``beta = 0``: the equation is increasing and convex in ``beta``, so
    the steps close in on the root from above. The estimate only sets where the exact search
    starts: on a wide grid of loads, thresholds and targets it fell 0 to 4 agents short.
    """
    k = np.sqrt(a) * t / h
    goal = -np.log1p(-target)
    beta = goal / (0.5 * _SQRT_2PI + k)
    ndtr = _special().ndtr
    for _ in range(8):
        g = _SQRT_2PI * ndtr(beta) * np.exp(0.5 * beta * beta)  # Phi / phi
        r = beta * g
        slope = (g * (1.0 + beta * beta) + beta) / (1.0 + r) + k
        beta = np.clip(beta - (np.log1p(r) + k * beta - goal) / slope, 0.0, 37.0)
    return np.ceil(a + beta * np.sqrt(a)).astype(np.int64)


def _square_root_staffing1(a: float, h: float, t: float, target: float) -> int:
    root = math.sqrt(a)
    k = root * t / h
    goal = -math.log1p(-target)
    beta = goal / (0.5 * _SQRT_2PI + k)
    for _ in range(30):
        g = _SQRT_2PI * 0.5 * math.erfc(-beta * _SQRT_HALF) * math.exp(0.5 * beta * beta)
        r = beta * g
        slope = (g * (1.0 + beta * beta) + beta) / (1.0 + r) + k
        step = (math.log1p(r) + k * beta - goal) / slope
        beta = min(max(beta - step, 0.0), 37.0)
        if abs(step) * root < 0.01:  # a hundredth of an agent
            break
    return math.ceil(a + beta * root)


def _smallest_meeting(lo: np.ndarray, guess: np.ndarray,
                      meets: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> np.ndarray:
    """Per interval, the smallest ``n >= lo`` with ``meets(n)``, for ``meets`` increasing in n.

    Tries ``guess`` first, then gallops (1, 2, 4, ... away) until the answer is bracketed,
    then bisects; with a good guess that is two evaluations. ``meets(n, idx)`` evaluates the
    intervals ``idx`` at ``n``.
    """
    fail = lo - 1  # largest n known to fail (lo - 1 stands for "below the range")
    meet = np.full(lo.shape, -1, dtype=np.int64)  # smallest n known to meet; -1: none yet
    probe = np.maximum(guess, lo)
    step = np.ones(lo.shape, dtype=np.int64)
    active = np.arange(lo.size)
    while active.size:
        ok = meets(probe[active], active)
        meet[active[ok]] = probe[active[ok]]
        fail[active[~ok]] = probe[active[~ok]]
        active = active[(meet[active] < 0) | (meet[active] - fail[active] > 1)]
        if not active.size:
            break
        high, low, jump = meet[active], fail[active], step[active]
        probe[active] = np.where(high < 0, low + jump,
                                 np.maximum(high - jump, low + (high - low) // 2))
        step[active] = 2 * jump
    return meet


def _smallest_meeting1(lo: int, guess: int, meets: Callable[[int], bool]) -> int:
    fail, meet, probe, step = lo - 1, -1, max(guess, lo), 1
    while True:
        if meets(probe):
            meet = probe
        else:
            fail = probe
        if meet >= 0 and meet - fail == 1:
            return meet
        probe = fail + step if meet < 0 else max(meet - step, fail + (meet - fail) // 2)
        step *= 2


def _occupancy_floor(a: np.ndarray, cap: float) -> np.ndarray:
    """The smallest whole k with ``a / k <= cap + 1e-12`` (capped just above MAX_AGENTS)."""
    limit = cap + _CAP_SLACK
    k = np.clip(np.ceil(a / limit), 1, MAX_AGENTS + 2).astype(np.int64)
    k = np.where((k > 1) & (a / np.maximum(k - 1, 1) <= limit), k - 1, k)
    return np.where(a / k > limit, k + 1, k)


def _required(a: np.ndarray, h: np.ndarray, t: np.ndarray, target: np.ndarray,
              cap: float) -> np.ndarray:
    """agents_required on flat float arrays (already checked)."""
    result = np.zeros(a.shape, dtype=np.int64)
    live = np.flatnonzero(a > 0)
    if not live.size:
        return result
    a, h, t, target = a[live], h[live], t[live], target[live]
    lo = np.floor(a).astype(np.int64) + 1
    if cap < 1.0:
        lo = np.maximum(lo, _occupancy_floor(a, cap))

    def meets(n: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return _service_level(n, a[idx], h[idx], t[idx]) >= target[idx]

    result[live] = _smallest_meeting(lo, _square_root_staffing(a, h, t, target), meets)
    return result


def _occupancy_floor1(a: float, cap: float) -> int:
    limit = cap + _CAP_SLACK
    k = int(min(max(math.ceil(a / limit), 1), MAX_AGENTS + 2))
    if k > 1 and a / (k - 1) <= limit:
        k -= 1
    return k + 1 if a / k > limit else k


def _walk_small(a: float, h: float, t: float, target: float, lo: int) -> int:
    """The smallest n in [lo, _SMALL] meeting the target, or 0 if there is none.

    Walks up with Erlang B's recurrence, computed exactly as _erlang_b1 does, so each
    answer is the one service_level gives.
    """
    inv, ratio = 1.0, 1.0 / a
    for n in range(1, _SMALL + 1):
        inv = 1.0 + n * ratio * inv
        if n >= lo and _service_level_from_b(n, a, 1.0 / inv, h, t) >= target:
            return n
    return 0


def _required1(a: float, h: float, t: float, target: float, cap: float) -> int:
    if a == 0:
        return 0
    lo = math.floor(a) + 1
    if cap < 1.0:
        lo = max(lo, _occupancy_floor1(a, cap))
    if a <= 16.0 and lo <= _SMALL:  # a small queue: walking up is cheapest
        found = _walk_small(a, h, t, target, lo)
        if found:
            return found
        lo = _SMALL + 1
    guess = _square_root_staffing1(a, h, t, target)
    if guess <= _SMALL and lo <= _SMALL:
        found = _walk_small(a, h, t, target, lo)
        if found:
            return found
        lo = _SMALL + 1
    return _smallest_meeting1(lo, guess, lambda n: _service_level1(n, a, h, t) >= target)


@overload
def agents_required(
    intensity: float,
    aht_seconds: float,
    threshold_seconds: float,
    target_sl: float,
    *, max_occupancy: float | None = ...,
) -> int: ...
@overload
def agents_required(
    intensity: ArrayLike,
    aht_seconds: ArrayLike,
    threshold_seconds: ArrayLike,
    target_sl: ArrayLike,
    *, max_occupancy: float | None = ...,
) -> Ints: ...


def agents_required(
    intensity: ArrayLike,
    aht_seconds: ArrayLike,
    threshold_seconds: ArrayLike,
    target_sl: ArrayLike,
    *,
    max_occupancy: float | None = None,
) -> Ints:
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
    cxlab.CxlabValueError: target_sl must be in [0, 1), got 80 (a fraction: 80% is 0.8)
    """
    fast = _plain(intensity, aht_seconds, threshold_seconds, target_sl)
    plain_cap = max_occupancy is None or _plain(max_occupancy) is not None
    if fast is not None and plain_cap:
        a1, h1, t1, target1 = fast
        cap1 = 1.0 if max_occupancy is None else float(max_occupancy)
        if (0 <= a1 <= MAX_AGENTS * 0.9 and h1 > 0 and t1 >= 0 and 0 <= target1 < 1
                and 0 < cap1 <= 1):
            n1 = _required1(a1, h1, t1, target1, cap1)
            if n1 > MAX_AGENTS:
                raise CxlabValueError("no number of agents up to the limit meets the target")
            return n1
    a = check_non_negative("intensity", intensity)
    h = check_positive("aht_seconds", aht_seconds)
    t = check_non_negative("threshold_seconds", threshold_seconds)
    target = check_in_range("target_sl", target_sl, 0, 1, high_inclusive=False,
                            hint="a fraction: 80% is 0.8")
    cap = 1.0
    if max_occupancy is not None:
        cap = check_in_range("max_occupancy", max_occupancy, 0, 1, low_inclusive=False,
                                   hint="a fraction: 85% is 0.85", scalar=True)
    a, h, t, target = _broadcast(intensity=a, aht_seconds=h, threshold_seconds=t,
                                 target_sl=target)
    if a.size and a.max() > MAX_AGENTS * 0.9:
        raise CxlabValueError(f"intensity must be at most {MAX_AGENTS * 0.9:,.0f} Erlangs, "
                              f"got {float(a.max()):,.0f}")
    result = _required(a.ravel(), h.ravel(), t.ravel(), target.ravel(), cap).reshape(a.shape)
    if result.size and result.max() > MAX_AGENTS:
        raise CxlabValueError("no number of agents up to the limit meets the target")
    return restore_shape(result, intensity, aht_seconds, threshold_seconds, target_sl) \
        if result.ndim else int(result)


@overload
def scheduled_staff(agents: float, shrinkage: float) -> int: ...
@overload
def scheduled_staff(agents: ArrayLike, shrinkage: ArrayLike) -> Ints: ...


def scheduled_staff(agents: ArrayLike, shrinkage: ArrayLike) -> Ints:
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
    cxlab.CxlabValueError: shrinkage must be in [0, 1), got 1.3 (a fraction: 30% is 0.3)
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


# --- Erlang A ----------------------------------------------------------------------------------


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


def _palm_sums(s: np.ndarray, x: np.ndarray,
               moments: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sums over Palm's weights ``w_j = x^j / ((s + 1) (s + 2) ... (s + j))``, j = 0, 1, ...

    Returns ``log J`` with ``J = sum w_j`` (Kummer's 1F1(1; s + 1; x)); with ``moments`` also
    the served share ``sum w_j s / (s + j + 1) / J`` and the mean-wait sum
    ``sum w_j s / (s + j + 1) (psi(s + j + 2) - psi(s + 1)) / J``. A caller who finds ``j``
    waiting is answered with probability ``s / (s + j + 1)`` and, if so, after a mean of
    ``psi(s + j + 2) - psi(s + 1)`` patience units.

    Only the terms within ``exp(-39.2)`` of the largest (at ``j = x - s``) are summed: the
    weights fall at least like a normal curve of variance ``x`` on either side, and like
    ``(x / s)^j`` when ``s > x``. Within the window, ``log w_j`` and the digamma differences
    are running sums of ``log(x / (s + j))`` and ``1 / (s + j + 1)`` from its first term.
    """
    mode = np.floor(np.maximum(x - s, 0.0))
    width = np.ceil(np.sqrt(2.0 * _NEGLIGIBLE * x) + 15.0)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        fall = np.where(s > x, np.ceil(_NEGLIGIBLE / np.log(s / x)) + 1.0, np.inf)
    width = np.minimum(width, fall)
    first = np.maximum(mode - width, 0.0)
    counts = (mode + width - first + 1.0).astype(np.int64)
    # Windows of at most _CHUNK terms (an absurd load has one of millions: memory stays flat).
    pieces = -(-counts // _CHUNK)
    owner = np.repeat(np.arange(s.size), pieces)
    part = np.arange(owner.size) - (np.cumsum(pieces) - pieces)[owner]
    first = first[owner] + part * _CHUNK
    counts = np.minimum(counts[owner] - part * _CHUNK, _CHUNK)
    s, x = s[owner], x[owner]
    # log w at the first term of each window (exact; w_0 = 1), psi(s + first + 2) - psi(s + 1)
    scale = np.zeros(s.size)
    later = first > 0
    if later.any():
        scale[later] = _log_poisson(s[later] + first[later], x[later]) - _log_poisson(
            s[later], x[later])
    if moments:
        digamma = _special().digamma
        with np.errstate(invalid="ignore"):
            psi_first = np.where(first == 0, 1.0 / (s + 1.0),
                                 digamma(s + first + 2.0) - digamma(s + 1.0))
    # np.ndarray: bincount with weights gives floats (numpy's stubs say integers)
    total: np.ndarray = np.empty(s.size)
    served: np.ndarray = np.zeros(s.size)
    waited: np.ndarray = np.zeros(s.size)
    for idx in _runs(counts):
        seg, offset, starts = _ragged(counts[idx])
        ss, xx = s[idx], x[idx]
        z = (ss + first[idx])[seg] + offset  # s + j
        # (a step below 1e-300 leaves a weight of nothing; bounding it keeps the sums finite)
        log_w = _restarting_cumsum(np.log(np.maximum(xx[seg] / z, 1e-300)), starts, seg)
        peak = np.maximum.reduceat(log_w, starts)
        w = np.exp(log_w - peak[seg])
        scale[idx] += peak
        total[idx] = np.bincount(seg, w, minlength=idx.size)
        if moments:
            step = 1.0 / (z + 1.0)
            answered = w * ss[seg] * step
            served[idx] = np.bincount(seg, answered, minlength=idx.size)
            psi = _restarting_cumsum(step, starts, seg) + psi_first[idx][seg]
            waited[idx] = np.bincount(seg, answered * psi, minlength=idx.size)
    if owner.size > pieces.size:  # put the windows of one interval together
        top = np.full(pieces.size, -np.inf)
        np.maximum.at(top, owner, scale)
        factor = np.exp(scale - top[owner])
        scale = top
        total, served, waited = (np.bincount(owner, v * factor, minlength=pieces.size)
                                 for v in (total, served, waited))
    return np.log(total) + scale, served / total, waited / total


def _log_gammainc(a: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``log P(a, z)``, the regularised lower incomplete gamma, also where P underflows.

    There ``z`` is far below ``a`` and ``P(a, z) = p(a; z) 1F1(1; a + 1; z)`` with a short sum.
    """
    p = _special().gammainc(a, z)
    with np.errstate(divide="ignore"):
        out = np.log(p)
    tiny = (p < _TINY) & (z > 0)
    if tiny.any():
        at, zt = a[tiny], z[tiny]
        out[tiny] = _palm_sums(at, zt, moments=False)[0] + _log_poisson(at, zt)
    return out


def _erlang_a(n: np.ndarray, a: np.ndarray, h: np.ndarray, p: np.ndarray,
              t: np.ndarray) -> np.ndarray:
    """Erlang A on flat arrays: rows p_wait, p_abandon, service_level, asa, occupancy,
    mean_wait_all.

    With ``s = N x patience / AHT`` and ``x = A x patience / AHT`` (Palm's notation), the
    chance of waiting is ``1 / (1 + (1 - B) / (B J))`` with B Erlang B; a waiting caller is
    answered with probability ``served``; answered within ``T`` with probability
    ``served x (1 - P(s + 1, x e^(-T / patience)) / P(s + 1, x))``, because the time to reach
    an agent, ignoring one's own patience, has ``e^(-V / patience)`` beta-distributed.
    """
    out = np.zeros((6, n.size))
    out[2] = 1.0  # no calls: nobody waits, all answered at once
    empty = (n == 0) & (a > 0)  # calls but no agents: everybody waits and hangs up
    out[:, empty] = [[1.0], [1.0], [0.0], [math.inf], [0.0], [0.0]]
    out[5, empty] = p[empty]
    live = np.flatnonzero((n > 0) & (a > 0))
    if not live.size:
        return out
    nn = n[live].astype(float)
    aa, hh, pp, tt = a[live], h[live], p[live], t[live]
    s = nn * pp / hh
    x = aa * pp / hh
    b, log_b = _erlang_b_log(nn, aa)
    log_j, served, waited = _palm_sums(s, x)
    with np.errstate(divide="ignore"):
        odds = np.log1p(-b) - log_b - log_j  # log((1 - B) / (B J))
    p_wait = np.exp(-np.logaddexp(0.0, odds))
    # P(answered later than T | answered) = P(s + 1, x e^(-T / patience)) / P(s + 1, x)
    log_all = _log_gammainc(s + 1.0, x)
    with np.errstate(invalid="ignore"):
        log_late = np.where(log_all > -np.inf,
                            _log_gammainc(s + 1.0, x * np.exp(-tt / pp)) - log_all, 0.0)
    within = served * -np.expm1(np.minimum(log_late, 0.0))
    p_ab = p_wait * (1.0 - served)
    answered = 1.0 - p_ab
    with np.errstate(divide="ignore", invalid="ignore"):
        wait_answered = np.where(answered > 0, p_wait * waited * pp / answered, np.inf)
    out[0, live] = np.clip(p_wait, 0.0, 1.0)
    out[1, live] = np.clip(p_ab, 0.0, 1.0)
    out[2, live] = np.clip((1.0 - p_wait) + p_wait * within, 0.0, 1.0)
    out[3, live] = wait_answered
    out[4, live] = np.minimum(aa * answered / nn, 1.0)
    out[5, live] = p_ab * pp
    return out


def erlang_a(agents: ArrayLike, intensity: ArrayLike, aht_seconds: ArrayLike,
             patience_seconds: ArrayLike, threshold_seconds: ArrayLike) -> ErlangAResult:
    """Erlang A: a queue whose callers hang up after an exponential patience (M/M/N+M).

    The state probabilities are those of Palm's birth-death model; the waiting time of a
    call that finds ``j`` callers queued ahead is a sum of exponential stages, so the share
    answered within ``threshold_seconds`` is a ratio of regularised incomplete gamma
    functions, and the mean wait of answered calls a sum of digamma differences over the
    queue lengths that carry weight. Everything runs in log space and for all intervals at
    once, so the results stay finite for tens of thousands of agents.

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
        With 0 agents and calls offered, every caller waits and hangs up: ``p_abandon`` is
        1, the service level 0 and ``asa`` is ``inf`` (infinite: no call is ever answered),
        the true limit rather than an error.

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
    out = _erlang_a(n.ravel(), a.ravel(), h.ravel(), p.ravel(), t.ravel())
    out = out.reshape((6, *n.shape))
    inputs = (agents, intensity, aht_seconds, patience_seconds, threshold_seconds)
    fields = [restore_shape(out[i], *inputs) for i in range(6)]
    return ErlangAResult(*fields)
