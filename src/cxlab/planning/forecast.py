"""Forecasting calls by half hour: Holt-Winters exponential smoothing.

The model (shown to learners in lesson 07.01)
---------------------------------------------
Holt-Winters (triple exponential smoothing) keeps three running estimates and corrects each
a little after every half hour, by how wrong the last forecast was:

* the **level** ``l``: calls per half hour with the pattern taken out;
* the **trend** ``b``: how much the level grows from one half hour to the next;
* the **seasonal pattern** ``s``: one value per position in the season, e.g. per half hour
  of the week (a season of 336 half hours holds each weekday's own daily shape, so it
  captures the daily and the weekly pattern at once), or per half hour of the day (48).

With an **additive** pattern the forecast is ``level + trend + s`` (the peak is so many calls
above the level); with a **multiplicative** one it is ``(level + trend) x s`` (the peak is so
many times the level, so it grows as the business grows). The one-step forecast of half hour
``t`` and its error ``e_t = y_t - forecast`` drive the corrections. With ``T_t = l_{t-1} +
b_{t-1}``:

additive::

    forecast  = T_t + s_{t-m}
    l_t = alpha (y_t - s_{t-m}) + (1 - alpha) T_t
    b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1}
    s_t = gamma (y_t - T_t) + (1 - gamma) s_{t-m}

multiplicative::

    forecast  = T_t s_{t-m}
    l_t = alpha y_t / s_{t-m} + (1 - alpha) T_t
    b_t = beta (l_t - l_{t-1}) + (1 - beta) b_{t-1}
    s_t = gamma y_t / T_t + (1 - gamma) s_{t-m}

These are the equations of statsmodels' ``ExponentialSmoothing`` (trend ``"add"``), and the
tests check that both give the same fitted values and forecasts for the same parameters and
starting values. The forecast ``h`` half hours after the last one is ``l + h b`` with the
pattern of that position added (or multiplied). A forecast below 0 calls is given as 0.

Two seasons at once (``seasonal_periods=(48, 336)``) follow Taylor's double seasonal method
(J. W. Taylor, *Short-term electricity demand forecasting using double seasonal exponential
smoothing*, Journal of the Operational Research Society 54, 2003): a daily pattern ``d``
(smoothing ``gamma``) and a weekly one ``w`` (smoothing ``delta``) are added (or multiplied)
together, and each is corrected the same way as ``s`` above, the other pattern being taken
out first.

**Closed hours.** A multiplicative pattern of exactly 0 marks a half hour when the centre is
closed (every half hour at that position of the first seasons had no calls): its forecast is
0 and it changes nothing, so the trend counts open half hours only. Calls that arrive in
such a half hour are not learned from; fit the model again when opening hours change. The
additive model treats a closed night as ordinary data (zero calls), which is why the
multiplicative model usually suits a centre that closes at night.

**Starting values.** Unless given, they come from the first cycles of the longest season (up
to four): the level is the mean of the first cycle, the trend the change of the cycle means
per half hour, and the pattern the average deviation from (additive) or ratio to
(multiplicative) each cycle's mean. The smoothing parameters not given are chosen, each in
[0, 1], to make the sum of squared one-step errors smallest (``scipy.optimize.minimize``,
L-BFGS-B); the starting values stay as computed.

How it is computed (for maintainers). The level and trend recursion is linear in its input
(``y - s`` or ``y / s``), and within a block of at most one season the pattern values it
uses are known from the block before. So each block of up to 168 half hours is done at
once: the level forecasts are a convolution of the block's inputs with the impulse response
of the 2 x 2 recursion (prepared once per parameter set), and the pattern of the block is
updated as a vector. A year of half hours takes a few milliseconds per pass instead of a
Python loop per half hour. No BLAS matrix-vector product is used: at these sizes a threaded
BLAS only wakes idle threads, which costs a busy 2-core machine more than it saves.

Cleaning the history (unusual days) is in :mod:`cxlab.planning.history`, forecast accuracy
in :mod:`cxlab.planning.accuracy` and what a forecast error does to service level in
:mod:`cxlab.planning.forecast_error`; their names stay importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._validation import (
    CxlabValueError,
    as_float_array,
    check_choice,
    check_in_range,
    check_integer,
    check_non_negative,
    check_positive,
)
from .accuracy import ForecastAccuracy, bias, forecast_accuracy, mape, wape
from .forecast_error import ServiceLevelImpact, service_level_impact
from .history import clean_history, unusual_days

__all__ = [
    "ForecastAccuracy",
    "HoltWinters",
    "ServiceLevelImpact",
    "bias",
    "clean_history",
    "forecast_accuracy",
    "holt_winters",
    "mape",
    "service_level_impact",
    "unusual_days",
    "wape",
]

#: The longest series accepted: five years of half hours.
MAX_INTERVALS = 5 * 365 * 48 + 48
#: The longest forecast horizon accepted: one year of half hours.
MAX_STEPS = 366 * 48
#: Longest season accepted (a week of 5-minute intervals is 2016).
MAX_PERIOD = 2016
#: Cycles of the longest season used for the starting values.
_INIT_CYCLES = 4
#: Block length of the vectorised recursion (at most one season).
_BLOCK = 168
_SEASONAL = ("additive", "multiplicative")


# --------------------------------------------------------------------------------------------
# The fitted model


@dataclass(frozen=True, eq=False)
class HoltWinters:
    """A Holt-Winters model fitted to a series of calls per interval.

    Attributes
    ----------
    seasonal : {"additive", "multiplicative"}
    trend : bool
        Whether the model has a trend.
    seasonal_periods : tuple of int
        The season lengths in intervals, e.g. ``(336,)`` or ``(48, 336)``.
    alpha, beta, gamma, delta : float
        Smoothing of the level, trend, first and second seasonal pattern (each in [0, 1]);
        ``beta`` is 0 without a trend, ``delta`` 0 with one season.
    initial_level, initial_trend : float
        The starting level and trend (per interval).
    initial_seasonal : tuple of arrays
        The starting pattern of each season (one value per position).
    fitted : array
        The one-step forecast of every interval of the history (at least 0).
    level, slope : float
        Level and trend after the last interval.
    sse : float
        Sum of squared one-step errors over the history.
    optimized : tuple of str
        Names of the smoothing parameters chosen by fitting (the others were given).
    """

    seasonal: str
    trend: bool
    seasonal_periods: tuple[int, ...]
    alpha: float
    beta: float
    gamma: float
    delta: float
    initial_level: float
    initial_trend: float
    initial_seasonal: tuple[np.ndarray, ...]
    fitted: np.ndarray = field(repr=False)
    level: float
    slope: float
    sse: float
    optimized: tuple[str, ...]
    _final_seasonal: tuple[np.ndarray, ...] = field(repr=False)

    def __repr__(self) -> str:
        periods = " and ".join(str(p) for p in self.seasonal_periods)
        trend = "with a trend" if self.trend else "without a trend"
        smoothing = f"alpha {self.alpha:.4f}"
        if self.trend:
            smoothing += f", beta {self.beta:.4f}"
        smoothing += f", gamma {self.gamma:.4f}"
        if len(self.seasonal_periods) == 2:
            smoothing += f", delta {self.delta:.4f}"
        return (
            f"HoltWinters: {self.seasonal} seasons of {periods} intervals, {trend}; "
            f"{smoothing}; fitted to {self.fitted.size:,} intervals"
        )

    def forecast(self, steps: int) -> np.ndarray:
        """Forecast calls for the ``steps`` intervals after the history (each at least 0).

        Parameters
        ----------
        steps : int
            How many intervals ahead, 1 to one year of half hours (17,568).

        Returns
        -------
        numpy.ndarray
            ``steps`` forecasts, the first for the interval right after the history.

        Examples
        --------
        >>> week = np.tile(np.r_[np.zeros(16), np.full(24, 40.0), np.zeros(8)], 14)
        >>> model = holt_winters(week, seasonal_periods=48, alpha=0.1, beta=0.0, gamma=0.1)
        >>> model.forecast(48)[[0, 16, 30]].round(1).tolist()
        [0.0, 40.0, 40.0]
        """
        steps = check_integer("steps", steps, minimum=1, scalar=True)
        if steps > MAX_STEPS:
            raise CxlabValueError(
                f"steps must be at most {MAX_STEPS:,} (one year of half hours), got {steps:,}"
            )
        ahead = np.arange(steps)
        # The newest pattern value of each position is in the final states, in order.
        pattern = [final[ahead % period]
                   for period, final in zip(self.seasonal_periods, self._final_seasonal,
                                            strict=True)]
        if self.seasonal == "additive":
            h = ahead + 1.0
            values = self.level + h * self.slope + sum(pattern)
        else:
            factor = np.prod(pattern, axis=0)
            h = np.cumsum(factor > 0).astype(float)  # the trend counts open intervals only
            values = np.where(factor > 0, (self.level + h * self.slope) * factor, 0.0)
        return np.maximum(values, 0.0)


def _periods(seasonal_periods: object) -> tuple[int, ...]:
    values = seasonal_periods
    if isinstance(values, (int, np.integer)) and not isinstance(values, bool):
        values = (int(values),)
    if not isinstance(values, (tuple, list)) or not 1 <= len(values) <= 2:
        raise CxlabValueError(
            "seasonal_periods must be one season length (e.g. 336 half hours for a week) or "
            f"two (e.g. (48, 336) for a day and a week), got {seasonal_periods!r}"
        )
    periods = tuple(check_integer("seasonal_periods", p, minimum=2, scalar=True) for p in values)
    if max(periods) > MAX_PERIOD:
        raise CxlabValueError(
            f"seasonal_periods must be at most {MAX_PERIOD}, got {max(periods)}"
        )
    if len(periods) == 2 and (periods[1] <= periods[0] or periods[1] % periods[0]):
        raise CxlabValueError(
            "seasonal_periods with two seasons must be a short season and a longer one that "
            f"is a whole number of short ones, such as (48, 336); got {tuple(periods)}"
        )
    return periods


def _smoothing(name: str, value: object) -> float | None:
    if value is None:
        return None
    return check_in_range(name, value, 0, 1, scalar=True)


def _initial_states(
    y: np.ndarray, periods: tuple[int, ...], seasonal: str, trend: bool
) -> tuple[float, float, tuple[np.ndarray, ...]]:
    """Starting level, trend and pattern(s) from the first cycles (see the module docstring)."""
    m = periods[-1]
    cycles = min(_INIT_CYCLES, y.size // m)
    block = y[: cycles * m].reshape(cycles, m)
    means = block.mean(axis=1)
    if seasonal == "additive":
        long = (block - means[:, None]).mean(axis=0)
        steps = m
    else:
        if (means <= 0).any():
            raise CxlabValueError(
                "calls must have some calls in each of the first cycles of the season for a "
                "multiplicative model (a cycle with no calls has no pattern to scale); use "
                "seasonal='additive' or start the history later"
            )
        long = (block / means[:, None]).mean(axis=0)
        steps = int((long > 0).sum())  # the trend counts open intervals only
    slope = (means[-1] - means[0]) / ((cycles - 1) * steps) if trend and cycles > 1 else 0.0
    level = means[0] - slope * (steps + 1) / 2
    if len(periods) == 1:
        return float(level), float(slope), (long,)
    short = long.reshape(-1, periods[0]).mean(axis=0)
    tiled = np.tile(short, m // periods[0])
    if seasonal == "additive":
        weekly = long - tiled
    else:
        weekly = np.divide(long, tiled, out=np.ones_like(long), where=tiled > 0)
    return float(level), float(slope), (short, weekly)


def _initial_seasonal(value: object, periods: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    if len(periods) == 1:
        parts = (value,)
    elif isinstance(value, (tuple, list)) and len(value) == 2:
        parts = tuple(value)
    else:
        raise CxlabValueError(
            "initial_seasonal must be two patterns (one per season) for two seasons, got "
            f"{type(value).__name__}"
        )
    out = []
    for part, period in zip(parts, periods, strict=True):
        arr = as_float_array("initial_seasonal", part).ravel()
        if arr.size != period:
            raise CxlabValueError(
                f"initial_seasonal must have one value per position of the season ({period}), "
                f"got {arr.size}"
            )
        out.append(arr)
    return tuple(out)


@dataclass(frozen=True)
class _Run:
    fitted: np.ndarray
    level: float
    slope: float
    seasonal: tuple[np.ndarray, ...]
    sse: float


def _recursion(alpha: float, beta: float, length: int) -> tuple[np.ndarray, ...]:
    """What a block of up to ``length`` steps of the level-trend recursion needs.

    The state ``x = (l, b)`` moves as ``x_t = A x_{t-1} + c u_t``. Returns the powers
    ``A^k`` (k = 0..length), the rows ``(1, 1) A^t`` and the numbers ``(1, 1) A^d c`` that
    give the one-step level forecasts ``T_t = (1, 1) A^t x + sum_{j<t} (1, 1) A^(t-1-j) c
    u_j`` (a convolution), and the impulse responses ``A^d c`` reversed, for the end state.
    Plain numpy: no matrix-vector products, which a threaded BLAS would spread over cores
    for no gain at these sizes.
    """
    a00, a01, a10, a11 = 1 - alpha, 1 - alpha, -alpha * beta, 1 - alpha * beta
    powers = np.empty((length + 1, 2, 2))
    p00, p01, p10, p11 = 1.0, 0.0, 0.0, 1.0
    for k in range(length + 1):
        powers[k] = ((p00, p01), (p10, p11))
        p00, p01, p10, p11 = (a00 * p00 + a01 * p10, a00 * p01 + a01 * p11,
                              a10 * p00 + a11 * p10, a10 * p01 + a11 * p11)
    # A^d c, d = 0..length-1
    impulse = powers[:length, :, 0] * alpha + powers[:length, :, 1] * (alpha * beta)
    pw = powers[:length].sum(axis=1)  # (1, 1) A^t
    g = impulse.sum(axis=1)
    tail = impulse[::-1]
    return powers, np.ascontiguousarray(pw[:, 0]), np.ascontiguousarray(pw[:, 1]), g, \
        np.ascontiguousarray(tail[:, 0]), np.ascontiguousarray(tail[:, 1])


def _block_step(x0: float, x1: float, u: np.ndarray, k: int, block: int,
                parts: tuple[np.ndarray, ...]) -> tuple[np.ndarray, float, float]:
    """Level forecasts ``T`` for ``k`` steps fed with ``u``, and the state after them."""
    powers, pw0, pw1, g, tail0, tail1 = parts
    trend_part = pw0[:k] * x0 + pw1[:k] * x1
    if k > 1:
        trend_part[1:] += np.convolve(u[:-1], g[:k - 1])[:k - 1]
    p = powers[k]
    first = tail0[block - k:]
    second = tail1[block - k:]
    new0 = p[0, 0] * x0 + p[0, 1] * x1 + float((first * u).sum())
    new1 = p[1, 0] * x0 + p[1, 1] * x1 + float((second * u).sum())
    return trend_part, new0, new1


def _run(
    y: np.ndarray,
    periods: tuple[int, ...],
    multiplicative: bool,
    params: tuple[float, float, float, float],
    level: float,
    slope: float,
    initial: tuple[np.ndarray, ...],
) -> _Run:
    """One pass of the recursion over the history (see the module docstring)."""
    alpha, beta, gamma, delta = params
    n = y.size
    block = min(_BLOCK, periods[0])
    parts = _recursion(alpha, beta, block)
    seasons = []
    for period, start in zip(periods, initial, strict=True):
        store = np.empty(n + period)
        store[:period] = start
        seasons.append(store)
    two = len(periods) == 2
    fitted = np.empty(n)
    x0, x1 = float(level), float(slope)
    with np.errstate(all="ignore"):
        for t0 in range(0, n, block):
            t1 = min(t0 + block, n)
            yb = y[t0:t1]
            s1 = seasons[0][t0:t1]
            s2 = seasons[-1][t0:t1]  # with one season this is s1 again, and unused
            if not multiplicative:
                factor = s1 + s2 if two else s1
                u = yb - factor
                k = t1 - t0
                trend_part, x0, x1 = _block_step(x0, x1, u, k, block, parts)
                error = u - trend_part
                fitted[t0:t1] = trend_part + factor
                seasons[0][t0 + periods[0]:t1 + periods[0]] = s1 + gamma * error
                if two:
                    seasons[1][t0 + periods[1]:t1 + periods[1]] = s2 + delta * error
                continue
            factor = s1 * s2 if two else s1
            open_ = factor > 0
            k = int(open_.sum())
            new1 = s1.copy()
            new2 = s2.copy() if two else s2
            out = np.zeros(t1 - t0)
            if k:
                where = np.flatnonzero(open_) if k < t1 - t0 else slice(None)
                yo, fo = yb[where], factor[where]
                u = yo / fo
                trend_part, x0, x1 = _block_step(x0, x1, u, k, block, parts)
                out[where] = trend_part * fo
                if two:
                    new1[where] = gamma * yo / (trend_part * s2[where]) + (1 - gamma) * s1[where]
                    new2[where] = delta * yo / (trend_part * s1[where]) + (1 - delta) * s2[where]
                else:
                    new1[where] = gamma * yo / trend_part + (1 - gamma) * s1[where]
            fitted[t0:t1] = out
            seasons[0][t0 + periods[0]:t1 + periods[0]] = new1
            if two:
                seasons[1][t0 + periods[1]:t1 + periods[1]] = new2
    residual = y - fitted
    sse = float(np.square(residual).sum())  # not a BLAS dot: no threads woken per pass
    final = tuple(store[n:] for store in seasons)
    return _Run(fitted, x0, x1, final, sse)


def holt_winters(
    calls: Any,
    *,
    seasonal_periods: int | tuple[int, ...] = 336,
    seasonal: str = "multiplicative",
    trend: bool = True,
    alpha: float | None = None,
    beta: float | None = None,
    gamma: float | None = None,
    delta: float | None = None,
    initial_level: float | None = None,
    initial_trend: float | None = None,
    initial_seasonal: Any = None,
) -> HoltWinters:
    """Fit a Holt-Winters model to calls per interval (see the module docstring).

    Parameters
    ----------
    calls : array or Series
        Calls offered per interval, oldest first, with every interval present (closed ones
        as 0). At least two cycles of the longest season, at most five years of half hours.
    seasonal_periods : int or (int, int), default 336
        Intervals per season: 336 half hours (a week: each weekday's own daily shape), 48 (a
        day), or both ``(48, 336)`` for Taylor's double seasonal method.
    seasonal : {"multiplicative", "additive"}, default "multiplicative"
        Whether the pattern scales with the level (multiplicative) or adds a fixed number of
        calls (additive). A multiplicative model needs calls in each of the first cycles.
    trend : bool, default True
        Whether the level can grow or shrink steadily.
    alpha, beta, gamma, delta : float in [0, 1], optional
        Smoothing of the level, trend, first and second pattern. Those not given are fitted.
        ``beta`` only with a trend, ``delta`` only with two seasons.
    initial_level, initial_trend : float, optional
        Starting level and trend per interval; computed from the first cycles if not given.
    initial_seasonal : array, or two arrays for two seasons, optional
        The starting pattern (one value per position, applying to the first cycle).

    Returns
    -------
    HoltWinters
        The fitted model; ``.forecast(steps)`` forecasts ahead.

    Raises
    ------
    cxlab.CxlabValueError
        If the calls are negative, missing or too few, or an option is outside what is
        allowed.

    Examples
    --------
    Two weeks of a day shape (open 08:00-20:00) that grows 1% a day:

    >>> day = np.r_[np.zeros(16), 20 + 20 * np.sin(np.linspace(0, np.pi, 24)), np.zeros(8)]
    >>> calls = np.concatenate([day * 1.01 ** k for k in range(14)])
    >>> model = holt_winters(calls, seasonal_periods=48, alpha=0.2, beta=0.05, gamma=0.1)
    >>> model
    HoltWinters: multiplicative seasons of 48 intervals, with a trend; alpha 0.2000, beta 0.0500, gamma 0.1000; fitted to 672 intervals
    >>> round(float(model.forecast(48).sum() / day.sum()), 2)  # the next day, about 1.01**14
    1.15
    >>> holt_winters(calls[:60], seasonal_periods=48)
    Traceback (most recent call last):
    ...
    cxlab.CxlabValueError: calls must cover at least two seasons (96 intervals), got 60
    """  # noqa: E501
    periods = _periods(seasonal_periods)
    check_choice("seasonal", seasonal, _SEASONAL)
    if not isinstance(trend, (bool, np.bool_)):
        raise CxlabValueError(f"trend must be True or False, got {trend!r}")
    y = check_non_negative("calls", calls)
    if y.ndim != 1:
        raise CxlabValueError(f"calls must be one series of numbers, got shape {y.shape}")
    if y.size < 2 * periods[-1]:
        raise CxlabValueError(
            f"calls must cover at least two seasons ({2 * periods[-1]} intervals), got {y.size}"
        )
    if y.size > MAX_INTERVALS:
        raise CxlabValueError(
            f"calls must be at most {MAX_INTERVALS:,} intervals (five years of half hours), "
            f"got {y.size:,}"
        )
    given = {
        "alpha": _smoothing("alpha", alpha),
        "beta": _smoothing("beta", beta),
        "gamma": _smoothing("gamma", gamma),
        "delta": _smoothing("delta", delta),
    }
    if not trend and given["beta"] not in (None, 0.0):
        raise CxlabValueError("beta smooths the trend: give it only with trend=True")
    if len(periods) == 1 and given["delta"] not in (None, 0.0):
        raise CxlabValueError("delta smooths a second season: give it only with two seasons")
    if not trend:
        given["beta"] = 0.0
    if len(periods) == 1:
        given["delta"] = 0.0

    level0, slope0, seasonal0 = _initial_states(y, periods, seasonal, bool(trend))
    if initial_level is not None:
        level0 = as_float_array("initial_level", initial_level, scalar=True)
    if initial_trend is not None:
        if not trend:
            raise CxlabValueError("initial_trend needs trend=True")
        slope0 = as_float_array("initial_trend", initial_trend, scalar=True)
    if initial_seasonal is not None:
        seasonal0 = _initial_seasonal(initial_seasonal, periods)
    multiplicative = seasonal == "multiplicative"
    if multiplicative:
        check_positive("initial_level", level0)
        for part in seasonal0:
            check_non_negative("initial_seasonal", part)

    names = ("alpha", "beta", "gamma", "delta")
    free = [name for name in names if given[name] is None]

    def params_of(values: np.ndarray) -> tuple[float, float, float, float]:
        chosen = {name: value for name, value in given.items() if value is not None}
        chosen.update(zip(free, (float(v) for v in values), strict=True))
        return chosen["alpha"], chosen["beta"], chosen["gamma"], chosen["delta"]

    if free:
        from scipy.optimize import minimize

        start = {"alpha": 0.1, "beta": 0.01, "gamma": 0.1, "delta": 0.1}
        first = np.array([start[name] for name in free])

        def sse_of(values: np.ndarray) -> float:
            return _run(y, periods, multiplicative, params_of(values), level0, slope0,
                        seasonal0).sse

        scale = sse_of(first)
        scale = scale if np.isfinite(scale) and scale > 0 else 1.0

        def objective(values: np.ndarray) -> float:
            sse = sse_of(values) / scale
            return sse if np.isfinite(sse) else 1e6

        result = minimize(objective, first, method="L-BFGS-B", bounds=[(0.0, 1.0)] * len(free),
                          options={"maxiter": 200, "ftol": 1e-9, "gtol": 1e-7})
        params = params_of(np.clip(result.x, 0.0, 1.0))
    else:
        params = params_of(np.array([]))
    run = _run(y, periods, multiplicative, params, level0, slope0, seasonal0)
    if not np.isfinite(run.sse):
        raise CxlabValueError(
            "the model's forecasts grew without bound with these smoothing parameters; "
            "choose smaller values or let them be fitted"
        )
    return HoltWinters(
        seasonal=seasonal,
        trend=bool(trend),
        seasonal_periods=periods,
        alpha=params[0],
        beta=params[1],
        gamma=params[2],
        delta=params[3],
        initial_level=level0,
        initial_trend=slope0,
        initial_seasonal=seasonal0,
        fitted=np.maximum(run.fitted, 0.0),
        level=run.level,
        slope=run.slope,
        sse=run.sse,
        optimized=tuple(free),
        _final_seasonal=run.seasonal,
    )
